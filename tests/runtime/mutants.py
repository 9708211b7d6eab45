"""A held-out suite of single realistic mistakes, and how to measure the grader on it.

Each mutant is one mistake a learner makes, written as textual patches of the correct example
learner (``examples/submissions/ada``), on purpose differently from the example learners of
``examples/learners.toml`` and from the cases of ``tests/runtime/test_diagnoses.py``. ``measure`` grades
every mutant and reports, per mutant: whether its own task lost points (caught on the right
task), whether a failing check of its own task says in words what is wrong (a named mistake or a
structural pattern in the diagnostics), and the points lost in other tasks (outside the
convergence check, and in it). ``python -m tests.runtime.mutants`` prints the table and the totals.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from autograder.runtime.manifest import ROOT

ADA = ROOT / "examples" / "submissions" / "ada"
CONVERGENCE_PREFIX = "convergence:"


class Patch(NamedTuple):
    module: str
    find: str
    replace: str
    count: int = 1


class Mutant(NamedTuple):
    id: str
    task: str
    about: str
    patches: tuple[Patch, ...]


def _m(id: str, task: str, about: str, *patches: Patch) -> Mutant:
    return Mutant(id, task, about, patches)


P = Patch
MUTANTS: list[Mutant] = [
    # task 1: data
    _m("targets-empty-accepted", "1", "inputs_targets refuses 1 token but accepts 0",
       P("data", "    if len(sequence) < 2:", "    if len(sequence) == 1:")),
    _m("variant-checked-late", "1", "an unknown variant accepted when no sequence is asked for",
       P("data", "    if variant not in VARIANTS:", "    if variant not in VARIANTS and num_sequences:")),
    _m("vocab-rejects-one", "1", "max_size = 1 (UNK alone, allowed) refused",
       P("data", "if max_size is not None and max_size < 1:", "if max_size is not None and max_size <= 1:")),
    _m("decode-string-array", "1", "decode returns a numpy array of strings",
       P("data", "    return [idx_to_word[int(idx)] for idx in ids]",
         "    return np.array(idx_to_word)[np.asarray(ids, dtype=np.int64)]")),
    _m("split-rejects-zero", "1", "a fraction of 0 (allowed) rejected", P("data", "if min(p_train, p_val) < 0",
                                                                          "if min(p_train, p_val) <= 0")),
    _m("one-hot-python-int", "1", "a numpy integer index rejected",
       P("data", "    if not 0 <= idx < V:", "    if not isinstance(idx, int) or not 0 <= idx < V:")),
    _m("vocab-alphabetical", "1", "the vocabulary in alphabetical order, frequencies ignored",
       P("data", "words = sorted(counts, key=lambda word: (-counts[word], word))", "words = sorted(counts)")),
    _m("unk-first", "1", "UNK first instead of last", P("data", "idx_to_word = words + [UNK]",
                                                        "idx_to_word = [UNK] + words")),
    _m("split-overlap", "1", "the validation part overlaps the training part",
       P("data", "sequences[n_train : n_train + n_val],", "sequences[n_train - n_val : n_train],")),
    _m("swapped-inputs-targets", "1", "inputs and targets returned in the wrong order",
       P("data", "return list(sequence[:-1]), list(sequence[1:])", "return list(sequence[1:]), list(sequence[:-1])")),
    _m("one-hot-negative-wraps", "1", "a negative index wraps instead of raising",
       P("data", "if not 0 <= idx < V:", "if idx >= V:")),
    _m("encode-unknown-zero", "1", "unknown words encoded as index 0", P("data", "unk = word_to_idx[UNK]", "unk = 0")),
    _m("mask-short", "1", "the mask misses the last real step of every sequence",
       P("data", "mask[i, : len(ids)] = True", "mask[i, : len(ids) - 1] = True")),
    _m("vocab-cap-off-by-one", "1", "max_size words kept plus UNK", P("data", "words = words[: max_size - 1]",
                                                                      "words = words[:max_size]")),
    _m("vocab-unstable-sort", "1", "ties ordered by an unstable sort (np.argsort's default) of the counts",
       P("data", "words = sorted(counts, key=lambda word: (-counts[word], word))",
         "words = sorted(counts)\n    words = [words[k] for k in np.argsort([-counts[w] for w in words])]")),
    _m("encode-int32", "1", "the right ids as int32 where the docstring says int64",
       P("data", "for token in tokens], dtype=np.int64)", "for token in tokens], dtype=np.int32)")),
    _m("split-sum-on-floored-counts", "1", "the fractions' sum checked on the floored counts (0.6 and 0.45 of 10 "
       "items pass)", P("data", "    if min(p_train, p_val) < 0 or p_train + p_val > 1:",
                        "    if min(p_train, p_val) < 0 or (math.floor(p_train * len(sequences))\n"
                        "            + math.floor(p_val * len(sequences)) > len(sequences)):")),
    _m("one-hot-seq-squeezed", "1", "one_hot_sequence squeezes its answer: a one-step sequence comes back (V,)",
       P("data", "    return np.eye(V)[ids].reshape(len(ids), V)",
         "    return np.eye(V)[ids].reshape(len(ids), V).squeeze()")),
    # task 2: activations and loss
    _m("softmax-2d", "2", "softmax makes a vector a batch of one", P(
        "activations", "    e = np.exp(x - x.max(axis=axis, keepdims=True))",
        "    x = np.atleast_2d(x)\n    e = np.exp(x - x.max(axis=axis, keepdims=True))")),
    _m("ce-prefix-mask", "2", "the mask taken as a prefix of mask.sum() steps per sequence", P(
        "activations", "    M = int(mask.sum())\n",
        "    M = int(mask.sum())\n    mask = np.arange(mask.shape[1]) < mask.sum(axis=1)[:, None]\n")),
    _m("ce-no-shift", "2", "cross-entropy exponentiates the raw logits (no max shift)",
       P("activations", "shifted = logits - logits.max(axis=1, keepdims=True)", "shifted = logits")),
    _m("ce-log-softmax", "2", "cross-entropy takes log(softmax), which gives -inf",
       P("activations", "log_p = shifted - log_z ",
         "log_p = np.log(np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)) ")),
    _m("ce-mask-ignored", "2", "the mask ignored in both the sum and the mean",
       P("activations", "    logits = scores[mask]", "    M = mask.size\n    logits = scores.reshape(M, -1)"),
       P("activations", "targets = y[mask]", "targets = y.reshape(M)"),
       P("activations", "dscores[mask] = dvalid / M", "dscores = (dvalid / M).reshape(scores.shape)")),
    _m("ce-grad-not-averaged", "2", "the gradient not divided by M",
       P("activations", "dscores[mask] = dvalid / M", "dscores[mask] = dvalid")),
    _m("softmax-whole-array", "2", "softmax normalised over the whole array",
       P("activations", "return e / e.sum(axis=axis, keepdims=True)", "return e / e.sum()")),
    _m("softmax-axis-transpose", "2", "softmax moves any axis but the last to the front by a transpose: right for "
       "2-d arrays, wrong for axis 1 of a 3-d one",
       P("activations", "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n",
         "    if axis not in (-1, x.ndim - 1):\n        return softmax(x.T).T\n"
         "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n")),
    _m("sigmoid-where-overflows", "2", "sigmoid picks by np.where between two formulas, each overflowing where the "
       "other is chosen: right values, with an overflow the docstring promises away",
       P("activations", "    e = np.exp(-np.abs(x))\n    return np.where(x >= 0, 1.0, e) / (1.0 + e)",
         "    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))")),
    _m("sigmoid-exp-ratio", "2", "sigmoid as exp(x) / (1 + exp(x)), NaN for large x",
       P("activations", "    e = np.exp(-np.abs(x))\n    return np.where(x >= 0, 1.0, e) / (1.0 + e)",
         "    return np.exp(x) / (1.0 + np.exp(x))")),
    _m("tanh-grad-half", "2", "tanh's derivative without the square",
       P("activations", "    t = np.tanh(x)\n    return 1.0 - t * t", "    return 1.0 - np.abs(np.tanh(x))")),
    # task 3: initialisation
    _m("lstm-init-one-block", "3", "one orthogonal draw for the whole (D, 4H) Wx",
       P("initialisation", '"Wx": np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1),',
         '"Wx": orthogonal((D, 4 * H), rng),')),
    _m("lstm-forget-bias-one", "3", "the forget-gate trick: biases of one",
       P("initialisation", '"b": np.zeros(4 * H),', '"b": np.ones(4 * H),')),
    _m("rnn-init-order", "3", "Wh drawn before Wx",
       P("initialisation", '''        "Wx": orthogonal((D, H), rng),
        "Wh": orthogonal((H, H), rng),''', '''        "Wh": orthogonal((H, H), rng),
        "Wx": orthogonal((D, H), rng),''')),
    # task 4: vanilla RNN
    _m("rnn-truncated-bptt", "4", "the gradient carried back only through the last 5 steps", P(
        "rnn", "        dprev_h = da[:, t] @ Wh.T\n",
        "        dprev_h = da[:, t] @ Wh.T if T - t < 5 else 0 * dprev_h\n")),
    _m("rnn-step-dprev-h-untransposed", "4", "dprev_h = da Wh instead of da Wh^T",
       P("rnn", "return da @ Wx.T, da @ Wh.T, x.T @ da", "return da @ Wx.T, da @ Wh, x.T @ da")),
    _m("rnn-db-mean", "4", "db averaged over the batch and time",
       P("rnn", "return dx, dprev_h, dWx, dWh, da_flat.sum(axis=0)",
         "return dx, dprev_h, dWx, dWh, da_flat.mean(axis=0)")),
    _m("affine-dby-mean", "4", "dby averaged instead of summed",
       P("rnn", "dscores.reshape(-1, V).sum(axis=0)", "dscores.reshape(-1, V).mean(axis=0)")),
    _m("rnn-no-bias", "4", "the bias left out of the recurrence",
       P("rnn", "xa = (x.reshape(N * T, D) @ Wx + b).reshape(N, T, H)",
         "xa = (x.reshape(N * T, D) @ Wx).reshape(N, T, H)")),
    _m("rnn-dh0-zero", "4", "dh0 returned as zeros",
       P("rnn", "return dx, dprev_h, dWx, dWh, da_flat.sum(axis=0)",
         "return dx, np.zeros_like(dprev_h), dWx, dWh, da_flat.sum(axis=0)")),
    _m("rnn-derivative-previous-step", "4", "tanh' taken at h_{t-1}",
       P("rnn", "da[:, t] = (dh[:, t] + dprev_h) * (1.0 - h[:, t] * h[:, t])",
         "da[:, t] = (dh[:, t] + dprev_h) * (1.0 - h[:, t - 1] * h[:, t - 1])")),
    # task 5: clipping
    _m("clip-norm-per-gradient-test", "5", "clip_by_global_norm clips only when one gradient alone is over max_norm",
       P("clipping", "    if norm <= max_norm:\n",
         "    if max(float(np.linalg.norm(g)) for g in grads.values()) <= max_norm:\n")),
    _m("clip-norm-squared-test", "5", "clip_by_global_norm compares the sum of squares with max_norm",
       P("clipping", "    if norm <= max_norm:\n", "    if norm * norm <= max_norm:\n")),
    _m("clip-value-drops-inside", "5", "clip_by_value leaves out the gradients with no entry out of bounds",
       P("clipping", "    return {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()}",
         "    return {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()\n"
         "            if np.abs(g).max() > clip_value}")),
    _m("clip-value-float-only", "5", "clip_by_value refuses an int threshold",
       P("clipping", "    if clip_value <= 0:", "    if not isinstance(clip_value, float) or clip_value <= 0:")),
    _m("clip-value-into-callers-dict", "5", "clip_by_value writes the clipped arrays into the caller's dict",
       P("clipping", "    return {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()}",
         "    for name, g in grads.items():\n        grads[name] = np.clip(g, -clip_value, clip_value)\n"
         "    return grads")),
    _m("clip-norm-by-value", "5", "clip_by_global_norm clamps by value",
       P("clipping", "    return {name: g * scale for name, g in grads.items()}, norm",
         "    return {name: np.clip(g, -max_norm, max_norm) for name, g in grads.items()}, norm")),
    _m("clip-returns-new-norm", "5", "returns the norm after clipping",
       P("clipping", "return {name: g * scale for name, g in grads.items()}, norm",
         "return {name: g * scale for name, g in grads.items()}, max_norm")),
    _m("clip-value-zero-allowed", "5", "clip_value = 0 accepted", P("clipping", "if clip_value <= 0:",
                                                                    "if clip_value < 0:")),
    _m("clip-scale-inverted", "5", "scale = norm / max_norm", P("clipping", "scale = max_norm / norm",
                                                                "scale = norm / max_norm")),
    _m("clip-norm-rejects-int", "5", "an int max_norm (a number > 0) refused",
       P("clipping", "    if max_norm <= 0:", "    if not isinstance(max_norm, float) or max_norm <= 0:")),
    # task 6: LSTM
    _m("lstm-gates-exp-ratio", "6", "gates as exp(a) / (1 + exp(a)), NaN past 709",
       P("lstm", "f, i, o = (sigmoid(a[:, k * H : (k + 1) * H]) for k in (0, 1, 3))",
         "f, i, o = (np.exp(a[:, k * H : (k + 1) * H]) / (1.0 + np.exp(a[:, k * H : (k + 1) * H])) "
         "for k in (0, 1, 3))"),
       P("lstm", "        np.tanh(gt, out=gt)\n        gt *= half\n        gt += shift\n",
         "        gt[:] = np.where(half == 1.0, np.tanh(gt), np.exp(2 * gt) / (1.0 + np.exp(2 * gt)))\n")),
    _m("lstm-h-without-tanh", "6", "next_h = o * c, without tanh",
       P("lstm", "next_h = o * tanh_c", "next_h = o * next_c")),
    _m("lstm-step-dprev-c-no-forget", "6", "dprev_c = dc, the forget gate forgotten",
       P("lstm", "return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da", "return da @ Wx.T, da @ Wh.T, dc, x.T @ da")),
    _m("lstm-db-mean", "6", "db averaged over the batch", P("lstm", "db += da.sum(axis=0)", "db += da.mean(axis=0)")),
    _m("lstm-candidate-derivative", "6", "candidate derivative 1 - g instead of 1 - g^2",
       P("lstm", "np.multiply(dct * i, 1.0 - g * g, out=da[:, 2 * H : 3 * H])",
         "np.multiply(dct * i, 1.0 - g, out=da[:, 2 * H : 3 * H])")),
    _m("lstm-float32-gates", "6", "the gate buffer in float32",
       P("lstm", "gates = np.empty((T, N, 4 * H))", "gates = np.empty((T, N, 4 * H), dtype=np.float32)")),
    _m("lstm-backward-h0-wraps", "6", "h_{-1} read as h[:, -1] in the backward",
       P("lstm", "prev_h = h[:, t - 1] if t > 0 else h0", "prev_h = h[:, t - 1]")),
    _m("lstm-c0-ignored", "6", "c0 ignored in the forward", P("lstm", "c[0] = c0", "c[0] = 0.0")),
    # task 7: optimisers
    _m("sgd-slice-assign", "7", "SGD updates with p[:] = p - lr * g, which a 0-d parameter cannot take",
       P("optim", "                g = v\n            params[name] -= self.lr * g\n",
         "                g = v\n            params[name][:] = params[name] - self.lr * g\n")),
    _m("sgd-grads-by-order", "7", "SGD pairs parameters with gradients by the dicts' order, not by key",
       P("optim", "        for name, g in grads.items():\n            if self.momentum:",
         "        for name, g in zip(params, grads.values()):\n            if self.momentum:")),
    _m("adam-shared-state", "7", "one m and v for every parameter",
       P("optim", "self.m.get(name, 0.0)", 'self.m.get("all", 0.0)'),
       P("optim", "self.v.get(name, 0.0)", 'self.v.get("all", 0.0)'),
       P("optim", "self.m[name], self.v[name] = m, v", 'self.m["all"], self.v["all"] = m, v')),
    _m("adam-step-per-parameter", "7", "the step count increased once per parameter",
       P("optim", "        self.t += 1\n        correct1 = 1.0 - self.beta1**self.t\n"
                  "        correct2 = 1.0 - self.beta2**self.t\n        for name, g in grads.items():\n",
         "        for name, g in grads.items():\n            self.t += 1\n"
         "            correct1 = 1.0 - self.beta1**self.t\n            correct2 = 1.0 - self.beta2**self.t\n")),
    _m("sgd-momentum-dampened", "7", "momentum with dampening (1 - mu) g",
       P("optim", "v = g.copy() if v is None else self.momentum * v + g",
         "v = (1 - self.momentum) * g if v is None else self.momentum * v + (1 - self.momentum) * g")),
    _m("rmsprop-no-sqrt", "7", "RMSprop divides by s, not sqrt(s)",
       P("optim", "params[name] -= self.lr * g / (np.sqrt(s) + self.eps)",
         "params[name] -= self.lr * g / (s + self.eps)")),
    _m("sgd-rebinds", "7", "SGD rebinds the dict entries", P("optim", "params[name] -= self.lr * g\n",
                                                              "params[name] = params[name] - self.lr * g\n")),
    _m("adam-beta2-in-m", "7", "1 - beta2 used in m's average",
       P("optim", "(1.0 - self.beta1) * g", "(1.0 - self.beta2) * g")),
    # task 8: training and generation
    _m("generate-grows-prompt", "8", "generate appends its tokens to the caller's prompt list",
       P("train", "    tokens = list(prompt)\n", "    tokens = prompt\n")),
    _m("generate-rnn-state-lost", "8", "generate(cell='rnn') forgets the state",
       P("train", 'h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])',
         'h, _ = rnn_step_forward(x, np.zeros_like(h), params["Wx"], params["Wh"], params["b"])')),
    _m("train-ignores-cell", "8", "train always trains an LSTM",
       P("train", "loss, grads = model_loss(params, batch, cell)", "loss, grads = model_loss(params, batch)")),
    _m("generate-past-eos", "8", "generation does not stop at EOS",
       P("train", "        if idx_to_word[idx] == EOS:\n            break\n", "")),
    _m("rmsprop-alpha-literal", "7", "RMSprop writes 0.99 where self.alpha belongs",
       P("optim", "            s = self.alpha * s + (1.0 - self.alpha) * g * g",
         "            s = 0.99 * s + 0.01 * g * g")),
    _m("train-full-batch-unclipped", "8", "train clips only in mini-batches, never in the full batch",
       P("train", "            if max_norm is not None:",
         "            if max_norm is not None and batch_size is not None:")),
    _m("generate-cell-unchecked", "8", "generate runs any cell but 'lstm' as an RNN instead of raising ValueError",
       P("train", "    if cell not in CELLS:\n        raise ValueError(f\"unknown cell {cell!r}: use one of "
                  "{CELLS}\")\n    if not prompt:", "    if not prompt:")),
    _m("generate-one-short", "8", "one token fewer than max_new",
       P("train", "    for _ in range(max_new):", "    for _ in range(max_new - 1):")),
    _m("train-unweighted-mean", "8", "the epoch's loss an unweighted mean of batches",
       P("train", "total, tokens = total + loss * count, tokens + count", "total, tokens = total + loss, tokens + 1")),
    _m("train-val-on-train", "8", "the validation loss computed on the training batch",
       P("train", 'history["val_loss"].append(model_loss(params, val_batch, cell)[0])',
         'history["val_loss"].append(model_loss(params, train_batch, cell)[0])')),
    _m("train-reseeded-shuffle", "8", "the same shuffle every epoch",
       P("train", "else rng.permutation(N)", "else np.random.default_rng(seed).permutation(N)")),
    _m("model-loss-mask-dropped", "8", "model_loss scores padded steps too",
       P("train", "cross_entropy(scores, batch.y, batch.mask)",
         "cross_entropy(scores, batch.y, np.ones_like(batch.mask))")),
    _m("generate-rng-checked-late", "8", "sampling without rng accepted when nothing is to be sampled (max_new=0)",
       P("train", "    if not greedy and rng is None:", "    if not greedy and rng is None and max_new:")),
    _m("model-loss-cell-any-case", "8", "model_loss accepts 'LSTM' (lower-cases the cell name first)",
       P("train", "    if cell not in CELLS:\n"
         "        raise ValueError(f\"unknown cell {cell!r}: use one of {CELLS}\")\n    N = batch.X.shape[0]",
         "    if cell.lower() not in CELLS:\n        raise ValueError(\"unknown cell\")\n"
         "    cell = cell.lower()\n    N = batch.X.shape[0]")),
    _m("model-loss-not-implemented-cell", "8", "model_loss raises NotImplementedError for an unknown cell",
       P("train", "    if cell not in CELLS:\n"
         "        raise ValueError(f\"unknown cell {cell!r}: use one of {CELLS}\")\n    N = batch.X.shape[0]",
         "    if cell not in CELLS:\n        raise NotImplementedError(cell)\n    N = batch.X.shape[0]")),
    # task 9: the PyTorch mapping
    _m("from-torch-cached-size", "9", "from_torch_state keeps the first hidden size it sees for later calls",
       P("torch_port", '    H = state["lstm.weight_hh_l0"].shape[1]\n',
         '    H = from_torch_state.__dict__.setdefault("H", state["lstm.weight_hh_l0"].shape[1])\n')),
    _m("torch-views", "9", "to_torch_state returns views of params",
       P("torch_port", '"out.weight": params["Wy"].T.copy(),', '"out.weight": params["Wy"].T,'),
       P("torch_port", '"out.bias": params["by"].copy(),\n    }\n\n\ndef from',
         '"out.bias": params["by"],\n    }\n\n\ndef from')),
    _m("torch-bias-hh-dropped", "9", "from_torch_state drops bias_hh",
       P("torch_port", 'reorder(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])',
         'reorder(state["lstm.bias_ih_l0"])')),
    _m("torch-wh-untransposed", "9", "weight_hh not transposed",
       P("torch_port", 'np.ascontiguousarray(reorder(params["Wh"]).T)', 'np.ascontiguousarray(reorder(params["Wh"]))')),
]


def build(mutant: Mutant, folder: Path) -> Path:
    """A copy of ada's code with the mutant's patches applied (each must match exactly ``count`` times)."""
    folder.mkdir(parents=True)
    for path in ADA.glob("*.py"):
        shutil.copy(path, folder / path.name)
    for patch in mutant.patches:
        target = folder / f"{patch.module}.py"
        source = target.read_text()
        if source.count(patch.find) != patch.count:
            raise AssertionError(f"{mutant.id}: {patch.module}.py: {patch.find!r} occurs "
                                 f"{source.count(patch.find)} times, not {patch.count}")
        target.write_text(source.replace(patch.find, patch.replace))
    return folder


class Verdict(NamedTuple):
    id: str
    task: str
    caught: bool          # its own task lost points
    diagnosed: bool       # a failing check of its own task names the mistake or describes its pattern
    outside: float        # points lost in other tasks, the convergence check aside
    convergence: float    # points lost in the convergence check
    message: str          # the first failing message of its own task


def verdict(mutant: Mutant, report) -> Verdict:
    own = [r for r in report.results if r.task == mutant.task and r.points < r.max_points - 1e-9]
    other = [r for r in report.results if r.task != mutant.task or r.name.startswith(CONVERGENCE_PREFIX)]
    outside = sum(r.max_points - r.points for r in other if not r.name.startswith(CONVERGENCE_PREFIX))
    convergence = sum(r.max_points - r.points for r in report.results if r.name.startswith(CONVERGENCE_PREFIX))
    own = [r for r in own if not r.name.startswith(CONVERGENCE_PREFIX)] or own
    diagnosed = any(r.diagnostics.get("mistake") or r.diagnostics.get("pattern") for r in own)
    return Verdict(mutant.id, mutant.task, bool(own), diagnosed, round(outside, 2), round(convergence, 2),
                   own[0].message if own else "")


def reached_tasks(mutant: Mutant) -> tuple[str, ...]:
    """The tasks whose checks can run the code a mutant changes: those of the modules it patches, of every module
    of ada's that imports one of them (transitively), and task 8, the end-to-end task, which runs every module.
    The other tasks' checks never run that code, so they cannot lose points to it."""
    from autograder.runtime.manifest import load_tasks

    imports = {path.stem: set(re.findall(r"^from \.(\w+) import", path.read_text(), re.MULTILINE))
               for path in ADA.glob("*.py")}
    reached = {patch.module for patch in mutant.patches}
    while True:
        more = {module for module, imported in imports.items() if imported & reached} - reached
        if not more:
            break
        reached |= more
    return tuple(task.id for task in load_tasks() if task.module in reached or task.id in (mutant.task, "8"))


