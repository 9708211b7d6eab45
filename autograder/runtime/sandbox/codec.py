"""The one format values travel in between the grader and a sandbox worker, both ways.

Self-contained (standard library and numpy only): the worker loads this file by path.

A frame is ``b"AGS1"`` + the body's length (8 bytes, big-endian) + the body; the body is the
header's length (4 bytes, big-endian) + the header (JSON, ASCII) + the arrays' raw bytes, one
after the other in the order the header lists them. The header is
``{"v": 1, "root": NODE, "arrays": [[dtype, shape, nbytes], ...]}`` where a NODE is

======================  ===============================================
``null``, ``true``...   None, bool, int, finite float, str (JSON itself)
``{"f": "nan"}``        nan, ``"inf"``, ``"-inf"``
``{"l": [NODE...]}``    list
``{"t": [NODE...]}``    tuple (a tuple comes back a tuple)
``{"d": [[k, NODE]]}``  dict with str keys, in order
``{"a": i}``            ndarray i of ``arrays``
``{"s": i}``            numpy scalar: array i, 0-d, comes back as a numpy scalar of the same dtype
======================  ===============================================

What the encoder accepts: None, bool, int, float, str, list, tuple, dict with str keys, ndarrays
and numpy scalars of bool, integer, float (16/32/64) and complex (64/128) dtypes, nested at most
MAX_DEPTH deep, at most MAX_ITEMS values in all (each number, string, container and array counts
one; an array's elements are not counted), each array dimension at most MAX_DIM. Subclasses
become their base type: an ndarray subclass (np.matrix, a masked array, a learner's class) an
exact ``np.ndarray`` of its data, a NamedTuple a tuple, an IntEnum an int; their own methods are
never called. An array arrives C-contiguous, native-endian, a fresh writable copy. Anything else
(object arrays, sets, bytes, custom classes, recursive or too deep structures, non-str dict keys,
ints over MAX_INT_BITS, more than ``limit`` bytes in all, more than MAX_HEADER_BYTES of JSON or
more than MAX_ITEMS values) raises :class:`EncodeError` with one line for the learner.

The decoder trusts nothing: it checks the magic, every length, the header's schema, each dtype
against an allowlist of names (it never parses a dtype string), each shape against its byte
count, and that every array is used once; it builds only the types above. No pickle, ever. Its
cost is bounded: MAX_HEADER_BYTES, MAX_ITEMS and MAX_DEPTH hold both ways, so the costliest
hostile header (1 MiB of tiny tagged or raw nested lists) costs the reader ~0.3 s and ~50 MB on
top of the frame's own bytes. Whatever goes wrong while decoding raises :class:`CodecError`.

The kit's own files of values (the expected-values pack, ``pack.py``) use the same NODEs, through
:func:`tree` and :func:`untree`: trusted values, so without the caps, and with three forms no frame
carries (records, dicts with other keys, arrays of strings).
"""

from __future__ import annotations

import struct
from builtins import (  # noqa: UP029 - bound now: learner code patching builtins cannot break the codec
    all,
    bytes,
    dict,
    enumerate,
    float,
    id,
    int,
    isinstance,
    len,
    list,
    memoryview,
    repr,
    set,
    str,
    tuple,
    type,
)
from collections.abc import Callable, Mapping
from json import dumps as _dumps
from json import loads as _loads
from math import inf, isfinite, isnan, nan, prod
from typing import Any, Protocol

import numpy as np

# numpy's module functions, bound before learner code can replace them (ndarray's methods cannot be).
_asarray, _frombuffer, _empty, _uint8 = np.asarray, np.frombuffer, np.empty, np.uint8

MAGIC = b"AGS1"
_FRAME = struct.Struct(">4sQ")
FRAME_HEADER_SIZE = _FRAME.size
_HEADER_LEN = struct.Struct(">I")
VERSION = 1
MAX_DEPTH = 32
MAX_NDIM = 32
MAX_INT_BITS = 4096
#: The JSON header's cap: what is not in an array (lists of numbers, strings) costs the decoding side
#: far more memory per byte (~40 bytes of Python objects per byte of JSON), so it gets a much smaller
#: budget than the arrays. The grader's own requests and replies need a few KiB.
MAX_HEADER_BYTES = 1024**2
#: Values outside arrays in one frame (numbers, strings, containers, array references).
MAX_ITEMS = 200_000
#: The largest array dimension (an empty array may have a huge one: numpy refuses past 2**63).
MAX_DIM = 2**40
#: An array's elements times its itemsize, zero dimensions counted as 1, must be at most this
#: (numpy refuses a shape past 2**63 bytes even when the array is empty).
_MAX_SPAN = 2**62
HINT = "return numpy arrays, numbers, strings, lists, tuples or dicts"

