"""Similarity between submissions: a disguised copy is flagged against its source, ten independent correct
solutions of the same module are not flagged against each other."""

from __future__ import annotations

import itertools
import runpy
from pathlib import Path

import numpy as np

from autograder.grading.similarity import similar_pairs

DATA = Path(__file__).parent / "data"
CASES = runpy.run_path(str(DATA / "similarity_cases.py"))
SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions" / "activations.py"


def test_the_independent_solutions_are_correct(tmp_path: Path) -> None:
    reference = runpy.run_path(str(SOLUTIONS))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4)) * 5
    scores, y = rng.normal(size=(2, 3, 5)), rng.integers(0, 5, size=(2, 3))
    mask = np.array([[True, True, False], [True, False, False]])
    for number, bodies in enumerate(CASES["SOLUTIONS"], 1):
        module = runpy.run_path(str(_write(tmp_path / f"s{number}.py", CASES["learner_file"](bodies))))
        for name in ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "softmax"):
            np.testing.assert_allclose(module[name](x), reference[name](x), rtol=1e-9, err_msg=f"{number} {name}")
        loss, grad = module["cross_entropy"](scores, y, mask)
        want_loss, want_grad = reference["cross_entropy"](scores, y, mask)
        np.testing.assert_allclose(loss, want_loss, rtol=1e-9, err_msg=str(number))
        np.testing.assert_allclose(grad, want_grad, rtol=1e-9, atol=1e-15, err_msg=str(number))
    copy = runpy.run_path(str(_write(tmp_path / "copy.py",
                                     CASES["disguised_copy"](CASES["learner_file"](CASES["SOLUTIONS"][0])))))
    np.testing.assert_allclose(copy["softmax"](x), reference["softmax"](x))


def test_copy_flagged_and_independents_not(tmp_path: Path) -> None:
    CASES["write_class"](tmp_path)
    pairs = similar_pairs(tmp_path, {"activations": CASES["STUB"]})
    flagged = {frozenset(p.learners) for p in pairs}
    independents = [f"indep{n:02d}" for n in range(1, 11)]
    false_positives = [pair for pair in itertools.combinations(independents, 2) if frozenset(pair) in flagged]
    assert false_positives == []
    assert frozenset({"copier", "indep01"}) in flagged           # found in a release layout (copier/exercises/)
    assert flagged == {frozenset({"copier", "indep01"})}
    (copy,) = pairs
    assert all(region.end > region.start for side in copy.regions for region in side)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_writes_the_page_and_the_pairs(tmp_path: Path) -> None:
    """`similarity ROOT --out DIR`: exit 0, similarity.html shows the flagged pair's shared code side by side,
    similarity.json lists it, and the summary names it; a missing ROOT is one line, exit 2."""
    import io
    import json

    from autograder.channels import cli

    CASES["write_class"](tmp_path / "class")
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["similarity", str(tmp_path / "class"), "--out", str(tmp_path / "report")], stdout=out,
                    stderr=err)
    assert code == 0, err.getvalue()
    pairs = json.loads((tmp_path / "report" / "similarity.json").read_text())
    assert [sorted(p["learners"]) for p in pairs] == [["copier", "indep01"]]
    page = (tmp_path / "report" / "similarity.html").read_text()
    assert "copier" in page and "indep01" in page and "activations" in page
    assert "activations: " in out.getvalue() and "copier" in out.getvalue()
    missing = io.StringIO()
    assert cli.main(["similarity", str(tmp_path / "nope"), "--out", str(tmp_path / "r2")], stderr=missing) == 2
    assert missing.getvalue().count("\n") == 1 and not (tmp_path / "r2").exists()
