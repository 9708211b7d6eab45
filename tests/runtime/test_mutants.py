"""The grader on the held-out mutant suite (tests/runtime/mutants.py), on task 8's isolation, and on its diagnoses.

Every mutant must lose points on its own task and nowhere else but the end-to-end convergence
check; at least 80% of them must get a message that names the mistake or describes its pattern.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from mutants import MUTANTS, Mutant, Patch, build, measure, reached_tasks, summary, verdict

from autograder.channels.nbsupport import assemble, write_modules
from autograder.grading.grader import Grader
from autograder.runtime.describe import describe, facts_of
from autograder.runtime.judges.convergence import NAME as CONVERGENCE
from autograder.runtime.manifest import ROOT
from autograder.runtime.model import Status

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it


@pytest.fixture(scope="module")
def grader(make_grader) -> Grader:
    return make_grader()


@pytest.fixture(scope="module")
def verdicts(graders):
    """Every mutant's verdict, graded on the tasks whose checks can run the code it changes (``reached_tasks``: the
    others cannot lose points to it); those of tasks 1-7 and 9 without the convergence run, which they do not
    count. `python -m tests.runtime.mutants` grades every task."""
    def grader_for(mutant: Mutant) -> Grader:
        return graders(tasks=reached_tasks(mutant), exclude=() if mutant.task == "8" else (CONVERGENCE,))
    return {v.id: v for v in measure(grader_for=grader_for)}


def test_the_suite_is_large_and_distinct():
    """At least 40 mutants, ids unique, every task of the kit covered."""
    assert len(MUTANTS) >= 40
    assert len({m.id for m in MUTANTS}) == len(MUTANTS)
    assert {m.task for m in MUTANTS} == {str(k) for k in range(1, 10)}


@pytest.mark.parametrize("mutant", [m.id for m in MUTANTS])
def test_mutant_loses_points_on_its_own_task_only(verdicts, mutant):
    """Does the mutant lose points in its own task, and none in another task's checks (convergence aside)?"""
    v = verdicts[mutant]
    assert v.caught, f"{mutant}: its task {v.task} kept full marks"
    assert v.outside == 0, f"{mutant}: lost {v.outside} points outside task {v.task}"


def test_most_mutants_are_diagnosed_in_words(verdicts):
    """Do at least 80% of the mutants get a named mistake or a described pattern?"""
    diagnosed = sum(v.diagnosed for v in verdicts.values())
    assert diagnosed >= 0.8 * len(verdicts), summary(list(verdicts.values()))


def _grade(grader, tmp_path, *patches: Patch):
    return grader.grade(build(Mutant("case", "8", "", patches), tmp_path / "learner"))


def _task_lost(report, task: str, convergence: bool = False) -> float:
    return sum(r.max_points - r.points for r in report.results
               if r.task == task and r.name.startswith("convergence") == convergence)


def test_task_8_is_graded_on_its_own_code_when_modules_star_import_each_other(grader, make_grader, tmp_path):
    """Modules made from a notebook star-import every module above them, so optim.py hands lstm.py's
    functions on to train.py: bob's task-6 bug still costs task 8 nothing (the convergence check aside),
    graded with every task (nbgrader-autograde) or with task 8 alone (a notebook's test cell)."""
    bob = ROOT / "examples" / "submissions" / "bob"
    order = ("data", "activations", "initialisation", "rnn", "clipping", "lstm", "optim", "train", "torch_port")
    own_imports = re.compile(r"^from (\.\w+|__future__) import .*$", re.M)
    folder = tmp_path / "bob"
    folder.mkdir()
    write_modules(assemble({m: [own_imports.sub("", (bob / f"{m}.py").read_text())] for m in order}), folder)
    assert "from .lstm import *" in (folder / "optim.py").read_text()
    everything = grader.grade(folder)
    assert _task_lost(everything, "6") > 0
    for report in (everything, make_grader(tasks=("8",)).grade(folder)):
        failed = [r.name for r in report.results if r.task == "8" and r.status is not Status.PASSED]
        assert _task_lost(report, "8") == 0, failed


def test_task_8_keeps_its_points_when_a_lower_module_does_not_even_import(grader, tmp_path):
    """A syntax error in clipping.py: task 5 gets 0, task 8's unit checks all pass, convergence says fix 5 first."""
    report = _grade(grader, tmp_path, Patch("clipping", "import numpy as np\n",
                                            "import numpy as np\nthis is not python\n"))
    assert _task_lost(report, "5") == 5
    assert _task_lost(report, "8") == 0
    convergence = next(r for r in report.results if r.name.startswith("convergence"))
    assert convergence.status is not Status.PASSED and "Fix task 5 first" in convergence.message


