"""The learner's side: exercises/ is up to date, imports, and every task function is a stub naming its task.

The list of task functions always comes from the manifest (autograder.runtime.manifest.load_tasks), never from a
list in this file; only the plausible arguments to call each function with are written here, and a
test fails if the manifest gains a function that has none.
"""

from __future__ import annotations

import importlib
import inspect
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograder.runtime.manifest import ROOT, load_tasks
from kit.generate import expected_outputs, orphans, stale_files, write_outputs
from kit.markers import parse_solution

TASKS = load_tasks()
ENTRIES = [(task, function) for task in TASKS for function in task.functions]
ENTRY_IDS = [f"{task.module}.{function}" for task, function in ENTRIES]
EXERCISE_MODULES = sorted(path.stem for path in (ROOT / "exercises").glob("*.py"))


def resolve(module: ModuleType, function: str) -> Callable:
    """``module.function``; for ``Class.method``, the method bound to an instance made with defaults."""
    if "." in function:
        class_name, method = function.split(".")
        return getattr(getattr(module, class_name)(), method)
    return getattr(module, function)


# --- plausible arguments, built with the reference solutions -----------------------------------------

N, T, D, H, V = 2, 3, 4, 3, 4


def _arrays(*shapes: tuple[int, ...]) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.standard_normal(shape) for shape in shapes]


def _rnn_weights() -> list[np.ndarray]:
    return _arrays((D, H), (H, H), (H,))


def _lstm_weights() -> list[np.ndarray]:
    return _arrays((D, 4 * H), (H, 4 * H), (4 * H,))


def _lstm_params() -> dict[str, np.ndarray]:
    from solutions.initialisation import init_lstm_params
    return init_lstm_params(V, H, V, np.random.default_rng(0))


def _vocab() -> tuple[dict[str, int], list[str]]:
    from solutions.data import build_vocab, generate_dataset
    return build_vocab(generate_dataset(10, "anbn", 0))


def _batch():
    from solutions.data import generate_dataset, make_batch
    return make_batch(generate_dataset(6, "anbn", 0), _vocab()[0])


def _rnn_step_cache():
    from solutions.rnn import rnn_step_forward
    return rnn_step_forward(*_arrays((N, D), (N, H)), *_rnn_weights())[1]


def _rnn_cache():
    from solutions.rnn import rnn_forward
    return rnn_forward(*_arrays((N, T, D), (N, H)), *_rnn_weights())[1]


def _affine_cache():
    from solutions.rnn import affine_forward
    return affine_forward(*_arrays((N, T, H), (H, V), (V,)))[1]


def _lstm_step_cache():
    from solutions.lstm import lstm_step_forward
    return lstm_step_forward(*_arrays((N, D), (N, H), (N, H)), *_lstm_weights())[2]


def _lstm_cache():
    from solutions.lstm import lstm_forward
    return lstm_forward(*_arrays((N, T, D), (N, H), (N, H)), *_lstm_weights())[1]


def _params_grads() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    params = {"W": np.ones((2, 3)), "b": np.zeros(3)}
    return params, {"W": np.full((2, 3), 0.5), "b": np.array([1.0, -1.0, 0.0])}


def _train_args():
    from solutions.optim import SGD
    return (_lstm_params(), _batch(), _batch(), SGD(lr=0.1), 1)


def _torch_state():
    from solutions.torch_port import to_torch_state
    return to_torch_state(_lstm_params())


