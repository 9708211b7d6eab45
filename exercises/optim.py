# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/optim.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 7: optimisers over a dict of parameters.

Parameters and gradients travel as dicts ``name -> array`` with the same keys
and shapes. ``step`` updates every parameter array in place (so that the
caller's dict sees the new values) and leaves the gradients untouched. The
update rules are PyTorch's (``torch.optim.SGD``, ``RMSprop``, ``Adam`` with
their default options), so that a NumPy model and its PyTorch twin trained with
the same hyper-parameters follow the same trajectory.
"""

from __future__ import annotations

import numpy as np


class SGD:
    """Stochastic gradient descent with optional momentum.

    Without momentum: ``p <- p - lr * g``. With momentum mu: ``v <- mu * v + g``
    (v starts at g on the first step), ``p <- p - lr * v``.
    """

    def __init__(self, lr: float = 1e-2, momentum: float = 0.0) -> None:
        self.lr = lr
        self.momentum = momentum
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every ``params[k]`` in place with ``grads[k]`` (shapes equal, any shape)."""
        # Hint: update the arrays in place (p -= ...), never rebind the dict entries.
        raise NotImplementedError("task 7: SGD.step")


class RMSprop:
    """RMSprop: divide each step by a running root-mean-square of the gradients.

    Per parameter, with s starting at 0:
    ``s <- alpha * s + (1 - alpha) * g^2``, ``p <- p - lr * g / (sqrt(s) + eps)``.
    The two weights of the running average sum to one: anything else biases s.
    """

    def __init__(self, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.square_avg: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every ``params[k]`` in place with ``grads[k]``."""
        # Hint: keep one running average per parameter name; eps goes outside the square root.
        raise NotImplementedError("task 7: RMSprop.step")


class Adam:
    """Adam: momentum on the gradient and on its square, with bias correction.

    Per parameter, with m = v = 0 and step count k starting at 0; on each step
    ``k <- k + 1``, ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
    ``m_hat = m / (1 - b1^k)``, ``v_hat = v / (1 - b2^k)``,
    ``p <- p - lr * m_hat / (sqrt(v_hat) + eps)``.
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every ``params[k]`` in place with ``grads[k]``."""
        # Hint: count steps once per call to step (not per parameter); the bias correction uses it.
        raise NotImplementedError("task 7: Adam.step")