_DTYPES = (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64, np.complex64, np.complex128,
)
#: dtype name (``np.dtype(t).str``, native byte order) -> dtype: the only dtypes that travel.
ALLOWED_DTYPES: dict[str, np.dtype] = {np.dtype(t).str: np.dtype(t) for t in _DTYPES}
_NONFINITE = {"nan": nan, "inf": inf, "-inf": -inf}


class ArrayTable(Protocol):
    """Arrays by index: a list, or an open pack's arrays (read on first use)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> np.ndarray: ...


class CodecError(ValueError):
    """A value that cannot be encoded, or bytes that are not a valid frame."""


class EncodeError(CodecError):
    """A value the encoder refuses. ``kind`` is "unsupported" or "limit" (more than ``limit`` bytes)."""

    def __init__(self, message: str, kind: str = "unsupported") -> None:
        super().__init__(message)
        self.kind = kind


# ----------------------------------------------------------------------------------------- encoding

def encode(value: Any, limit: int | None = None, envelope: int = 0) -> list[memoryview]:
    """Encode ``value`` as one frame, returned as buffers to write in order (arrays are not copied).

    ``limit`` caps the frame's size in bytes. ``envelope``: how many outer levels of ``value`` are
    the protocol's wrapping, left out of the paths in messages and of the depth limit.
    Raises :class:`EncodeError`.
    """
    encoder = _Encoder(limit, envelope)
    root = encoder.node(value)
    header = {"v": VERSION, "root": root, "arrays": [[d, s, n] for d, s, n, _ in encoder.arrays]}
    try:
        text = _dumps(header, separators=(",", ":"), allow_nan=False).encode("ascii")
    except (ValueError, RecursionError) as exc:  # pragma: no cover - the walk above rules these out
        raise EncodeError(f"returned a value that cannot be encoded ({exc})") from None
    if len(text) > MAX_HEADER_BYTES:
        raise EncodeError(f"returned {_size(len(text))} of lists, numbers and strings outside numpy arrays, "
                          f"more than the {_size(MAX_HEADER_BYTES)} limit; put long sequences of numbers "
                          "in arrays", "limit")
    body = _HEADER_LEN.size + len(text) + encoder.nbytes
    if limit is not None and FRAME_HEADER_SIZE + body > limit:
        raise EncodeError(_too_large(FRAME_HEADER_SIZE + body, limit), "limit")
    head = _FRAME.pack(MAGIC, body) + _HEADER_LEN.pack(len(text)) + text
    return [memoryview(head)] + [a.data for _, _, _, a in encoder.arrays]


def encode_bytes(value: Any, limit: int | None = None) -> bytes:
    """:func:`encode` joined into one bytes object."""
    return b"".join(encode(value, limit))


def _size(n: int) -> str:
    return f"{n} bytes" if n < 10_000 else f"{n / 1e6:.1f} MB"


def _too_large(n: int, limit: int) -> str:
    return f"returned {_size(n)} of data, more than the {_size(limit)} limit"


def _a(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


class _Encoder:
    """One walk over a value: JSON nodes out, arrays collected; ``trail`` holds the keys down to the item."""

    max_items: float = MAX_ITEMS
    max_depth: float = MAX_DEPTH

    def __init__(self, limit: int | None, envelope: int) -> None:
        self.limit = limit
        self.envelope = envelope
        self.arrays: list[tuple[str, list[int], int, np.ndarray]] = []
        self.nbytes = 0
        self.items = 0
        self.active: set[int] = set()
        self.trail: list[int | str] = []

    def where(self) -> str:
        path = "".join(f"[{k!r}]" for k in self.trail[self.envelope:])
        if len(path) > 60:
            path = "..." + path[-57:]
        return f" (at {path})" if path else ""

    def refuse(self, what: str, hint: str = HINT) -> EncodeError:
        return EncodeError(f"returned {what}{self.where()}, which cannot be graded; {hint}")

    def node(self, x: Any) -> Any:
        self.items += 1
        if self.items > self.max_items:
            raise EncodeError(f"returned more than {MAX_ITEMS} numbers, strings, lists, tuples and dicts "
                              "outside numpy arrays; put long sequences of numbers in arrays", "limit")
        t = type(x)
        if x is None or t is bool or t is str:
            return x
        if t is int:
            return self.integer(x)
        if t is float:
            return self.real(x)
        if isinstance(x, np.ndarray):
            return {"a": self.array(x)}
        if isinstance(x, np.generic):
            if isinstance(x, str):
                return str.__str__(x)
            return {"s": self.array(_asarray(x))}
        if isinstance(x, (list, tuple, dict)):
            return self.container(x)
        if isinstance(x, int):
            return self.integer(int.__int__(x))
        if isinstance(x, float):
            return self.real(float.__float__(x))
        if isinstance(x, str):
            return str.__str__(x)
        return self.other(x)

    def other(self, x: Any) -> Any:
        raise self.refuse(_a(type(x).__name__))

    def integer(self, x: int) -> int:
        if x.bit_length() > MAX_INT_BITS:
            raise self.refuse(f"an integer of {x.bit_length()} bits")
        return x

    @staticmethod
    def real(x: float) -> Any:
        if isfinite(x):
            return x
        return {"f": "nan" if isnan(x) else ("inf" if x > 0 else "-inf")}

    def container(self, x: Any) -> Any:
        if len(self.trail) - self.envelope >= self.max_depth:
            raise EncodeError(f"returned data nested more than {MAX_DEPTH} levels deep{self.where()}, "
                              f"which cannot be graded; {HINT}")
        if id(x) in self.active:
            raise self.refuse("a structure that contains itself")
        self.active.add(id(x))
        trail = self.trail
        try:
            if isinstance(x, dict):
                items = []
                for k, v in dict.items(x):
                    if not isinstance(k, str):
                        raise self.refuse(f"a dict with {_a(type(k).__name__)} key {_short(k)}",
                                          "dict keys must be strings")
                    k = str.__str__(k)
                    trail.append(k)
                    items.append([k, self.node(v)])
                    trail.pop()
                return {"d": items}
            tag, it = ("t", tuple.__iter__(x)) if isinstance(x, tuple) else ("l", list.__iter__(x))
            out = []
            for i, v in enumerate(it):
                trail.append(i)
                out.append(self.node(v))
                trail.pop()
            return {tag: out}
        finally:
            self.active.discard(id(x))

    def array(self, x: np.ndarray) -> int:
        arr = x if type(x) is np.ndarray else np.ndarray.view(x, np.ndarray)
        dtype = arr.dtype
        native = dtype if dtype.isnative else dtype.newbyteorder("=")
        if native.str not in ALLOWED_DTYPES or native.fields is not None:
            raise self.refuse(f"an array of dtype {dtype}", "return arrays of numbers or booleans")
        if arr.ndim > MAX_NDIM:
            raise self.refuse(f"an array with {arr.ndim} dimensions", f"at most {MAX_NDIM} are graded")
        if not _shape_ok(arr.shape, native.itemsize):
            raise self.refuse(f"an array of shape {arr.shape}", "shapes up to 2**40 per dimension and 2**62 bytes "
                              "in all (empty dimensions aside) are graded")
        nbytes = arr.size * native.itemsize
        self.nbytes += nbytes
        if self.limit is not None and self.nbytes > self.limit:
            raise EncodeError(_too_large(self.nbytes, self.limit), "limit")
        data = arr.astype(native, order="C", copy=False)
        raw = data.reshape(-1).view(_uint8) if data.size else _empty(0, _uint8)
        self.arrays.append((native.str, [int(n) for n in arr.shape], nbytes, raw))
        return len(self.arrays) - 1


def _shape_ok(shape: Any, itemsize: int) -> bool:
    """Whether a shape is one both sides can build: MAX_DIM per dimension, _MAX_SPAN in all."""
    return all(n <= MAX_DIM for n in shape) and prod(n or 1 for n in shape) * itemsize <= _MAX_SPAN


def _short(x: Any) -> str:
    try:
        text = repr(x)
    except Exception:  # noqa: BLE001 - a learner's __repr__ may raise anything
        return ""
    return text if len(text) <= 40 else text[:37] + "..."


class _TreeEncoder(_Encoder):
    """The walk of :func:`tree`: the kit's own values, so no caps, and what only the kit's files hold."""

    max_items = max_depth = inf

    def __init__(self, records: Mapping[type, str]) -> None:
        super().__init__(None, 0)
        self.records = records
        self.found: list[np.ndarray] = []

    def other(self, x: Any) -> Any:
        from dataclasses import fields  # here: the worker, which loads this file too, never needs it

        name = self.records.get(type(x))
        if name is None:
            raise TypeError(f"cannot store a value of type {type(x).__name__}")
        return {"r": [name, [self.node(getattr(x, f.name)) for f in fields(x)]]}

    def container(self, x: Any) -> Any:
        if isinstance(x, dict) and not all(type(k) is str for k in x):
            return {"m": [[self.node(k), self.node(v)] for k, v in x.items()]}
        return super().container(x)

    def array(self, x: np.ndarray) -> int:
        if x.dtype.hasobject:
            raise TypeError("object arrays cannot be stored")
        self.found.append(np.asarray(x))
        return len(self.found) - 1


def tree(value: Any, records: Mapping[type, str]) -> tuple[Any, list[np.ndarray]]:
    """``value`` as a NODE and the arrays it refers to, for a file the kit writes (the expected-values pack).

    The NODEs of a frame's header, without its caps, and three more things a trusted file may hold:
    arrays of any dtype but object (strings too), dicts with keys other than strings
    (``{"m": [[NODE, NODE]...]}``), and the dataclasses ``records`` names (``{"r": [name, [NODE...]]}``,
    its fields in order). Raises TypeError for anything else, and EncodeError as :func:`encode` does for a
    structure that contains itself or an integer past MAX_INT_BITS. :func:`untree` is the inverse.
    """
    encoder = _TreeEncoder(records)
    return encoder.node(value), encoder.found


# ----------------------------------------------------------------------------------------- decoding

def parse_frame_header(head: bytes, max_body: int) -> int:
    """The body length announced by a frame's first FRAME_HEADER_SIZE bytes, checked against ``max_body``.

    Raises :class:`CodecError` for a wrong magic, :class:`FrameTooLarge` past ``max_body``.
    """
    if len(head) != FRAME_HEADER_SIZE:
        raise CodecError("truncated frame header")
    magic, length = _FRAME.unpack(head)
    if magic != MAGIC:
        raise CodecError("not a frame (wrong magic)")
    if length > max_body:
        raise FrameTooLarge(length, max_body)
    return length


class FrameTooLarge(CodecError):
    """A frame announcing a body longer than the reader accepts."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"a frame of {length} bytes, more than the {limit} accepted")
        self.length = length


