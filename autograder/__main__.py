"""``python -m autograder``: see :mod:`autograder.cli`."""

from __future__ import annotations

from autograder.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
