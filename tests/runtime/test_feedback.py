"""Feedback a learner can act on the first time (issue 18): their own prints on every failed check, every
problem of a check in one run, slow code told apart from endless code.

Each test grades a copy of the correct example learner (``examples/submissions/ada``) with one function
changed, on the visible checks of one task only (a few seconds each).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.formats.gradescope import to_gradescope
from autograder.formats.html import learner_page
from autograder.grading.grader import Grader
from autograder.runtime.compare import mismatch
from autograder.runtime.describe import describe, facts_of
from autograder.runtime.drivers import SAMPLE_MARK
from autograder.runtime.judges import Check, Failure
from autograder.runtime.judges.base import printed_text, split_sample
from autograder.runtime.judges.convergence import EPOCHS
from autograder.runtime.judges.convergence import convergence as convergence_judge
from autograder.runtime.learner import Ticker
from autograder.runtime.manifest import ROOT
from autograder.runtime.model import Report, Status
from autograder.runtime.pytest_visible import assert_passed
from autograder.runtime.sandbox import Limits
from autograder.runtime.terminal import format_report
from autograder.runtime.text import to_jsonable

ADA = ROOT / "examples" / "submissions" / "ada"
MARKER = "DEBUG-tanh-grad-4f2e"


def patched(folder: Path, module: str, find: str, replace: str) -> Path:
    """A copy of ada's code in ``folder`` with ``find`` replaced once in ``module``.py."""
    folder.mkdir()
    for path in ADA.glob("*.py"):
        shutil.copy(path, folder / path.name)
    target = folder / f"{module}.py"
    source = target.read_text()
    assert source.count(find) == 1, f"{module}.py: {find!r} occurs {source.count(find)} times"
    target.write_text(source.replace(find, replace))
    return folder


def grade(folder: Path, task: str) -> Report:
    return Grader(visibility="visible", tasks=(task,)).grade(folder)


