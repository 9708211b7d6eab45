"""The one way the kit renders a template: jinja2, strict about undefined names, blocks trimmed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2


def environment(folder: Path, *, html: bool = False, trailing_newline: bool = True,
                **filters: Callable[..., Any]) -> jinja2.Environment:
    """An environment over the templates in ``folder``; ``html`` escapes every value (the pages)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined, autoescape=html,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=trailing_newline,
    )
    env.filters.update(filters)
    return env
