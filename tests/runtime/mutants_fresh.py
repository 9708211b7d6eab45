"""A second held-out set of mistakes, written for issue 18 from the docstrings' point of view (what a learner
reading only the docstrings plausibly gets wrong), before measuring the grader on them and not tuned after.

The same format and measure as :mod:`tests.runtime.mutants`; ``python -m tests.runtime.mutants_fresh``
prints the table and the share named or described. Not part of the test suite's assertions (a
measurement, reported in the note).
"""

from __future__ import annotations

from tests.runtime.mutants import Mutant, Patch, measure, summary

FRESH: list[Mutant] = [
    Mutant("f-mask-everywhere", "1", "one_hot_batch's mask True at padding too",
           (Patch("data", "mask[i, : len(ids)] = True", "mask[i, :] = True"),)),
    Mutant("f-softmax-global-max", "2", "softmax shifted by the whole array's maximum",
           (Patch("activations", "e = np.exp(x - x.max(axis=axis, keepdims=True))", "e = np.exp(x - x.max())"),)),
    Mutant("f-ce-sum-not-mean", "2", "the loss summed over the valid tokens, not averaged",
           (Patch("activations", "loss = -log_p[rows, targets].sum() / M", "loss = -log_p[rows, targets].sum()"),)),
    Mutant("f-rnn-no-tanh", "4", "rnn_step_forward without the tanh",
           (Patch("rnn", "next_h = np.tanh(x @ Wx + prev_h @ Wh + b)", "next_h = x @ Wx + prev_h @ Wh + b"),)),
    Mutant("f-rnn-dh0-zero", "4", "rnn_backward returns zeros for dh0",
           (Patch("rnn", "return dx, dprev_h, dWx, dWh, da_flat.sum(axis=0)",
              "return dx, np.zeros_like(h0), dWx, dWh, da_flat.sum(axis=0)"),)),
    Mutant("f-clip-returns-max-norm", "5", "clip_by_global_norm returns max_norm as the norm when clipping",
           (Patch("clipping", "return {name: g * scale for name, g in grads.items()}, norm",
              "return {name: g * scale for name, g in grads.items()}, max_norm"),)),
    Mutant("f-lstm-no-input-gate", "6", "next_c = f * prev_c + g, the input gate forgotten",
           (Patch("lstm", "next_c = f * prev_c + i * g", "next_c = f * prev_c + g"),)),
    Mutant("f-lstm-forget-without-prev-c", "6", "the forget gate's gradient without prev_c",
           (Patch("lstm", "dc * prev_c * f * (1.0 - f),        # forget gate",
                  "dc * f * (1.0 - f),        # forget gate"),)),
    Mutant("f-lstm-output-gate-dc", "6", "the output gate's gradient from dc instead of dnext_h",
           (Patch("lstm", "dnext_h * tanh_c * o * (1.0 - o),   # output gate",
                  "dc * tanh_c * o * (1.0 - o),   # output gate"),)),
    Mutant("f-lstm-dprev-c-upstream-only", "6", "dprev_c from dnext_c only, not the total dc",
           (Patch("lstm", "return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da",
                  "return da @ Wx.T, da @ Wh.T, dnext_c * f, x.T @ da"),)),
    Mutant("f-sgd-velocity-not-kept", "7", "momentum's velocity never stored between steps",
           (Patch("optim", "                self.velocity[name] = v\n", ""),)),
    Mutant("f-torch-bias-twice", "9", "b mapped to both PyTorch biases",
           (Patch("torch_port", '"lstm.bias_hh_l0": np.zeros(4 * H),', '"lstm.bias_hh_l0": reorder(params["b"]),'),)),
]


def main() -> None:
    verdicts = measure(mutants=FRESH)
    for v in verdicts:
        flags = ("caught " if v.caught else "MISSED ") + ("named  " if v.diagnosed else "unnamed")
        first = v.message.splitlines()[0][:110] if v.message else ""
        print(f"{v.id:32} task {v.task}  {flags}  {first}")
        for line in v.message.splitlines()[1:]:
            print(f"{'':44}{line[:140]}")
    print(summary(verdicts))


if __name__ == "__main__":
    main()
