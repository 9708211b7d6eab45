"""Ground truth for the reference solutions: the kit's equations in plain float64 PyTorch.

Every function here is written from the equations of STYLE.md and the module docstrings of
solutions/rnn.py, solutions/lstm.py and solutions/activations.py, in torch ops, and this module
never imports ``solutions``: the tests compare the NumPy solutions with these functions (forward)
and with torch autograd through them (backward), so that a solution is verified against an
independent implementation, never against itself. Gradients come from autograd, not from
hand-written backward passes.

Shapes (STYLE.md): N sequences, T steps, D inputs, H hidden units, V words. The LSTM stacks its
gates forget, input, candidate, output (``f, i, g, o``) in the columns of Wx (D, 4H), Wh (H, 4H)
and b (4H,).

Comparisons use the norm-relative error ``||actual - expected|| / max(||expected||, 1e-300)``
(Frobenius norm over the whole array), not an element-wise one: two float64 implementations of
the same maths agree to a few ulps *of the array's scale*, but an entry that is tiny because of
cancellation (a gradient entry of 1e-12 next to entries of 1) can legitimately differ by 100 %
of itself. The norm-relative error judges each array at its own scale, and is exactly 0 when
both arrays are exactly 0 (a masked gradient, say).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import torch

DTYPE = torch.float64
TINY = 1e-300


# ----------------------------------------------------------------------------------- comparison


def rel_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """Norm-relative error ``||actual - expected|| / max(||expected||, 1e-300)``."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    return float(np.linalg.norm(actual - expected) / max(np.linalg.norm(expected), TINY))


def assert_close(actual: np.ndarray, expected: np.ndarray, name: str, tol: float, context: str = "") -> None:
    """Assert equal shapes and a norm-relative error below ``tol``, with a message naming the array."""
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    where = f" ({context})" if context else ""
    assert actual.shape == expected.shape, (
        f"{name}{where}: shape {actual.shape}, expected {expected.shape}"
    )
    assert np.all(np.isfinite(actual)), f"{name}{where}: shape {actual.shape} holds non-finite entries"
    err = rel_error(actual, expected)
    assert err < tol, f"{name}{where}: shape {actual.shape}, norm-relative error {err:.3e} >= {tol:.0e}"


# ----------------------------------------------------------------------------------- inputs


def cell_inputs(
    rng: np.random.Generator, cell: str, N: int, T: int, D: int, H: int, step: bool, scale: float = 1.0
) -> dict[str, np.ndarray]:
    """Random inputs of a cell's forward, named and ordered as its arguments.

    ``cell`` is ``"rnn"`` or ``"lstm"``; ``step`` picks the one-step signature
    (x (N, D), prev_h, [prev_c]) over the sequence one (x (N, T, D), h0, [c0]). Weights are drawn
    with standard deviation ``scale / sqrt(fan_in)``: scale 1 keeps the gates in their responsive
    range, scale 3 drives many of them close to saturation.
    """
    gates = 4 if cell == "lstm" else 1
    h_name, c_name = ("prev_h", "prev_c") if step else ("h0", "c0")
    out = {
        "x": rng.standard_normal((N, D) if step else (N, T, D)),
        h_name: np.tanh(rng.standard_normal((N, H))),             # a hidden state lies in (-1, 1)
    }
    if cell == "lstm":
        out[c_name] = rng.standard_normal((N, H))                  # a cell state is unbounded
    out["Wx"] = rng.standard_normal((D, gates * H)) * scale / np.sqrt(D)
    out["Wh"] = rng.standard_normal((H, gates * H)) * scale / np.sqrt(H)
    out["b"] = rng.standard_normal(gates * H) * 0.5 * scale
    return out


def affine_inputs(rng: np.random.Generator, N: int, T: int, H: int, V: int) -> dict[str, np.ndarray]:
    """Random inputs of the output projection: h (N, T, H) in (-1, 1), Wy (H, V), by (V,)."""
    return {
        "h": np.tanh(rng.standard_normal((N, T, H))),
        "Wy": rng.standard_normal((H, V)) / np.sqrt(H),
        "by": rng.standard_normal(V),
    }


# ----------------------------------------------------------------------------------- oracles


def tensor(a: np.ndarray | float, requires_grad: bool = False) -> torch.Tensor:
    """A float64 copy of ``a`` (never sharing memory with the NumPy array)."""
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=DTYPE, requires_grad=requires_grad)


