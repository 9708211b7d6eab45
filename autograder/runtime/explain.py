"""What an exception raised by the learner's code means, in words they can act on.

The sandbox reports an exception as its type and one line (``"IndexError: index 7 is out of bounds for axis 2
with size 5 (activations.py, line 96)"``). Python's and numpy's own messages for the common ones are precise but
terse; :func:`explain` says what each means on the input the check gave and where such a mistake usually sits.
"""

from __future__ import annotations

import re

_WORDS: list[tuple[str, str, str]] = [   # (exception type, regular expression on its message, pattern id); see _SAY
    ("KeyError", r"^KeyError: (?P<key>.*?)(?: \(\w+\.py, line \d+.*\))?$", "missing-key"),
    ("IndexError", r"index (?P<index>-?\d+) is out of bounds for axis (?P<axis>\d+) with size (?P<size>\d+)",
     "index-out-of-range"),
    ("IndexError", r"(list|tuple|string) index out of range", "index-out-of-range"),
    ("ZeroDivisionError", r"", "division-by-zero"),
    ("ValueError", r"zero-size array to reduction operation (?P<op>\w+)", "empty-input"),
    ("ValueError", r"attempt to get (?P<op>\w+) of an empty sequence", "empty-input"),
    ("ValueError", r"(max|min)\(\) (arg is an|iterable argument is) empty", "empty-input"),
    ("ValueError", r"operands could not be broadcast together with shapes (?P<a>\S+) (?P<b>\S+)",
     "shapes-do-not-broadcast"),
    ("ValueError", r"could not broadcast input array from shape (?P<a>\S+) into shape (?P<b>\S+)",
     "shapes-do-not-fit"),
    ("ValueError", r"matmul: Input operand|shapes \S+ and \S+ not aligned", "shapes-not-aligned"),
    ("ValueError", r"cannot reshape array of size (?P<size>\d+) into shape (?P<shape>\S+)", "cannot-reshape"),
    ("ValueError", r"(?P<which>not enough|too many) values to unpack \(expected (?P<want>\d+)(?:, got (?P<got>\d+))?\)",
     "unpack"),
    ("TypeError", r"cannot unpack non-iterable (?P<what>\w+) object", "unpack"),
    ("TypeError", r"not supported between instances of 'NoneType'|not supported between instances of '\w+' and "
     r"'NoneType'", "none-compared"),
    ("TypeError", r"'NoneType' object|unsupported operand type\(s\) for .*'NoneType'|, not 'NoneType'", "none-value"),
    ("TypeError", r"not supported between instances of 'dict'|not supported between instances of '\w+' and 'dict'|"
     r"unsupported operand type\(s\) for .*'dict'", "dict-as-array"),
    ("TypeError", r"unsupported operand type\(s\) for .*'str'", "str-as-number"),
    ("UFuncTypeError", r"dtype\('<U\d+'\)", "str-as-number"),
    ("UFuncTypeError", r"ufunc 'bitwise_xor'", "caret-for-power"),
    ("TypeError", r"ufunc 'bitwise_xor' not supported", "caret-for-power"),
    ("TypeError", r"boolean array indexing assignment requires a 0 or 1-dimensional input", "mask-assign-shape"),
    ("AttributeError", r"'NoneType' object has no attribute", "none-value"),
    ("AttributeError", r"'(list|tuple)' object has no attribute '(?P<attr>\w+)'", "list-not-array"),
    ("AttributeError", r"'numpy\.\w+' object has no attribute '(?P<attr>\w+)'", "array-attribute"),
    ("TypeError", r"unhashable type", "unhashable"),
    ("UnsupportedResult", r"returned an array of dtype <U", "string-array"),
    ("IndexError", r"shape mismatch: indexing arrays could not be broadcast together with shapes (?P<shapes>.*?)"
     r"(?: \(\w+\.py, line \d+.*\))?$", "index-arrays-shapes"),
    ("TypeError", r"arrays to stack must be passed as a \"sequence\" type", "generator-to-numpy"),
    ("ValueError", r"truth value of an array with more than one element is ambiguous", "ambiguous-truth"),
    ("TypeError", r"only integer scalar arrays|indices must be integers|slice indices must be integers",
     "non-integer-index"),
    ("IndexError", r"arrays used as indices must be of integer", "non-integer-index"),
    ("TypeError", r"Cannot interpret '\d+' as a data type", "shape-as-arguments"),
    ("TypeError", r"(?P<op>maximum|minimum)\(\) takes from 2 to 3 positional arguments but 1 was given",
     "pairwise-for-reduction"),
    ("ValueError", r"all the input array dimensions except for the concatenation axis must match exactly",
     "join-sizes-differ"),
    ("ValueError", r"operands could not be broadcast together with remapped shapes", "einsum-subscripts"),
    ("IndexError", r"only integers, slices", "non-integer-index"),
    ("IndexError", r"too many indices for array: array is (?P<dims>\d+)-dimensional, but (?P<used>\d+) were indexed",
     "too-many-indices"),
    ("ValueError", r"shape-mismatch for sum", "tensordot-axes"),
    ("UnsupportedResult", r"returned a dict with an int key", "dict-for-list"),
    ("TypeError", r"must return a tuple of (?P<want>\d+) values \((?P<outs>\d+) output\(s\) and the cache\), got "
     r"(?:tuple|list) of length (?P<got>\d+)", "returns-count"),
    ("FloatingPointError", r"overflow encountered in (?P<op>\w+)", "overflow"),
    ("TypeError", r"can't multiply sequence by non-int|kwarg is necessary when using the string multiply ufunc",
     "repeat-by-non-int"),
    ("UnsupportedResult", r"returned an? (?P<what>map|filter|zip|generator|range|enumerate|reversed|dict_keys|"
     r"dict_values|dict_items|\w+_iterator)\b", "lazy-result"),
]

