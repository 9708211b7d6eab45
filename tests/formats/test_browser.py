"""The HTML pages in a real browser: Debian's headless Chromium, driven by selenium through its chromedriver.

Each page (the dashboard and two learners' pages) must load without a console error, and
every picture on it must have loaded (``naturalWidth > 0``); a screenshot of each is kept in
``test-artifacts/browser/`` for a person to look at. Where Chromium is absent the tests
skip, saying how to install it (``make install-browser``); in CI (``CI`` set), where
``.ci/run`` installs it, its absence is a failure, never a silent pass.

Each page must also pass axe-core's WCAG 2.1 A and AA rules, run in the page from the file
``make install-browser`` installs (``.browser/``, npm's axe-core; nothing is fetched at run time),
with every ``<details>`` opened so that what it holds is checked too. Without that file the axe
tests skip, saying so; in CI they fail.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_html import make_report, write_out

from autograder.formats.dashboard import render_folder
from autograder.grading.classroom import grade_class
from autograder.runtime.manifest import ROOT

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
EXAMPLES = ROOT / "examples" / "submissions"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars")
WIDTH = 1280
AXE = ROOT / ".browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
document.querySelectorAll("details").forEach(details => { details.open = true; });
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}}).then(
    results => done(results.violations.map(v => [v.id, v.nodes.map(node => node.target.join(" "))])),
    error => done([["axe-core failed", [String(error)]]]));
"""


def _missing() -> str | None:
    absent = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if not absent:
        return None
    return (f"headless Chromium is not installed ({', '.join(absent)} missing): run `make install-browser` "
            "(apt-get install chromium chromium-driver, as root)")


def _skip_unless_ci(reason: str | None) -> None:
    """Skip for ``reason`` (something not installed), but fail in CI, where .ci/run installs everything."""
    if reason and os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it, so CI must not skip the browser test")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    _skip_unless_ci(_missing())
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def problems(driver, page: Path) -> list[str]:
    """Open ``page``; what is wrong with it: console errors, pictures that did not load."""
    driver.set_window_size(WIDTH, 800)
    driver.get(page.as_uri())
    found = [f"console: {entry['message']}" for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    pictures = driver.execute_script(
        "return Array.from(document.images).map(i => [i.alt, i.complete && i.naturalWidth > 0])")
    found += [f"picture not loaded: {alt!r}" for alt, loaded in pictures if not loaded]
    return found


@pytest.fixture(scope="module")
def axe() -> str:
    """The source of axe-core, to run in a page."""
    _skip_unless_ci(None if AXE.is_file() else f"axe-core is not installed ({AXE} missing): run `make install-browser`")
    return AXE.read_text()


def violations(driver, axe: str, page: Path) -> list[str]:
    """Open ``page``; axe-core's WCAG 2.1 A and AA violations on it, each as its rule and the elements broken."""
    driver.set_window_size(WIDTH, 800)
    driver.get(page.as_uri())
    driver.execute_script(axe)
    return [f"{rule}: {', '.join(targets)}" for rule, targets in driver.execute_async_script(RUN_AXE, WCAG_AA)]


def screenshot(driver, name: str) -> Path:
    """The whole page, beyond the window, as a PNG in test-artifacts/browser/ (Chromium's DevTools call)."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def pages(out: Path) -> dict[str, Path]:
    """The dashboard and each learner's page of ``out``, by name."""
    return {"dashboard": out / "index.html",
            **{folder.name: folder / "report.html" for folder in sorted(out.iterdir()) if folder.is_dir()}}


def check_pages(driver, out: Path, prefix: str) -> None:
    """Every page of ``out`` loads cleanly with its pictures: the histogram; a learner's convergence plot (unless
    training did not even return losses) and the map of each failing array."""
    for name, page in pages(out).items():
        assert problems(driver, page) == [], name
        curves = name == "dashboard" or "torch_train_loss" in (page.parent / "report.json").read_text()
        assert driver.execute_script("return document.images.length") >= int(curves), name
        screenshot(driver, f"{prefix}-{name}")


def check_accessible(driver, axe: str, out: Path) -> None:
    """Every page of ``out`` passes axe-core's WCAG 2.1 AA rules."""
    broken = [f"{name}: {line}" for name, page in pages(out).items() for line in violations(driver, axe, page)]
    assert not broken, "axe-core's WCAG 2.1 AA violations:\n" + "\n".join(broken)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory, make_grader) -> Path:
    """The pages of ada (correct), bob (a named mistake, a failed convergence) and mallory (cheats), graded for real."""
    root, out = tmp_path_factory.mktemp("class"), tmp_path_factory.mktemp("out")
    for name in ("ada", "bob", "mallory"):
        shutil.copytree(EXAMPLES / name, root / name)
    summary = grade_class(root, out, make_grader(seed=1, hide=(root, out)), jobs=2)
    assert sorted(summary.graded) == ["ada", "bob", "mallory"]
    render_folder(out)
    return out


@pytest.fixture(scope="module")
def constructed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages of built reports: ann wrong with integrity flags, bob right."""
    out = write_out(tmp_path_factory.mktemp("constructed"), [make_report("ann", wrong=True, flags=2),
                                                             make_report("bob")])
    render_folder(out)
    return out


def test_the_pages_of_real_example_learners_render_cleanly(browser, examples: Path) -> None:
    check_pages(browser, examples, "example")


def test_the_pages_of_real_example_learners_pass_axe(browser, axe: str, examples: Path) -> None:
    check_accessible(browser, axe, examples)


def test_constructed_pages_with_integrity_flags_render_cleanly(browser, constructed: Path) -> None:
    check_pages(browser, constructed, "constructed")


def test_constructed_pages_with_integrity_flags_pass_axe(browser, axe: str, constructed: Path) -> None:
    check_accessible(browser, axe, constructed)


def test_the_checks_would_see_a_broken_picture_and_a_script_error(browser, tmp_path: Path) -> None:
    """The control: a page with an undecodable picture and a throwing script is reported on both counts."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><img alt="broken" src="data:image/png;base64,AAAA">'
                    '<script>throw new Error("boom")</script></body></html>')
    found = problems(browser, page)
    assert any("boom" in line for line in found) and "picture not loaded: 'broken'" in found


def test_axe_would_see_a_picture_without_alt_and_a_page_without_lang(browser, axe: str, tmp_path: Path) -> None:
    page = tmp_path / "inaccessible.html"
    page.write_text('<!DOCTYPE html><html><head><title>t</title></head><body><main>'
                    '<img src="data:image/png;base64,AAAA"></main></body></html>')
    assert [line.split(":")[0] for line in violations(browser, axe, page)] == ["html-has-lang", "image-alt"]
