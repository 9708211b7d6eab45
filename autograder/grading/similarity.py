"""Similarity between submissions (instructor-only; never shipped to learners).

MOSS-style winnowing by copydetect 0.5.0: each learner's module is fingerprinted with the starter stub (and the
docstrings it carries) as boilerplate, every pair of learners is compared per module, and the pairs whose shared
fingerprints cover more than ``threshold`` of both files are reported with the shared regions.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.runtime.engine import AmbiguousSubmission, locate_modules

NOISE = 25        # copydetect's k: shortest shared run (in filtered characters) that counts
GUARANTEE = 30    # copydetect's guarantee threshold: shared runs this long are always found
THRESHOLD = 0.6   # share of both files covered by shared fingerprints above which a pair is reported

if TYPE_CHECKING:   # copydetect imports matplotlib.pyplot (0.7 s): imported when similarity runs, not with the CLI
    from copydetect import CodeFingerprint


@dataclass(frozen=True)
class Region:
    start: int
    end: int


@dataclass(frozen=True)
class Pair:
    module: str
    learners: tuple[str, str]
    similarity: tuple[float, float]
    regions: tuple[tuple[Region, ...], tuple[Region, ...]]
    code: tuple[str, str]

    @property
    def score(self) -> float:
        return min(self.similarity)


def _fingerprint(path: Path, boilerplate: Sequence[int]) -> CodeFingerprint | None:
    from copydetect import CodeFingerprint
    try:
        return CodeFingerprint(str(path), NOISE, GUARANTEE - NOISE + 1, boilerplate=list(boilerplate),
                               language="py")
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def learner_modules(root: Path, modules: Sequence[str]) -> dict[str, dict[str, Path]]:
    """For each learner folder of ``root``: the exercise modules found (loose or in a release's exercises/)."""
    found: dict[str, dict[str, Path]] = {}
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            where = locate_modules(folder, modules)
        except AmbiguousSubmission:
            continue
        files = {m: where / f"{m}.py" for m in modules if (where / f"{m}.py").is_file()}
        if files:
            found[folder.name] = files
    return found


def similar_pairs(root: Path, stubs: Mapping[str, Path], *, threshold: float = THRESHOLD) -> list[Pair]:
    """The pairs of learners of ``root`` whose module (one of ``stubs``, module name -> starter file) is more
    similar than ``threshold`` on both sides, most similar first."""
    from copydetect import CodeFingerprint, compare_files
    learners = learner_modules(root, list(stubs))
    pairs: list[Pair] = []
    for module, stub in stubs.items():
        boiler = CodeFingerprint(str(stub), NOISE, GUARANTEE - NOISE + 1, language="py").hashes
        prints = {name: fp for name, files in learners.items() if module in files
                  and (fp := _fingerprint(files[module], boiler)) is not None}
        for a, b in itertools.combinations(sorted(prints), 2):
            _, sims, slices = compare_files(prints[a], prints[b])
            if min(sims) <= threshold:
                continue
            regions = tuple(tuple(Region(int(s), int(e)) for s, e in zip(*side, strict=True)) for side in slices)
            pairs.append(Pair(module, (a, b), (float(sims[0]), float(sims[1])),
                              (regions[0], regions[1]), (prints[a].raw_code, prints[b].raw_code)))
    return sorted(pairs, key=lambda p: (-p.score, p.module, p.learners))
