"""Every promise the learners' docstrings make is exercised by some check.

A promise is a docstring line that states an edge the grader must hold the learner to: a
``Raises ValueError ...``, a stability claim (no overflow, finite, never -inf), a dtype, "in
place", "never modified", "never a view", and every value of an option (``cell``, ``axis``,
``or None``...). ``PROMISES`` says, for each, which check exercises it and how; the test reads
the docstrings of ``solutions/`` (the one source of the stubs' docstrings), so a new promise
without an entry here fails, and so does an entry whose check no longer exercises it.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from autograder.expected.checks import REGISTRY, Computed, visible_seed
from autograder.runtime.manifest import load_tasks

PROMISE = re.compile(r"Raises ValueError|never a view|modif|in place|overflow|stable|finite|-inf|NaN|float64|"
                     r"or None|^- (cell|greedy|rng|axis|max_new|max_size):|"
                     r"new (contiguous )?(float64 )?arrays?\b|new dict|whatever .*hold|unchanged|very same|"
                     r"contribute nothing|never wrap|must not wrap")

# Evidence: ("case", check, label) a case of that label; ("raises", check, label) a case of that label
# that must raise ValueError; ("spec", check, key, value); ("option", check, key, value) an option of a
# train check; ("judge", check, judge) a judge that checks it by itself (optimiser: in place; train_loop:
# params trained in place; gradient: inputs kept); ("kept", module) every check of the module checks
# that inputs are not modified. ``check`` is the check's name without " (fixed inputs)".
CELL_LSTM, CELL_RNN = "lstm, 6 sequences of different lengths", "rnn, 6 sequences of different lengths"
MODEL = "model_loss: loss and gradients of the language model"
GENERATE = "generate: greedy and sampled continuation"
TRAIN, TRAIN_RNN = "train: mini-batches, clipping, history", "train: cell='rnn', full batch, no clipping"
LARGE = "N=2, T=3, D=3, H=2, pre-activations past 709"
PADDED_TARGETS = "padded targets out of range (-100 and V + 2), which must contribute nothing and raise nothing"
PROMISES: dict[tuple[str, str], list[tuple]] = {
    ("data.build_vocab", "- max_size: cap on the vocabulary size including ``UNK``, >= 1, or None"): [
        ("case", "build_vocab: frequency order, ties, UNK, size cap", "random sequences"),
        ("case", "build_vocab: frequency order, ties, UNK, size cap", "random sequences, max_size=3")],
    ("data.build_vocab", "Raises ValueError if ``max_size`` is below 1."): [
        ("raises", "build_vocab: frequency order, ties, UNK, size cap", "max_size=0")],
    ("data.one_hot", "- e: float64 array of shape (V,)"): [("case", "one_hot: a single token", "idx=2, V=5")],
    ("data.one_hot_sequence", "- X: float64 array of shape (T, V) with ``X[t, ids[t]] = 1``"): [
        ("case", "one_hot_sequence: a sequence", "7 indices, V=6")],
    ("data.one_hot_sequence", "Raises ValueError if an index lies outside ``[0, V)`` (negative indices must not "
                              "wrap)."): [("raises", "one_hot_sequence: a sequence", "an index out of range")],
    ("data.one_hot_batch", "- X: float64 array of shape (N, T, V), ``T = max_i T_i``"): [
        ("case", "one_hot_batch: padding and mask", "5 sequences of different lengths, V=5")],
    ("data.split_dataset", "Raises ValueError if a fraction is negative or ``p_train + p_val > 1``."): [
        ("raises", "split_dataset: 80/10/10 without overlap or loss", "a negative fraction"),
        ("raises", "split_dataset: 80/10/10 without overlap or loss", "p_train + p_val > 1")],
    ("data.inputs_targets", "Raises ValueError if the sequence has fewer than 2 tokens."): [
        ("raises", "inputs_targets: next-token targets", "1 token")],
    ("activations", "Task 2: activations, their derivatives, a stable softmax and the masked cross-entropy."): [
        ("case", "softmax: stable at logits of +-1e4", "logits of +-1e4"),
        ("case", "cross_entropy: masked mean and its gradient", "logits of +-1e4")],
    ("activations.sigmoid", "Logistic sigmoid, ``s(x) = 1 / (1 + exp(-x))``, without overflow."): [
        ("case", "sigmoid: values, no overflow", "extreme values -1e4..1e4"),
        ("spec", "sigmoid: values, no overflow", "no_overflow", True)],
    ("activations.sigmoid", "``exp(-x)`` overflows for x < -709; compute with ``exp(-|x|)``, which never does:"): [
        ("case", "sigmoid: values, no overflow", "extreme values -1e4..1e4"),
        ("case", "lstm_step_forward: next_h and next_c", "N=2, D=3, H=2, pre-activations past 709"),
        ("case", "lstm_forward: hidden states", LARGE)],
    ("activations.tanh", "Hyperbolic tangent, ``tanh(x) = (e^x - e^-x) / (e^x + e^-x)``, finite for every finite x."): [
        ("case", "tanh: values, no overflow", "extreme values -1e4..1e4"),
        ("spec", "tanh: values, no overflow", "no_overflow", True),
        ("case", "rnn_forward: hidden states", LARGE)],
    ("activations.softmax", "Numerically stable softmax along ``axis``: ``p_k = exp(x_k - m) / sum_j exp(x_j - m)``, "
                            "m = max_j x_j."): [("case", "softmax: stable at logits of +-1e4", "logits of +-1e4")],
    ("activations.softmax", "exponent <= 0, so logits of +-1e4 give no overflow and no NaN."): [
        ("case", "softmax: stable at logits of +-1e4", "logits of +-1e4")],
    ("activations.softmax", "- axis: the axis that sums to one"): [
        ("case", "softmax: stable at logits of +-1e4", "axis=0"),
        ("case", "softmax: stable at logits of +-1e4", "random (3, 4, 5)")],
    ("activations.cross_entropy", "``log(softmax)``, which gives -inf for probabilities that underflow to 0."): [
        ("case", "cross_entropy: masked mean and its gradient", "logits of +-1e4")],
    ("activations.cross_entropy", "Raises ValueError if the mask selects no token (the mean is undefined)."): [
        ("raises", "cross_entropy: masked mean and its gradient", "an all-False mask")],
    ("initialisation.orthogonal", "- rng: a numpy Generator"): [
        ("case", "orthogonal: QR with sign correction, any shape", "shape (4, 4)")],
    ("initialisation.orthogonal", "- W: float64 array of shape (rows, cols)"): [
        ("case", "orthogonal: QR with sign correction, any shape", "shape (3, 7)")],
    ("rnn", "the upstream gradient and that cache. Inputs are never modified in place."): [("kept", "rnn")],
    ("clipping", "Neither function modifies its input or the arrays in it."): [("kept", "clipping")],
    ("clipping.clip_by_global_norm", "whole update is kept); otherwise the gradients are returned unchanged"): [
        ("case", "clip_by_global_norm: one norm for all gradients", "gradients under the threshold")],
    ("activations.cross_entropy", "Padded steps (mask False) contribute nothing, whatever their targets hold."): [
        ("case", "cross_entropy: masked mean and its gradient", "a padded batch (N=3, T=4, V=5)"),
        ("case", "cross_entropy: masked mean and its gradient", PADDED_TARGETS)],
    ("clipping.clip_by_global_norm", "Raises ValueError if ``max_norm <= 0``."): [
        ("raises", "clip_by_global_norm: one norm for all gradients", "max_norm=0")],
    ("clipping.clip_by_value", "Raises ValueError if ``clip_value <= 0``."): [
        ("raises", "clip_by_value: elementwise clamp", "clip_value=0"),
        ("raises", "clip_by_value: elementwise clamp", "clip_value=-1")],
    ("lstm", "the upstream gradient and that cache. Inputs are never modified in place."): [("kept", "lstm")],
    ("optim", "and shapes. ``step`` updates every parameter array in place (so that the"): [
        ("judge", "Adam.step: 5 steps", "optimiser")],
    ("optim.SGD.step", "Update every ``params[k]`` in place with ``grads[k]`` (shapes equal, any shape)."): [
        ("judge", "SGD.step: 5 steps", "optimiser"), ("judge", "SGD.step with momentum: 5 steps", "optimiser")],
    ("optim.RMSprop.step", "Update every ``params[k]`` in place with ``grads[k]``."): [
        ("judge", "RMSprop.step: 5 steps", "optimiser")],
    ("optim.Adam.step", "Update every ``params[k]`` in place with ``grads[k]``."): [
        ("judge", "Adam.step: 5 steps", "optimiser")],
    ("train.model_loss", '- cell: "rnn" or "lstm"'): [("case", MODEL, CELL_LSTM), ("case", MODEL, CELL_RNN)],
    ("train.model_loss", 'Raises ValueError for a cell other than "rnn" or "lstm".'): [
        ("raises", MODEL, "an unknown cell 'gru'")],
    ("train.train", "Train ``params`` in place with mini-batches; record the losses of every epoch."): [
        ("judge", TRAIN, "train_loop")],
    ("train.train", "- params: dict of parameters, updated in place"): [("judge", TRAIN, "train_loop")],
    ("train.train", "- batch_size: sequences per update, or None for the full batch"): [
        ("option", TRAIN, "batch_size", 5), ("option", TRAIN_RNN, "batch_size", None)],
    ("train.train", "- max_norm: global-norm clipping threshold, or None for no clipping"): [
        ("option", TRAIN, "max_norm", 0.05), ("option", TRAIN_RNN, "max_norm", None)],
    ("train.train", '- cell: "rnn" or "lstm"'): [("option", TRAIN, "cell", "lstm"), ("option", TRAIN_RNN,
                                                                                     "cell", "rnn")],
    ("train.generate", "- max_new: the most tokens to add"): [
        ("case", GENERATE, "greedy, prompt with an unknown word"), ("case", GENERATE,
                                                                    "cell='rnn', sampled, max_new=6")],
    ("train.generate", "- greedy: argmax if True, sampling otherwise"): [
        ("case", GENERATE, "greedy, prompt 'a a b'"), ("case", GENERATE, "sampled with a seeded rng")],
    ("train.generate", "- rng: a numpy Generator, required when sampling"): [
        ("case", GENERATE, "sampled with a seeded rng"), ("raises", GENERATE, "sampling without rng")],
    ("train.generate", '- cell: "rnn" or "lstm"'): [
        ("case", GENERATE, "greedy, prompt 'a a b'"), ("case", GENERATE, "cell='rnn', greedy, prompt 'a a'")],
    ("train.generate", "Raises ValueError for an empty prompt, an unknown cell, or sampling without ``rng``."): [
        ("raises", GENERATE, "an empty prompt"), ("raises", GENERATE, "an unknown cell 'gru'"),
        ("raises", GENERATE, "sampling without rng")],
    ("torch_port.to_torch_state", "Every array is a new contiguous float64 array (never a view of params)."): [
        ("spec", "to_torch_state: transposes, gate order, biases", "fresh", True)],
    # the other direction of the map: new arrays too (contiguity is not promised there)
    ("torch_port.from_torch_state", "- params: dict Wx (D, 4H), Wh (H, 4H), b (4H,), Wy (H, V), by (V,), new arrays"): [
        ("spec", "from_torch_state: the inverse map, biases folded", "fresh", "new")],
}


def docstring_promises() -> set[tuple[str, str]]:
    """(module.function, line) of every promise in the docstrings of the tasks' modules and functions."""
    found = set()
    for task in load_tasks():
        module = importlib.import_module(f"solutions.{task.module}")
        docs = [(task.module, inspect.getdoc(module) or "")]
        for function in task.functions:
            obj = module
            for part in function.split("."):
                obj = getattr(obj, part)
            docs.append((f"{task.module}.{function}", inspect.getdoc(obj) or ""))
        found |= {(where, line.strip()) for where, doc in docs for line in doc.splitlines()
                  if PROMISE.search(line.strip())}
    return found