def decode(frame: bytes | bytearray | memoryview, max_body: int | None = None) -> Any:
    """Decode one whole frame (header included). Raises :class:`CodecError`."""
    view = memoryview(frame)
    if view.nbytes < FRAME_HEADER_SIZE:
        raise CodecError("truncated frame header")
    length = parse_frame_header(bytes(view[:FRAME_HEADER_SIZE]), max_body if max_body is not None else 2**63)
    if view.nbytes != FRAME_HEADER_SIZE + length:
        raise CodecError(f"frame announces {length} bytes, carries {view.nbytes - FRAME_HEADER_SIZE}")
    return decode_body(view[FRAME_HEADER_SIZE:])


def decode_body(body: bytes | bytearray | memoryview) -> Any:
    """Decode a frame's body. Raises :class:`CodecError`; builds only the types in the module docstring."""
    try:
        return _decode_body(body)
    except CodecError:
        raise
    except (ValueError, TypeError, LookupError, ArithmeticError, MemoryError, RecursionError,
            struct.error) as exc:   # a check above missed a case: still only ever a CodecError
        raise CodecError(f"unreadable frame ({type(exc).__name__})") from None


def _decode_body(body: bytes | bytearray | memoryview) -> Any:
    view = memoryview(body).cast("B")
    if view.nbytes < _HEADER_LEN.size:
        raise CodecError("truncated body")
    (hlen,) = _HEADER_LEN.unpack(view[: _HEADER_LEN.size])
    start = _HEADER_LEN.size + hlen
    if hlen > MAX_HEADER_BYTES:
        raise CodecError("header too long")
    if start > view.nbytes:
        raise CodecError("header longer than the body")
    objects = [MAX_ITEMS + 1]   # JSON objects: the header itself and at most one per item

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        objects[0] -= 1
        if objects[0] < 0:
            raise CodecError(f"more than {MAX_ITEMS} items")
        out = dict(pairs)
        if len(out) != len(pairs):
            raise CodecError("duplicate key in a header object")
        return out

    try:
        header = _loads(
            bytes(view[_HEADER_LEN.size:start]).decode("ascii"),
            parse_constant=_no_constants,
            object_pairs_hook=no_duplicates,
        )
    except CodecError:
        raise
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"malformed header ({type(exc).__name__})") from None
    if not isinstance(header, dict) or set(header) != {"v", "root", "arrays"} or header["v"] != VERSION:
        raise CodecError("header has the wrong fields or version")
    arrays = _arrays(header["arrays"], view[start:])
    builder = _Builder(arrays)
    value = builder.build(header["root"], 0)
    if not all(builder.used):
        raise CodecError("an array is not referenced")
    return value