# "module.function" -> a function returning fresh (args, kwargs), every time (some calls update in place).
ARGS: dict[str, Callable[[], tuple[tuple, dict[str, Any]]]] = {
    "data.generate_dataset": lambda: ((5, "anbn", 0), {}),
    "data.build_vocab": lambda: (([["a", "b", "EOS"], ["a", "a", "b", "b", "EOS"]],), {"max_size": 3}),
    "data.encode": lambda: ((["a", "b", "zzz"], _vocab()[0]), {}),
    "data.decode": lambda: ((np.array([0, 1, 2]), _vocab()[1]), {}),
    "data.one_hot": lambda: ((2, 4), {}),
    "data.one_hot_sequence": lambda: ((np.array([0, 3, 1]), 4), {}),
    "data.one_hot_batch": lambda: (([np.array([0, 1]), np.array([2])], 4), {}),
    "data.split_dataset": lambda: ((list(range(10)),), {}),
    "data.inputs_targets": lambda: ((["a", "b", "EOS"],), {}),
    "activations.sigmoid": lambda: ((np.linspace(-3, 3, 5),), {}),
    "activations.sigmoid_grad": lambda: ((np.linspace(-3, 3, 5),), {}),
    "activations.tanh": lambda: ((np.linspace(-3, 3, 5),), {}),
    "activations.tanh_grad": lambda: ((np.linspace(-3, 3, 5),), {}),
    "activations.softmax": lambda: ((np.arange(6.0).reshape(2, 3),), {"axis": -1}),
    "activations.cross_entropy": lambda: (
        (_arrays((N, T, V))[0], np.zeros((N, T), dtype=np.int64), np.ones((N, T), dtype=bool)), {}),
    "initialisation.orthogonal": lambda: (((3, 5), np.random.default_rng(0)), {}),
    "initialisation.init_rnn_params": lambda: ((D, H, V, np.random.default_rng(0)), {}),
    "initialisation.init_lstm_params": lambda: ((D, H, V, np.random.default_rng(0)), {}),
    "rnn.rnn_step_forward": lambda: ((*_arrays((N, D), (N, H)), *_rnn_weights()), {}),
    "rnn.rnn_step_backward": lambda: ((_arrays((N, H))[0], _rnn_step_cache()), {}),
    "rnn.rnn_forward": lambda: ((*_arrays((N, T, D), (N, H)), *_rnn_weights()), {}),
    "rnn.rnn_backward": lambda: ((_arrays((N, T, H))[0], _rnn_cache()), {}),
    "rnn.affine_forward": lambda: (tuple(_arrays((N, T, H), (H, V), (V,))), {}),
    "rnn.affine_backward": lambda: ((_arrays((N, T, V))[0], _affine_cache()), {}),
    "clipping.clip_by_global_norm": lambda: ((_params_grads()[1], 1.0), {}),
    "clipping.clip_by_value": lambda: ((_params_grads()[1], 0.7), {}),
    "lstm.lstm_step_forward": lambda: ((*_arrays((N, D), (N, H), (N, H)), *_lstm_weights()), {}),
    "lstm.lstm_step_backward": lambda: ((*_arrays((N, H), (N, H)), _lstm_step_cache()), {}),
    "lstm.lstm_forward": lambda: ((*_arrays((N, T, D), (N, H), (N, H)), *_lstm_weights()), {}),
    "lstm.lstm_backward": lambda: ((_arrays((N, T, H))[0], _lstm_cache()), {}),
    "optim.SGD.step": lambda: (_params_grads(), {}),
    "optim.RMSprop.step": lambda: (_params_grads(), {}),
    "optim.Adam.step": lambda: (_params_grads(), {}),
    "train.model_loss": lambda: ((_lstm_params(), _batch()), {"cell": "lstm"}),
    "train.train": lambda: (_train_args(), {}),
    "train.generate": lambda: ((_lstm_params(), ["a", "b"], *_vocab()), {"max_new": 3}),
    "torch_port.to_torch_state": lambda: ((_lstm_params(),), {}),
    "torch_port.from_torch_state": lambda: ((_torch_state(),), {}),
}


# --- exercises/ is what the generator would write -------------------------------------------------------


def test_exercises_and_readme_table_are_not_stale():
    """Are exercises/*.py, the README's task table and docs/isolation.md's isolation table exactly what
    `make exercises` would write now?"""
    stale = [path.relative_to(ROOT).as_posix() for path in stale_files(ROOT)]
    assert not stale, f"out of date: {', '.join(stale)}; run `make exercises` and commit the result"


def test_every_generated_file_matches_byte_for_byte():
    """Does every expected output, README.md and docs/isolation.md included, equal the file on disk byte for byte?"""
    outputs = expected_outputs(ROOT)
    assert ROOT / "README.md" in outputs and ROOT / "docs" / "isolation.md" in outputs
    assert "| guarantee |" in outputs[ROOT / "docs" / "isolation.md"]
    assert "| guarantee |" not in outputs[ROOT / "README.md"]
    for path, text in outputs.items():
        assert path.exists(), f"{path.relative_to(ROOT)} is missing; run `make exercises`"
        assert path.read_bytes() == text.encode("utf-8"), (
            f"{path.relative_to(ROOT)} differs from its generated text; run `make exercises`")