def rnn_step(x, prev_h, Wx, Wh, b) -> tuple[torch.Tensor]:
    """``next_h = tanh(x Wx + prev_h Wh + b)``: (N, H)."""
    return (torch.tanh(x @ Wx + prev_h @ Wh + b),)


def rnn(x, h0, Wx, Wh, b) -> tuple[torch.Tensor]:
    """``h_t = tanh(x_t Wx + h_{t-1} Wh + b)`` for every t, ``h_{-1} = h0``: h (N, T, H)."""
    hs, h = [], h0
    for t in range(x.shape[1]):
        (h,) = rnn_step(x[:, t], h, Wx, Wh, b)
        hs.append(h)
    return (torch.stack(hs, dim=1),)


def affine(h, Wy, by) -> tuple[torch.Tensor]:
    """``scores_t = h_t Wy + by``: (N, T, V)."""
    return (torch.einsum("nth,hv->ntv", h, Wy) + by,)


def lstm_step(x, prev_h, prev_c, Wx, Wh, b, gate_order: str = "figo") -> tuple[torch.Tensor, torch.Tensor]:
    """One LSTM step: (next_h, next_c), each (N, H).

    ``gate_order`` names the gate of each H-wide block of the pre-activation; the kit's order is
    ``"figo"``. Another order (PyTorch's ``"ifgo"``) exists only for the negative controls.
    """
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    block = {name: a[:, k * H : (k + 1) * H] for k, name in enumerate(gate_order)}
    f = torch.sigmoid(block["f"])
    i = torch.sigmoid(block["i"])
    g = torch.tanh(block["g"])
    o = torch.sigmoid(block["o"])
    next_c = f * prev_c + i * g
    next_h = o * torch.tanh(next_c)
    return next_h, next_c


def lstm(x, h0, c0, Wx, Wh, b) -> tuple[torch.Tensor]:
    """The LSTM over whole sequences from (h0, c0): h (N, T, H)."""
    hs, h, c = [], h0, c0
    for t in range(x.shape[1]):
        h, c = lstm_step(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
    return (torch.stack(hs, dim=1),)


def softmax(x, axis: int = -1) -> torch.Tensor:
    """``exp(x_k) / sum_j exp(x_j)`` along ``axis``."""
    return torch.softmax(x, dim=axis)


def cross_entropy(scores, y: np.ndarray, mask: np.ndarray) -> torch.Tensor:
    """Mean over the mask's True entries of ``-log softmax(scores)[n, t, y[n, t]]`` (a 0-d tensor).

    Targets on masked positions are never read (they may hold anything, even out-of-range values).
    """
    mask_t = torch.from_numpy(np.asarray(mask, dtype=bool).copy())
    targets = torch.from_numpy(np.asarray(y)[np.asarray(mask, dtype=bool)].astype(np.int64))
    log_p = torch.log_softmax(scores[mask_t], dim=-1)                  # (M, V)
    return -log_p.gather(1, targets[:, None]).mean()


# ----------------------------------------------------------------------------------- autograd


def forward(fn: Callable[..., Sequence[torch.Tensor]], inputs: Mapping[str, np.ndarray]) -> list[np.ndarray]:
    """The oracle's outputs on NumPy inputs (positional, in the mapping's order), as NumPy arrays."""
    with torch.no_grad():
        outs = fn(*(tensor(a) for a in inputs.values()))
    return [o.numpy().copy() for o in outs]


def vjp(
    fn: Callable[..., Sequence[torch.Tensor]],
    inputs: Mapping[str, np.ndarray],
    upstream: Sequence[np.ndarray],
) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    """Outputs of ``fn`` and torch autograd's gradients of ``sum_k <out_k, upstream_k>``.

    Returns ``(outputs, grads)`` with ``grads[name]`` the gradient w.r.t. ``inputs[name]``.
    """
    leaves = {name: tensor(a, requires_grad=True) for name, a in inputs.items()}
    outs = fn(*leaves.values())
    assert len(outs) == len(upstream), f"{len(outs)} outputs but {len(upstream)} upstream gradients"
    scalar = sum((o * tensor(u)).sum() for o, u in zip(outs, upstream, strict=True))
    grads = torch.autograd.grad(scalar, list(leaves.values()))
    return (
        [o.detach().numpy().copy() for o in outs],
        {name: g.numpy().copy() for name, g in zip(leaves, grads, strict=True)},
    )