def _check(name: str):
    matches = [c for c in REGISTRY if c.visibility == "visible" and c.name in (name, f"{name} (fixed inputs)")]
    assert matches, f"no visible check named {name!r}"
    return matches[0]


def test_every_docstring_promise_has_a_check():
    """Does every promise of the docstrings have an entry here, and every entry a promise?"""
    promises = docstring_promises()
    missing = sorted(promises - set(PROMISES))
    stale = sorted(set(PROMISES) - promises)
    assert not missing, f"promises without a check (add them to PROMISES): {missing}"
    assert not stale, f"entries whose promise is no longer in a docstring: {stale}"


@pytest.fixture(scope="module")
def source() -> Computed:
    return Computed()


@pytest.mark.parametrize("promise", sorted(PROMISES), ids=lambda p: f"{p[0]}: {p[1][:40]}")
def test_the_check_exercises_the_promise(source, promise):
    """Does the named check hold a case, spec or judge that exercises the promise?"""
    for kind, name, *rest in PROMISES[promise]:
        if kind == "kept":
            checks = [c for c in REGISTRY if c.spec.get("module") == name]
            assert checks and all(c.judge == "gradient" or c.spec.get("inputs_kept", True) for c in checks)
            continue
        check = _check(name)
        if kind in ("case", "raises"):
            cases = {case.label: case for case in source.expected(check, visible_seed(check.name), "cases")}
            assert rest[0] in cases, f"{check.name}: no case {rest[0]!r} (cases: {sorted(cases)})"
            if kind == "raises":
                assert cases[rest[0]].raises == "ValueError", f"{check.name}: {rest[0]!r} does not raise"
            else:
                assert cases[rest[0]].raises is None, f"{check.name}: {rest[0]!r} raises"
        elif kind == "spec":
            assert check.spec.get(rest[0]) == rest[1], f"{check.name}: spec[{rest[0]!r}] is not {rest[1]!r}"
        elif kind == "option":
            assert check.spec["options"][rest[0]] == rest[1], f"{check.name}: option {rest[0]} is not {rest[1]!r}"
        else:
            assert check.judge == rest[0], f"{check.name}: judged by {check.judge}, not {rest[0]}"
