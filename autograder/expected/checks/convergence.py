"""The convergence test's expected values: data, initial weights, and torch.nn.LSTM trained on them.

The judge (``autograder/runtime/judges/convergence.py``) trains the learner's LSTM (their
model_loss, clipping and Adam) from the same weights; the PyTorch run and the data
are shared by every learner of a grading run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.expected.checks.base import register
from autograder.expected.checks.builders import reference
from autograder.runtime.judges.convergence import EARLY_STEPS, EPOCHS, HIDDEN, LR, MAX_NORM, NAME


def data(seed: int, get: Callable[[str], Any] | None = None) -> dict:
    """The data set, its splits and the initial weights for ``seed`` (cheap: NumPy only)."""
    sequences = reference("data", "generate_dataset")(256, "anbn", seed)
    word_to_idx, idx_to_word = reference("data", "build_vocab")(sequences)
    train_seqs, val_seqs, _ = reference("data", "split_dataset")(sequences)
    make_batch = reference("data", "make_batch")
    V = len(idx_to_word)
    return {"params": reference("initialisation", "init_lstm_params")(V, HIDDEN, V, np.random.default_rng(seed)),
            "train": tuple(make_batch(train_seqs, word_to_idx)), "val": tuple(make_batch(val_seqs, word_to_idx)),
            "floor": reference("data", "bayes_floor")(val_seqs)}


def torch_run(seed: int, get: Callable[[str], Any]) -> dict:
    """PyTorch's nn.LSTM trained from the same weights on the same data: once per grading run."""
    import torch

    from solutions.data import Batch
    from solutions.torch_model import TorchLSTM

    inputs = get("data")
    torch.set_num_threads(1)
    model = TorchLSTM.from_numpy(inputs["params"])
    optimiser = torch.optim.Adam(model.trainable(), lr=LR)
    X, targets, mask = (torch.from_numpy(a) for a in inputs["train"])
    losses: list[float] = []
    clipped = 0
    for _ in range(EPOCHS):
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X)[mask], targets[mask])
        loss.backward()
        norm = torch.sqrt(sum((p.grad**2).sum() for p in model.trainable()))
        if norm > MAX_NORM:                       # the kit's clip_by_global_norm, exactly
            clipped += len(losses) < EARLY_STEPS
            for p in model.trainable():
                p.grad *= MAX_NORM / norm
        optimiser.step()
        losses.append(loss.item())
    if not clipped:
        raise RuntimeError(f"no clipping in the first {EARLY_STEPS} steps; the check would not test "
                           "clip_by_global_norm (lower MAX_NORM)")
    val = reference("train", "model_loss")(model.to_numpy(), Batch(*inputs["val"]), "lstm")[0]
    return {"losses": losses, "val": val}


# "uses": the tasks whose code the run calls (activations, affine, clipping, LSTM, Adam): when one of them
# fails its own checks, the engine tells the learner to fix it first. "first": the engine runs it first, so
# that the learner's training overlaps the PyTorch run, the "slow" part the grader starts in a thread of its own.
register("8", NAME, "convergence", {"uses": ["2", "4", "5", "6", "7"], "first": True, "slow": ["torch"]},
         {"data": data, "torch": torch_run}, weight=3, hidden_twin=False)