@pytest.fixture(scope="module")
def printing_wrong_value(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """tanh_grad prints a debugging line and returns a wrong value (it does not raise)."""
    folder = patched(tmp_path_factory.mktemp("print") / "learner", "activations", "    return 1.0 - t * t\n",
                     f"    print('{MARKER}', t.shape)\n    return 1.0 - t\n")
    return grade(folder, "2")


def failed_tanh_grad(report: Report) -> list:
    failed = [r for r in report.results if r.status is not Status.PASSED and r.name.startswith("tanh_grad")]
    assert failed, "the wrong tanh_grad passed: " + "; ".join(f"{r.name}: {r.status.value}" for r in report.results)
    return failed


def test_a_wrong_value_shows_what_the_code_printed_in_the_terminal(printing_wrong_value: Report) -> None:
    for result in failed_tanh_grad(printing_wrong_value):
        assert MARKER in result.diagnostics.get("output", ""), result
    text = format_report(printing_wrong_value, heading="x")
    assert "your code printed:" in text and f"| {MARKER}" in text, text


def test_a_wrong_value_shows_what_the_code_printed_in_pytest_html_and_gradescope(printing_wrong_value) -> None:
    result = failed_tanh_grad(printing_wrong_value)[0]
    with pytest.raises(pytest.fail.Exception) as raised:
        assert_passed(result)
    assert "your code printed:" in str(raised.value) and MARKER in str(raised.value)
    page = learner_page(to_jsonable(printing_wrong_value.to_dict()))
    assert "what your code printed" in page and MARKER in page
    results = to_gradescope(printing_wrong_value)
    outputs = [t["output"] for t in results["tests"] if t["name"].startswith("tanh_grad")]
    assert any(MARKER in output for output in outputs), json.dumps(outputs)[:2000]


def test_passed_checks_carry_no_output(printing_wrong_value: Report) -> None:
    """Only failed checks show prints: a passing check's diagnostics stay as they were."""
    for result in printing_wrong_value.results:
        if result.status is Status.PASSED:
            assert "output" not in result.diagnostics, result.name


def test_printed_text_keeps_the_failing_call_whole_and_says_what_it_left_out() -> None:
    assert printed_text([]) == ""
    assert printed_text(["a\n", "b\n"]) == "a\nb"
    text = printed_text(["x" * 50, "y" * 50, "last\n"], limit=60)
    assert text.endswith("last") and "y" * 50 in text and "x" * 50 not in text
    assert "1 earlier call of this check not shown" in text


# --- every problem of a check in one run ---------------------------------------------------------


def test_a_view_and_a_non_contiguous_array_are_both_reported_in_one_run(tmp_path: Path) -> None:
    """to_torch_state returning params["Wy"].T itself (a view, and not contiguous): both problems at once."""
    folder = patched(tmp_path / "learner", "torch_port", '"out.weight": params["Wy"].T.copy(),',
                     '"out.weight": params["Wy"].T,')
    report = grade(folder, "9")
    [result] = [r for r in report.results if r.name.startswith("to_torch_state")]
    assert result.status is Status.FAILED
    assert result.diagnostics.get("pattern") == "returns-a-view", result.message
    assert result.diagnostics.get("also") == ["not-contiguous"], result.message
    first, also = result.message.index("is a view"), result.message.index("Also:")
    assert first < also < result.message.index("not C-contiguous"), result.message


def test_every_wrong_output_of_a_function_is_listed(tmp_path: Path) -> None:
    """cross_entropy dividing by the padded count: the loss and dscores are both wrong, both are named."""
    folder = patched(tmp_path / "learner", "activations", "loss = -log_p[rows, targets].sum() / M",
                     "loss = -log_p[rows, targets].sum() / mask.size")
    source = (folder / "activations.py").read_text()
    (folder / "activations.py").write_text(source.replace("dscores[mask] = dvalid / M",
                                                          "dscores[mask] = dvalid / mask.size"))
    report = grade(folder, "2")
    failed = [r for r in report.results if r.name.startswith("cross_entropy") and r.status is Status.FAILED
              and "relative error" in r.message]
    assert failed, [(r.name, r.message) for r in report.results if r.name.startswith("cross_entropy")]
    message = failed[0].message
    assert "cross_entropy: loss" in message and "also wrong: cross_entropy: dscores" in message, message


# --- promises of the docstrings that a check breaks on -----------------------------------------


def test_from_torch_state_returning_an_input_array_breaks_its_new_arrays_promise(tmp_path: Path) -> None:
    folder = patched(tmp_path / "learner", "torch_port", '"by": state["out.bias"].copy(),', '"by": state["out.bias"],')
    report = grade(folder, "9")
    [result] = [r for r in report.results if r.name.startswith("from_torch_state")]
    assert result.status is Status.FAILED and result.diagnostics.get("pattern") == "returns-a-view", result.message
    assert "from_torch_state['by'] is a view" in result.message, result.message


def test_cross_entropy_raising_on_padded_targets_of_minus_100_fails(tmp_path: Path) -> None:
    """Gathering log p at every position, padded ones included, raises IndexError on PyTorch's -100 padding."""
    folder = patched(tmp_path / "learner", "activations", "    loss = -log_p[rows, targets].sum() / M\n",
                     "    np.take_along_axis(scores, y[..., None], axis=-1)   # every position, padded too\n"
                     "    loss = -log_p[rows, targets].sum() / M\n")
    report = grade(folder, "2")
    [result] = [r for r in report.results if r.name.startswith("cross_entropy")]
    assert result.status is Status.ERROR, result.message
    assert "padded targets out of range" in result.message and "IndexError" in result.message, result.message


def test_a_float32_sigmoid_costs_task_2_only(tmp_path: Path) -> None:
    """The guard that keeps task 2's overflow out of tasks 4 and 6 keeps its precision out too."""
    folder = patched(tmp_path / "learner", "activations", "    e = np.exp(-np.abs(x))\n",
                     "    x = np.asarray(x, dtype=np.float32)\n    e = np.exp(-np.abs(x))\n")
    report = Grader(visibility="visible", tasks=("2", "6")).grade(folder)
    sigmoid = [r for r in report.results if r.name.startswith("sigmoid:")]
    assert sigmoid and all(r.status is Status.FAILED for r in sigmoid), [(r.name, r.message) for r in sigmoid]
    lstm = [r for r in report.results if r.task == "6"]
    assert lstm and all(r.status is Status.PASSED for r in lstm), [(r.name, r.message) for r in lstm
                                                                   if r.status is not Status.PASSED]


@pytest.mark.parametrize(("mistake", "replace"), ids=["unfinished", "wrong-sign", "float32"], argvalues=[
    ("unfinished", "    raise NotImplementedError('sigmoid')\n"),
    ("wrong sign", "    return 1.0 / (1.0 + np.exp(np.clip(x, -700, 700)))\n"),
    ("float32", "    x = np.asarray(x, dtype=np.float32)\n    e = np.exp(-np.abs(x))\n"
                "    return np.where(x >= 0, 1.0, e) / (1.0 + e)\n"),
])
def test_no_sigmoid_mistake_costs_the_lstm_a_point_on_hidden_inputs_either(make_grader, tmp_path: Path, mistake: str,
                                                                          replace: str) -> None:
    """Task 6 graded on task 6's code (a weekly course's week 3 on week 1's sigmoid): its guarded checks answer the
    LSTM's calls to the learner's activations from recorded values (part "answers"), so an unfinished, wrong or
    float32 sigmoid costs task 2 only; hidden inputs included (a float32 sigmoid cost a large-input hidden gradient
    check before). Without the answers, each of these fails a task 6 check."""
    folder = patched(tmp_path / "learner", "activations",
                     "    e = np.exp(-np.abs(x))\n    return np.where(x >= 0, 1.0, e) / (1.0 + e)\n", replace)
    report = make_grader(tasks=("2", "6"), seed=918273645).grade(folder)   # a seed whose large-input hidden
    sigmoid = [r for r in report.results if r.name.startswith("sigmoid:")]    # case a float32 sigmoid failed
    assert sigmoid and not all(r.status is Status.PASSED for r in sigmoid)
    lstm = [r for r in report.results if r.task == "6"]
    assert len(lstm) == 8 and all(r.status is Status.PASSED for r in lstm), [
        (r.name, r.message) for r in lstm if r.status is not Status.PASSED]


# --- slow code told apart from endless code ------------------------------------------------------

SHORT = Limits(call_seconds=1.0, total_seconds=60.0)


def test_an_endless_loop_is_named_with_its_function_task_and_lines(tmp_path: Path) -> None:
    folder = patched(tmp_path / "learner", "activations", "    t = np.tanh(x)\n    return 1.0 - t * t\n",
                     "    while True:\n        t = np.tanh(x)\n    return 1.0 - t * t\n")
    report = Grader(visibility="visible", tasks=("2",), limits=SHORT).grade(folder)
    [result] = [r for r in report.results if r.name.startswith("tanh_grad")]
    assert result.status is Status.TIMEOUT, result.message
    assert "one call of your tanh_grad (activations.py, task 2, line" in result.message, result.message
    assert result.diagnostics.get("pattern") == "endless", result.diagnostics


def test_slow_code_is_told_apart_from_endless_code(tmp_path: Path) -> None:
    """A helper called again and again until the limit: "too slow, not endless", naming the helper."""
    folder = patched(tmp_path / "learner", "activations", "    t = np.tanh(x)\n    return 1.0 - t * t\n",
                     "    for _ in range(10**7):\n        t = _one_tanh(x)\n    return 1.0 - t * t\n\n\n"
                     "def _one_tanh(x):\n    return np.tanh(x)\n")
    report = Grader(visibility="visible", tasks=("2",), limits=SHORT).grade(folder)
    [result] = [r for r in report.results if r.name.startswith("tanh_grad")]
    assert result.status is Status.TIMEOUT, result.message
    assert "your _one_tanh (activations.py, task 2) was running when the time ran out" in result.message, \
        result.message
    assert "too slow, not endless" in result.message and "never ends" not in result.message, result.message
    assert result.diagnostics.get("pattern") == "too-slow", result.diagnostics
    assert "autograder-sample" not in result.diagnostics.get("output", ""), result.diagnostics


def test_code_that_passes_near_its_time_limit_is_told_so_naming_the_slow_function(tmp_path: Path) -> None:
    """tanh_grad spends 0.7 s of CPU time in a helper called again and again, under a 1 s limit: the checks pass,
    and each says how much of its limit it used and names the helper, in the terminal, on the HTML page and in
    Gradescope's output (a slower or busier machine would stop it; the learner hears it before that happens)."""
    folder = patched(tmp_path / "learner", "activations", "    t = np.tanh(x)\n    return 1.0 - t * t\n",
                     "    import time\n    end = time.process_time() + 0.7\n    t = _one_tanh(x)\n"
                     "    while time.process_time() < end:\n        t = _one_tanh(x)\n    return 1.0 - t * t\n\n\n"
                     "def _one_tanh(x):\n    for _ in range(300):\n        t = np.tanh(x)\n    return t\n")
    report = Grader(visibility="visible", tasks=("2",), limits=SHORT).grade(folder)
    slow = [r for r in report.results if r.name.startswith("tanh_grad")]
    assert slow and all(r.status is Status.PASSED for r in report.results), format_report(report)
    for result in slow:
        assert re.match(r"passed, but close to its time limit: one call took 0\.[6-9]\d* s of the 1 s of CPU time",
                        result.message), result.message
        assert "Your _one_tanh (activations.py, task 2) was running most of that time, called again and again" \
            in result.message, result.message
    quick = [r for r in report.results if not r.name.startswith("tanh_grad")]
    assert quick and all(r.message == "passed" for r in quick), [r.message for r in quick]
    terminal = format_report(report)
    assert terminal.count("close to its time limit") == len(slow), terminal
    assert all("autograder-sample" not in r.message + json.dumps(r.diagnostics) for r in report.results)
    assert learner_page(to_jsonable(report.to_dict())).count("close to its time limit") == len(slow)
    outputs = [test["output"] for test in to_gradescope(report)["tests"]]
    assert sum("close to its time limit" in output for output in outputs) == len(slow), outputs


def test_the_samples_of_a_call_come_with_its_reply_when_it_makes_thread_join_a_no_op(tmp_path: Path) -> None:
    """The sampler's calls are bound before learner code: a call that makes Thread.join a no-op while it runs
    still gets its sample line before its reply, not in the next call's output (found by review: the line then
    named nothing in this call and the wrong function in the next). The patch itself is found as tampering."""
    from test_sandbox import make_submission

    from autograder.runtime.engine import DRIVERS
    from autograder.runtime.sandbox import Sandbox

    sub = make_submission(tmp_path / "sub", lstm="""
        import threading, time
        def burn():
            threading.Thread.join = lambda self, *a, **k: None
            end = time.process_time() + 0.6
            while time.process_time() < end:
                pass
            return 1
        def quick():
            return 2
    """)
    sampled = {"job": "call", "after": 0.5, "report": 0.9, "period": 0.025, "module": "lstm", "args": []}
    with Sandbox(sub, DRIVERS, Limits(call_seconds=1.0, total_seconds=60.0)) as box:
        slow = box.run("sampled", {**sampled, "function": "burn"})
        quick = box.run("sampled", {**sampled, "function": "quick"})
    assert split_sample(slow.output)[1] is not None, slow
    assert SAMPLE_MARK not in quick.output, quick


@pytest.mark.parametrize("sample", [
    {"seconds": 1.0, "functions": {"activations.py:f": {"samples": float("inf"), "calls": 3}}},
    {"seconds": float("inf"), "functions": {"activations.py:f": {"samples": 3, "calls": 3}}},
    {"seconds": 1.0, "functions": {"activations.py:<img src=x>\npassed": {"samples": 3, "calls": 3}}},
    {"seconds": 1.0, "functions": {"../../etc/passwd:f": {"samples": 3, "calls": 3}}},
    {"seconds": 1.0, "functions": {"activations.py:f": {"samples": 3, "calls": 3, "lines": [1e300]}}},
    {"seconds": 1.0, "functions": []},
])
def test_a_forged_sample_gives_no_explanation_and_never_an_error(sample: dict) -> None:
    """The samples come from the learner's process: anything but what the sampler writes is ignored."""
    from autograder.runtime.judges.base import NearLimit, explain_near_limit, explain_timeout, hung_import

    assert explain_timeout(sample, {"activations": "2"}) is None
    assert hung_import(sample) is None
    words = explain_near_limit(NearLimit(0.7, 1.0, sample, True), {"activations": "2"})
    assert words.startswith("passed, but close to its time limit") and "\n" not in words, words
    deep = "[" * 100_000 + "]" * 100_000
    assert split_sample(f"before\n{SAMPLE_MARK}{deep}\nafter") == ("before\nafter", None)


@pytest.mark.parametrize(("load", "cores", "sharing"), [(8.0, 2, 4.0), (3.0, 2, 1.5), (0.2, 2, 1.0), (40.0, 4, 4.0)])
def test_a_busy_machine_stretches_the_wall_time_caps_not_the_cpu_limits(monkeypatch, load: float, cores: int,
                                                                        sharing: float) -> None:
    """The limits are CPU time, which load does not inflate: a busy machine (runnable tasks per core, the 1-minute
    load average, up to MAX_SCALE) stretches only their wall-time caps; where CPU time cannot be read, the limits
    themselves are wall time and stretch with it, so the same slow code does not time out on a loaded grader and
    pass on an idle laptop."""
    from autograder.runtime import engine
    monkeypatch.setattr(engine.os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(engine.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(engine, "_bench", lambda: 0.0)
    assert engine.machine_scale.__wrapped__() == 1.0    # the benchmark counts CPU time: load is not slowness
    assert engine.machine_load() == sharing
    base = Limits(call_seconds=10.0, total_seconds=100.0, wall_factor=3.0)
    cpu = engine.scaled(base, 2.0, engine.machine_load())
    assert (cpu.call_seconds, cpu.total_seconds, cpu.wall_factor) == (20.0, 200.0, 3.0 * sharing)
    monkeypatch.setattr(engine.procs, "cpu_time_readable", lambda: False)    # macOS, Windows
    wall = engine.scaled(base, 2.0, engine.machine_load())
    assert (wall.call_seconds, wall.total_seconds, wall.wall_factor) == (20.0 * sharing, 200.0 * sharing, 3.0)


def test_the_machine_benchmark_counts_only_its_own_threads_cpu_time(monkeypatch) -> None:
    """The grader's other threads (a class run's second job, the expected values computed in the background) must
    not make the machine look slower: measured with the process's CPU clock, two jobs measuring at once read
    12.8 and 17.7 ms against 8.4 ms alone, which on the reference machine would have doubled every limit of a
    class run. Here the process's clock races ahead as if other threads were busy; the benchmark must not see it."""
    import time
    import types

    from autograder.runtime import engine
    alone = min(engine._bench() for _ in range(3))
    ticks = iter(range(10**9))

    def racing() -> float:   # +1 s per read, as a process or wall clock reads with other threads busy
        return next(ticks) * 1.0

    clocks = types.SimpleNamespace(thread_time=time.thread_time, process_time=racing, perf_counter=racing,
                                   monotonic=racing, time=racing)
    monkeypatch.setattr(engine, "time", clocks)
    assert 0.0 <= engine._bench() < alone + 0.5


def test_a_module_whose_import_never_ends_costs_one_time_limit(tmp_path: Path) -> None:
    """A loop at clipping.py's top level: the first check says the import never ends, with the line; the task's
    other checks are not run again (each would wait out its limit), and task 2 is graded as usual."""
    folder = patched(tmp_path / "learner", "clipping", "def clip_by_value(",
                     "while True:\n    pass\n\n\ndef clip_by_value(")
    report = Grader(visibility="visible", tasks=("2", "5"), limits=SHORT).grade(folder)
    first, *rest = [r for r in report.results if r.task == "5"]
    assert first.status is Status.TIMEOUT and first.diagnostics.get("pattern") == "endless", first.message
    assert re.search(r"the code of your clipping\.py outside any function \(task 5, line \d+\)", first.message), \
        first.message
    assert rest and all(r.status is Status.TIMEOUT and r.message.startswith(
        "not run: importing your clipping.py did not finish") and first.name in r.message for r in rest), rest
    assert all(r.status is Status.PASSED for r in report.results if r.task == "2")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream", [FakeTerminal(), io.StringIO()], ids=["terminal", "pipe"])
def test_the_checker_says_which_check_is_running_on_a_terminal_only(stream: io.StringIO) -> None:
    check = Check("convergence: a long one", "8", 1.0, "visible", "convergence")
    with Ticker(stream, quiet=0.0) as ticker:
        ticker(check)
        time.sleep(1.3)
    if isinstance(stream, FakeTerminal):
        assert "running: convergence: a long one (1 s)" in stream.getvalue() and stream.getvalue().endswith("\x1b[K")
    else:
        assert stream.getvalue() == ""


# --- integers said as numbers, and where inside an output the difference sits -------------------


def test_an_integer_is_reported_as_expected_and_got_without_a_relative_error() -> None:
    assert mismatch(5, 4, "build_vocab: word_to_idx['UNK']") == "build_vocab: word_to_idx['UNK']: expected 4, got 5"
    assert mismatch(np.int64(4), 4, "n") is None and mismatch(4.0, 4, "n") is None
    assert mismatch(2.5, 2.0, "x").endswith("(relative error 2.5e-01)")      # floats keep their wording


def test_the_wrong_gate_block_is_named() -> None:
    rng = np.random.default_rng(0)
    want = rng.standard_normal((5, 12))      # (D, 4H) with H = 3: columns f 0:3, i 3:6, g 6:9, o 9:12
    got = want.copy()
    got[:, 0:3] *= 1.5
    pattern = describe(got, want, {"sizes": {"H": 3, "N": 2, "T": 4}, "mask": None})
    assert pattern and pattern[0] == "gate-blocks" and "only the forget gate's columns 0:3 differ" in pattern[1]
    got[:, 9:12] += 1.0
    pattern = describe(got, want, {"sizes": {"H": 3}, "mask": None})
    assert "forget (0:3) and output (9:12) gates' columns differ" in pattern[1], pattern
    assert "input and candidate gates' columns are right" in pattern[1], pattern


def test_axes_in_another_order_are_named_with_the_dimensions() -> None:
    """An (N, T, H) output built as (T, N, H) (np.stack without axis=1): the values are right once the axes are
    put back, and the message says so with the dimensions' letters; other sizes in another order are told too."""
    want = np.random.default_rng(2).standard_normal((3, 5, 6))
    sizes = {"sizes": {"N": 3, "T": 5, "H": 6}, "mask": None}
    pattern = describe(want.transpose(1, 0, 2).copy(), want, sizes)
    assert pattern and pattern[0] == "axes-order", pattern
    assert "expected values with its axes in another order: expected shape (3, 5, 6) (N, T, H), got (5, 3, 6) " \
        "(T, N, H)" in pattern[1], pattern
    pattern = describe(np.zeros((5, 3, 6)), want, sizes)
    assert pattern and pattern[0] == "axes-order" and "the expected sizes in another order" in pattern[1], pattern
    ambiguous = describe(want.transpose(1, 0, 2).copy(), want, {"sizes": {"N": 3, "T": 5, "D": 5, "H": 6}})
    assert ambiguous and "(T, N, H)" not in ambiguous[1] and "got (5, 3, 6):" in ambiguous[1], ambiguous


def test_states_one_step_late_or_early_are_named() -> None:
    """h[:, t] holding the state of step t - 1 (stored before the update) or of t + 1."""
    want = np.random.default_rng(4).standard_normal((3, 5, 6))
    facts = {"sizes": {"N": 3, "T": 5, "H": 6}, "mask": None}
    late = np.concatenate([np.zeros((3, 1, 6)), want[:, :-1]], axis=1)
    early = np.concatenate([want[:, 1:], np.zeros((3, 1, 6))], axis=1)
    assert (describe(late, want, facts) or ("",))[0] == "one-step-late"
    assert (describe(early, want, facts) or ("",))[0] == "one-step-early"


def test_generated_tokens_are_described_from_where_they_first_differ() -> None:
    """A prompt's last token fed twice, say: the tokens agree up to a point, then differ; the message says where."""
    pattern = describe(["a", "b", "a", "EOS"], ["a", "a", "b", "b", "EOS"])
    assert pattern == ("tokens-differ-at", "your tokens are the expected ones up to position 0 (... a) and differ "
                       "from position 1 on: expected a b b EOS, got b a EOS; look at what your loop does at that "
                       "step."), pattern
    assert describe(["b"], ["a", "b", "EOS"])[0] == "tokens-differ-at"
    assert describe(["a", "b"], ["a", "b", "EOS"])[0] == "length-off-by-one"   # the more precise words win


def test_a_bias_left_out_or_added_twice_is_described() -> None:
    """Scores without their bias (or with it twice): the same vector added to every row."""
    rng = np.random.default_rng(5)
    want, by = rng.standard_normal((3, 5, 4)), rng.standard_normal(4)
    for got in (want - by, want + by):
        pattern = describe(got, want)
        assert pattern and pattern[0] == "offset" and "a bias is left out, added twice" in pattern[1], pattern
    assert (describe(want + rng.standard_normal((3, 5, 4)) * 0.1, want) or ("",))[0] != "offset"


def test_sequences_padded_at_the_start_are_described() -> None:
    """A padded batch with the padding before each sequence instead of after it."""
    want = np.zeros((3, 4, 2))
    got = np.zeros((3, 4, 2))
    for i, length in enumerate((4, 2, 1)):
        values = np.arange(1, 2 * length + 1, dtype=float).reshape(length, 2)
        want[i, :length], got[i, 4 - length:] = values, values
    pattern = describe(got, want)
    assert pattern and pattern[0] == "rows-shifted" and "by [0, 2, 3] steps" in pattern[1], pattern


def test_a_shape_with_axes_of_length_1_not_reshaped_back_or_an_input_passed_through_is_described() -> None:
    rng = np.random.default_rng(6)
    bias = rng.standard_normal(5)
    pattern = describe(bias[None], bias)
    assert pattern and pattern[0] == "extra-axis" and "expected shape (5,), got (1, 5)" in pattern[1], pattern
    scores = rng.standard_normal((3, 5, 4))
    pattern = describe(scores.reshape(15, 4), scores)
    assert pattern and pattern[0] == "not-reshaped" and "expected (3, 5, 4), got (15, 4)" in pattern[1], pattern
    # an input passed through where another array belongs (to_torch_state's out.bias made from b, not by)
    params = {"b": rng.standard_normal(16), "by": rng.standard_normal(5)}
    pattern = describe({"out.bias": params["b"].copy()}, {"out.bias": params["by"]},
                       facts_of([params], names=["params"]))
    assert pattern and pattern[0] == "an-input" and "the input params['b'] as it was passed" in pattern[1], pattern
    params["Wh"] = rng.standard_normal((4, 16))
    pattern = describe({"out.weight": params["Wh"].T.copy()}, {"out.weight": np.zeros((5, 4))},
                       facts_of([params], names=["params"]))
    assert pattern and pattern[0] == "an-input" and "the input params['Wh'] transposed" in pattern[1], pattern
    # one item's answer squeezed to a number
    pattern = describe(np.int64(3), np.array([3]))
    assert pattern and pattern[0] == "extra-axis" and "expected shape (1,), got a single number" in pattern[1], pattern
    # a 0-d input's answer given an axis (np.atleast_1d)
    pattern = describe(np.array([0.25]), np.float64(0.25))
    assert pattern and pattern[0] == "axis-added-to-0d" and "shape (1,)" in pattern[1], pattern
    # a column vector for a flat array: an axis of length 1, not seven blocks stacked (floats and integers alike)
    for ids in (np.arange(7), np.arange(7.0)):
        pattern = describe(ids[:, None], ids)
        assert pattern and pattern[0] == "extra-axis" and "expected shape (7,), got (7, 1)" in pattern[1], pattern


def test_a_tanh_or_sigmoid_applied_once_too_often_or_left_out_is_described() -> None:
    scores = 3 * np.random.default_rng(6).standard_normal((3, 5))
    pattern = describe(np.tanh(scores), scores)
    assert pattern and pattern[0] == "extra-squashing" and "tanh of the expected ones" in pattern[1], pattern
    pattern = describe(scores, 1 / (1 + np.exp(-scores)))
    assert pattern and pattern[0] == "missing-squashing" and "the sigmoid is missing" in pattern[1], pattern


def test_probabilities_normalised_along_another_axis_are_described() -> None:
    x = np.random.default_rng(7).standard_normal((4, 3))
    e0, e1 = np.exp(x - x.max(axis=0)), np.exp(x - x.max(axis=1, keepdims=True))
    pattern = describe(e1 / e1.sum(axis=1, keepdims=True), e0 / e0.sum(axis=0))
    assert pattern and pattern[0] == "wrong-axis" and "sum to 1 along axis 1, the expected ones along axis 0" \
        in pattern[1], pattern


def test_the_wrong_exception_from_a_check_that_lets_the_edge_through_is_described(tmp_path: Path) -> None:
    """one_hot checks idx > V instead of idx >= V: idx == V reaches np.eye's indexing, which raises IndexError."""
    folder = patched(tmp_path / "learner", "data", "    if not 0 <= idx < V:\n", "    if idx < 0 or idx > V:\n")
    report = grade(folder, "1")
    [result] = [r for r in report.results if r.name.startswith("one_hot:")]
    assert result.status is not Status.PASSED and result.diagnostics.get("pattern") == "wrong-exception", result
    assert "expected ValueError, got IndexError" in result.message and "let this input through its own check" \
        in result.message, result.message


def test_one_minus_the_expected_values_is_named() -> None:
    """A stable sigmoid with its two branches swapped returns sigmoid(-x) = 1 - sigmoid(x)."""
    x = np.random.default_rng(3).standard_normal((4, 5))
    want = 1 / (1 + np.exp(-x))
    pattern = describe(1 - want, want)
    assert pattern and pattern[0] == "complement" and "sigmoid(-x) where sigmoid(x) is meant" in pattern[1], pattern
    assert describe(np.full((4, 5), 0.5), np.full((4, 5), 0.5) + 1e-3) != pattern   # 0.5 is its own complement


def test_an_error_raised_in_a_function_the_checked_one_called_names_both(tmp_path: Path) -> None:
    """tanh_grad calls a helper that raises: the message gives the helper's line and tanh_grad's call, and says
    to look first at what tanh_grad passes to it."""
    folder = patched(tmp_path / "learner", "activations", "    t = np.tanh(x)\n    return 1.0 - t * t\n",
                     "    t = _helper(x)\n    return 1.0 - t * t\n\n\ndef _helper(x):\n    return x @ np.ones(7)\n")
    report = grade(folder, "2")
    [result, *_] = [r for r in report.results if r.name.startswith("tanh_grad")]
    assert result.status is Status.ERROR, result.message
    assert re.search(r"\(activations\.py, line \d+, in _helper, called from your tanh_grad at activations\.py, "
                     r"line \d+\)", result.message), result.message
    assert "The error comes from your _helper, called by your tanh_grad: look first at what tanh_grad passes" \
        in result.message, result.message
    assert result.diagnostics.get("pattern") == "raised-in-callee", result.diagnostics


def test_the_wrong_sequences_of_a_batch_are_named() -> None:
    rng = np.random.default_rng(1)
    want = rng.standard_normal((3, 4, 2))
    got = want.copy()
    got[1] += 0.5
    pattern = describe(got, want, {"sizes": {"N": 3, "T": 4, "H": 2}, "mask": None})
    assert pattern == ("localised", pattern[1]) and "only in sequence n = 1 of the batch" in pattern[1], pattern


# --- words ---------------------------------------------------------------------------------------


class _Recorded:
    """Just enough of a Context for the convergence judge: a run whose first loss leaves PyTorch's."""

    def __init__(self) -> None:
        self.params = {"W": np.zeros((2, 2))}

    def expected(self, part: str) -> dict:
        if part == "data":
            return {"params": self.params, "train": [], "val": [], "floor": 0.5}
        return {"losses": [2.0] * EPOCHS, "val": 0.6}

    def run(self, job: str, what: str, timeout: float, **payload) -> dict:
        return {"losses": [1.0] * EPOCHS, "params": self.params}


def test_the_convergence_message_says_it_compares_with_pytorchs_recorded_run() -> None:
    with pytest.raises(Failure) as failed:
        convergence_judge(_Recorded())
    assert "PyTorch's recorded run" in failed.value.message and "needs no torch" in failed.value.message


def test_the_learner_readme_says_where_to_run_and_what_failed_does() -> None:
    text = (ROOT / "kit" / "templates" / "release" / "README.md.j2").read_text()
    assert "Run every command from this folder" in text and "No module named selfcheck" in text
    assert "runs every check, lists only the failures" in text and "only what failed" not in text


def test_a_checker_run_from_the_wrong_folder_says_where_to_run(tmp_path: Path) -> None:
    from autograder.runtime.learner import CheckerError, check

    with pytest.raises(CheckerError, match="run the checker from the folder that holds selfcheck/ and exercises/"):
        check(tmp_path / "exercises")


def test_every_module_docstring_agrees_with_its_functions() -> None:
    """A module docstring's "no function modifies / returns a new ..." must not be contradicted by one of its
    functions' docstrings ("in place", "the very same arrays"), unless the module docstring says so too."""
    import importlib
    import inspect

    from autograder.runtime.manifest import load_tasks

    problems = []
    for task in load_tasks():
        module = importlib.import_module(f"solutions.{task.module}")
        head = " ".join((inspect.getdoc(module) or "").split())
        for function in task.functions:
            obj = module
            for part in function.split("."):
                obj = getattr(obj, part)
            doc = " ".join((inspect.getdoc(obj) or "").split())
            if re.search(r"modifies its input|never modified|Inputs are never modified", head) and \
                    "in place" in doc and "in place" not in head:
                problems.append(f"{task.module}: the module says inputs are kept, {function} works in place")
            if re.search(r"new (dict|array)", head) and re.search(r"very same|same arrays", doc):
                problems.append(f"{task.module}: the module promises new values, {function} the same arrays")
    assert not problems, problems


def test_an_orthogonal_matrix_from_other_draws_or_one_draw_for_all_gates_is_described() -> None:
    def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        q, r = np.linalg.qr(rng.standard_normal((max(shape), min(shape))))
        q = q * np.sign(np.diag(r))
        return q if shape[0] >= shape[1] else q.T

    rng = np.random.default_rng(0)
    blocks = np.concatenate([orthogonal((4, 5), rng) for _ in range(4)], axis=1)
    assert describe(orthogonal((4, 20), rng), blocks, {})[0] == "one-draw-for-blocks"
    assert describe(orthogonal((4, 5), rng), orthogonal((4, 5), rng), {})[0] == "other-draw"
    plain = describe(rng.standard_normal((4, 5)), orthogonal((4, 5), rng), {})    # the QR forgotten
    assert plain and plain[0] == "not-orthogonal", plain


def test_the_outputs_that_are_right_are_named() -> None:
    rng = np.random.default_rng(2)
    want = (rng.standard_normal((3, 4)), rng.standard_normal((3, 4)))
    got = (want[0] * rng.uniform(0.5, 1.5, (3, 4)), want[1].copy())
    pattern = describe(got, want, {}, ("next_h", "next_c"))
    assert pattern and pattern[0] == "some-outputs-right" and "next_c is right and only next_h differs" in pattern[1]


def test_slow_code_that_printed_past_the_output_cap_is_still_named(tmp_path: Path) -> None:
    """The same slow helper printing on every call (a learner debugging it), 64 KiB and more before the sampler
    writes its line: the call's output is cut at the cap as before, and the slow helper is still named."""
    folder = patched(tmp_path / "learner", "activations", "    t = np.tanh(x)\n    return 1.0 - t * t\n",
                     "    for _ in range(10**7):\n        t = _one_tanh(x)\n    return 1.0 - t * t\n\n\n"
                     "def _one_tanh(x):\n    print('one more tanh', x.shape, 'values ' * 20)\n    return np.tanh(x)\n")
    report = Grader(visibility="visible", tasks=("2",), limits=SHORT).grade(folder)
    [result] = [r for r in report.results if r.name.startswith("tanh_grad")]
    assert result.status is Status.TIMEOUT, result.message
    assert "[output truncated: kept the first 64 KiB" in result.diagnostics.get("output", ""), result.diagnostics
    assert "your _one_tanh (activations.py, task 2) was running when the time ran out" in result.message, \
        result.message
    assert "autograder-sample" not in result.diagnostics.get("output", ""), result.diagnostics


# --- errors and inputs told in words (blind sets' misses: an error on a valid input, a clip's bound, renamed keys,
# a size, a recurrent pass wrong from its first step) -----------------------------------------------------


def _raised(action) -> tuple[str, str]:
    """(type, the sandbox's one line) of what ``action`` raises, numpy's and Python's own words."""
    try:
        action()
    except Exception as err:  # noqa: BLE001
        return type(err).__name__, f"{type(err).__name__}: {err} (learner.py, line 3)"
    raise AssertionError("nothing raised")


@pytest.mark.parametrize(("action", "pattern", "words"), [
    (lambda: {"a": 1}["c"], "missing-key", "looked up 'c' in a dict"),
    (lambda: np.zeros((3, 4, 5))[0, 0, 7], "index-out-of-range", "(7 on an axis of size 5)"),
    (lambda: [1, 2][5], "index-out-of-range", "past the end"),
    (lambda: 1.0 / 0, "division-by-zero", "a divisor is 0"),
    (lambda: np.zeros(0).min(), "empty-input", "this input is empty"),
    (lambda: np.zeros((3, 4, 5)) - np.zeros((3, 4)), "shapes-do-not-broadcast", "shapes (3,4,5) and (3,4)"),
    (lambda: np.zeros((3, 4)) @ np.zeros((5, 6)), "shapes-not-aligned", "inner sizes differ"),
    (lambda: np.zeros(6).reshape(4, 2), "cannot-reshape", "6 entries cannot take the shape (4,2)"),
    (lambda: None.shape, "none-value", "forgets its return"),
    (lambda: [1.0].shape, "list-not-array", "(it has no .shape)"),
    (lambda: {np.zeros(2): 1}, "unhashable", "dict key"),
    (lambda: np.zeros(3)[1.0], "non-integer-index", "not an integer"),
    (lambda: [1, 2][float(1)], "non-integer-index", "not an integer"),
    (lambda: [(a, b, c) for a, b, c in [(1, 2)]], "unpack", "holds another number of items"),
    (lambda: [(a, b) for a, b in [None]], "unpack", "holds another number of items"),
    (lambda: np.zeros(2).detach(), "array-attribute", "a numpy array has no .detach"),
    (lambda: bool(np.ones(3)), "ambiguous-truth", "Python needs one True or False"),
    (lambda: None < 3, "none-compared", "whose default is None"),
    (lambda: np.zeros((3, 4, 5))[np.arange(3), np.arange(4), np.zeros((3, 4), int)], "index-arrays-shapes",
     "needs their shapes to broadcast"),
    (lambda: np.hstack(np.ones(2) for _ in range(2)), "generator-to-numpy", "need a list"),
    (lambda: np.ones(2) ^ 2, "caret-for-power", "bitwise exclusive or"),
    (lambda: np.clip(np.array(["Wx"]), -1.0, 1.0), "str-as-number", "looping over a dict gives its keys"),
    (lambda: [g ** 2 for g in {"Wx": np.ones(2)}], "str-as-number", "looping over a dict gives its keys"),
    (lambda: np.zeros((2, 2)).__setitem__(np.eye(2, dtype=bool), np.ones((2, 2))), "mask-assign-shape",
     "a[mask] = b[mask]"),
    (lambda: np.zeros(()).__setitem__(slice(None), 1.0), "too-many-indices", "a 0-d parameter of shape ()"),
    (lambda: np.clip({"Wx": np.ones(2)}, -1.0, 1.0), "dict-as-array", "apply the operation to each of its arrays"),
    (lambda: np.tensordot(np.ones((2, 3, 4)), np.ones((2, 3, 5)), axes=2), "tensordot-axes",
     "each pair must have one size"),
    (lambda: ["a"] * np.array([3]), "repeat-by-non-int", "a draw with size=1"),
    (lambda: int({"UNK": 0}.get("unk")), "none-value", "dict.get of a key the dict lacks"),
    (lambda: np.eye(3)[np.zeros((2, 2))], "non-integer-index", "np.zeros and np.full make floats"),
    (lambda: np.zeros(3, 1), "shape-as-arguments", "np.zeros((H, 1)), not np.zeros(H, 1)"),
    (lambda: np.maximum(np.ones(3), axis=0, keepdims=True), "pairwise-for-reduction", "np.maximum compares two"),
    (lambda: np.concatenate([np.ones((3, 1, 4)), np.ones((5, 1, 4))], axis=1), "join-sizes-differ",
     "sizes differ on an axis other than the one joined"),
    (lambda: np.einsum("ntv,vh->nth", np.ones((3, 5, 5)), np.ones((6, 5))), "einsum-subscripts",
     "a letter must have one size in every operand"),
    (lambda: ["a"] * (0.5 * 7), "repeat-by-non-int", "take int() or math.floor of it"),
])
def test_common_exceptions_are_explained_from_numpys_and_pythons_own_messages(action, pattern, words) -> None:
    from autograder.runtime.explain import explain
    found = explain(*_raised(action))
    assert found and found[0] == pattern and words in found[1], found
    assert explain("RuntimeError", "RuntimeError: something (x.py, line 1)") is None


@pytest.mark.parametrize("lazy", [map(str, [1]), zip([1], [2], strict=True), (i for i in [1]), {"a": 1}.keys(),
                                  iter([1])])
def test_a_lazy_iterable_returned_is_explained_as_one(lazy) -> None:
    """map, zip, generators, dict views and iterators are refused by the codec, whose words name the type; the
    explanation says to make a list of it."""
    from autograder.runtime.explain import explain
    from autograder.runtime.sandbox import codec
    with pytest.raises(codec.EncodeError) as refused:
        codec.encode({"result": lazy})
    found = explain("UnsupportedResult", str(refused.value))
    assert found and found[0] == "lazy-result" and "Return list(...) of it" in found[1], (found, str(refused.value))
    assert explain("UnsupportedResult", "returned a mapproxy (at ['x']), which cannot be graded") is None


def test_an_error_on_a_valid_input_is_explained_and_ones_own_check_is_suspected(tmp_path: Path) -> None:
    """encode without the UNK default raises KeyError on unknown words; split_dataset refusing p_train + p_val = 1
    (which the docstring allows) raises the learner's own ValueError: both say what the error means."""
    folder = patched(tmp_path / "learner", "data", "word_to_idx.get(token, unk)", "word_to_idx[token]")
    source = (folder / "data.py").read_text()
    (folder / "data.py").write_text(source.replace("p_train + p_val > 1:", "p_train + p_val >= 1:"))
    report = grade(folder, "1")
    [encode] = [r for r in report.results if r.name.startswith("encode")]
    assert encode.diagnostics.get("pattern") == "missing-key", encode
    assert "What the error means: your code looked up" in encode.message, encode.message
    [split] = [r for r in report.results if r.name.startswith("split_dataset")]
    assert split.diagnostics.get("pattern") == "raised-on-valid-input", split
    assert "it refuses a valid input" in split.message, split.message


def test_renamed_keys_and_a_wrong_size_are_said_with_names() -> None:
    want = {"lstm.weight_ih_l0": np.ones(2), "lstm.bias_ih_l0": np.ones(2), "out.bias": np.ones(2)}
    got = {"weight_ih_l0": np.ones(2), "bias_ih_l0": np.ones(2), "out.bias": np.ones(2)}
    pattern = describe(got, want)
    assert pattern and pattern[0] == "keys-renamed" and "without their prefix 'lstm.'" in pattern[1], pattern
    other = describe({"zeta": 1, "b": 2}, {"a": 1, "b": 2})   # another word, not a spelling: listed, not paired
    assert other and other[0] == "keys-differ" and "'a' missing, 'zeta' not expected" in other[1], other
    sizes = {"sizes": {"D": 4, "H": 5, "V": 3}}
    pattern = describe(np.zeros(5), np.ones(20), sizes)
    assert pattern and pattern[0] == "axis-size" and "H = 5 entries where 4H = 20" in pattern[1], pattern
    assert "four gates' blocks" in pattern[1]
    pattern = describe(np.zeros((3, 7)), np.ones((3, 5)), sizes)
    assert pattern is None, pattern          # 7 and 5: no name and no factor to say


def test_an_elementwise_output_is_localised_by_its_input() -> None:
    rng = np.random.default_rng(4)
    g = {"Wx": rng.standard_normal((3, 8)) * 3, "b": rng.standard_normal(8) * 3}
    want = {k: np.clip(v, -1, 1) for k, v in g.items()}
    facts = facts_of([g, 1.0], None, ["grads", "clip_value"], "clip_by_value")
    upper_only = describe({k: np.minimum(v, 1) for k, v in g.items()}, want, facts)
    assert upper_only and upper_only[0] == "wrong-by-input", upper_only
    assert "wrong exactly where grads['Wx'] < -1" in upper_only[1], upper_only
    rescaled = describe({k: v / np.abs(v).max() for k, v in g.items()}, want, facts)
    assert rescaled and rescaled[0] == "changes-kept-entries" and "grads['Wx']'s own" in rescaled[1], rescaled
    x = rng.standard_normal((4, 5))
    s = 1 / (1 + np.exp(-x))
    pattern = describe(np.where(x < 0, 0.5, s), s, facts_of([x], None, ["x"], "sigmoid"))
    assert pattern and pattern[0] == "wrong-by-input" and "exactly where x < 0" in pattern[1], pattern
    one_wrong = s.copy()
    one_wrong[np.unravel_index(np.argmax(x), x.shape)] = 0.5       # at the largest x, by chance: not a region
    assert (describe(one_wrong, s, facts_of([x], None, ["x"], "sigmoid")) or ("",))[0] != "wrong-by-input"
    two_inputs = facts_of([x, x.copy()], None, ["x", "y"], "f")      # not element-wise in one input: nothing said
    assert (describe(np.where(x < 0, 0.5, s), s, two_inputs) or ("",))[0] != "wrong-by-input"


def test_a_recurrent_pass_wrong_from_the_step_with_nothing_carried_is_told_so() -> None:
    from autograder.runtime.describe import facts_of
    rng = np.random.default_rng(5)
    N, T, D, H = 3, 5, 4, 6
    args = [rng.standard_normal((N, T, D)), rng.standard_normal((N, H))]
    want = rng.standard_normal((N, T, H))
    got = want + rng.standard_normal((N, T, H))
    forward = describe(got, want, facts_of(args, ["NTD", "NH"], ["x", "h0"], "lstm_forward"))
    assert forward and forward[0] == "every-step" and "the first (t = 0) included" in forward[1], forward
    backward = describe(got, want, facts_of(args, ["NTD", "NH"], ["x", "h0"], "rnn_backward"))
    assert backward and backward[0] == "every-step" and "the last (t = 4) included" in backward[1], backward
    assert describe(got, want, facts_of(args, ["NTD", "NH"], ["x", "h0"], "affine_forward")) is None
    carried = want.copy()
    carried[:, 1:] += 1.0       # right at t = 0: not this description
    assert (describe(carried, want, facts_of(args, ["NTD", "NH"], ["x", "h0"], "lstm_forward"))
            or ("",))[0] != "every-step"


def test_another_kind_of_value_swapped_entries_and_an_int_dtype_are_said() -> None:
    assert (describe("a b EOS", ["a", "b", "EOS"]) or ("",))[0] == "str-for-list"
    assert (describe(np.array([1, 2]), [1, 2]) or ("",))[0] == "array-for-list"
    assert (describe([1.0, 2.0], np.array([1.0, 2.0])) or ("",))[0] == "list-for-array"
    assert (describe(None, np.zeros(3)) or ("",))[0] == "returned-none"
    want = {"ih": np.ones((16, 3)), "hh": np.full((16, 4), 2.0), "b": np.zeros(16)}
    swapped = describe({"ih": want["hh"], "hh": want["ih"], "b": want["b"]}, want)
    assert swapped and swapped[0] == "entries-swapped" and "your ['ih'] holds the expected ['hh']" in swapped[1]
    shapes = describe({"ih": np.ones((16, 4)), "hh": np.ones((16, 3)), "b": want["b"]}, want)
    assert shapes and shapes[0] == "entries-swapped" and "has the shape of the expected ['hh']" in shapes[1], shapes
    alike = {"W": np.ones((2, 2)), "U": np.ones((2, 2))}
    assert (describe({"W": alike["W"] * 3, "U": alike["U"]}, alike) or ("",))[0] != "entries-swapped"
    ambiguous = describe(np.zeros(5), np.ones(4), {"sizes": {"D": 4, "H": 5, "V": 4}})
    assert ambiguous and "H = 5 entries where D or V = 4 are expected" in ambiguous[1], ambiguous
    assert "four gates" not in ambiguous[1]
    ids = mismatch(np.array([1, 2], dtype=np.int32), np.array([1, 2], dtype=np.int64), "encode: ids")
    assert ids and "of dtype int32; the docstring's is int64" in ids, ids
    assert mismatch(np.array([1, 2], dtype=np.int64), np.array([1, 2], dtype=np.int64), "ids") is None


def test_an_element_wise_formula_wrong_everywhere_is_written_out() -> None:
    """sigmoid_grad as s * s, tanh_grad as 1 - 2 t, s * (1 - x): the learner's formula, in their input's name; a
    formula outside the small basis (tanh(x ** 3)) gets none, and no formula is claimed for a function of two
    inputs."""
    x = np.random.default_rng(3).standard_normal((4, 5)) * 2
    s, t = 1 / (1 + np.exp(-x)), np.tanh(x)
    facts = facts_of([x], None, ["x"], "sigmoid_grad")
    for got, want, formula in ((s * s, s * (1 - s), "are s^2, where s = sigmoid(x)"),
                               (1 - 2 * t, 1 - t * t, "are 1 - 2*t, where t = tanh(x)"),
                               (s * (1 - x), s * (1 - s), "are s - x*s, where s = sigmoid(x)"),
                               (0.5 * x ** 2 + 1, 1 - t * t, "are 1 + 0.5*x^2:"),
                               (1 - np.tanh(x ** 2), 1 - t * t, "are 1 - tanh(x^2):"),
                               (1 / np.cosh(x), 1 - t * t, "are 1/cosh(x):"),
                               ((1 - t * t) / 4, s * (1 - s), "are 0.25 - 0.25*t^2, where t = tanh(x)")):
        found = describe(got, want, facts)
        assert found and found[0] == "formula" and formula in found[1], found
    assert (describe(np.tanh(x ** 3), 1 - t * t, facts) or ("",))[0] != "formula"
    assert (describe(s * s, s * (1 - s), facts_of([x, x], None, ["x", "y"])) or ("",))[0] != "formula"


def test_entries_left_out_a_block_in_two_places_and_a_matrix_not_orthogonal_are_said() -> None:
    """encode dropping unknown words (every UNK index left out), gate blocks reordered through a view (one block twice,
    one lost), an RNN's weights sliced from one joint orthogonal draw."""
    dropped = describe(np.array([0, 3]), np.array([0, 4, 3, 4, 4]))
    assert dropped and dropped[0] == "entries-dropped" and "with every 4 left out (3 of them)" in dropped[1], dropped
    some = describe(np.array([1, 2]), np.array([1, 7, 2, 8]))
    assert some and some[0] == "entries-dropped" and "2 left out (at positions 1, 3)" in some[1], some
    words = describe(["a", "b"], ["a", "UNK", "b", "UNK"])
    assert words and words[0] == "entries-dropped" and "with every 'UNK' left out (2 of them)" in words[1], words
    assert (describe(["b"], ["a", "b", "EOS"]) or ("",))[0] != "entries-dropped"   # tokens: where they differ
    assert (describe(["a", "b"], ["a", "b", "b", "EOS"]) or ("",))[0] != "entries-dropped"   # stopped early
    w = np.random.default_rng(0).standard_normal((8, 3))
    twice = w.copy()
    twice[2:4] = w[4:6]
    found = describe(twice, w)
    assert found and found[0] == "block-duplicated" and "blocks 1 and 2 both hold the expected block 2" in found[1]
    assert "the expected block 1 is nowhere" in found[1], found
    short = describe(np.ones((15, 3)), np.ones((16, 3)))
    assert short and short[0] == "size-off-by-one" and "one row too few along axis 0 (15 instead of 16)" in short[1]
    joint = np.linalg.qr(np.random.default_rng(1).standard_normal((9, 5)))[0]
    wx = np.linalg.qr(np.random.default_rng(2).standard_normal((5, 4)))[0].T
    found = describe(joint[:4], wx)
    assert found and found[0] == "not-orthogonal" and "not a slice of a larger draw" in found[1], found


def test_gate_blocks_not_orthogonal_a_softmax_shifted_along_another_axis_and_torchs_hidden_size() -> None:
    """Each gate's block its own orthogonal draw; a softmax over axis 0 shifted by the last axis's maximum; the
    gates of from_torch_state's bias named from the state's own weight_hh (no size among the arguments)."""
    rng = np.random.default_rng(6)
    blocks = np.concatenate([np.linalg.qr(rng.standard_normal((5, 4)))[0].T for _ in range(4)], axis=1)
    # each gate's (D, H) block the first D rows of one (D + H, H) draw: none of them orthogonal
    sliced = np.concatenate([np.linalg.qr(rng.standard_normal((9, 5)))[0][:4] for _ in range(4)], axis=1)
    found = describe(sliced, blocks)
    assert found and found[0] == "not-orthogonal" and "of your 4 blocks of 5 columns, blocks 0, 1, 2 and 3 are" \
        in found[1], found
    x = rng.standard_normal((4, 3))
    e = np.exp(x - x.max(axis=0, keepdims=True))
    wrong = np.exp(x - x.max(axis=1, keepdims=True))
    found = describe(wrong / wrong.sum(axis=0, keepdims=True), e / e.sum(axis=0, keepdims=True),
                     facts_of([x], None, ["x"], "softmax"))
    assert found and found[0] == "shift-axis" and "with m the maximum along axis 1" in found[1], found
    state = {"lstm.weight_hh_l0": rng.standard_normal((16, 4)), "lstm.bias_ih_l0": rng.standard_normal(16)}
    b = rng.standard_normal(16)
    wrong_b = b.copy()
    wrong_b[:8] += 1.0
    found = describe({"b": wrong_b}, {"b": b}, facts_of([state], None, ["state"], "from_torch_state"))
    assert found and found[0] == "gate-blocks" and "forget (0:4) and input (4:8)" in found[1], found


def test_repeats_removed_blocks_stacked_and_entries_sharing_one_list_are_said() -> None:
    """generate_dataset through a set, init_lstm_params with np.array of its blocks, train's history made with
    dict.fromkeys(keys, [])."""
    found = describe([["a", "b"], ["a", "a", "b", "b"]], [["a", "b"], ["a", "b"], ["a", "a", "b", "b"], ["a", "b"]])
    assert found and found[0] == "duplicates-removed" and "with every repeat removed" in found[1], found
    assert (describe([["a", "b"]], [["a", "b"], ["b", "a"]]) or ("",))[0] != "duplicates-removed"
    blocks = np.random.default_rng(7).standard_normal((4, 3, 5))
    found = describe(blocks, np.concatenate(list(blocks), axis=1))
    assert found and found[0] == "blocks-stacked" and "np.concatenate(blocks, axis=1)" in found[1], found
    found = describe({"train_loss": [3.0, 2.5, 2.0, 1.5], "val_loss": [3.0, 2.5, 2.0, 1.5]},
                     {"train_loss": [3.0, 2.0], "val_loss": [2.5, 1.5]})
    assert found and found[0] == "entries-share-one-list" and "dict.fromkeys(keys, [])" in found[1], found


def test_indices_kept_for_words_and_a_shift_per_row_are_said() -> None:
    """generate appending the index instead of its word; affine_forward subtracting each row's maximum."""
    found = describe(["a", "a", "b", 1, 2], ["a", "a", "b", "b", "EOS"])
    assert found and found[0] == "indices-for-words" and "(from position 3 on, 2 of them)" in found[1], found
    scores = np.random.default_rng(8).standard_normal((3, 4, 5))
    found = describe(scores - scores.max(axis=-1, keepdims=True), scores)
    assert found and found[0] == "row-shift" and "minus each row's maximum" in found[1], found
    found = describe(scores + np.arange(1.0, 13.0).reshape(3, 4, 1), scores)
    assert found and found[0] == "row-shift" and "maximum" not in found[1], found


def test_both_call_jobs_raise_numpys_overflow_when_asked(tmp_path: Path, monkeypatch) -> None:
    """The promise 'without overflow' is held in call and in call_fresh alike; without no_overflow, both return."""
    import importlib

    from autograder.runtime.drivers import generic
    (tmp_path / "learnerpkg").mkdir()
    (tmp_path / "learnerpkg" / "__init__.py").write_text("")
    (tmp_path / "learnerpkg" / "acts.py").write_text(
        "import numpy as np\n\ndef naive(x):\n    return 1.0 / (1.0 + np.exp(-x))\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    package = importlib.import_module("learnerpkg")
    x = np.array([-1000.0, 0.0])
    for job in (generic.call, generic.call_fresh):
        with np.errstate(over="ignore"):
            assert np.allclose(job(package, "acts", "naive", [x])["result"], [0.0, 0.5]), job
        with pytest.raises(FloatingPointError, match="overflow encountered in exp"):
            job(package, "acts", "naive", [x], no_overflow=True)


def test_a_dict_for_a_list_and_a_forward_returning_too_much_are_explained() -> None:
    from autograder.runtime.drivers.payload import outputs
    from autograder.runtime.explain import explain
    from autograder.runtime.sandbox import codec
    with pytest.raises(codec.EncodeError) as refused:
        codec.encode({"result": ({"a": 0}, {0: "a"})})
    found = explain("UnsupportedResult", str(refused.value))
    assert found and found[0] == "dict-for-list" and "build the list itself" in found[1], (found, str(refused.value))
    with pytest.raises(TypeError) as raised:
        outputs((1, 2, 3), 1, "lstm_forward")
    found = explain("TypeError", f"TypeError: {raised.value}")
    assert found and found[0] == "returns-count" and "returns 3 values where its Returns: lines list 2" in found[1]


def _cross_entropy(scores, y, mask, p_of=None, column=None, prefix=False):
    """The masked cross-entropy with one part replaced: p_of(valid scores) for the softmax, column(y) for the gathered
    targets, or the mask read as a prefix of its length per sequence."""
    if prefix:
        mask = np.arange(mask.shape[1])[None, :] < mask.sum(axis=1, keepdims=True)
    s, M = scores[mask], int(mask.sum())
    e = np.exp(s - s.max(-1, keepdims=True))
    p = p_of(s) if p_of else e / e.sum(-1, keepdims=True)
    d = p.copy()
    if column is None:
        d[np.arange(M), y[mask]] -= 1
    else:
        d[:, y[mask]] -= 1
    dscores = np.zeros_like(scores)
    dscores[mask] = d / M
    return float(-np.log(p[np.arange(M), y[mask]]).mean()), dscores


def test_a_cross_entropy_gradient_is_read_back_as_its_parts() -> None:
    """M * dscores = p - one-hot(y) at the valid steps: a p that is not softmax over V (a per-column shift, log p),
    the targets gathered as columns, other steps than the mask's: each said from what the gradient implies."""
    rng = np.random.default_rng(5)
    scores, y = rng.standard_normal((3, 4, 5)), rng.integers(0, 5, (3, 4))
    mask = np.ones((3, 4), bool)
    mask[0, 0] = mask[1, 1] = mask[2, 1:3] = False      # a leading False and holes: no prefix
    facts = facts_of([scores, y, mask], ["NTV", "NT", "NT"], ["scores", "y", "mask"], "cross_entropy")
    want = _cross_entropy(scores, y, mask)

    def shifted_by_column(s):
        e = np.exp(s - s.max(axis=0, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    def log_p(s):
        return s - s.max(-1, keepdims=True) - np.log(np.exp(s - s.max(-1, keepdims=True)).sum(-1, keepdims=True))

    for got, pattern, words in (
            (_cross_entropy(scores, y, mask, p_of=lambda s: np.exp(s) / np.exp(s).sum(0, keepdims=True)),
             "probabilities-unnormalised", "does not sum to 1 over the vocabulary"),
            (_cross_entropy(scores, y, mask, column=True), "target-column", "s[np.arange(M), y] pairs row k"),
            (_cross_entropy(scores, y, mask, prefix=True), "steps-not-the-mask", "your code takes other steps")):
        found = describe(got, want, facts, ("loss", "dscores"))
        assert found and found[0] == pattern and words in found[1], found
    found = describe(_cross_entropy(scores, y, mask, p_of=shifted_by_column), want, facts, ("loss", "dscores"))
    assert found and found[0] == "probabilities-wrong" and "is not softmax(scores) over the vocabulary" in found[1]
    logs = np.zeros_like(scores)
    logs[mask] = (log_p(scores[mask]) - np.eye(5)[y[mask]]) / mask.sum()
    found = describe((want[0], logs), want, facts, ("loss", "dscores"))
    assert found and found[0] == "log-probabilities", found


def test_keys_named_otherwise_are_paired_by_their_arrays_shape_or_listed() -> None:
    """CS231n's 'W_vocab' for the docstring's 'Wy': the one array of that shape pairs them; keys that nothing pairs
    are listed, missing and unexpected."""
    want = {"Wx": np.ones((4, 20)), "b": np.ones(20), "Wy": np.ones((5, 4)), "by": np.ones(4)}
    got = {"Wx": np.ones((4, 20)), "b": np.ones(20), "W_vocab": np.ones((5, 4)), "b_vocab": np.ones(4)}
    pattern = describe(got, want)
    assert pattern and pattern[0] == "keys-renamed" and "'W_vocab' for 'Wy', 'b_vocab' for 'by'" in pattern[1], pattern
    got = {"Wx": np.ones((4, 20)), "W": np.ones((3, 3)), "by": np.ones(4), "c": 1}
    pattern = describe(got, want)
    assert pattern and pattern[0] == "keys-differ" and "'b' and 'Wy' missing, 'W' and 'c' not expected" in pattern[1], \
        pattern
    same_shape = {"Wx": np.ones((4, 4)), "b": np.ones(20), "Wy": np.ones((4, 4)), "by": np.ones(4)}
    pattern = describe({"Wx": np.ones((4, 4)), "b": np.ones(20), "A": np.ones((4, 4)), "B": np.ones(4)}, same_shape)
    assert pattern and "'A' for 'Wy', 'B' for 'by'" in pattern[1], pattern
    pattern = describe({"A": np.ones((4, 4)), "B": np.ones((4, 4)), "b": np.ones(20), "by": np.ones(4)}, same_shape)
    assert pattern and pattern[0] == "keys-differ", pattern   # two arrays of one shape: which is which is a guess


def test_keys_under_another_prefix_a_nested_list_and_missing_outputs_are_said() -> None:
    want = {"lstm.w": np.ones(2), "out.weight": np.ones(2), "out.bias": np.ones(2)}
    pattern = describe({"lstm.w": np.ones(2), "fc.weight": np.ones(2), "fc.bias": np.ones(2)}, want)
    assert pattern and pattern[0] == "keys-renamed" and "say 'fc.' where the docstring's say 'out.'" in pattern[1]
    nested = describe([["a", "b", "EOS"], ["a", "a", "b", "b", "b", "b", "EOS"]],
                      [["a", "b", "EOS"], ["a", "a", "b", "b", "a", "a", "EOS"]])
    assert nested and nested[0] == "tokens-differ-at" and nested[1].startswith("in item [1]: "), nested
    assert "differ from position 4 on" in nested[1], nested
    dh, dWy, dby = np.ones((3, 4)), np.full(5, 2.0), np.full(3, 3.0)
    missing = describe((dh, dWy), (dh, dWy, dby), None, ("dh", "dWy", "dby"))
    assert missing and missing[0] == "outputs-missing" and "are the expected dh and dWy; dby is missing" in missing[1]
    assert (describe((dh, dh), (dh, dWy, dby), None, ("dh", "dWy", "dby")) or ("",))[0] != "outputs-missing"


def test_a_tuple_for_one_value_and_columns_never_written_are_said() -> None:
    want = {"W": np.ones((2, 3))}
    pattern = describe((want, 3.0), want)
    assert pattern and pattern[0] == "returned-tuple" and "a tuple of 2 values whose first" in pattern[1], pattern
    assert (describe(({"W": np.zeros((2, 3))}, 3.0), want) or ("",))[0] != "returned-tuple"
    W = np.random.default_rng(6).standard_normal((4, 20))
    got = np.zeros_like(W)
    got[:, :8] = W[:, :8] + 1.0
    pattern = describe(got, W)
    assert pattern and pattern[0] == "never-written" and "columns 8, 9, 10, 11, 12, 13, ... are all zero" in pattern[1]
    assert (describe(np.zeros_like(W), W) or ("",))[0] != "never-written"       # all zero: another description


def test_blocks_stacked_along_the_other_axis_a_missing_block_a_list_for_a_dict_and_one_output_are_said() -> None:
    rng = np.random.default_rng(7)
    rows = describe(rng.standard_normal((16, 5)), rng.standard_normal((4, 20)))
    assert rows and rows[0] == "stacked-along-rows" and "4 blocks of (4, 5) stacked along axis 0" in rows[1], rows
    columns = describe(rng.standard_normal((5, 16)), rng.standard_normal((20, 4)))
    assert columns and columns[0] == "stacked-along-columns", columns
    three = describe(np.ones((12, 3)), np.ones((16, 3)))
    assert three and "12 = 3 x 4 entries where 16 = 4 x 4" in three[1] and "one of four blocks" in three[1], three
    grads = {"Wx": np.ones(2), "b": np.zeros(3)}
    listed = describe([grads["Wx"], grads["b"]], grads)
    assert listed and listed[0] == "list-for-dict", listed
    early = describe(grads, (grads, 3.0), None, ("clipped", "norm"))
    assert early and early[0] == "one-output-only" and "returns only clipped, one of the 2 outputs" in early[1]
    assert (describe({"Wx": np.ones(2), "b": np.ones(3)}, (grads, 3.0), None, ("clipped", "norm"))
            or ("",))[0] != "one-output-only"


def test_one_number_for_an_array_and_a_dropped_axis_are_said() -> None:
    pattern = describe(np.float64(2.5), np.ones(16))
    assert pattern and pattern[0] == "number-for-array" and "one number where an array of shape (16,)" in pattern[1]
    dropped = describe(np.ones(4), np.random.default_rng(8).standard_normal((4, 4)))
    assert dropped and dropped[0] == "axis-dropped" and "1-d, (4,), where a 2-d (4, 4)" in dropped[1], dropped


def test_a_dict_with_entries_missing_and_a_history_one_epoch_short_are_said() -> None:
    want = {"Wx": np.ones(2), "Wh": np.ones(2), "b": np.ones(2)}
    pattern = describe({"Wx": np.ones(2)}, want)
    assert pattern and pattern[0] == "keys-missing" and "holds 1 of the 3 expected entries ('Wh', 'b' missing)" \
        in pattern[1], pattern
    history = describe({"train_loss": [1.0, 0.9], "val_loss": [1.1, 1.0]},
                       {"train_loss": [1.0, 0.9, 0.8], "val_loss": [1.1, 1.0, 0.95]})
    assert history and history[0] == "size-off-by-one" and "2 entries instead of 3" in history[1], history