def _no_constants(name: str) -> Any:
    raise CodecError(f"{name} is not allowed in a header")


def _is_int(x: Any) -> bool:
    return type(x) is int


def _arrays(specs: Any, data: memoryview) -> list[np.ndarray]:
    if not isinstance(specs, list):
        raise CodecError("arrays is not a list")
    if len(specs) > MAX_ITEMS:
        raise CodecError(f"more than {MAX_ITEMS} arrays")
    out = []
    offset = 0
    for spec in specs:
        if not (isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str)
                and isinstance(spec[1], list) and _is_int(spec[2])):
            raise CodecError("malformed array entry")
        name, shape, nbytes = spec
        dtype = ALLOWED_DTYPES.get(name)
        if dtype is None:
            raise CodecError(f"dtype {name[:20]!r} is not allowed")
        if (len(shape) > MAX_NDIM or not all(_is_int(n) and n >= 0 for n in shape)
                or not _shape_ok(shape, dtype.itemsize)):
            raise CodecError("malformed array shape")
        count = prod(shape)
        if nbytes != count * dtype.itemsize or offset + nbytes > data.nbytes:
            raise CodecError("array size does not match its shape or the body")
        if count:
            arr = _frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape).copy()
        else:
            arr = _empty(shape, dtype=dtype)
        out.append(arr)
        offset += nbytes
    if offset != data.nbytes:
        raise CodecError("trailing bytes after the arrays")
    return out


