"""`make install` takes torch from TORCH_INDEX (PyTorch's CPU wheels) when that index answers, and from pip's own
indexes when it does not, as on a machine without that network. The recipe is run as make would run it, with a
stand-in for the venv's Python whose pip only says what it was asked; the indexes are on localhost (no network)."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from autograder.runtime.manifest import ROOT
from kit import gradescope

FAKE_PYTHON = """#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then shift 2; echo "PIP $*"; exit 0; fi
exec {python} "$@"
"""


@pytest.fixture()
def index() -> Iterator[str]:
    """A package index on localhost that has a torch/ page."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(200 if self.path.rstrip("/").endswith("/torch") else 404)
            self.end_headers()
            self.wfile.write(b"<html></html>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/whl/cpu"
    finally:
        server.shutdown()


def _install(tmp_path: Path, torch_index: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    kit = tmp_path / "kit"
    kit.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, kit / name)
    python = tmp_path / "python3"       # what `python3.11 -m venv` would make: here, a stand-in
    python.write_text(f"#!/bin/sh\nmkdir -p \"$3/bin\"\ncat > \"$3/bin/python\" <<'EOF'\n"
                      f"{FAKE_PYTHON.format(python=sys.executable)}EOF\nchmod +x \"$3/bin/python\"\n")
    python.chmod(0o755)
    done = subprocess.run(["make", "install", f"PYTHON={python}", f"TORCH_INDEX={torch_index}"], cwd=kit,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (kit / ".venv" / ".installed").exists()
    return done.stdout


def test_make_install_takes_torch_from_the_torch_index(tmp_path: Path, index: str) -> None:
    out = _install(tmp_path, index)
    pin = gradescope.torch_pin()
    assert f"PIP install --quiet --index-url {index} torch=={pin}" in out
    assert out.index("--index-url") < out.index("-c constraints.txt -e .[dev]")   # torch first, then the kit
    assert out.index("-e .[dev]") < out.index("PIP uninstall --quiet --yes rfc3987-syntax lark")


def test_make_install_falls_back_to_pips_indexes_when_the_torch_index_cannot_be_reached(tmp_path: Path) -> None:
    out = _install(tmp_path, "http://127.0.0.1:9/whl/cpu")      # the discard port: refused at once
    assert "--index-url" not in out and "cannot be reached" in out
    assert "PIP install --quiet -c constraints.txt -e .[dev]" in out


def test_the_ci_template_caches_pip_and_names_the_torch_index() -> None:
    workflow = yaml.safe_load((ROOT / "ci-templates" / "github-actions" / "grade-class.yml").read_text())
    assert workflow["env"]["TORCH_INDEX"] == gradescope.TORCH_INDEX
    for job in workflow["jobs"].values():
        setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))
        assert setup["with"]["cache"] == "pip" and "constraints.txt" in setup["with"]["cache-dependency-path"]
    assert f'--index-url "{gradescope.TORCH_INDEX}"' in gradescope.render_scripts()["setup.sh"]


def test_importing_jsonschema_does_not_build_grammars() -> None:
    """nbformat (every nbgrader command, the notebooks' generator) imports jsonschema, which imports rfc3987-syntax
    when it is there: 38 lark grammars built, 3.3 s per process here. `make install` removes it."""
    probe = "import sys, jsonschema, nbformat; print(sorted({'rfc3987_syntax', 'lark'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", (
        f"{done.stdout}{done.stderr}: rfc3987-syntax is installed; `make install` removes it (run it again)")


def test_every_grading_command_make_bench_runs_gives_a_course_seed() -> None:
    """Grading refuses to run without a course seed (issue 20); `make bench`'s first `grade` had none and the
    bench stopped there, unnoticed, until it was run again. Every command list in bench/ that starts a grading
    command of the CLI names ``--seed``."""
    import ast

    seeded = {"grade", "grade-class", "prepare", "nbgrader-autograde"}
    found = 0
    for path in sorted((ROOT / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.List):
                continue
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if "autograder" in words and seeded & set(words):
                found += 1
                assert "--seed" in words, f"{path.name}:{node.lineno}: {words}"
    assert found >= 8   # the bench's grading commands were all seen (a refactor hiding them fails here)
