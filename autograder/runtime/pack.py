"""Expected values as a file: the visible-checks pack of a learner release, and the grader's cache.

One ``.npz`` file (NumPy's zip of ``.npy`` arrays), read with ``allow_pickle=False``: the
structure (dicts, lists, tuples, numbers, strings, the judges' cases) is JSON in the entry
``__tree__``, in the nodes of the sandbox's own codec (``codec.tree``: one encoding of values for
both), the arrays are laid end to end in one flat ``.npy`` entry per dtype (``g0``,
``g1``...; ``__arrays__`` holds each array's entry, offset and shape: thousands of small
arrays read in milliseconds, not one zip member each), and ``__meta__`` says what the values
were computed from. Why this format: nothing in it can run code when it is read (no pickle,
and object arrays are refused), arrays come back bit for bit with their dtypes (float64
NaN, -0.0, bool, int64), a damaged file fails the zip's CRC check, and learners can open it
with NumPy alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .atomic import atomic_writer
from .digest import files_digest
from .judges import Case, Check, Context
from .sandbox import codec

FORMAT = 3
_RECORDS: dict[type, str] = {Case: "Case"}   # the classes a pack holds besides the codec's types
_RECORDS_BY_NAME = {name: kind for kind, name in _RECORDS.items()}


class PackError(ValueError):
    """The file is missing, damaged, or was made for other code; the message is one line saying which."""


def write(path: Path, meta: Mapping[str, Any], values: Any, mode: int = 0o644) -> None:
    """Write ``values`` with ``meta`` to ``path`` atomically (a temporary file, then a rename), with ``mode``."""
    root, arrays = codec.tree(values, _RECORDS)
    tree = json.dumps(root, separators=(",", ":")).encode()
    groups: dict[str, list[np.ndarray]] = {}   # dtype -> its arrays, flattened, in order
    ends: dict[str, int] = {}                   # dtype -> elements laid so far
    table = []
    for array in arrays:
        key = array.dtype.str
        group = groups.setdefault(key, [])
        table.append([list(groups).index(key), ends.get(key, 0), list(array.shape)])
        ends[key] = ends.get(key, 0) + array.size
        group.append(array.ravel())
    entries = {f"g{k}": np.concatenate(group) for k, group in enumerate(groups.values())}
    entries["__arrays__"] = _bytes(table)
    entries["__tree__"] = np.frombuffer(tree, dtype=np.uint8)
    entries["__meta__"] = _bytes(dict(meta))
    with atomic_writer(Path(path), mode) as stream:
        np.savez_compressed(stream, allow_pickle=False, **entries)


def _bytes(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value, separators=(",", ":")).encode(), dtype=np.uint8)


def read(path: Path, expect: Mapping[str, Any] | None = None, lazy: bool = False) -> tuple[dict[str, Any], Any]:
    """(meta, values) of the file at ``path``; PackError if damaged, or if ``expect``'s items differ from meta's.

    With ``lazy``, the values (a dict at the top) are decoded entry by entry when first read.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PackError(f"{path} does not exist") from None
    except OSError as err:
        raise PackError(f"{path} cannot be read ({err.strerror or err})") from None
    with _open(io.BytesIO(data), path) as npz:
        meta = _json(npz, "__meta__", path)
        for key, want in (expect or {}).items():
            if meta.get(key) != want:
                raise PackError(f"{path} was made for {key} {meta.get(key)!r}, not {want!r}")
        tree = _json(npz, "__tree__", path)
        arrays = _Arrays(npz, _json(npz, "__arrays__", path), path)
        if lazy:
            entries = tree.get("d") if isinstance(tree, dict) and len(tree) == 1 else None
            if not (isinstance(entries, list)
                    and all(isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) for e in entries)):
                raise PackError(f"{path} is damaged (its values are not a dict of names)")
            arrays.load()
            return meta, _Lazy(dict(entries), arrays)
        return meta, arrays.decode(tree)


class _Arrays:
    """The arrays of an open pack, by index: views into their dtype's flat entry (each entry read once)."""

    def __init__(self, npz: Any, table: Any, path: Path) -> None:
        self.npz, self.table, self.path = npz, table, path
        self.groups: dict[str, np.ndarray] = {}

    def load(self) -> None:
        """Read every entry now (the file may be closed afterwards)."""
        for name in self.npz.files:
            if name.startswith("g"):
                self.group(name)

    def group(self, name: str) -> np.ndarray:
        if name not in self.groups:
            self.groups[name] = self.npz[name]
        return self.groups[name]

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, index: int) -> np.ndarray:
        try:
            group, offset, shape = self.table[index]
            flat = self.group(f"g{int(group)}")
        except KeyError:
            raise IndexError(f"array {index} is missing") from None
        size = math.prod(shape)
        if not 0 <= offset <= offset + size <= flat.size:
            raise IndexError(f"array {index} lies outside its entry")
        return flat[offset:offset + size].reshape(shape)

    def decode(self, tree: Any) -> Any:
        try:
            return codec.untree(tree, self, _RECORDS_BY_NAME)
        except (KeyError, IndexError, TypeError, ValueError, zipfile.BadZipFile, OSError) as err:
            raise PackError(f"{self.path} is damaged ({type(err).__name__}: {err})") from None


class _Lazy(Mapping[str, Any]):
    """A pack's top-level dict, each entry decoded on first access."""

    def __init__(self, tree: dict[str, Any], arrays: _Arrays) -> None:
        self._tree, self._arrays = tree, arrays
        self._done: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._done:
            self._done[key] = self._arrays.decode(self._tree[key])
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tree)

    def __len__(self) -> int:
        return len(self._tree)


@contextlib.contextmanager
def _open(source: Any, path: Path) -> Iterator[Any]:
    try:
        npz = np.load(source, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise PackError(f"{path} is not a pack file ({type(err).__name__}: {err})") from None
    if not hasattr(npz, "files"):
        raise PackError(f"{path} is not a pack file (a single array, not an .npz archive)")
    try:
        yield npz
    finally:
        npz.close()


def _json(npz: Any, name: str, path: Path) -> Any:
    try:
        return json.loads(bytes(npz[name]).decode())
    except (KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError) as err:
        raise PackError(f"{path} is damaged or not a pack ({name}: {type(err).__name__})") from None


def judging_code(package: Path) -> list[Path]:
    """The files of the judging code: every ``*.py`` of the runtime folder (what a release ships as ``selfcheck/``)."""
    return sorted(path for path in Path(package).rglob("*.py") if "__pycache__" not in path.parts)


def judging_digest(package: Path) -> str:
    return files_digest(judging_code(package), Path(package))


class Packed:
    """Expected values read from a pack: {check name: {part: value}}."""

    def __init__(self, values: Mapping[str, Mapping[str, Any]]) -> None:
        self.values = values

    def expected(self, check: Check, seed: int, part: str) -> Any:
        return self.values[check.name][part]

    def model_loss(self, ctx: Context, params: dict, batch: list) -> float:
        """The validation loss of the trained weights, by the learner's own model_loss (no reference here)."""
        loss, _ = ctx.run("call", "model_loss on the validation split", module="train", function="model_loss",
                          args=[params, {"$batch": list(batch)}, "lstm"])["result"]
        return float(loss)


__all__ = ["FORMAT", "PackError", "Packed", "read", "write"]
