"""The judge of the convergence test: the learner's LSTM trains like torch.nn.LSTM from the same weights.

Both train full-batch with Adam and global-norm clipping. In float64 a correct
NumPy implementation follows PyTorch's loss trajectory to about 1e-15 over the
first steps; after the bounded run, the validation loss of the learner's final
weights must be close to PyTorch's and to the Bayes floor of that validation split.
Adam's early transients make correct work look wrong at 100 epochs or fewer, so the
run is longer. The expected values (data, initial weights, PyTorch's curve and
validation loss) come from the trusted side; the validation loss of the learner's
weights is computed by the source (the reference's model_loss when grading).
"""

from __future__ import annotations

import numpy as np

from ..compare import mismatch
from ..compat import zip
from .base import Context, Failure

HIDDEN, EPOCHS, LR, MAX_NORM = 16, 150, 3e-2, 0.25
EARLY_STEPS, EARLY_RTOL = 20, 1e-6
TO_TORCH, TO_FLOOR = 0.02, 0.05      # nats per token
TIMEOUT = 60.0                       # seconds for the whole run (a correct one takes about 0.5 s)
NAME = "convergence: your LSTM trains like torch.nn.LSTM"
THRESHOLDS = {"early_steps": EARLY_STEPS, "early_rtol": EARLY_RTOL, "to_torch": TO_TORCH, "to_floor": TO_FLOOR}
RECORDED = ("its losses come with the check's expected values, so this check needs no torch on your machine")


def convergence(ctx: Context) -> dict:
    """expected parts: "data" (params, train, val batches as lists, floor) and "torch" (losses, val)."""
    inputs = ctx.expected("data")
    value = ctx.run("train_lstm", "training with your model_loss, clip_by_global_norm and Adam", TIMEOUT,
                    params=inputs["params"], train=list(inputs["train"]), epochs=EPOCHS, lr=LR, max_norm=MAX_NORM)
    torch_ref = ctx.expected("torch")   # usually ready by now: the grader computes it in the background
    losses, torch_losses = value["losses"], torch_ref["losses"]
    curves = {"your_train_loss": [x for x in losses if isinstance(x, float)] if isinstance(losses, list) else [],
              "torch_train_loss": torch_losses, "floor": inputs["floor"], "torch_val_loss": torch_ref["val"],
              "thresholds": THRESHOLDS}   # what this grading used: a page drawn later draws these
    shapes = mismatch(value["params"], inputs["params"], "params", rtol=np.inf)
    if shapes:
        raise Failure(f"training returned unusable parameters: {shapes}", diagnostics=curves)
    if not isinstance(losses, list) or len(losses) != EPOCHS:
        raise Failure(f"training returned {len(losses) if isinstance(losses, list) else 'no'} losses for "
                      f"{EPOCHS} epochs", diagnostics=curves)
    for step, (ours, theirs) in enumerate(zip(losses[:EARLY_STEPS], torch_losses, strict=False)):
        if not isinstance(ours, float) or not abs(ours - theirs) <= EARLY_RTOL * abs(theirs):
            raise Failure(f"your training loss leaves PyTorch's at step {step}: {ours!r} against {theirs:.10g} "
                          f"in PyTorch's recorded run (torch.nn.LSTM; {RECORDED}; same weights, "
                          f"data and optimiser; a correct float64 implementation agrees to 1e-12). Check "
                          f"model_loss's gradients, clip_by_global_norm and Adam.step.", diagnostics=curves)
    val = ctx.source.model_loss(ctx, value["params"], list(inputs["val"]))
    curves["your_val_loss"] = val
    summary = (f"validation loss {val:.4f} nats/token after {EPOCHS} epochs; PyTorch's recorded run "
               f"{torch_ref['val']:.4f}; Bayes floor of the split {inputs['floor']:.4f}")
    if not np.isfinite(val) or abs(val - torch_ref["val"]) > TO_TORCH or val - inputs["floor"] > TO_FLOOR:
        raise Failure(f"{summary}: more than {TO_TORCH} from PyTorch's or {TO_FLOOR} above the floor",
                      diagnostics=curves)
    return {**curves, "summary": summary}
