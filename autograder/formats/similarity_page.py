"""The instructor's similarity page: pairs of learners side by side, the shared regions marked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from autograder.formats.templating import environment

SIMILARITY_FILE = "similarity.html"
#: The pairs as data, beside the page; the dashboard of a class output holding it lists them.
SIMILARITY_JSON = "similarity.json"
TEMPLATES = Path(__file__).parent / "templates"


def _highlight(code: str, regions: Sequence[Any]) -> Markup:
    """``code`` escaped, each region (with .start and .end character offsets) inside <mark>."""
    out, at = [], 0
    for region in sorted(regions, key=lambda r: r.start):
        start, end = max(region.start, at), min(region.end, len(code))
        if start >= end:
            continue
        out += [escape(code[at:start]), Markup("<mark>"), escape(code[start:end]), Markup("</mark>")]
        at = end
    out.append(escape(code[at:]))
    return Markup("").join(out)


def render_similarity(pairs: Sequence[Any], *, learners: int, threshold: float) -> str:
    env = environment(TEMPLATES, html=True, highlight=_highlight)
    return env.get_template("similarity.html.j2").render(pairs=pairs, learners=learners, threshold=threshold)