_SAY = {
    "missing-key": "your code looked up {key} in a dict that does not hold it: on this input a key can be absent. "
                   "What should it map to? The docstring says (d.get(key, default) gives a default; `key in d` "
                   "tests first).",
    "index-out-of-range": "an index went past the end of what it indexes{where}: on this input an index takes a "
                          "value your code does not expect (a padding value such as -100, a length used as an "
                          "index, t + 1 at the last step); find which index it is and which values the docstring "
                          "lets it hold.",
    "division-by-zero": "a division by zero: on this input a divisor is 0 (an empty input, a count or a norm of 0); "
                        "the docstring says what this case gives: test for it before dividing.",
    "empty-input": "a minimum, maximum or argmax of something empty: this input is empty (or has an empty axis); "
                   "handle that case before reducing, as the docstring says.",
    "shapes-do-not-broadcast": "two arrays of shapes {a} and {b} were combined entry by entry, and numpy cannot "
                               "line them up: an axis is missing or in another place (a sum or max without "
                               "keepdims=True drops the axis it reduces; a (N,) array against (N, T) needs [:, None]).",
    "shapes-do-not-fit": "an array of shape {a} was written into a place of shape {b}: the slice written to, or the "
                         "value written, has the wrong shape (a missing axis, a transpose, a time step's slice).",
    "shapes-not-aligned": "a matrix product whose inner sizes differ: a factor needs a transpose, or the two are in "
                          "the other order (the docstring gives each weight's shape: x @ Wx with Wx of shape (D, 4H)).",
    "cannot-reshape": "an array of {size} entries cannot take the shape {shape}: the sizes the reshape uses are not "
                      "the array's (check which dimension is which, and that nothing was dropped or added before).",
    "unpack": "a value was unpacked into names (a, b, c = ...) and holds another number of items: what is "
              "unpacked (a cache, a function's outputs, a tuple) is not laid out as the code reading it expects; "
              "compare where it is made with where it is read (the docstring says what each returns).",
    "none-compared": "None was compared with a number: an argument whose default is None (max_size=None, "
                     "batch_size=None) is used before the code tests `is None` and says what None means.",
    "str-as-number": "a string was used as a number or an array: looping over a dict gives its keys (for g in "
                     "grads); use grads.values() or grads.items() to get the arrays.",
    "repeat-by-non-int": "a list or a string was repeated (['a'] * n, 'a' * n) by something that is not a plain "
                         "int: a float (a product with a fraction: take int() or math.floor of it) or a numpy array "
                         "(a draw with size=1, rng.integers(1, 6, size=1), is an array of one number: draw without "
                         "size=, or take int() of it).",
    "caret-for-power": "^ is Python's bitwise exclusive or, not a power: write g ** 2 (or g * g, np.square(g)).",
    "mask-assign-shape": "a boolean mask selects a flat list of entries, so what is assigned through it must be "
                         "one value or 1-d of that length: a[mask] = b[mask] (not the whole b), or np.where(mask, "
                         "b, a).",
    "none-value": "a value is None where an array or number was expected: a function that forgets its return "
                  "statement returns None (or a method that works in place, such as list.sort, does), and so does "
                  "dict.get of a key the dict lacks (check the key's exact spelling).",
    "shape-as-arguments": "a shape given as several arguments: np.zeros, np.ones and np.empty take it as one tuple, "
                          "np.zeros((H, 1)), not np.zeros(H, 1), whose second argument is the dtype.",
    "pairwise-for-reduction": "np.{op} compares two arrays entry by entry (it takes two); the largest or "
                              "smallest entry along an axis is np.max or np.min (np.max(x, axis=-1, "
                              "keepdims=True)).",
    "join-sizes-differ": "np.concatenate (or np.hstack, np.vstack) joined arrays whose sizes differ on an axis "
                         "other than the one joined: one of them has its axes in another order (time first where "
                         "the docstring puts the batch first) or lacks an axis (x[:, t] is 2-d, x[:, t:t + 1] 3-d).",
    "einsum-subscripts": "np.einsum's subscripts do not fit the operands' shapes: a letter must have one size in "
                         "every operand it appears in (write each operand's shape from the docstring under its "
                         "letters: a (H, V) weight is 'hv', not 'vh').",
    "list-not-array": "a Python list where a numpy array was expected (it has no .{attr}): np.asarray(...) makes one; "
                      "the docstring says which arguments may be lists.",
    "array-attribute": "a numpy array has no .{attr}: that belongs to another type (a torch tensor's .detach(), "
                       ".numpy() or .size(), a list's .append); the arguments here are numpy arrays, as the "
                       "docstring says.",
    "ambiguous-truth": "an array stood where Python needs one True or False (if a:, not a, a and b, a or b): "
                       "with several entries it has none. Test what you mean: a is None, a.any(), a.all(), or a "
                       "number such as a.size.",
    "string-array": "your answer is a numpy array of strings where the docstring returns a list of str: "
                    "build a list ([words[i] for i in ids]) or call .tolist().",
    "index-arrays-shapes": "several index arrays ({shapes}) index one array together, so numpy pairs them entry "
                           "by entry and needs their shapes to broadcast: for rows n and steps t of an (N, T, V) "
                           "array, index with np.arange(N)[:, None], np.arange(T)[None, :] and y of shape (N, T).",
    "generator-to-numpy": "a generator (x for x in ...) was given to np.stack, np.hstack or np.concatenate, which need "
                          "a list: write [x for x in ...].",
    "unhashable": "an array or a list was used as a dict key or a set member: use int(i) for one index, or "
                  "tuple(...) for several.",
    "too-many-indices": "an array with {dims} axes was indexed with {used} indices: on this input an array has "
                        "fewer axes than your code assumes (a 0-d parameter of shape () has none, a bias one): "
                        "p[...] = value and p -= step work whatever the shape; p[0] and p[:, j] do not.",
    "overflow": "your code overflowed: {op} of a number too large for a float gave inf. The docstring promises no "
                "overflow, so this check turns numpy's overflow warning into this error, at the line where it "
                "happened, even when the inf would not reach the answer: np.where(c, a, b) computes a and b at "
                "every entry, so the branch it discards must not overflow either.",
    "dict-for-list": "a dict keyed by integers where the docstring returns a list: a list's positions are already "
                     "0, 1, 2, ...; build the list itself ([... for ... in ...]) and index it as you would the dict.",
    "returns-count": "your function returns {got} values where its Returns: lines list {want} ({outs} output(s), "
                     "then the cache, in that order): compare your return statement with the docstring (an extra "
                     "value, or one left out, shifts every later one).",
    "dict-as-array": "a whole dict was used where an array or a number belongs (in arithmetic, a comparison, or a "
                     "numpy function such as np.clip): apply the operation to each of its arrays, {{k: f(g) for k, g "
                     "in grads.items()}}.",
    "tensordot-axes": "np.tensordot summed over axes of different sizes: its `axes` pairs an axis of the first "
                      "array with one of the second, in order, and each pair must have one size (for (N, T, V) "
                      "and (N, T, H) arrays, axes=([0, 1], [0, 1]) sums over N and T).",
    "lazy-result": "a {what} object is lazy: it holds no values until something iterates over it, and it is not a "
                   "list. Return list(...) of it (or build the list with a comprehension), as the docstring's "
                   "Returns line says.",
    "non-integer-index": "an index that is not an integer (a float, or a float array): indices must be ints "
                         "(int(...), or .astype(np.int64) for an array; np.zeros and np.full make floats unless "
                         "given dtype=np.int64).",
}