def test_an_lstm_that_forwards_to_the_proxies_gains_nothing_in_task_6(grader, tmp_path):
    """An lstm.py that only tries to call whatever its caller's module offers still scores 0 in task 6."""
    report = _grade(grader, tmp_path, Patch("lstm", "from .activations import sigmoid\n",
                                            """from .activations import sigmoid
import sys as _sys


def _forward(name):
    def call(*args, **kwargs):
        train = _sys.modules.get(__package__ + ".train")
        return getattr(train, name)(*args, **kwargs)
    return call


lstm_step_forward = lstm_forward = _forward("lstm_forward")
"""), Patch("lstm", "def lstm_step_forward(", "def _unused_step_forward("),
        Patch("lstm", "def lstm_forward(", "def _unused_forward("))
    forwards = [r for r in report.results if r.task == "6" and "forward" in r.name]
    assert forwards and all(r.status is not Status.PASSED for r in forwards)
    assert _task_lost(report, "8") == 0


def test_state_check_fails_only_for_state_carried(grader, tmp_path):
    """A model_loss that is wrong but stateless loses the model_loss check, not the 'no state carried' one."""
    report = _grade(grader, tmp_path, Patch("train", "cross_entropy(scores, batch.y, batch.mask)",
                                            "cross_entropy(scores, batch.y, np.ones_like(batch.mask))"))
    states = [r for r in report.results if "no state carried" in r.name]
    losses = [r for r in report.results if r.name.startswith("model_loss: loss")]
    assert states and all(r.status is Status.PASSED for r in states)
    assert losses and all(r.status is Status.FAILED for r in losses)
    assert "cross_entropy(mask differing)" in losses[0].message


def test_a_correct_variant_with_other_calls_keeps_full_marks(grader, tmp_path):
    """model_loss computing the scores by hand (no affine_forward call) is still right: the table is not a recipe."""
    report = _grade(grader, tmp_path, Patch("train",
                                            'scores, out_cache = affine_forward(h, params["Wy"], params["by"])',
                                            'scores, out_cache = h @ params["Wy"] + params["by"], None'),
                    Patch("train", "dh, dWy, dby = affine_backward(dscores, out_cache)",
                          'dh, dWy, dby = (dscores @ params["Wy"].T, np.einsum("nth,ntv->hv", h, dscores), '
                          'dscores.sum(axis=(0, 1)))'))
    assert report.score == pytest.approx(100.0), [r.message for r in report.results if r.points < r.max_points]


# --- the structural diagnoses, one by one ----------------------------------------------------------

RNG = np.random.default_rng(0)
WANT = RNG.standard_normal((3, 4, 8))
MASK = np.ones((3, 4), bool)
MASK[0, 2:] = MASK[2, 3:] = False      # M = 9 valid steps
FACTS = facts_of([WANT, MASK], ["NTV", "NT"])


@pytest.mark.parametrize(("got", "pattern", "words"), [
    (WANT / 9, "factor", "divided by 9 (M)"),
    (WANT * 12, "factor", "12 times"),
    (-WANT, "wrong-sign", "wrong sign"),
    (np.concatenate([WANT[..., 2:4], WANT[..., :2], WANT[..., 4:]], axis=-1), "blocks-permuted", "i, f, g, o"),
    (np.where(MASK[..., None], WANT, 0.0), "padded-only", "padded steps"),
    (np.concatenate([WANT[:, :1] + 1, WANT[:, 1:]], axis=1), "first-step-only", "t = 0"),
    (np.concatenate([WANT[:, :-1], WANT[:, -1:] * 2], axis=1), "last-step-only", "last time step"),
    (WANT * (1 + 1e-7), "precision", "float32"),
    (WANT.astype(np.float32), "float32", "keeps about 7 significant digits"),
    (np.where(WANT > 1, np.nan, WANT), "overflow", "NaN"),
    (np.repeat(WANT[:, -1:], 4, axis=1), "same-every-step", "the same values as your last one"),
])
def test_describe_names_the_pattern(got, pattern, words):
    """Does describe() recognise each kind of difference, in words?"""
    found = describe(got, WANT, FACTS)
    assert found is not None and found[0] == pattern and words in found[1], found


