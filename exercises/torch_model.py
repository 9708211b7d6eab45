# Learners: this file is given; read it and use it, there is nothing to write here.
# (Generated from solutions/torch_model.py by `make exercises`; kit maintainers edit that file, not this one.)
"""The PyTorch counterpart of the NumPy LSTM language model (given code, not graded).

``TorchLSTM`` is an ``nn.LSTM`` (batch first) followed by an ``nn.Linear``; with
the parameters mapped by ``torch_port.to_torch_state`` it computes exactly the
function of ``train.model_loss``'s forward pass: scores (N, T, V) from one-hot
inputs (N, T, V), from zero initial states.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .torch_port import from_torch_state, to_torch_state


class TorchLSTM(nn.Module):
    """scores = Linear(LSTM(X)): X (N, T, D) -> scores (N, T, V), float64."""

    def __init__(self, D: int, H: int, V: int) -> None:
        super().__init__()
        self.lstm = nn.LSTM(D, H, batch_first=True, dtype=torch.float64)
        self.out = nn.Linear(H, V, dtype=torch.float64)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        h, _ = self.lstm(X)
        return self.out(h)

    @classmethod
    def from_numpy(cls, params: dict[str, np.ndarray]) -> TorchLSTM:
        """A model holding the NumPy parameters ``params`` (Wx, Wh, b, Wy, by).

        ``bias_hh`` is zero and frozen (``requires_grad=False``): the NumPy model has one
        bias, and training both PyTorch biases would move their sum twice as fast, so the
        two models would no longer follow the same trajectory under the same optimiser.
        """
        D, H, V = params["Wx"].shape[0], params["Wh"].shape[0], params["Wy"].shape[1]
        model = cls(D, H, V)
        state = {name: torch.from_numpy(array.copy()) for name, array in to_torch_state(params).items()}
        model.load_state_dict(state)
        model.lstm.bias_hh_l0.requires_grad_(False)
        return model

    def trainable(self) -> list[nn.Parameter]:
        """The parameters that correspond to the NumPy model's (everything but the frozen bias_hh)."""
        return [p for p in self.parameters() if p.requires_grad]

    def to_numpy(self) -> dict[str, np.ndarray]:
        """This model's parameters in the NumPy layout (Wx, Wh, b, Wy, by)."""
        return from_torch_state({name: t.detach().numpy().copy() for name, t in self.state_dict().items()})
