"""Collect learners' repositories into one folder per learner, for ``grade-class``.

    python -m kit.collect REPOSITORIES ROOT

REPOSITORIES is a text file with one repository a line: ``LEARNER URL``, or only ``URL`` (the
learner is then the repository's name, ``rnn-lstm-ada`` for ``.../rnn-lstm-ada.git``); blank
lines and ``#`` comments are skipped. Each is cloned (``git clone --depth 1``) into
``ROOT/LEARNER``, or, already there, brought up to date (``git pull --ff-only``). Any address git
accepts works, a local path too. A learner that fails is reported and the others carry on; the
exit code is 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from autograder.grading.files import name_problem


def read_list(path: Path) -> list[tuple[str, str]]:
    """(learner, address) per line of ``path``; ValueError (one line) for a line it cannot use."""
    entries: list[tuple[str, str]] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) > 2:
            raise ValueError(f"{path}:{number}: expected 'LEARNER URL' or 'URL', got {len(words)} words")
        address = words[-1]
        learner = words[0] if len(words) == 2 else address.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        problem = name_problem(learner) or ("it starts with a dot" if learner.startswith(".") else None)
        if not learner or problem:
            raise ValueError(f"{path}:{number}: '{learner}' cannot name a learner's folder ({problem}); "
                             "give the learner's id first: LEARNER URL")
        entries.append((learner, address))
    return entries


def collect(entries: list[tuple[str, str]], root: Path) -> dict[str, str]:
    """Clone or update each repository under ``root``; learner -> the one-line reason it failed."""
    root.mkdir(parents=True, exist_ok=True)
    failed = {}
    for learner, address in entries:
        target = root / learner
        if (target / ".git").is_dir():
            command = ["git", "-C", str(target), "pull", "--ff-only", "-q"]
        elif target.exists():
            failed[learner] = f"'{target}' exists and is not a git repository; move it away"
            continue
        else:
            command = ["git", "clone", "-q", "--depth", "1", address, str(target)]
        done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})   # never ask for a password
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            failed[learner] = lines[-1] if lines else f"git exited with {done.returncode}"
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.collect", description=__doc__.splitlines()[0])
    parser.add_argument("repositories", type=Path, help="a file: one 'LEARNER URL' (or 'URL') a line")
    parser.add_argument("root", type=Path, help="the class folder (one sub-folder per learner), for grade-class")
    options = parser.parse_args(argv)
    try:
        entries = read_list(options.repositories)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    failed = collect(entries, options.root)
    for learner, reason in failed.items():
        print(f"error: {learner}: {reason}", file=sys.stderr)
    print(f"collected {len(entries) - len(failed)} of {len(entries)} into {options.root}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