def test_describe_containers():
    """Swapped outputs, a vocabulary in the wrong order, overlapping parts, generation past EOS."""
    assert describe(([2, 3], [1, 2]), ([1, 2], [2, 3]), names=("inputs", "targets"))[0] == "outputs-swapped"
    assert describe(["UNK", "a", "b"], ["a", "b", "UNK"])[0] == "unk-not-last"
    assert describe({"a": 0, "b": 1, "c": 2, "UNK": 3}, {"c": 0, "a": 1, "b": 2, "UNK": 3})[0] == "alphabetical"
    assert describe(([0, 1, 2], [2, 3], [4]), ([0, 1, 2], [3], [4]))[0] == "parts-overlap"
    assert describe(["a", "b", "EOS", "a"], ["a", "b", "EOS"])[0] == "past-eos"
    assert describe(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 3.0], [2.0, 4.0]]))[0] == "transposed"
    assert describe(RNG.standard_normal((3, 4)), RNG.standard_normal((3, 4))) is None
    alike = describe([["a", "b", "EOS"]] * 4, [["a", "b", "EOS"], ["a", "a", "b", "b", "EOS"], ["a", "b", "EOS"],
                                               ["a", "a", "a", "b", "b", "b", "EOS"]])
    assert alike is not None and alike[0] == "all-alike" and "all 4 of your items are the same" in alike[1], alike
    short = describe([["a", "b", "EOS"], ["a", "b", "a"]], [["a", "b", "EOS"], ["a", "b", "a", "EOS"]])
    assert short is not None and short[0] == "last-missing" and "1 of your 2 items lack" in short[1], short
    clamped = describe(np.full((3, 4), -1.0), np.clip(RNG.standard_normal((3, 4)) * 3, -1, 1))
    assert clamped is not None and clamped[0] == "one-value" and "one value, -1, everywhere" in clamped[1], clamped


def test_describe_columns_flipped_or_reordered_and_a_dtype():
    """A sign per column (a QR sign correction from the wrong diagonal), columns interleaved (stacked blocks
    reshaped), right values held as integers: each said as what it is, not as other random draws or float32."""
    want = np.linalg.qr(RNG.standard_normal((5, 5)))[0]
    flipped = describe(want * np.array([1, -1, 1, 1, -1]), want)
    assert flipped is not None and flipped[0] == "signs-flipped" and "columns 1, 4 are" in flipped[1], flipped
    interleaved = describe(want[:, [0, 2, 4, 1, 3]], want)
    assert interleaved is not None and interleaved[0] == "slices-permuted", interleaved
    assert "your column 1 is the expected 2, 2 is the expected 4" in interleaved[1], interleaved
    rows = describe(want[[1, 0, 2, 3, 4]], want)
    assert rows is not None and rows[0] == "slices-permuted" and rows[1].startswith("your rows"), rows
    scaled = describe(want * np.array([2.0, -0.5, 1.0, 3.0, 1.5]), want)
    assert scaled is not None and scaled[0] == "columns-scaled", scaled
    weight = RNG.standard_normal((5, 3))
    reshaped = describe({"Wx": RNG.standard_normal((3, 5)), "Wy": weight.reshape(3, 5)},
                        {"Wx": weight.T, "Wy": weight.T})
    assert reshaped is not None and reshaped[0] == "reshaped-not-transposed", reshaped
    assert reshaped[1].startswith("in ['Wy']: your array is the expected one's transpose reshaped to (3, 5)"), reshaped
    one_hot = describe(np.eye(4, dtype=np.int64), np.eye(4))
    assert one_hot is not None and one_hot[0] == "dtype" and "int64, not float64" in one_hot[1], one_hot
    for ids in (np.array([]), np.array([3, 1], dtype=np.int32)):   # encode: np.array of [] or of ints on Windows
        found = describe(ids, ids.astype(np.int64))
        assert found is not None and found[0] == "dtype" and "pass dtype=np.int64" in found[1], found
    one = describe(want * np.array([1, 1, -1, 1, 1]), want)
    assert one is not None and "your column 2 is the expected one with the opposite sign" in one[1], one
    assert (describe(want * np.array([1, -1, 1, 1, 2]), want) or ("",))[0] not in ("signs-flipped", "slices-permuted")


def test_verdict_counts_convergence_apart(grader, tmp_path):
    """The measure's own bookkeeping: a task-6 mutant's convergence loss is reported apart from 'outside'."""
    mutant = next(m for m in MUTANTS if m.id == "lstm-db-mean")
    v = verdict(mutant, grader.grade(build(mutant, tmp_path / "m")))
    assert v.caught and v.outside == 0 and v.convergence > 0


