"""Every mistake the grader can name, put into the correct learner's code: does the grader name it?

Each known mistake (``Mistake(id, ...)`` in ``autograder/expected/checks/``, and the diagnostics a judge
raises itself, such as ``state-not-reset``) gets one case: a textual patch of the correct example
learner (``examples/submissions/ada``) that makes exactly that mistake, the way a learner would
write it, or an example learner of ``examples/learners.toml`` whose expected mistakes include it.
The list of ids comes from the grader's source, so a new mistake without a case here fails.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest

from autograder.runtime.judges.convergence import NAME as CONVERGENCE
from autograder.runtime.manifest import ROOT, load_tasks
from autograder.runtime.model import Status

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

SOURCES = [ROOT / "autograder" / "expected" / "checks", ROOT / "autograder" / "runtime" / "judges"]   # builders, judges
EXAMPLES = ROOT / "examples" / "submissions"
LEARNERS = {entry["id"]: entry for entry in tomllib.loads((ROOT / "examples" / "learners.toml").read_text())["learner"]}


def _named_mistakes() -> set[str]:
    """The ids the grader's source can put in a diagnostics' "mistake"."""
    ids: set[str] = set()
    for path in sorted(p for folder in SOURCES for p in folder.glob("*.py")):
        source = path.read_text()
        ids.update(re.findall(r'Mistake\(\s*"([a-z0-9-]+)"', source))
        ids.update(re.findall(r'"mistake":\s*"([a-z0-9-]+)"', source))
        templates = re.findall(r'Mistake\(\s*f"([^"]*)"', source)
        if templates:    # the only templated ids: one per gate order of recurrent.ORDER
            from autograder.expected.checks.recurrent import ORDER

            assert set(templates) == {"gates-order-{o}"}, f"{path.name}: templated ids {templates}: add them here"
            ids.update(f"gates-order-{order}" for order in ORDER)
    return ids


class Patch(NamedTuple):
    module: str          # the learner's module, without .py
    find: str
    replace: str
    count: int = 1       # how many times `find` occurs (all are replaced)


# id -> the example learner who makes that mistake, or the patches of ada's code that make it.
CASES: dict[str, str | list[Patch]] = {
    # task 1: data
    "n-range": [Patch("data", "n = int(rng.integers(1, MAX_N + 1))", "n = int(rng.integers(1, MAX_N))")],
    "vocab-ties": [Patch("data", "words = sorted(counts, key=lambda word: (-counts[word], word))",
                         "words = [word for word, _ in counts.most_common()]")],
    "split-loses": [Patch("data", """    n_train = math.floor(p_train * len(sequences))
    n_val = math.floor(p_val * len(sequences))
    return (
        sequences[:n_train],
        sequences[n_train : n_train + n_val],
        sequences[n_train + n_val :],
    )""", """    n_train = int(p_train * len(sequences))
    n_val = int(p_val * len(sequences))
    n_test = int((1 - p_train - p_val) * len(sequences))
    return (
        sequences[:n_train],
        sequences[n_train : n_train + n_val],
        sequences[-n_test:] if n_test else [],
    )""")],
    "targets-not-shifted": "gina",
    "unk-counted": [Patch("data", "for word in sequence if word != UNK)", "for word in sequence)")],
    "targets-off-by-one": [Patch("data", "return list(sequence[:-1]), list(sequence[1:])",
                                 "return list(sequence[:-1]), list(sequence[2:])")],
    "inputs-keep-eos": [Patch("data", "return list(sequence[:-1]), list(sequence[1:])",
                              "return list(sequence), list(sequence[1:])")],
    # task 2: activations and loss
    "activated-derivative": "bob",
    "activation-twice": [Patch("activations", "    t = np.tanh(x)\n    return 1.0 - t * t\n",
                               "    t = np.tanh(x)\n    return 1.0 - np.tanh(t) ** 2\n")],
    "softmax-overflow": "finn",
    "ce-mean-over-vocab": [
        Patch("activations", "loss = -log_p[rows, targets].sum() / M",
              "loss = -np.mean(log_p * np.eye(logits.shape[1])[targets])"),
        Patch("activations", "dscores[mask] = dvalid / M", "dscores[mask] = dvalid / logits.size"),
    ],
    "ce-padding": [
        Patch("activations", "loss = -log_p[rows, targets].sum() / M",
              "loss = -log_p[rows, targets].sum() / mask.size"),
        Patch("activations", "dscores[mask] = dvalid / M", "dscores[mask] = dvalid / mask.size"),
    ],
    "ce-mask-ignored": [
        Patch("activations", "M = int(mask.sum())", "M = mask.size"),
        Patch("activations", "logits = scores[mask]", "logits = scores.reshape(-1, scores.shape[-1])"),
        Patch("activations", "targets = y[mask]", "targets = y.ravel()"),
        Patch("activations", "dscores[mask] = dvalid / M", "dscores = dvalid.reshape(scores.shape) / M"),
    ],
    "ce-gradient-sign": [Patch("activations", "dvalid[rows, targets] -= 1.0", "dvalid[rows, targets] += 1.0")],
    # task 3: initialisation
    "orthogonal-no-sign": [Patch("initialisation", "    Q = Q * np.sign(np.diag(R))\n", "")],
    # task 4: vanilla RNN
    "transposed-weight": [Patch("rnn", "prev_h @ Wh", "prev_h @ Wh.T", count=2)],
    "no-bptt": "carl",
    "no-bias": [Patch("rnn", "next_h = np.tanh(x @ Wx + prev_h @ Wh + b)", "next_h = np.tanh(x @ Wx + prev_h @ Wh)")],
    "dprev-untransposed": [Patch("rnn", "dprev_h = da[:, t] @ Wh.T", "dprev_h = da[:, t] @ Wh")],
    "h-off-by-one": [Patch("rnn", "dWh = h_prev.reshape(N * T, H).T @ da_flat",
                           "dWh = h.reshape(N * T, H).T @ da_flat")],
    "h0-wraps": [Patch("rnn", "h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)",
                       "h_prev = h[:, np.arange(T) - 1]")],
    "h0-ignored": [Patch("rnn", "    prev_h = h0\n    for t in range(T):\n        prev_h = h[:, t]",
                         "    prev_h = np.zeros_like(h0)\n    for t in range(T):\n        prev_h = h[:, t]")],
    # task 5: clipping
    "clip-per-tensor": "eve",
    "clip-by-value": [Patch("clipping", "    return {name: g * scale for name, g in grads.items()}, norm",
                            "    return {name: np.minimum(np.maximum(g, -max_norm), max_norm) for name, g in "
                            "grads.items()}, norm")],
    # task 6: LSTM
    "c0-ignored": [Patch("lstm", "    c[0] = c0\n", "    c[0] = 0.0\n")],
    "c0-from-h0": [Patch("lstm", "    c[0] = c0\n", "    c[0] = h0\n")],
    "gates-order-ifgo": "dana",
    "gates-order-ifog": [
        Patch("lstm", "f, i, o = (sigmoid(a[:, k * H : (k + 1) * H]) for k in (0, 1, 3))",
              "i, f, o = (sigmoid(a[:, k * H : (k + 1) * H]) for k in (0, 1, 2))"),
        Patch("lstm", "g = np.tanh(a[:, 2 * H : 3 * H])", "g = np.tanh(a[:, 3 * H :])"),
        Patch("lstm", "half[2 * H : 3 * H] = 1.0", "half[3 * H :] = 1.0"),
        Patch("lstm", "f, i, g, o = gt[:, :H], gt[:, H : 2 * H], gt[:, 2 * H : 3 * H], gt[:, 3 * H :]",
              "i, f, o, g = gt[:, :H], gt[:, H : 2 * H], gt[:, 2 * H : 3 * H], gt[:, 3 * H :]", count=2),
        # the backward passes stack da in the same (wrong) order: each is the gradient of its own forward
        Patch("lstm", """        dc * prev_c * f * (1.0 - f),        # forget gate
        dc * g * i * (1.0 - i),             # input gate
        dc * i * (1.0 - g * g),             # candidate
        dnext_h * tanh_c * o * (1.0 - o),   # output gate