class _Builder:
    """One walk over a header's root: builds the value, marks the arrays used, counts the items."""

    max_depth: float = MAX_DEPTH

    def __init__(self, arrays: ArrayTable) -> None:
        self.arrays = arrays
        self.used = [False] * len(arrays)
        self.left: float = MAX_ITEMS

    def build(self, node: Any, depth: int) -> Any:
        self.left -= 1
        if self.left < 0:
            raise CodecError(f"more than {MAX_ITEMS} items")
        if node is None or isinstance(node, (bool, str)):
            return node
        if _is_int(node):
            return node
        if type(node) is float:
            if not isfinite(node):
                raise CodecError("non-finite float outside an 'f' node")
            return node
        if not (isinstance(node, dict) and len(node) == 1):
            raise CodecError("untagged node")
        ((tag, content),) = node.items()
        if tag == "f":
            if not (isinstance(content, str) and content in _NONFINITE):
                raise CodecError("malformed non-finite float")
            return _NONFINITE[content]
        if tag in ("a", "s"):
            if not (_is_int(content) and 0 <= content < len(self.arrays)) or self.used[content]:
                raise CodecError("bad array reference")
            self.used[content] = True
            arr = self.take(content)
            if tag == "a":
                return arr
            if arr.ndim != 0:
                raise CodecError("a scalar that is not 0-d")
            return arr[()]
        if tag not in ("l", "t", "d"):
            return self.other(tag, content, depth)
        if depth >= self.max_depth:
            raise CodecError("nested too deep")
        if not isinstance(content, list):
            raise CodecError("malformed container")
        build = self.build
        if tag == "d":
            out = {}
            for item in content:
                if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)) or item[0] in out:
                    raise CodecError("malformed dict item")
                out[item[0]] = build(item[1], depth + 1)
            return out
        items = [build(v, depth + 1) for v in content]
        return tuple(items) if tag == "t" else items

    def take(self, index: int) -> np.ndarray:
        return self.arrays[index]

    def other(self, tag: str, content: Any, depth: int) -> Any:
        raise CodecError("unknown tag")


class _TreeBuilder(_Builder):
    """The walk of :func:`untree`: a frame's builder, without its caps, with the tags only :func:`tree` writes."""

    max_depth = inf

    def __init__(self, arrays: ArrayTable, records: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__(arrays)
        self.left = inf
        self.records = records

    def take(self, index: int) -> np.ndarray:
        return np.array(self.arrays[index])   # a writable copy, whatever ``arrays`` lends

    def other(self, tag: str, content: Any, depth: int) -> Any:
        if (tag == "r" and isinstance(content, list) and len(content) == 2 and content[0] in self.records
                and isinstance(content[1], list)):
            return self.records[content[0]](*(self.build(v, depth + 1) for v in content[1]))
        if tag == "m" and isinstance(content, list) and all(isinstance(i, list) and len(i) == 2 for i in content):
            return {self.build(k, depth + 1): self.build(v, depth + 1) for k, v in content}
        return super().other(tag, content, depth)


def untree(node: Any, arrays: ArrayTable, records: Mapping[str, Callable[..., Any]]) -> Any:
    """The value :func:`tree` made ``node`` of: ``arrays`` by index, ``records`` the dataclasses by name.

    Raises CodecError, or TypeError and ValueError from a malformed node.
    """
    return _TreeBuilder(arrays, records).build(node, 0)