def test_a_list_or_dict_changed_in_place_or_state_kept_between_calls_is_reported(graders, tmp_path):
    """Lists and dicts reach the learner's function as Python objects, not in the memory the grader observes: the
    worker sends them back as the first call left them (inputs_targets popping the caller's list,
    from_torch_state popping the state's keys), and calls the function a second time on the same objects, so
    that an answer depending on something else shows as a second answer that differs (decode appending to a
    mutable default list). ada's own functions are called twice too and keep every point."""
    mutant = Mutant("in-place", "1", "", (
        Patch("data", "    return list(sequence[:-1]), list(sequence[1:])",
              "    targets = sequence[1:]\n    sequence.pop()\n    return sequence, targets"),
        Patch("data", "    return [idx_to_word[int(idx)] for idx in ids]",
              "    words = _WORDS\n    words += [idx_to_word[int(idx)] for idx in ids]\n    return words\n"
              "\n\n_WORDS = []"),
        Patch("torch_port", '"Wy": np.ascontiguousarray(state["out.weight"].T),',
              '"Wy": np.ascontiguousarray(state.pop("out.weight").T),')))
    grader = graders(tasks=("1", "9"), visibility="visible")
    report = grader.grade(build(mutant, tmp_path / "learner"))
    lost = {r.name: r for r in report.results if r.points < r.max_points}
    assert set(lost) == {"inputs_targets: next-token targets (fixed inputs)",
                         "decode: indices to words (fixed inputs)",
                         "from_torch_state: the inverse map, biases folded (fixed inputs)"}, sorted(lost)
    for name in ("inputs_targets", "from_torch_state"):
        [r] = [r for r in lost.values() if r.name.startswith(name)]
        assert r.diagnostics.get("pattern") == "modifies-input", r.message
        assert "after the call, a list or dict it was given holds other entries" in r.message, r.message
    [r] = [r for r in lost.values() if r.name.startswith("decode")]
    assert "modifies-input" in [r.diagnostics.get("pattern"), *r.diagnostics.get("also", [])], r.diagnostics
    assert "called a second time on the same arguments, your function returned another value" in r.message, r.message
    ada = grader.grade(ROOT / "examples" / "submissions" / "ada")
    assert [r.name for r in ada.results if r.points < r.max_points] == []


def test_an_argument_the_code_never_uses_is_named(graders, tmp_path):
    """rnn_step_forward without its bias: its answer stays the same when b gets other values (one more call per
    float argument, made only for a wrong answer with no other description), so the message says b is not used;
    prev_h, which it uses, is not named."""
    mutant = Mutant("no-bias", "4", "", (Patch("rnn", "    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)\n",
                                               "    next_h = np.tanh(x @ Wx + prev_h @ Wh)\n"),))
    report = graders(tasks=("4",), visibility="visible").grade(build(mutant, tmp_path / "learner"))
    [step] = [r for r in report.results if r.name.startswith("rnn_step_forward")]
    assert step.diagnostics.get("pattern") == "unused-input", step.message
    assert "your answer stays exactly the same when b gets other values, while the expected one changes: your code " \
        "does not use b" in step.message, step.message
    assert "prev_h" not in step.message.split("What the difference looks like:")[1], step.message


def test_an_entry_of_a_dict_argument_the_code_never_uses_is_named(graders, tmp_path):
    """from_torch_state folding bias_ih twice: the answer stays the same when the state's bias_hh gets other values
    (dict arguments are probed entry by entry), so the message names that entry and no other."""
    mutant = Mutant("ih-twice", "9", "", (Patch(
        "torch_port", 'reorder(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])',
        'reorder(state["lstm.bias_ih_l0"] + state["lstm.bias_ih_l0"])'),))
    report = graders(tasks=("9",), visibility="visible").grade(build(mutant, tmp_path / "learner"))
    [inverse] = [r for r in report.results if r.name.startswith("from_torch_state")]
    assert inverse.diagnostics.get("pattern") == "unused-input", inverse.message
    assert "your code does not use state['lstm.bias_hh_l0']" in inverse.message, inverse.message
    assert "weight" not in inverse.message.split("What the difference looks like:")[1], inverse.message


def test_a_list_changed_by_a_call_given_a_random_generator_is_reported(graders, tmp_path):
    """generate (given an rng, so never called twice) appending to the caller's prompt: the list comes back as the
    call left it, and the check says so."""
    [mutant] = [m for m in MUTANTS if m.id == "generate-grows-prompt"]
    report = graders(tasks=("8",), visibility="visible").grade(build(mutant, tmp_path / "learner"))
    [generate] = [r for r in report.results if r.name.startswith("generate")]
    assert generate.diagnostics.get("pattern") == "modifies-input", generate.message
    assert "after the call, a list or dict it was given holds other entries" in generate.message, generate.message