def measure(grader=None, mutants: list[Mutant] = MUTANTS, jobs: int = 2, lower=None, grader_for=None
            ) -> list[Verdict]:
    """Each mutant's verdict, graded ``jobs`` at a time by one shared Grader (as `grade-class` does).

    ``lower``, if given, grades the mutants of tasks other than 8: a Grader without the end-to-end
    convergence run, which no verdict of theirs counts (their convergence loss is then not measured).
    ``grader_for``, if given, is called with each mutant for the Grader that grades it instead.
    """
    from autograder.grading.grader import Grader

    grader = grader or (Grader() if grader_for is None else None)
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=jobs) as pool:
        def one(mutant: Mutant) -> Verdict:
            by = (grader_for(mutant) if grader_for is not None
                  else lower if lower is not None and mutant.task != "8" else grader)
            return verdict(mutant, by.grade(build(mutant, Path(tmp) / mutant.id), mutant.id))
        return list(pool.map(one, mutants))


def summary(verdicts: list[Verdict]) -> str:
    n = len(verdicts)
    caught = sum(v.caught for v in verdicts)
    diagnosed = sum(v.diagnosed for v in verdicts)
    return (f"{n} mutants: caught on the right task {caught}/{n} ({100 * caught / n:.0f}%), "
            f"diagnosed in words {diagnosed}/{n} ({100 * diagnosed / n:.0f}%), points lost outside the "
            f"mutant's own task {sum(v.outside for v in verdicts):.2f} (convergence check aside), "
            f"in the convergence check {sum(v.convergence for v in verdicts):.2f}")


def main() -> None:
    verdicts = measure()
    for v in verdicts:
        flags = ("caught " if v.caught else "MISSED ") + ("named  " if v.diagnosed else "unnamed")
        first = v.message.splitlines()[0][:110] if v.message else ""
        print(f"{v.id:32} task {v.task}  {flags}  outside {v.outside:6.2f}  conv {v.convergence:4.2f}  {first}")
        for line in v.message.splitlines()[1:]:
            print(f"{'':44}{line[:140]}")
    print(summary(verdicts))


if __name__ == "__main__":
    main()
