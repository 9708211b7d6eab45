"""The README as a front door and the pages of docs/: short, every link resolving, example output current.

The generated tables (the README's task table, docs/isolation.md's isolation table) are checked by
tests/reference/test_exercises.py with every other generated file; this module checks the README's length, its
links and those between the pages of docs/, and that the gradebook the README shows is what `make grade`
prints now (a real grading of the example class: marked slow).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_grade_argv

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MAX_README_LINES = 150
#: The comment line the README puts right before its copy of `make grade`'s output.
GRADEBOOK_MARK = "<!-- the output of `make grade`, exactly; tests/kit/test_docs.py fails when it is stale -->"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def links(path: Path) -> list[str]:
    """The relative link targets of a Markdown file (web addresses and in-page anchors left out)."""
    return [target for target in LINK.findall(path.read_text(encoding="utf-8"))
            if not re.match(r"[a-z]+:", target) and not target.startswith("#")]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings (outside fenced code)."""
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        fenced ^= line.startswith("```")
        if not fenced and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def broken_links(page: Path) -> list[str]:
    """The links of ``page`` whose file, or whose heading anchor, does not exist."""
    broken = []
    for target in links(page):
        file, _, anchor = target.partition("#")
        resolved = (page.parent / file).resolve()
        if not resolved.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target} (no heading with that anchor)")
    return broken


def test_the_readme_is_at_most_150_lines() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, f"README.md has {len(lines)} lines; move detail into docs/"


def test_the_readme_links_every_page_of_docs_and_every_link_resolves() -> None:
    """Every link of the README resolves (file and anchor), and every page of docs/ is linked from it."""
    assert broken_links(README) == []
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in links(README)}
    assert [page.name for page in sorted(DOCS.glob("*.md")) if page.resolve() not in linked] == []


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_every_link_between_the_docs_resolves(page: str) -> None:
    assert broken_links(DOCS / page) == []


def test_a_broken_link_or_anchor_is_seen(tmp_path: Path) -> None:
    """The control: a missing file and a missing anchor are both reported, a good link is not."""
    (tmp_path / "other.md").write_text("# Other page\n\n## `results.json`: Gradescope's schema\n")
    page = tmp_path / "page.md"
    page.write_text("[a](other.md) [b](other.md#resultsjson-gradescopes-schema) [c](gone.md) "
                    "[d](other.md#nowhere) [e](https://example.com/x) [f](#local)\n```\n# not a heading\n```\n")
    assert broken_links(page) == ["gone.md (no such file)", "other.md#nowhere (no heading with that anchor)"]


# --- the README's gradebook is what `make grade` prints -------------------------------------------------


def readme_gradebook() -> list[str]:
    """The lines of the fenced block that follows the README's gradebook mark."""
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines.count(GRADEBOOK_MARK) == 1, f"README.md must hold the line {GRADEBOOK_MARK!r} once"
    start = lines.index(GRADEBOOK_MARK) + 1
    assert lines[start] == "```", "the gradebook mark must be followed by a fenced block"
    end = lines.index("```", start + 1)
    return lines[start + 1:end]


def test_the_readme_shows_the_command_make_grade_runs() -> None:
    """The README's `make grade` line names the Makefile's recipe, so the gradebook below it has a known source."""
    assert f"make grade     # {' '.join(make_grade_argv())}\n" in README.read_text(encoding="utf-8")


def namespace_level() -> bool:
    """Does this machine give the sandbox its namespace level (a root grader on Linux), as the README's run had?"""
    from autograder.runtime.sandbox import isolation_support

    return all(isolation_support().values())


@pytest.mark.slow
def test_the_readmes_gradebook_is_what_make_grade_prints_now(graded_examples) -> None:
    """`make grade`'s command, run now into a temporary folder, prints exactly the README's gradebook block."""
    printed = graded_examples.stdout
    shown = readme_gradebook()
    if printed == shown:
        return
    if namespace_level():
        raise AssertionError("README.md's gradebook differs from what `make grade` prints now; paste this:\n"
                             + "\n".join(printed))
    # Below the namespace level, what mallory's code manages to try differs (its row and the integrity
    # column's width): compare every other row word for word.
    def words(lines: list[str]) -> list[list[str]]:
        return [line.split() for line in lines if not line.startswith(("mallory ", "-------"))]
    assert words(printed) == words(shown), "README.md's gradebook differs from what `make grade` prints now"
    pytest.skip("mallory's row not compared: the README's run had the sandbox's namespace level, this machine "
                "does not (run as root on Linux to compare it)")
