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
    H = params["Wh"].shape[0]

    def reorder(a: np.ndarray) -> np.ndarray:          # f, i, g, o  ->  i, f, g, o
        return np.concatenate([a[..., H : 2 * H], a[..., :H], a[..., 2 * H :]], axis=-1)

    return {
        "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T),
        "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T),
        "lstm.bias_ih_l0": reorder(params["b"]),
        "lstm.bias_hh_l0": np.zeros(4 * H),
        "out.weight": params["Wy"].T.copy(),   # a (V, 1) transpose is already contiguous: copy
        "out.bias": params["by"].copy(),
    }


def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inverse map: PyTorch's state-dict layout (as NumPy arrays) to NumPy LSTM parameters.

    The two PyTorch biases fold into one, ``b = bias_ih + bias_hh`` (reordered).

    Inputs:
    - state: dict with the six keys in the module docstring

    Returns:
    - params: dict Wx (D, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,), new arrays
    """
    # Hint: swapping the first two blocks is its own inverse; transpose back before or after it.
    H = state["lstm.weight_hh_l0"].shape[1]

    def reorder(a: np.ndarray) -> np.ndarray:          # i, f, g, o  ->  f, i, g, o
        return np.concatenate([a[..., H : 2 * H], a[..., :H], a[..., 2 * H :]], axis=-1)

    return {
        "Wx": reorder(state["lstm.weight_ih_l0"].T),
        "Wh": reorder(state["lstm.weight_hh_l0"].T),
        "b": reorder(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
        "Wy": np.ascontiguousarray(state["out.weight"].T),
        "by": state["out.bias"].copy(),
    }
