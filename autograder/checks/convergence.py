"""The convergence test: the learner's LSTM against torch.nn.LSTM, from the same weights on the same data.

Both train full-batch with Adam and global-norm clipping. In float64 a correct
NumPy implementation follows PyTorch's loss trajectory to about 1e-15 over the
first steps; after the bounded run, the validation loss of the learner's final
weights (computed here, on the trusted side) must be close to PyTorch's and to
the Bayes floor of that validation split. Adam's early transients make
correct work look wrong at 100 epochs or fewer, so the run is longer.
"""

from __future__ import annotations

import numpy as np

from ..compare import mismatch
from .base import Context, Failure, Memo, register, visible_seed
from .builders import reference

HIDDEN, EPOCHS, LR, MAX_NORM = 16, 150, 3e-2, 0.25
EARLY_STEPS, EARLY_RTOL = 20, 1e-6
TO_TORCH, TO_FLOOR = 0.02, 0.05      # nats per token
TIMEOUT = 60.0                       # seconds for the whole run (a correct one takes about 0.5 s)
NAME = "convergence: your LSTM trains like torch.nn.LSTM"


def data(seed: int) -> dict:
    """The data set, its splits and the initial weights for ``seed`` (cheap: NumPy only)."""
    sequences = reference("data", "generate_dataset")(256, "anbn", seed)
    word_to_idx, idx_to_word = reference("data", "build_vocab")(sequences)
    train_seqs, val_seqs, _ = reference("data", "split_dataset")(sequences)
    make_batch = reference("data", "make_batch")
    V = len(idx_to_word)
    return {"params": reference("initialisation", "init_lstm_params")(V, HIDDEN, V, np.random.default_rng(seed)),
            "train": make_batch(train_seqs, word_to_idx), "val": make_batch(val_seqs, word_to_idx),
            "floor": reference("data", "bayes_floor")(val_seqs)}


def torch_run(inputs: dict) -> dict:
    """PyTorch's nn.LSTM trained from the same weights on the same data: once per grading run."""
    import torch

    from solutions.torch_model import TorchLSTM

    torch.set_num_threads(1)
    model = TorchLSTM.from_numpy(inputs["params"])
    optimiser = torch.optim.Adam(model.trainable(), lr=LR)
    train = inputs["train"]
    X, mask, targets = torch.from_numpy(train.X), torch.from_numpy(train.mask), torch.from_numpy(train.y)
    losses, clipped = [], 0
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
    return {"losses": losses, "val": reference("train", "model_loss")(model.to_numpy(), inputs["val"], "lstm")[0]}


@register("8", NAME, weight=3, hidden_twin=False)
def convergence(ctx: Context) -> dict:
    inputs = ctx.shared(lambda: data(ctx.seed), "data")
    value = ctx.run("train_lstm", "training with your model_loss, clip_by_global_norm and Adam", TIMEOUT,
                    params=inputs["params"], train=list(inputs["train"]), epochs=EPOCHS, lr=LR, max_norm=MAX_NORM)
    torch_ref = ctx.shared(lambda: torch_run(inputs), "torch")   # usually done by now: see prefetch
    losses, torch_losses = value["losses"], torch_ref["losses"]
    ref = {**inputs, "torch_val": torch_ref["val"]}
    curves = {"your_train_loss": [x for x in losses if isinstance(x, float)] if isinstance(losses, list) else [],
              "torch_train_loss": torch_losses, "floor": ref["floor"], "torch_val_loss": ref["torch_val"]}
    shapes = mismatch(value["params"], ref["params"], "params", rtol=np.inf)
    if shapes:
        raise Failure(f"training returned unusable parameters: {shapes}", diagnostics=curves)
    if not isinstance(losses, list) or len(losses) != EPOCHS:
        raise Failure(f"training returned {len(losses) if isinstance(losses, list) else 'no'} losses for "
                      f"{EPOCHS} epochs", diagnostics=curves)
    for step, (ours, theirs) in enumerate(zip(losses[:EARLY_STEPS], torch_losses, strict=False)):
        if not isinstance(ours, float) or not abs(ours - theirs) <= EARLY_RTOL * abs(theirs):
            raise Failure(f"your training loss leaves PyTorch's at step {step}: {ours!r} against {theirs:.10g} "
                          f"(same weights, data and optimiser; a correct float64 implementation agrees to "
                          f"1e-12). Check model_loss's gradients, clip_by_global_norm and Adam.step.",
                          diagnostics=curves)
    val = reference("train", "model_loss")(value["params"], ref["val"], "lstm")[0]
    curves["your_val_loss"] = val
    summary = (f"validation loss {val:.4f} nats/token after {EPOCHS} epochs; PyTorch {ref['torch_val']:.4f}; "
               f"Bayes floor of the split {ref['floor']:.4f}")
    if not np.isfinite(val) or abs(val - ref["torch_val"]) > TO_TORCH or val - ref["floor"] > TO_FLOOR:
        raise Failure(f"{summary}: more than {TO_TORCH} from PyTorch's or {TO_FLOOR} above the floor",
                      diagnostics=curves)
    return {**curves, "summary": summary}


def prefetch(memo: Memo) -> None:
    """Compute the shared PyTorch run now (the caller runs this in a background thread)."""
    seed = visible_seed(NAME)
    try:
        inputs = memo.get((NAME, seed, "data"), lambda: data(seed))
        memo.get((NAME, seed, "torch"), lambda: torch_run(inputs))
    except Exception:   # noqa: BLE001  the check itself recomputes and reports the failure
        pass