def test_an_array_of_strings_for_a_list_is_said_to_be_one(graders, tmp_path):
    """decode returning np.array(idx_to_word)[ids]: the sandbox refuses an array of strings, and the message says
    what to return instead."""
    [mutant] = [m for m in MUTANTS if m.id == "decode-string-array"]
    report = graders(tasks=("1",), visibility="visible").grade(build(mutant, tmp_path / "learner"))
    [decode] = [r for r in report.results if r.name.startswith("decode")]
    assert decode.diagnostics.get("pattern") == "string-array", decode.message
    assert "What the error means: your answer is a numpy array of strings" in decode.message, decode.message


def test_two_answers_of_the_learner_are_compared_exactly_and_never_accused_on_a_guess():
    """identical() (the called-again rule, the unused-input probes): float32, NaN and complex answers equal to
    themselves are identical (found by review: mismatch() applied grading policy, so a float32 one_hot_batch or
    a NaN norm called twice was accused of changing its input); values numpy cannot compare accuse no one."""
    from autograder.runtime.judges.values import identical, same_structure

    x32 = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert identical(x32, x32.copy()) and identical(float("nan"), float("nan")) and identical(1 + 2j, 1 + 2j)
    assert identical({"W": np.array([np.nan, 1.0])}, {"W": np.array([np.nan, 1.0])})
    for nan in (np.float32("nan"), np.float16("nan"), np.complex128(complex("nan")), [np.float32("nan")]):
        assert identical(nan, nan), nan        # numpy's NaN scalars too (found by the second review)
    assert not identical(np.float32(1.0), np.float64(1.0)) and not identical(np.float32(1.0), np.float32(2.0))
    assert not identical(x32, x32.astype(np.float64)) and not identical([1, 2], (1, 2))
    assert not identical({"a": 1}, {"a": 1, "b": 2}) and not identical(np.zeros(3), np.zeros(4))

    class Unequal:
        def __eq__(self, other):
            raise RuntimeError("no comparing me")

    assert identical(Unequal(), Unequal())       # cannot tell: no accusation
    assert same_structure((np.zeros((2, 3)), 1.0), (np.ones((2, 3)), 2.0))
    assert not same_structure(None, np.zeros(3)) and not same_structure(np.zeros((3, 1)), np.zeros(3))


def test_no_argument_is_called_unused_when_the_answer_is_missing_or_the_reference_ignores_it(make_grader):
    """The probes part lists, per case, the float arguments the reference's answer changes with: in a case
    whose inputs and states are all zero, Wx and Wh change nothing and are not probed (found by review: a
    learner who forgot the bias would have been told Wx is unused there)."""
    grader = make_grader()
    check = next(c for c in grader.checks if c.name == "rnn_step_forward: next_h (fixed inputs)")
    cases, probes = grader.source.expected(check, grader.seed_of(check), "cases"), \
        grader.source.expected(check, grader.seed_of(check), "probes")
    names = check.spec["args"]
    by_label = {case.label: [names[k] for k in found] for case, found in zip(cases, probes, strict=True)}
    assert by_label["N=3, D=4, H=6"] == ["x", "prev_h", "Wx", "Wh", "b"], by_label
    zero = [label for label in by_label if "zero" in label]
    assert zero and all("Wx" not in by_label[label] and "Wh" not in by_label[label] for label in zero), by_label


def test_calls_made_to_describe_wrong_answers_share_one_small_allowance_per_submission():
    """Context.probe: each probe's time comes out of one allowance for the whole submission, and a probe that
    does not end normally spends all of it (found by the second review: probes drew on the checks' own budget
    and a timed-out probe restarted the worker for every later check)."""
    from autograder.runtime.judges.base import Context, ProbeAllowance
    from autograder.runtime.sandbox import Outcome

    class Sandbox:
        def __init__(self):
            self.calls = []

        def run(self, job, payload, timeout=None):
            self.calls.append(timeout)
            status = "timeout" if len(self.calls) == 3 else "ok"
            return Outcome(status=status, value={"result": 1}, seconds=timeout, cpu=0.4)

    sandbox, allowance = Sandbox(), ProbeAllowance(1.0)
    contexts = [Context(None, 0, sandbox, None, probes=allowance) for _ in range(2)]
    assert contexts[0].probe("call", 0.5).status == "ok" and allowance.seconds == pytest.approx(0.6)
    assert contexts[1].probe("call", 0.5).status == "ok" and allowance.seconds == pytest.approx(0.2)
    assert contexts[1].probe("call", 0.5) is None and len(sandbox.calls) == 2    # not enough left: not run
    allowance.seconds = 1.0
    assert contexts[0].probe("call", 0.5).status == "timeout" and allowance.seconds == 0.0