def test_staleness_check_sees_an_edited_copy(tmp_path):
    """Negative control: in a regenerated copy of the kit, does editing one stub or the README table
    make exactly those files stale?"""
    for name in ("solutions", "exercises"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tasks.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    write_outputs(tmp_path)
    assert stale_files(tmp_path) == []
    stub = tmp_path / "exercises" / "lstm.py"
    stub.write_text(stub.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    table = readme.read_text(encoding="utf-8")
    assert "| 20 |" in table
    readme.write_text(table.replace("| 20 |", "| 21 |"), encoding="utf-8")
    assert set(stale_files(tmp_path)) == {readme, stub}


def test_no_orphaned_exercises():
    """Is every generated file in exercises/ backed by a solution (none left from a deleted one)?"""
    assert orphans(ROOT) == []
    solutions = sorted(path.stem for path in (ROOT / "solutions").glob("*.py"))
    assert EXERCISE_MODULES == solutions


def snapshot(*paths: Path) -> dict[str, bytes]:
    """The bytes of every file at or under ``paths`` (caches left out), by path relative to ROOT."""
    files = {}
    for top in paths:
        for path in top.rglob("*") if top.is_dir() else [top]:
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


def test_generation_is_pure():
    """Does computing the expected outputs twice give the same text, write nothing, and never target
    solutions/ (which stays byte-for-byte as it was)?"""
    first = expected_outputs(ROOT)
    watched = (ROOT / "solutions", ROOT / "exercises", ROOT / "tasks.toml", *first)
    before = snapshot(*(path for path in watched if path.exists()))
    second = expected_outputs(ROOT)
    stale_files(ROOT)
    assert first == second
    assert snapshot(*(path for path in watched if path.exists())) == before
    assert not [path for path in first if ROOT / "solutions" in path.parents]
    assert any(name.startswith("solutions/") for name in before)  # the snapshot did see solutions/


# --- exercises/ imports, and its stubs raise naming their task ----------------------------------------


@pytest.mark.parametrize("name", EXERCISE_MODULES)
def test_every_exercise_module_imports(name):
    """Does every module of exercises/ import (given code included), as a learner's untouched copy?"""
    module = importlib.import_module("exercises" if name == "__init__" else f"exercises.{name}")
    assert module.__file__ is not None and Path(module.__file__).parent == ROOT / "exercises"


def test_every_manifest_function_has_plausible_arguments_here():
    """Does this file know how to call every manifest function, and nothing the manifest dropped?"""
    assert sorted(ARGS) == sorted(ENTRY_IDS), "update ARGS in tests/reference/test_exercises.py to match tasks.toml"


@pytest.mark.parametrize("task, function", ENTRIES, ids=ENTRY_IDS)
def test_stub_raises_not_implemented_naming_its_task(task, function):
    """Does the stub raise NotImplementedError("task <id>: <function>") on arguments the solution accepts?"""
    key = f"{task.module}.{function}"
    if key not in ARGS:
        pytest.fail(f"no plausible arguments for {key}: add them to ARGS in tests/reference/test_exercises.py")
    solution = resolve(importlib.import_module(f"solutions.{task.module}"), function)
    args, kwargs = ARGS[key]()
    solution(*args, **kwargs)  # the arguments are plausible: the reference runs on them
    stub = resolve(importlib.import_module(f"exercises.{task.module}"), function)
    args, kwargs = ARGS[key]()
    with pytest.raises(NotImplementedError) as raised:
        stub(*args, **kwargs)
    assert str(raised.value) == f"task {task.id}: {function}"


# --- the manifest, the solutions and the exercises agree ---------------------------------------------


@pytest.mark.parametrize("task, function", ENTRIES, ids=ENTRY_IDS)
def test_manifest_function_exists_in_solutions_and_exercises(task, function):
    """Does every manifest function exist, callable, with the same signature and docstring, on both sides?"""
    solution = resolve(importlib.import_module(f"solutions.{task.module}"), function)
    exercise = resolve(importlib.import_module(f"exercises.{task.module}"), function)
    assert callable(solution) and callable(exercise)
    assert inspect.signature(solution) == inspect.signature(exercise)
    assert inspect.getdoc(solution) and inspect.getdoc(solution) == inspect.getdoc(exercise)


@pytest.mark.parametrize("module", sorted({task.module for task in TASKS}))
def test_solution_regions_are_exactly_the_manifest_functions(module):
    """Does each task module hold one solution region per manifest function, and no other region?"""
    text = (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    regions = parse_solution(text, f"solutions/{module}.py").regions
    listed = [function for task in TASKS if task.module == module for function in task.functions]
    assert sorted(region.function for region in regions) == sorted(listed)


STUB_LINE = re.compile(r"^ *raise NotImplementedError\(", re.MULTILINE)


def test_modules_without_tasks_have_no_stubs():
    """Does each exercise module hold one stub per manifest function, and given modules none?"""
    task_modules = {task.module for task in TASKS}
    for name in EXERCISE_MODULES:
        text = (ROOT / "exercises" / f"{name}.py").read_text(encoding="utf-8")
        if name not in task_modules:
            assert not STUB_LINE.search(text), name
        else:
            expected = sum(len(task.functions) for task in TASKS if task.module == name)
            assert len(STUB_LINE.findall(text)) == expected, name
