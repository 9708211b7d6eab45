"""The layers of the kit (docs/architecture.md): what the folders promise, checked on the code itself.

import-linter (``make lint``) enforces the order between layers and the absence of cycles; these
tests check what it cannot: that every module of the shipped runtime imports only the standard
library, numpy and the runtime itself (relatively, as it must in its copy ``selfcheck/``), that
every folder of ``autograder/`` is a layer of the contract, and that the architecture page names them.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

from autograder.runtime.manifest import ROOT

RUNTIME = ROOT / "autograder" / "runtime"


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    return [name.strip() for layer in layers for name in layer.split("|")]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(level, module) of every import statement of ``path`` (level 0: absolute)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(0, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or ""))
    return found


def test_the_runtime_imports_only_the_standard_library_numpy_and_itself() -> None:
    """Does every module of autograder/runtime/ import only stdlib, numpy, or the runtime by a relative import?"""
    allowed = set(sys.stdlib_module_names) | {"numpy", "pytest", "__future__"}   # pytest: the release's plugin
    modules = sorted(RUNTIME.rglob("*.py"))
    assert len(modules) > 20
    wrong = [(path.relative_to(ROOT).as_posix(), module) for path in modules for level, module in _imports(path)
             if level == 0 and module.split(".")[0] not in allowed]
    assert not wrong


def test_every_folder_of_the_autograder_is_a_layer_and_documented() -> None:
    """Is each package under autograder/ a layer of the import contract, and named in docs/architecture.md?"""
    folders = {f"autograder.{p.name}" for p in (ROOT / "autograder").iterdir() if (p / "__init__.py").is_file()}
    layers = _contract_layers()
    assert folders == {name for name in layers if name.startswith("autograder.")}
    assert layers[0] == "kit" and layers[-1] == "autograder.runtime"
    page = (ROOT / "docs" / "architecture.md").read_text()
    assert not [name for name in layers if f"{name.replace('.', '/')}/" not in page]


def test_each_layer_states_its_job() -> None:
    """Does every layer's __init__ start with a docstring saying what it is for?"""
    for name in _contract_layers():
        init = ROOT.joinpath(*name.split("."), "__init__.py")
        assert ast.get_docstring(ast.parse(init.read_text())), name


def test_the_tests_mirror_the_layers() -> None:
    """Does every layer have its folder of tests (plus tests/reference/ for the reference solutions), and no
    test file lie outside them?"""
    tests = ROOT / "tests"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    layers = {name.split(".")[-1] for name in _contract_layers()}
    assert folders == layers | {"reference"}
    assert not list(tests.glob("test_*.py"))
