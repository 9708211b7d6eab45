# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/torch_port.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 9: the exact mapping between the NumPy LSTM's parameters and PyTorch's layout.

``torch_model.TorchLSTM`` (an ``nn.LSTM`` followed by an ``nn.Linear``) computes
the same function as this kit's NumPy LSTM language model once its state dict
holds the mapped parameters. The two layouts differ in three ways:

- orientation: NumPy multiplies ``x @ Wx`` (Wx is (D, 4H)); PyTorch computes
  ``x @ weight_ih.T`` (weight_ih is (4H, D)), so every matrix is transposed;
- gate order: NumPy stacks forget, input, candidate, output; PyTorch stacks
  input, forget, cell (candidate), output, so the first two blocks swap;
- biases: PyTorch adds two biases, ``bias_ih + bias_hh``; NumPy has one, ``b``.
  Mapping ``b`` to ``bias_ih`` and zeros to ``bias_hh`` keeps the sum.

State-dict keys (D inputs, H hidden units, V words):

    lstm.weight_ih_l0 (4H, D)   lstm.weight_hh_l0 (4H, H)
    lstm.bias_ih_l0   (4H,)     lstm.bias_hh_l0   (4H,)
    out.weight        (V, H)    out.bias          (V,)
"""

from __future__ import annotations

import numpy as np


def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map NumPy LSTM parameters to PyTorch's state-dict layout (as NumPy arrays).

    Inputs:
    - params: dict Wx (D, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,), gates ordered f, i, g, o

    Returns:
    - state: dict with the six keys in the module docstring; gates ordered i, f, g, o.
      Every array is a new contiguous float64 array (never a view of params).
    """
    # Hint: write a helper that swaps the first two H-wide blocks of the last axis, apply it to
    #   Wx, Wh and b, then transpose the matrices.
    raise NotImplementedError("task 9: to_torch_state")


def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inverse map: PyTorch's state-dict layout (as NumPy arrays) to NumPy LSTM parameters.

    The two PyTorch biases fold into one, ``b = bias_ih + bias_hh`` (reordered).

    Inputs:
    - state: dict with the six keys in the module docstring

    Returns:
    - params: dict Wx (D, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,), new arrays
    """
    # Hint: swapping the first two blocks is its own inverse; transpose back before or after it.
    raise NotImplementedError("task 9: from_torch_state")