""", """        dc * g * i * (1.0 - i),             # input gate
        dc * prev_c * f * (1.0 - f),        # forget gate
        dnext_h * tanh_c * o * (1.0 - o),   # output gate
        dc * i * (1.0 - g * g),             # candidate
"""),
        Patch("lstm", "f * (1.0 - f), out=da[:, :H])", "f * (1.0 - f), out=da[:, H : 2 * H])"),
        Patch("lstm", "i * (1.0 - i), out=da[:, H : 2 * H])", "i * (1.0 - i), out=da[:, :H])"),
        Patch("lstm", "1.0 - g * g, out=da[:, 2 * H : 3 * H])", "1.0 - g * g, out=da[:, 3 * H :])"),
        Patch("lstm", "o * (1.0 - o), out=da[:, 3 * H :])", "o * (1.0 - o), out=da[:, 2 * H : 3 * H])"),
    ],
    "no-bptt-h": [Patch("lstm", "dht = dh[:, t] + dprev_h", "dht = dh[:, t]")],
    "gates-resigmoided": [  # lstm_step_backward with sigmoid_grad on the gates, which are sigmoid outputs already
        Patch("lstm", "from .activations import sigmoid\n", "from .activations import sigmoid, sigmoid_grad\n"),
        Patch("lstm", "        dc * prev_c * f * (1.0 - f),        # forget gate\n",
              "        dc * prev_c * sigmoid_grad(f),      # forget gate\n"),
        Patch("lstm", "        dc * g * i * (1.0 - i),             # input gate\n",
              "        dc * g * sigmoid_grad(i),           # input gate\n"),
        Patch("lstm", "        dnext_h * tanh_c * o * (1.0 - o),   # output gate\n",
              "        dnext_h * tanh_c * sigmoid_grad(o), # output gate\n"),
    ],
    "no-cell-carry": [Patch("lstm", "        dct += dprev_c                                        # from step t+1's "
                                    "forget gate\n", "")],
    # task 7: optimisers
    "rmsprop-weights": "hugo",
    "rmsprop-eps-inside": [Patch("optim", "(np.sqrt(s) + self.eps)", "np.sqrt(s + self.eps)")],
    "rmsprop-no-one-minus-alpha": [Patch("optim", "s = self.alpha * s + (1.0 - self.alpha) * g * g",
                                         "s = self.alpha * s + g * g")],
    "options-ignored": [Patch("optim", "s = self.alpha * s + (1.0 - self.alpha) * g * g",
                              "s = 0.99 * s + 0.01 * g * g"),
                        Patch("optim", "params[name] -= self.lr * g / (np.sqrt(s) + self.eps)",
                              "params[name] -= self.lr * g / (np.sqrt(s) + 1e-8)")],
    "adam-no-one-minus-beta": [
        Patch("optim", "m = self.beta1 * self.m.get(name, 0.0) + (1.0 - self.beta1) * g",
              "m = self.beta1 * self.m.get(name, 0.0) + g"),
        Patch("optim", "v = self.beta2 * self.v.get(name, 0.0) + (1.0 - self.beta2) * g * g",
              "v = self.beta2 * self.v.get(name, 0.0) + g * g")],
    "momentum-average": [Patch("optim", "v = g.copy() if v is None else self.momentum * v + g",
                               "v = (1 - self.momentum) * g if v is None else self.momentum * v + "
                               "(1 - self.momentum) * g")],
    "adam-no-bias-correction": [Patch("optim", "self.lr * (m / correct1) / (np.sqrt(v / correct2) + self.eps)",
                                      "self.lr * m / (np.sqrt(v) + self.eps)")],
    "adam-eps-hat": [Patch("optim", "self.lr * (m / correct1) / (np.sqrt(v / correct2) + self.eps)",
                           "self.lr * np.sqrt(correct2) / correct1 * m / (np.sqrt(v) + self.eps)")],
    # task 8: training and generation
    "state-not-reset": "ivan",
    "feeds-probabilities": [
        Patch("train", "    def read(idx: int) -> None:\n        nonlocal h, c\n        x = one_hot(idx, V)[None]\n",
              "    def read(idx: int, x: np.ndarray | None = None) -> None:\n        nonlocal h, c\n"
              "        x = one_hot(idx, V)[None] if x is None else x\n"),
        Patch("train", "        read(idx)\n", "        read(idx, p[None])     # feed the probabilities back in\n"),
    ],
    # task 9: the PyTorch mapping
    "bias-hh-dropped": [Patch("torch_port", 'state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]',
                              'state["lstm.bias_ih_l0"] + 0.0 * state["lstm.bias_hh_l0"]')],
    "torch-gate-order": [
        Patch("torch_port", "reorder(params[\"Wx\"])", "params[\"Wx\"]"),
        Patch("torch_port", "reorder(params[\"Wh\"])", "params[\"Wh\"]"),
        Patch("torch_port", "reorder(params[\"b\"])", "params[\"b\"].copy()"),
    ],
}

NAMED = _named_mistakes()


def _tasks(case: str | list[Patch]) -> tuple[str, ...] | None:
    """The tasks where a case's mistake can show: those of the modules it patches (the grader keeps a module's
    mistake out of other tasks' checks, which tests/runtime/test_mutants.py checks); every task for an example
    learner."""
    if isinstance(case, str):
        return None
    modules = {patch.module for patch in case}
    return tuple(task.id for task in load_tasks() if task.module in modules)


def _learner(case: str | list[Patch], folder: Path) -> Path:
    """The folder to grade: an example learner, or a copy of ada's code with the patches applied."""
    if isinstance(case, str):
        return EXAMPLES / case
    folder.mkdir()
    for path in (EXAMPLES / "ada").glob("*.py"):
        shutil.copy(path, folder / path.name)
    for patch in case:
        target = folder / f"{patch.module}.py"
        source = target.read_text()
        assert source.count(patch.find) == patch.count, (
            f"{patch.module}.py: {patch.find!r} occurs {source.count(patch.find)} times, not {patch.count}")
        target.write_text(source.replace(patch.find, patch.replace))
    return folder


@pytest.mark.parametrize("mistake", sorted(NAMED | set(CASES)))
def test_grader_names_the_mistake(graders, tmp_path, mistake):
    """Does the grader name each known mistake when a learner's code makes exactly that mistake? Graded without
    the end-to-end convergence run, which names no mistake."""
    assert mistake in CASES, f"the grader can name {mistake!r}, but this file has no case that makes it"
    assert mistake in NAMED, f"{mistake!r} has a case here, but the grader no longer names it"
    case = CASES[mistake]
    if isinstance(case, str):
        assert mistake in LEARNERS[case]["expect"].get("mistakes", []), f"learners.toml: {case} does not make it"
    report = graders(tasks=_tasks(case), exclude=(CONVERGENCE,)).grade(_learner(case, tmp_path / "learner"))
    failed = [r for r in report.results if r.status is not Status.PASSED]
    named = {r.diagnostics.get("mistake") for r in report.results}
    assert mistake in named, "\n".join(f"{r.status.value}: {r.name}: {r.message}" for r in failed) or "all passed"