def explain(exc_type: str | None, error: str) -> tuple[str, str] | None:
    """(pattern id, words) saying what exception ``exc_type`` with the sandbox's one line ``error`` means, or None
    when it is not one of the common ones."""
    for kind, pattern, pattern_id in _WORDS:
        if exc_type != kind:
            continue
        found = re.search(pattern, error)
        if found is None:
            continue
        fields = {k: v for k, v in found.groupdict().items() if v is not None}
        if pattern_id == "index-out-of-range":
            fields["where"] = (f" ({fields['index']} on an axis of size {fields['size']})"
                               if "size" in fields else "")
        try:
            return pattern_id, _SAY[pattern_id].format(**fields)
        except (KeyError, IndexError):
            return pattern_id, _SAY[pattern_id]
    return None


def raised_on_valid_input(exc_type: str | None) -> tuple[str, str] | None:
    """A ValueError or AssertionError raised on an input the docstring accepts (its reference returns normally),
    with a message :func:`explain` does not know: most often the learner's own check, stricter than the docstring."""
    if exc_type not in ("ValueError", "AssertionError"):
        return None
    return ("raised-on-valid-input", f"this input is one the docstring accepts (no 'Raises' line covers it), and "
            f"your code raised {exc_type}: if that is your own check, it refuses a valid input (an edge such as an "
            "empty input, a size of exactly the limit or proportions summing to exactly 1 must pass: compare its "
            "condition, > or >=, with the docstring's).")
