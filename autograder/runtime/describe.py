"""Say how a wrong value differs from the expected one, in words a learner can act on.

:func:`describe` returns (pattern id, sentence) for the differences a structure explains: outputs in another
order, a constant factor named after a dimension, a transpose, gate blocks permuted, the time steps or
sequences where it differs, the inputs for which an element-wise function is wrong, keys spelled otherwise,
another kind of value, ... (its docstring lists them in the order they are tried). :func:`facts_of` gathers
what the inputs tell (the dimensions' sizes, the mask, the numbers and float arrays passed in).
:mod:`.compare` decides whether a value is wrong; this module only describes.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from .compare import is_number, mismatch, show_number
from .compat import zip


def facts_of(args: Any, dims: Any = None, names: Any = (), function: str = "") -> dict:
    """What the inputs tell about a mismatch: the size of each dimension letter, the mask, the numbers passed in,
    the float arrays passed in (by their parameter's name, a dict's entries each on its own), and the function
    whose output it is (a recurrent pass runs through time: forward from the first step, backward from the last).

    ``dims`` names the axes of each argument (``["NTV", "NT", "NT"]``: scores, y, mask); a
    boolean argument is the mask, and ``M`` its number of True entries. ``names`` are the parameters' names; an
    integer argument named by one capital letter (``H`` of ``init_lstm_params(D, H, V, rng)``) is that size.
    """
    pairs: list[tuple[Any, str, str]] = []
    for k, arg in enumerate(args if isinstance(args, (list, tuple)) else []):
        name = names[k] if k < len(names) else f"argument {k + 1}"
        if isinstance(arg, dict) and set(arg) == {"$batch"}:      # a Batch(X, y, mask) in transport
            pairs += zip(arg["$batch"], ("NTV", "NT", "NT"), ("X", "y", "mask"), strict=False)
        else:
            pairs.append((arg, dims[k] if dims and k < len(dims) and dims[k] else "", name))
    sizes: dict[str, int] = {}
    mask = None
    numbers = [float(a) for a, _, _ in pairs if is_number(a)]
    inputs: list[tuple[str, Any, np.ndarray]] = []     # (name, dict key or None, float array)
    for arg, letters, name in pairs:
        if isinstance(arg, (int, np.integer)) and not isinstance(arg, bool) and len(name) == 1 and name.isupper():
            sizes.setdefault(name, int(arg))
        if isinstance(arg, dict):
            inputs += [(f"{name}[{key!r}]", key, a) for key, a in arg.items()
                       if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
            for key, a in arg.items():     # the hidden size of an LSTM's parameters, ours (H, 4H) or PyTorch's (4H, H)
                shape: tuple[int, ...] = getattr(a, "shape", ())
                if key == "Wh" and len(shape) == 2 and shape[1] in (shape[0], 4 * shape[0]):
                    sizes.setdefault("H", int(shape[0]))
                elif str(key).endswith("weight_hh_l0") and len(shape) == 2 and shape[0] == 4 * shape[1]:
                    sizes.setdefault("H", int(shape[1]))
        if isinstance(arg, np.ndarray):
            if arg.dtype.kind == "f":
                inputs.append((name, None, arg))
            for letter, size in zip(letters, arg.shape, strict=False):
                if letter.isalpha():
                    sizes.setdefault(letter, int(size))
            if arg.dtype == bool and mask is None and arg.ndim >= 1:
                mask = arg
                sizes.setdefault("M", int(arg.sum()))
    named = {name: arg for arg, _, name in pairs if isinstance(arg, np.ndarray)}
    return {"sizes": sizes, "mask": mask, "numbers": numbers, "inputs": inputs, "function": function, "named": named}


def describe(got: Any, want: Any, facts: dict | None = None, names: Any = ()) -> tuple[str, str] | None:
    """(pattern id, a sentence a learner can act on) saying how ``got`` differs from ``want``, or None.

    Tried in order: outputs returned in the wrong order, a list in another order (alphabetical,
    UNK not last), parts that overlap, generation past EOS, one token off or where generated tokens
    first differ, every item alike, items without their last element, then on the first wrong array (of
    a dict's, the first that fits): axes in another order (shapes), NaN/inf (overflow), a float32 array, the
    dtype alone, float32 precision, a constant factor (named after the dimension it equals: M, N, T, V, N*T...), a
    wrong sign, 1 minus the expected values, a bias-like offset, transposed or reshaped where a transpose
    was meant, blocks permuted (the gate order), wrong only at padded positions, the same at every step,
    one step late or early, only at the first or the last step, sequences shifted in time, some rows or
    columns with the opposite sign, rows or columns in another order, probabilities normalised along
    another axis, each slice or column scaled by its own factor, where (gates, steps, sequences), one
    value everywhere, where an element-wise function is wrong by its input, and the short formula of its input
    it computes instead; a matrix (or a gate's block) that should be orthogonal and is not; gate blocks with one
    in two places; a softmax shifted along another axis than the one it sums over;
    other steps than the mask's; cross_entropy's gradient read back as its parts (p, the targets' one-hot).
    A list or 1-d array with entries left out, or with its repeats removed; blocks stacked on a new axis; a dict
    whose entries are one list. A dict's keys: missing, spelled or named otherwise (paired by
    prefix or by shape), or listed.
    """
    facts = facts or {"sizes": {}, "mask": None}
    try:
        return _describe(got, want, facts, tuple(names or ()))
    except Exception:          # a description is a courtesy: never let it fail a check
        return None


def _same(got: Any, want: Any) -> bool:
    try:
        return mismatch(got, want, "") is None
    except TypeError:
        return False


def _describe(got: Any, want: Any, facts: dict, names: tuple) -> tuple[str, str] | None:
    kind = _kind(got, want, names)
    if kind:
        return kind
    if isinstance(want, tuple) and isinstance(got, (tuple, list)) and len(got) == len(want):
        found = _swapped(got, want, names) or _overlap(got, want)
        if found:
            return found
        for g, w in zip(got, want, strict=True):
            if not _same(g, w):
                found = _describe(g, w, facts, ())
                if found:
                    return found
        return _outputs_right(got, want, names)
    if isinstance(want, tuple) and isinstance(got, (tuple, list)) and 0 < len(got) < len(want) == len(names):
        found = _outputs_missing(got, want, names)
        if found:
            return found
    if isinstance(want, (dict, list)) and isinstance(got, type(want)) and abs(len(got) - len(want)) == 1 and (
            not isinstance(want, list) or not all(isinstance(t, str) for t in [*got, *want])):
        more = "too many" if len(got) > len(want) else "too few"
        return ("size-off-by-one", f"{len(got)} entries instead of {len(want)}, one {more}: look for an off-by-one "
                "in a count, a cap or a slice bound.")
    if isinstance(want, dict) and isinstance(got, dict) and set(got) != set(want):
        if got and set(got) < set(want):
            missing = [k for k in want if k not in got]
            return ("keys-missing", f"your dict holds {len(got)} of the {len(want)} expected entries "
                    f"({', '.join(map(repr, missing[:4]))}{', ...' if len(missing) > 4 else ''} missing): a return "
                    "inside the loop returns after the first item, or a condition leaves entries out.")
        return _renamed(got, want)
    if isinstance(want, dict) and isinstance(got, dict) and set(got) == set(want):
        found = _one_list(got, want)
        if found:
            return found
        if all(isinstance(v, (int, np.integer)) for v in [*want.values(), *got.values()]):
            return _order(sorted(got, key=got.__getitem__), sorted(want, key=want.__getitem__))
        found = _entries_swapped(got, want)
        if found:
            return found
        first = None
        for key in want:
            if not _same(got[key], want[key]):
                found = _describe(got[key], want[key], {**facts, "key": key}, ())
                if found:   # named when it is not the first wrong entry, the one the message shows
                    return found if first is None else (found[0], f"in [{key!r}]: {found[1]}")
                first = key if first is None else first
        return None
    if (isinstance(want, list) and isinstance(got, list) or isinstance(want, np.ndarray) and isinstance(
            got, np.ndarray) and want.ndim == got.ndim == 1 and want.dtype.kind in "iub") and 0 < len(got) < len(want):
        found = _dropped(list(got), list(want), any_value=isinstance(want, np.ndarray))
        if found:
            return found
    if isinstance(want, list) and isinstance(got, list):
        found = (_deduplicated(got, want) or _indices_for_words(got, want) or _order(got, want)
                 or _tokens(got, want) or _all_alike(got, want) or _last_missing(got, want))
        if found or len(got) != len(want) or not all(isinstance(w, list) for w in want):
            return found
        k = next((k for k, (g, w) in enumerate(zip(got, want, strict=True)) if not _same(g, w)), None)
        inner = None if k is None else _describe(got[k], want[k], facts, ())
        return None if inner is None else (inner[0], f"in item [{k}]: {inner[1]}")
    if isinstance(want, np.ndarray) and isinstance(got, np.ndarray) and got.shape == want.shape and (
            got.dtype != want.dtype and np.array_equal(got, want)):
        return ("dtype", f"your values are right but your array's dtype is {got.dtype}, not {want.dtype}: make it "
                f"with the docstring's dtype (np.array of an empty list is float64, of ints int32 on some "
                f"platforms: pass dtype=np.{want.dtype}; np.eye(V) and np.zeros(shape) give float64).")
    if isinstance(want, np.ndarray) and isinstance(got, np.ndarray) and want.dtype.kind == "f":
        return _array(got, want, facts)
    if isinstance(want, np.ndarray) and isinstance(got, np.ndarray) and got.shape == want.shape:
        return _discrete(got, want)
    if isinstance(want, np.ndarray) and isinstance(got, np.ndarray):    # integers or booleans in another shape
        return _stacked(got, want) or _axes(got, want, facts)
    if is_number(want) and is_number(got):
        g, w = float(got), float(want)
        if not math.isfinite(g) and math.isfinite(w):
            return _overflow(g)
        if any(g == n for n in facts.get("numbers", ())):
            return ("equals-input", f"your value, {g:.6g}, is one of the numbers passed in, not the value computed "
                    "from the inputs (the docstring's Returns line says which).")
        found = _factor(np.array([g]), np.array([w]), facts)
        return found if found and "a constant," not in found[1] else None    # any two numbers have a ratio
    return None


def _indices_for_words(got: list, want: list) -> tuple[str, str] | None:
    """Integers where the expected list holds words: indices kept where their words belong."""
    numbers = [k for k, item in enumerate(got) if isinstance(item, (int, np.integer)) and not isinstance(item, bool)]
    if not numbers or not all(isinstance(w, str) for w in want):
        return None
    return ("indices-for-words", f"your list holds integers where words belong (from position {numbers[0]} on, "
            f"{len(numbers)} of them): an index was kept where its word belongs; idx_to_word[idx] gives the word.")


def _deduplicated(got: list, want: list) -> tuple[str, str] | None:
    """Each distinct item of the expected list once: its repeats removed."""
    if not 0 < len(got) < len(want):
        return None
    mine, theirs = [repr(item) for item in got], [repr(item) for item in want]
    if len(set(mine)) != len(mine) or set(mine) != set(theirs):
        return None
    return ("duplicates-removed", f"your {len(got)} items are the expected {len(want)} with every repeat removed (each "
            "distinct item once): the expected list keeps repeats, so nothing should pass through a set, a dict's "
            "keys or an `if item not in seen` test.")


def _one_list(got: dict, want: dict) -> tuple[str, str] | None:
    """Every entry of the dict holds one and the same list, all the expected entries' items together: the entries
    share one list object (dict.fromkeys(keys, []), or one list assigned to each key)."""
    if len(want) < 2 or not all(isinstance(v, list) for v in [*got.values(), *want.values()]):
        return None
    lists = list(got.values())
    together = sorted(repr(item) for items in want.values() for item in items)
    if any(repr(items) != repr(lists[0]) for items in lists) or sorted(repr(item) for item in lists[0]) != together:
        return None
    return ("entries-share-one-list", f"each of your {len(got)} entries holds all the expected entries' items "
            "together: they are one and the same list (dict.fromkeys(keys, []) gives every key the same list; "
            "write {key: [] for key in keys}).")


def _dropped(got: list, want: list, any_value: bool = True) -> tuple[str, str] | None:
    """``got`` is ``want`` with some entries left out, the others in order: say which (all of one value?; only then
    unless ``any_value``: tokens that differ are otherwise said from where they first differ)."""
    kept, k = [], 0
    for index, item in enumerate(want):
        if k < len(got) and _same(got[k], item):
            kept.append(index)
            k += 1
    if k < len(got) or kept == list(range(len(got))):
        return None        # not a subsequence; or a prefix (stopped early: the list's own descriptions say it)
    left_out = [want[i] for i in range(len(want)) if i not in kept]
    if all(_same(item, left_out[0]) for item in left_out) and not any(_same(g, left_out[0]) for g in got):
        return ("entries-dropped", f"your {len(got)} entries are the expected {len(want)} with every "
                f"{_short(left_out[0])} left out ({len(left_out)} of them), the others in order: your code skips "
                "what it should keep (an `if` that filters, a value it treats as missing).")
    if not any_value:
        return None
    return ("entries-dropped", f"your {len(got)} entries are the expected {len(want)} with {len(left_out)} left out "
            f"(at positions {_indices(np.isin(np.arange(len(want)), kept, invert=True))}), the others in "
            "order: your code skips entries it should keep.")


def _short(item: Any) -> str:
    text = repr(item.tolist() if isinstance(item, np.generic) else item)
    return text if len(text) <= 30 else text[:27] + "..."


def _outputs_right(got: Any, want: tuple, names: tuple) -> tuple[str, str] | None:
    """Some outputs of the call are right and some wrong: say which, so the search starts after the right ones."""
    if len(names) != len(want) or len(want) < 2:
        return None
    right = [name for name, g, w in zip(names, got, want, strict=True) if _same(g, w)]
    wrong = [name for name in names if name not in right]
    if not right or not wrong:
        return None
    return ("some-outputs-right", f"{', '.join(right)} {'is' if len(right) == 1 else 'are'} right and only "
            f"{', '.join(wrong)} {'differs' if len(wrong) == 1 else 'differ'}: what they share is right; look at the "
            f"lines that compute {', '.join(wrong)} from it.")


def _swapped(got: Any, want: tuple, names: tuple) -> tuple[str, str] | None:
    n = len(want)
    if n < 2 or _same(list(got), list(want)):
        return None
    for a in range(n):
        for b in range(a + 1, n):
            order = list(range(n))
            order[a], order[b] = b, a
            if _same([got[k] for k in order], list(want)):
                label = names if len(names) == n else tuple(f"output {k}" for k in range(n))
                return ("outputs-swapped", f"your {label[a]} and {label[b]} are swapped: return them in the "
                        f"docstring's order ({', '.join(label)}).")
    return None


def _overlap(got: Any, want: tuple) -> tuple[str, str] | None:
    if not all(isinstance(part, list) for part in [*got, *want]):
        return None
    try:
        seen: dict = {}
        for k, part in enumerate(got):
            for item in part:
                key = repr(item)
                if key in seen and seen[key] != k:
                    return ("parts-overlap", f"the parts overlap: {item!r} is in part {seen[key] + 1} and in "
                            f"part {k + 1}; each item must land in exactly one part (slice at the same cut points).")
                seen.setdefault(key, k)
        total = sum(len(part) for part in want)
        if sum(len(part) for part in got) != total:
            return ("parts-lose-items", f"the parts hold {sum(len(p) for p in got)} items in all, not {total}: "
                    "together they must be the whole data, each item once.")
    except TypeError:
        return None
    return None


def _order(got: list, want: list) -> tuple[str, str] | None:
    try:
        if len(got) != len(want) or got == want or sorted(map(repr, got)) != sorted(map(repr, want)):
            return None
    except TypeError:
        return None
    if "UNK" in want and want[-1] == "UNK" and got[-1] != "UNK":
        return ("unk-not-last", f"UNK is at index {got.index('UNK')}; it must come last, after every word.")
    words = [w for w in got if w != "UNK"]
    if words == sorted(words) and [w for w in want if w != "UNK"] != sorted(words):
        return ("alphabetical", "your order is alphabetical; the expected order is by frequency, most frequent "
                "first (alphabetical only among words of equal count).")
    return ("reordered", "the right items in another order: check the sort key and the order of ties.")


def _tokens(got: list, want: list) -> tuple[str, str] | None:
    if not all(isinstance(t, str) for t in [*got, *want]) or not want:
        return None
    if len(got) > len(want) and got[: len(want)] == want and want[-1] == "EOS":
        return ("past-eos", f"your output goes on after EOS ({len(got) - len(want)} more tokens): stop as soon "
                "as EOS is generated, and keep it as the last token.")
    if abs(len(got) - len(want)) == 1 and got[: min(len(got), len(want))] == want[: min(len(got), len(want))]:
        return ("length-off-by-one", f"one token {'too many' if len(got) > len(want) else 'too few'} "
                f"({len(got)} instead of {len(want)}): count the new tokens (at most max_new), not the prompt's.")
    same = next((k for k, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
    expected, yours = " ".join(want[same:same + 4]) or "nothing more", " ".join(got[same:same + 4]) or "nothing more"
    if not same:
        return ("tokens-differ-at", f"your tokens differ from the first one on: expected {expected}, got {yours}; "
                "look at what the first step is given.")
    return ("tokens-differ-at", f"your tokens are the expected ones up to position {same - 1} (... "
            f"{' '.join(want[max(0, same - 3):same])}) and differ from position {same} on: expected {expected}, got "
            f"{yours}; look at what your loop does at that step.")


def _all_alike(got: list, want: list) -> tuple[str, str] | None:
    """Every item the same where the expected items differ: what should change from one item to the next does not."""
    try:
        alike = len(got) >= 3 and len({repr(item) for item in got}) == 1 and len({repr(item) for item in want}) > 1
    except Exception:
        return None
    if not alike:
        return None
    return ("all-alike", f"all {len(got)} of your items are the same; the expected ones differ: what should change "
            "from one item to the next does not (a random generator made again inside the loop, so that every item "
            "repeats its first draws, or an index or a value that the loop never moves on).")


def _last_missing(got: list, want: list) -> tuple[str, str] | None:
    """Items that are the expected ones without their last element (where they differ at all)."""
    try:
        wrong = [(g, w) for g, w in zip(got, want, strict=True) if g != w]
        if not wrong or not all(isinstance(w, list) and w and g == w[:-1] for g, w in wrong):
            return None
        ends = sorted({repr(w[-1]) for _, w in wrong})
    except Exception:
        return None
    return ("last-missing", f"{len(wrong)} of your {len(got)} items lack the expected last element "
            f"({', '.join(ends[:3])}); the rest of each is right: look at what is appended at the end, and for "
            "which cases.")


def _discrete(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Integer or boolean arrays: one value replaced by another everywhere, or each row one entry short."""
    bad = got != want
    if not bad.any():
        return None
    if want.dtype == bool and want.ndim == 2:
        short = want.sum(axis=1) - got.sum(axis=1)
        subset = not (got & ~want).any() if short[0] > 0 else not (want & ~got).any()
        if np.all(short == short[0]) and short[0] != 0 and subset:
            n = int(abs(short[0]))
            return ("rows-off-by-one", f"every row has {n} True {'too few' if short[0] > 0 else 'too many'}: the "
                    "mask must be True exactly at each sequence's real steps (its length), False at padding.")
    if len(set(want[bad].tolist())) == 1 and len(set(got[bad].tolist())) == 1:
        w, g = want[bad][0], got[bad][0]
        return ("value-replaced", f"everything is right except that every expected {w} is {g} in yours.")
    return None


def _overflow(sample: Any) -> tuple[str, str]:
    return ("overflow", f"your output holds {sample} where the expected values are finite: something overflows "
            "for large inputs (exp of a large number is inf, and inf / inf or inf - inf is NaN).")


def _array(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    finite = np.isfinite(want)
    if got.shape == want.shape and not np.all(np.isfinite(got[finite])):
        return _overflow("NaN" if np.isnan(got[finite]).any() else "inf")
    if got.shape != want.shape:
        return _stacked(got, want) or _axes(got, want, facts) or _one_off(got, want) or _an_input(got, want, facts)
    if not np.all(finite):
        return None
    if got.dtype.kind == "f" and got.dtype.itemsize < 8:
        return ("float32", f"your array is {got.dtype}, which keeps about 7 significant digits where the check "
                "compares 16: compute in float64 (np.float32 in a dtype or an astype makes it; np.zeros, np.eye and "
                "a Generator's draws give float64 unless told otherwise).")
    got = got.astype(float)
    scale = float(np.linalg.norm(want))
    error = float(np.linalg.norm(got - want)) / scale if scale else math.inf
    if error < 1e-5:
        return ("precision", f"the error is tiny (relative {error:.0e}), at the level of float32 rounding, not of "
                "a wrong formula: somewhere your code computes in float32 (an np.float32 array or dtype), or "
                "subtracts nearly equal numbers; compute in float64.")
    if scale == 0:
        return ("expected-zeros", "the expected values are all zeros (a bias starts at 0, a padded step's "
                "gradient is 0) and yours are not.")
    return (_factor(got, want, facts) or _squashing(got, want) or _complement(got, want) or _offset(got, want)
            or _transposed(got, want)
            or _blocks(got, want) or _row_shift(got, want) or _where(got, want, facts) or _rows_shifted(got, want)
            or _signs(got, want)
            or _permuted(got, want) or _normalised(got, want)
            or _slices(got, want) or _mask_steps(got, want, facts) or _locate(got, want, facts)
            or _orthogonal(got, want) or _constant(got, want)
            or _by_input(got, want, facts) or _formula(got, facts) or _every_step(got, want, facts)
            or _never_written(got, want) or _loss_gradient(got, want, facts) or _shift_axis(got, want, facts))


def _factor(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    w = want.ravel()
    norm2 = float(w @ w)
    if norm2 == 0:
        return None
    r = float(got.ravel() @ w) / norm2
    if not np.isfinite(r) or np.linalg.norm(got.ravel() - r * w) > 1e-6 * math.sqrt(norm2):
        return None
    if r == 0:
        return ("zeros", "your values are all zero where the expected ones are not: is this output computed (and "
                "returned) at all?")
    if abs(r + 1) < 1e-6:
        return ("wrong-sign", "your values have the wrong sign (exactly minus the expected ones): check a "
                "subtraction's order or a gradient's sign.")
    sizes = facts.get("sizes", {})
    named = dict(sizes)
    letters = sorted(sizes)
    for a in range(len(letters)):
        for b in range(a + 1, len(letters)):
            named.setdefault(f"{letters[a]}*{letters[b]}", sizes[letters[a]] * sizes[letters[b]])
    for inverse, value in ((False, r), (True, 1 / r if r else math.inf)):
        hits = [name for name, size in named.items() if size > 1 and abs(value - size) < 1e-6 * size]
        if hits:
            size = named[hits[0]]
            what = " = ".join(hits)
            if inverse:
                return ("factor", f"your values are the expected ones divided by {size} ({what}): a sum is averaged "
                        f"(or divided by {hits[0]} once too often); sum where the formula sums.")
            return ("factor", f"your values are {size} times the expected ones ({what}): a mean is missing its "
                    f"division by {hits[0]}, or a sum counts {hits[0]} times.")
    return ("factor", f"your values are the expected ones times a constant, {r:.6g}: the formula is right up to "
            "a constant factor (a missing or extra mean, weight or scale).")


def _one_off(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """One axis one longer or shorter than expected, the others right: a slice bound or a count off by one."""
    if got.ndim != want.ndim:
        return None
    differ = [k for k in range(want.ndim) if got.shape[k] != want.shape[k]]
    if len(differ) != 1 or abs(got.shape[differ[0]] - want.shape[differ[0]]) != 1:
        return None
    axis = differ[0]
    more = "too many" if got.shape[axis] > want.shape[axis] else "too few"
    return ("size-off-by-one", f"one {_noun(axis, want.ndim, one=True)} {more} along axis {axis} "
            f"({got.shape[axis]} instead of {want.shape[axis]}), the other sizes right: look for an off-by-one in a "
            "slice bound (a[:-1], a[1:], a[:n - 1]), a range or a count.")


def _stacked(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Blocks put on a new first axis (np.array or np.stack of a list of them) where they belong side by side along
    an axis of their own (np.concatenate)."""
    if got.ndim != want.ndim + 1 or got.shape[0] < 2 or _squeezed(got) == _squeezed(want):
        return None     # (N, 1) for (N,): an axis of length 1 added (_axes says so)
    for axis in range(want.ndim):
        joined = np.concatenate(list(got), axis=axis)
        if joined.shape == want.shape and _same(joined, want):
            return ("blocks-stacked", f"your array of shape {got.shape} holds the expected {got.shape[0]} blocks on a "
                    f"new first axis (np.array or np.stack of the list of them); the expected {want.shape} has them "
                    f"side by side along axis {axis}: np.concatenate(blocks, axis={axis}).")
    return None


def _squeezed(array: np.ndarray) -> list[int]:
    """The sizes of an array's axes, those of length 1 left out."""
    return [n for n in array.shape if n != 1]


def _axes(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """A shape with the expected sizes in another order: the transpose (2-d), or axes stacked or moved in another
    order (an (N, T, H) output made as (T, N, H)); said with the dimensions' names where the sizes tell them."""
    if got.size == want.size and got.shape != want.shape:
        if _same(got.reshape(want.shape), want):
            if _squeezed(got) == _squeezed(want):
                return ("extra-axis", f"your array holds the expected values with axes of length 1 added or left out: "
                        f"expected shape {want.shape}, got {got.shape} (np.zeros(H) is 1-d, np.zeros((1, H)) is not).")
            return ("not-reshaped", f"your array holds the expected values in another shape: expected "
                    f"{want.shape}, got {got.shape}: reshape it back to the docstring's shape.")
    if got.ndim == want.ndim == 2 and got.size == want.size and got.shape != want.shape:
        (r, c), (wr, wc) = got.shape, want.shape
        for k in range(2, 9):
            if r == k * wr and wc == k * c:
                return ("stacked-along-rows", f"your {got.shape} is {k} blocks of {(wr, c)} stacked along axis 0 "
                        f"where the expected {want.shape} puts them side by side along axis 1: "
                        "np.concatenate(..., axis=1) (np.concatenate stacks along axis 0 by default).")
            if c == k * wc and wr == k * r:
                return ("stacked-along-columns", f"your {got.shape} is {k} blocks of {(r, wc)} side by side along "
                        f"axis 1 where the expected {want.shape} stacks them along axis 0: np.concatenate(..., "
                        "axis=0).")
    if got.ndim != want.ndim or sorted(got.shape) != sorted(want.shape):
        return _sizes(got, want, facts)
    if got.ndim < 2:
        return None
    if got.ndim == 2:
        if _same(got.T.copy(), want):
            return ("transposed", f"your array is the transpose of the expected one: expected shape {want.shape}, "
                    f"got {got.shape}.")
        return None
    sizes = facts.get("sizes", {})
    names = {size: letter for letter, size in sizes.items() if list(sizes.values()).count(size) == 1}

    def named(shape: tuple[int, ...]) -> str:   # with the letters only where each size names one dimension
        letters = [names.get(size) for size in shape] if len(set(shape)) == len(shape) else [None]
        return f"{shape}" + (f" ({', '.join(str(n) for n in letters)})" if all(letters) else "")

    for order in itertools.permutations(range(got.ndim)):
        if tuple(got.shape[k] for k in order) == want.shape and _same(np.transpose(got, order).copy(), want):
            return ("axes-order", f"your array holds the expected values with its axes in another order: expected "
                    f"shape {named(want.shape)}, got {named(got.shape)}: stack, concatenate or index along the "
                    "axis the docstring gives (np.stack(..., axis=1) for time as the second axis).")
    return ("axes-order", f"your shape has the expected sizes in another order: expected {named(want.shape)}, got "
            f"{named(got.shape)}: check which axis each dimension is on (the docstring's shapes).")


def _offset(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """The expected values plus one constant, or plus one row added to every row (a vector along the last axis):
    a bias missing, added twice or with the wrong sign."""
    diff = got - want
    rows = diff.reshape(-1, diff.shape[-1]) if got.ndim >= 2 else diff[None]
    if len(rows) < 2 or not np.allclose(rows, rows[0], rtol=1e-7, atol=1e-10 * (1 + float(np.abs(want).max()))):
        return None
    return ("offset", "your values are the expected ones plus the same vector in every row (along the last axis): "
            "a bias is left out, added twice, or added with the wrong sign.")


def _row_shift(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """The expected values plus one number per row (constant along the last axis): a per-row shift, such as a
    softmax's maximum subtracted where no softmax is computed."""
    diff, tiny = got - want, 1e-10 * (1 + float(np.abs(want).max()))
    if got.ndim < 2 or got.shape[-1] < 2 or not np.allclose(diff, diff[..., :1], rtol=1e-7, atol=tiny):
        return None
    per_row = diff[..., 0]
    if np.any(np.abs(per_row) <= tiny) or np.allclose(per_row, per_row.flat[0]):
        return None      # some rows right (localised elsewhere), or one constant everywhere (an offset)
    shifted = np.allclose(diff, -want.max(axis=-1, keepdims=True), rtol=1e-7, atol=1e-10)
    return ("row-shift", "your values are the expected ones plus one number per row, the same across the last "
            "axis" + (" (minus each row's maximum: a softmax's stability shift, applied where no softmax is "
                      "computed)" if shifted else "") + ": a term added or subtracted per row that the docstring's "
            "formula does not have.")


def _rows_shifted(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Each row (a sequence) holds its expected values moved along the next axis (time), by its own amount:
    padding at the start instead of the end, or a sequence placed at the wrong offset."""
    if got.ndim < 2 or got.shape[1] < 2:
        return None
    shifts = []
    for g, w in zip(got, want):
        shift = next((s for s in range(g.shape[0]) if _close(np.roll(g, -s, axis=0), w)),
                     None)
        if shift is None:
            return None
        shifts.append(shift)
    if not any(shifts):
        return None
    return ("rows-shifted", "every sequence (row) holds its expected values moved along the time axis, by "
            f"{sorted(set(shifts))} steps: its values start at the wrong step (padding goes at the end, after "
            "each sequence's own steps).")


def _normalised(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Probabilities that sum to 1 along another axis than the expected ones: the axis argument ignored."""
    if got.ndim < 2 or np.any(want < 0):
        return None
    expected = [k for k in range(want.ndim) if np.allclose(want.sum(axis=k), 1.0, rtol=0, atol=1e-9)]
    yours = [k for k in range(got.ndim) if np.allclose(got.sum(axis=k), 1.0, rtol=0, atol=1e-9)]
    if len(expected) != 1 or not yours or expected == yours:
        return None
    return ("wrong-axis", f"your values sum to 1 along axis {yours[0]}, the expected ones along axis {expected[0]}: "
            "normalise along the axis you are given (its maximum and its sum with that axis and keepdims=True).")


def _complement(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """One minus the expected values: sigmoid(-x) for sigmoid(x), a probability for its complement."""
    if np.allclose(got + want, 1.0, rtol=0, atol=1e-9) and not np.allclose(want, 0.5, rtol=0, atol=1e-9):
        return ("complement", "your values are 1 minus the expected ones: sigmoid(-x) where sigmoid(x) is meant (a "
                "sign of x flipped, or two branches swapped), or a probability where its complement is meant.")
    return None


def _slices(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Each slice along the last axis is right up to its own factor: a normalisation over the wrong entries."""
    if got.ndim < 2 or got.shape[-1] < 2 or np.any(want == 0):
        return None
    ratio = got / want
    if np.allclose(ratio, ratio[..., :1], rtol=1e-6, atol=0):
        return ("slices-scaled", "along the last axis every slice is right up to its own factor: you divide by "
                "the wrong total (a sum over the wrong axis, or over the whole array, or without keepdims).")
    if (got.ndim == 2 and got.shape[0] >= 2 and np.allclose(ratio, ratio[:1], rtol=1e-6, atol=0)
            and np.all(ratio[0] != 0) and 2 * np.isclose(ratio[0], 1.0).sum() < got.shape[1]):   # most columns
        # scaled, none zeroed (a block left out is told where it is, by _locate)
        return ("columns-scaled", "every column is the expected one times a factor of its own: something scales "
                "each column (a diagonal's values used where only their signs are meant, a norm taken per column).")
    return None


def _transposed(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    if got.ndim == 2 and got.shape[0] == got.shape[1] and _same(got.T.copy(), want):
        return ("transposed", "your array is the transpose of the expected one: a matrix is used transposed "
                "(x @ W versus W @ x, or .T on the wrong side).")
    if got.ndim == 2 and got.shape[0] != got.shape[1] and _same(want.T.reshape(got.shape), got):
        return ("reshaped-not-transposed", f"your array is the expected one's transpose reshaped to {got.shape}: "
                "reshape keeps the order of the values and only cuts the rows anew, it does not transpose; use "
                ".T (and a copy if the docstring wants a new array).")
    return None


GATES = "figo"


def _blocks(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Four blocks along an axis (the gates) in another order, or one of them in two places and another lost (a swap
    through a view)."""
    for axis in range(got.ndim):
        size = got.shape[axis]
        if size % 4 or size < 4:
            continue
        parts, mine = np.split(want, 4, axis=axis), np.split(got, 4, axis=axis)
        found = [next((k for k in range(4) if _same(block, parts[k])), None) for block in mine]
        order = [k for k in found if k is not None]
        if len(order) < 4 or order == [0, 1, 2, 3]:
            continue
        if len(set(order)) == 4:
            return ("blocks-permuted", f"your four blocks of {size // 4} along axis {axis} are the expected "
                    f"ones in another order: read as this kit's gate order (f, i, g, o), yours is "
                    f"{', '.join(GATES[k] for k in order)}.")
        if len(set(order)) != 3:      # one block in two places, one lost: a swap; anything else is not one
            continue
        twice = next(k for k in order if order.count(k) > 1)
        lost = [k for k in range(4) if k not in order]
        return ("block-duplicated", f"of your four blocks of {size // 4} along axis {axis}, blocks "
                f"{_listed([str(j) for j, k in enumerate(order) if k == twice])} both hold the expected block "
                f"{twice}, and the expected block {_listed([str(k) for k in lost])} is nowhere: a swap through a "
                "view (tmp = W[..., a] is a view, so writing W[..., a] changes tmp too; take .copy(), or build "
                "the new order with np.concatenate).")
    return None


def _noun(axis: int, ndim: int, one: bool = False) -> str:
    """What the slices along ``axis`` are called: entries, rows, columns or slices (one of them if ``one``)."""
    if ndim == 1:
        return "entry" if one else "entries"
    return (("row", "column")[axis] if ndim == 2 else "slice") + ("" if one else "s")


def _along(axis: int, ndim: int, count: int = 2, which: str = "") -> str:
    """The slices along ``axis`` named as a learner reads them: "rows 1, 3", "column 2", "entries 0, 4", "slices 0, 2
    along axis 1" (singular when ``count`` is 1; ``which`` lists them)."""
    return " ".join(part for part in (_noun(axis, ndim, count == 1), which, f"along axis {axis}" * (ndim > 2)) if part)


def _signs(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Some rows or columns (slices along one axis) are the expected ones with the opposite sign, the others right:
    a sign chosen per column (a sign correction from the wrong diagonal, a flipped term in some of them)."""
    for axis in range(got.ndim):
        g, w = np.moveaxis(got, axis, 0), np.moveaxis(want, axis, 0)
        if len(g) < 2:
            continue
        plus = [_close(a, b) for a, b in zip(g, w, strict=True)]
        minus = [_close(a, -b) and not np.allclose(b, 0) for a, b in zip(g, w, strict=True)]
        flipped = np.array([m and not p for p, m in zip(plus, minus, strict=True)])
        if all(p or m for p, m in zip(plus, minus, strict=True)) and flipped.any() and any(plus):
            one = flipped.sum() == 1
            return ("signs-flipped", f"your {_along(axis, got.ndim, flipped.sum(), _indices(flipped))} "
                    f"{'is the expected one' if one else 'are the expected ones'} with the opposite sign and the "
                    "others are right: look at where your code gives those a sign of their own (a sign correction "
                    "taken from the wrong matrix or diagonal, a term subtracted instead of added in some of them).")
    return None


def _permuted(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """The rows or columns (slices along one axis) are the expected ones in another order: an index, a stack or a
    reshape that orders them differently (stacking blocks and reshaping interleaves their columns)."""
    for axis in range(got.ndim):
        g, w = np.moveaxis(got, axis, 0), np.moveaxis(want, axis, 0)
        if not 2 <= len(g) <= 64:     # pairs of slices compared: at most 2,016
            continue
        order, free = [], set(range(len(w)))
        for a in g:
            k = next((k for k in sorted(free) if _close(a, w[k])), None)
            if k is None:
                break
            order.append(k)
            free.discard(k)
        if len(order) == len(g) and order != sorted(order):
            moved = [f"{k} is the expected {j}" for k, j in enumerate(order) if k != j]
            more = ", ..." if len(moved) > 4 else ""
            return ("slices-permuted", f"your {_along(axis, got.ndim)} are the expected ones in another order (your "
                    f"{_noun(axis, got.ndim, one=True)} {', '.join(moved[:4])}{more}): an index, a stack or a "
                    "reshape puts them in another order (a reshape of stacked blocks interleaves their columns).")
    return None


def _sigmoid(v: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-v)), written with tanh so that no value overflows."""
    return 0.5 * (1.0 + np.tanh(v / 2))


def _squashing(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """A tanh or sigmoid applied once too often (yours is tanh of the expected values) or left out (the expected
    values are tanh of yours), entry by entry."""
    if got.size < 4 or not np.all(np.isfinite(got)):
        return None
    for name, squash in (("tanh", np.tanh), ("sigmoid", _sigmoid)):
        if _close(squash(want), got):
            return ("extra-squashing", f"your values are {name} of the expected ones: a {name} applied once too "
                    "often (a line copied from a function that has one, or an activation applied to a value that "
                    "already went through it).")
        if _close(squash(got), want):
            return ("missing-squashing", f"the expected values are {name} of yours: the {name} is missing, so your "
                    "code returns what goes into it.")
    return None


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=1e-7, atol=1e-10))


def _wrong(got: np.ndarray, want: np.ndarray) -> Any:   # numpy's stubs type .any(axis=...) of it as maybe a scalar
    """The boolean array of the entries that differ, by :func:`_close`'s tolerance."""
    return ~np.isclose(got, want, rtol=1e-7, atol=1e-10)


def _where(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    bad = _wrong(got, want)
    if not bad.any():
        return None
    mask = facts.get("mask")
    if isinstance(mask, np.ndarray) and got.shape[: mask.ndim] == mask.shape and not mask.all():
        per_step = bad.reshape(*mask.shape, -1).any(axis=-1)
        if not per_step[mask].any():
            return ("padded-only", "your values are right at every valid step and wrong only at padded steps "
                    "(mask False): padded steps must contribute nothing (zero gradient, not counted).")
    sizes = facts.get("sizes", {})
    N, T = sizes.get("N"), sizes.get("T")
    if N and T and T > 1 and got.ndim >= 2 and got.shape[:2] == (N, T):
        if T > 2 and _close(got[:, 1:], want[:, :-1]):
            return ("one-step-late", "your value at step t is the expected one of step t - 1 (one step late): the "
                    "state is stored before it is updated, or a time index is off by one.")
        if T > 2 and _close(got[:, :-1], want[:, 1:]):
            return ("one-step-early", "your value at step t is the expected one of step t + 1 (one step early): a "
                    "time index is off by one.")
        if T > 2 and _close(got, got[:, -1:]) and not np.allclose(want, want[:, -1:]):
            return ("same-every-step", "every time step of yours holds the same values as your last one: one array "
                    "is stored at every step and then changed in place (store a new array per step, or write into "
                    "h[:, t]).")
        steps = bad.reshape(N, T, -1).any(axis=(0, 2))
        if steps[0] and not steps[1:].any():
            return ("first-step-only", "only the first time step (t = 0) is wrong: check what your code uses for "
                    "the previous state at t = 0 (h0, c0), and that hs[t - 1] with t = 0 is not the last step.")
        if steps[-1] and not steps[:-1].any():
            return ("last-step-only", f"only the last time step (t = {T - 1}) is wrong: check the loop's bounds "
                    "and what the last step receives.")
        if not steps[-1] and steps.any():
            return ("not-last-step", f"the last time step (t = {T - 1}) is right and earlier ones are wrong: what "
                    "is carried back through time (from step t + 1 to step t) is wrong.")
    return None


GATE_NAMES = {"f": "forget", "i": "input", "g": "candidate", "o": "output"}


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _indices(found: np.ndarray) -> str:
    ks = [int(k) for k in np.flatnonzero(found)]
    return ", ".join(map(str, ks[:6])) + (", ..." if len(ks) > 6 else "")


def _locate(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """Where inside the output the difference sits, when it is only part of it: which gates' blocks of columns
    (an array with a last axis of 4H), which time steps, which sequences of the batch. None when every part
    is wrong (nothing to localise) or the shape says nothing."""
    bad = _wrong(got, want)
    if not bad.any() or bad.all():
        return None
    sizes = facts.get("sizes", {})
    H, N, T = sizes.get("H"), sizes.get("N"), sizes.get("T")
    if H and got.ndim >= 1 and got.shape[-1] == 4 * H and H > 0:
        blocks = bad.reshape(-1, 4, H).any(axis=(0, 2))
        if blocks.any() and not blocks.all():
            wrong = [f"{GATE_NAMES[GATES[k]]} ({k * H}:{(k + 1) * H})" for k in range(4) if blocks[k]]
            right = [GATE_NAMES[GATES[k]] for k in range(4) if not blocks[k]]
            several = len(wrong) > 1
            if several:
                where = f"only the {_listed(wrong)} gates' columns differ"
            else:
                name, _, columns = wrong[0].partition(" ")
                where = f"only the {name} gate's columns {columns.strip('()')} differ"
            return ("gate-blocks", f"{where}; the {_listed(right)} gate{'s' if len(right) > 1 else ''}' columns are "
                    f"right: look at the lines that compute {'these gates' if several else 'this gate'} and "
                    f"{'their' if several else 'its'} derivative (this kit stacks the gates f, i, g, o).")
    parts = []
    if N and T and T > 1 and got.ndim >= 2 and got.shape[:2] == (N, T):   # (one step late or early: _where's)
        steps = bad.reshape(N, T, -1).any(axis=(0, 2))
        if not steps.all():
            parts.append(f"only at time step{'s' if steps.sum() > 1 else ''} t = {_indices(steps)} (of 0..{T - 1})")
        rows = bad.reshape(N, -1).any(axis=1)
        if N > 1 and not rows.all():
            parts.append(f"only in sequence{'s' if rows.sum() > 1 else ''} n = {_indices(rows)} of the batch "
                         f"(of 0..{N - 1})")
    elif N and N > 1 and got.ndim >= 1 and got.shape[0] == N:
        rows = bad.reshape(N, -1).any(axis=1)
        if not rows.all():
            parts.append(f"only in row{'s' if rows.sum() > 1 else ''} n = {_indices(rows)} of the batch "
                         f"(of 0..{N - 1})")
    if parts:
        return ("localised", f"your values differ {' and '.join(parts)}; the rest is right: compare what those "
                "steps or sequences have that the others do not (the first or last step, padding, a length).")
    return None


def _constant(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """One value everywhere where the expected values vary: a clamp with its bounds swapped, a broadcast scalar."""
    if got.size < 2 or not np.all(got == got.flat[0]) or np.allclose(want, want.flat[0]):
        return None
    return ("one-value", f"your array holds one value, {show_number(got.flat[0])}, everywhere, where the expected "
            "values vary: a clamp with its bounds swapped (np.clip(g, hi, lo)), or a scalar broadcast where an "
            "array was meant.")


def _orthogonal(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """A matrix with orthonormal rows or columns (an orthogonal initialisation) where ``got`` has other entries:
    say whether it has the right kind of matrix from other random draws, or one draw where there should be
    one per block of columns."""
    if got.ndim != 2 or min(want.shape) < 2:
        return None
    expected_sv = np.linalg.svd(want, compute_uv=False)
    if not np.allclose(expected_sv, expected_sv[0], rtol=1e-9):
        return None           # not a (scaled) orthogonal matrix: nothing to say
    sv = np.linalg.svd(got, compute_uv=False)
    if np.allclose(sv, expected_sv, rtol=1e-9):
        return ("other-draw", "your matrix is orthogonal like the expected one, with other entries: the random "
                "draws happen in another order or number. Draw the arrays in the docstring's order, each from the "
                "rng passed in, and nothing else in between.")
    rows, columns = want.shape
    k = round(float(expected_sv[0]) ** 2)      # k blocks with orthonormal rows side by side: singular values sqrt(k)
    if (k > 1 and abs(expected_sv[0] ** 2 - k) < 1e-6 and columns % k == 0 and np.allclose(sv, 1.0, rtol=1e-9)):
        return ("one-draw-for-blocks", f"your whole ({rows}, {columns}) matrix is one orthogonal draw; the expected "
                f"one is {k} blocks of {columns // k} columns side by side, each its own orthogonal draw (one per "
                "gate).")
    if k < 1 or abs(expected_sv[0] ** 2 - k) > 1e-6 or columns % k:
        return None
    values = [np.linalg.svd(block, compute_uv=False) for block in np.split(got, k, axis=1)]
    bad = [j for j, v in enumerate(values) if not np.allclose(v, 1.0, rtol=1e-9)]
    if not bad:
        return None
    low, high = min(float(values[j].min()) for j in bad), max(float(values[j].max()) for j in bad)
    what = (f"your ({rows}, {columns}) matrix is" if k == 1 else
            f"of your {k} blocks of {columns // k} columns, {'block' if len(bad) == 1 else 'blocks'} "
            f"{_listed([str(j) for j in bad])} {'is' if len(bad) == 1 else 'are'}")
    return ("not-orthogonal", f"{what} not orthogonal (singular values from {low:.3g} to {high:.3g}; an orthogonal "
            "draw's are all 1): each weight (each gate's block) is its own orthogonal(shape, rng) draw of its own "
            "shape, not a slice of a larger draw, a product or a sum.")


def _renamed(got: dict, want: dict) -> tuple[str, str] | None:
    """Keys that are the expected ones spelled otherwise (a prefix or suffix left out or added, another case, '-'
    for '_'): said key by key, with the prefix when one prefix explains them all."""
    missing = [k for k in want if k not in got and isinstance(k, str)]
    extra = [k for k in got if k not in want and isinstance(k, str)]

    def plain(key: str) -> str:
        return key.lower().replace("-", "_").replace(" ", "_")

    def tail(key: str) -> str | None:     # the name after the first prefix: 'weight' of 'out.weight'
        return key.split(".", 1)[1] if "." in key else None

    pairs = []
    for m in missing:
        match = [e for e in extra if plain(e) == plain(m) or (min(len(e), len(m)) >= 2
                                                             and (m.endswith(e) or e.endswith(m)
                                                                  or m.startswith(e) or e.startswith(m)))]
        if len(match) == 1:
            pairs.append((match[0], m))
    for m in missing:       # the same name after another prefix: 'fc.weight' for 'out.weight'
        match = [e for e in extra if tail(e) is not None and tail(e) == tail(m)]
        if len(match) == 1 and all(m != p for _, p in pairs):
            pairs.append((match[0], m))
    shapes = {k: getattr(v, "shape", None) for d in (got, want) for k, v in d.items() if isinstance(k, str)}
    for m in missing:       # a name of its own, paired by the array's shape when no other key has that shape
        left = [e for e in extra if all(e != q for q, _ in pairs)]
        match = [e for e in left if shapes[e] is not None and shapes[e] == shapes[m]]
        if len(match) == 1 and all(m != p for _, p in pairs) and [shapes[k] for k in missing].count(shapes[m]) == 1:
            pairs.append((match[0], m))
    if not pairs:
        def said(keys: list[str]) -> str:
            return _listed([repr(k) for k in keys]) if keys else "none"
        return ("keys-differ", f"your keys are not the docstring's: {said(missing)} missing, {said(extra)} not "
                "expected; the docstring lists each key as it must be spelled.")
    others = {(e.split(".", 1)[0], m.split(".", 1)[0]) for e, m in pairs if tail(e) is not None and tail(e) == tail(m)}
    if len(others) == 1 and len(pairs) == len(missing) == len(extra):
        yours, theirs = others.pop()
        return ("keys-renamed", f"your keys say {yours + '.'!r} where the docstring's say {theirs + '.'!r} "
                f"({pairs[0][0]!r} for {pairs[0][1]!r}): the docstring lists each key as it must be spelled.")
    prefixes = {m[: len(m) - len(e)] for e, m in pairs if m.endswith(e) and len(m) > len(e)}
    if len(pairs) == len(missing) == len(extra) and len(prefixes) == 1 and all(
            m.endswith(e) and len(m) > len(e) for e, m in pairs):
        return ("keys-renamed", f"your keys are the expected ones without their prefix {prefixes.pop()!r} "
                f"({pairs[0][0]!r} for {pairs[0][1]!r}): the docstring lists each key as it must be spelled.")
    shown = ", ".join(f"{e!r} for {m!r}" for e, m in pairs[:4]) + (", ..." if len(pairs) > 4 else "")
    return ("keys-renamed", f"some of your keys are the expected ones named otherwise: {shown}: the docstring "
            "lists each key as it must be spelled.")


def _sizes(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """An axis with another size than the expected one, said with the dimensions' names when the inputs tell them
    (H where 4H is expected: one gate's block where the four gates' are stacked), or as a factor."""
    if got.ndim < want.ndim:
        return ("axis-dropped", f"your array is {got.ndim}-d, {got.shape}, where a {want.ndim}-d {want.shape} is "
                "expected: an operation dropped an axis (a @ with a 1-d operand, where * broadcasts; a sum or max "
                "without keepdims=True; an index such as [..., 0]).")
    if got.ndim != want.ndim:
        return None
    sizes = facts.get("sizes", {})
    labels: dict[int, list[str]] = {}
    for letter, size in sizes.items():
        for k, label in ((1, letter), (4, f"4{letter}")):
            labels.setdefault(k * size, []).append(label)
    named = {size: " or ".join(found) for size, found in labels.items()}
    differing = [axis for axis in range(want.ndim) if got.shape[axis] != want.shape[axis]]
    if len(differing) != 1:
        return None
    axis = differing[0]
    g, w = got.shape[axis], want.shape[axis]
    where = f"axis {axis}" if want.ndim > 1 else "your array"
    got_name, want_name = named.get(g), named.get(w)
    if got_name and want_name:
        sizes_said = f"{where} has {got_name} = {g} entries where {want_name} = {w} are expected"
    elif g and w and g * 4 == w * 3:
        sizes_said = f"{where} has {g} = 3 x {g // 3} entries where {w} = 4 x {w // 4} are expected"
    elif g and w % g == 0:
        sizes_said = f"{where} has {g} entries where {w} = {w // g} x {g} are expected"
    elif w and g % w == 0:
        sizes_said = f"{where} has {g} = {g // w} x {w} entries where {w} are expected"
    else:
        return None
    if w == 4 * g:
        why = ("the expected axis stacks the four gates' blocks (f, i, g, o), each H wide, and yours has room for "
               "one: size it 4 * H.")
    elif g * 4 == w * 3:
        why = "one of four blocks is missing (the four gates f, i, g, o, each H wide: check each block's slice)."
    elif g == 4 * w:
        why = "yours is four gates wide where the docstring's axis is one (H, not 4 * H)."
    else:
        why = "check which dimension the docstring gives this axis (a size taken from the wrong argument or axis)."
    return ("axis-size", f"{sizes_said}: {why}")


def _by_input(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """Entry by entry against an input of the same shape (an element-wise function: an activation, a clip): the
    wrong entries are exactly those where the input is negative, or past a value, or where the expected output
    is the input unchanged; or every entry is wrong, those the expected output passes through unchanged too."""
    own = _own_input(got, facts)
    if own is None or got.size < 4:
        return None
    name, x = own
    bad = _wrong(got, want)
    kept = np.isclose(want, x, rtol=1e-12, atol=0)
    if 2 <= kept.sum() < kept.size and bad[kept].all():
        rest = "and right where it changes" if not bad[~kept].any() else "and elsewhere too"
        return ("changes-kept-entries", f"your values are wrong at every entry where the expected value is "
                f"{name}'s own, passed through unchanged ({int(kept.sum())} of {kept.size}), {rest}: your code "
                "changes entries it should leave as they are (a rescaling where a bound is meant?).")
    if min(int(bad.sum()), int((~bad).sum())) < 2:      # one entry alone is at some extreme by chance
        return None
    for words, region in ((f"{name} < 0", x < 0), (f"{name} > 0", x > 0)):
        if np.array_equal(bad, region):
            return ("wrong-by-input", f"your values are wrong exactly where {words} and right elsewhere: look at "
                    "what your code does with the sign of its input (a branch, np.abs, a bound with the wrong "
                    "sign).")
    numbers = [m for n in facts.get("numbers", ()) for m in (n, -n)]
    for label, value in ((name, x), (f"|{name}|", np.abs(x))):
        low, high = value[~bad], value[bad]
        if high.min() > low.max():
            bound = next((n for n in numbers if low.max() <= n < high.min()), None)
            said = f"{label} > {bound:g}" if bound is not None else f"{label} >= {high.min():.3g}"
            right = f"{label} <= {bound:g}" if bound is not None else f"{label} <= {low.max():.3g}"
        elif high.max() < low.min():
            bound = next((n for n in numbers if high.max() < n <= low.min()), None)
            said = f"{label} < {bound:g}" if bound is not None else f"{label} <= {high.max():.3g}"
            right = f"{label} >= {bound:g}" if bound is not None else f"{label} >= {low.min():.3g}"
        else:
            continue
        return ("wrong-by-input", f"your values are right where {right} and wrong exactly where {said}: what your "
                "code does past that point differs from the docstring's (a bound, a branch, a comparison).")
    return None


def _shift_axis(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """A softmax normalised along the right axis whose shift (the maximum subtracted before exp) was taken along
    another axis: the shift cancels only when it is constant along the axis summed over."""
    own = _own_input(got, facts)
    if facts.get("function") != "softmax" or own is None or got.ndim < 2:
        return None
    x = own[1]
    summed = [a for a in range(want.ndim) if np.allclose(want.sum(axis=a), 1.0)]
    if len(summed) != 1:
        return None
    axis = summed[0]
    for other in range(x.ndim):
        if other == axis:
            continue
        with np.errstate(all="ignore"):
            e = np.exp(x - x.max(axis=other, keepdims=True))
            mine = e / e.sum(axis=axis, keepdims=True)
        if np.allclose(mine, got, rtol=1e-9, atol=1e-12):
            return ("shift-axis", f"your values are exp(x - m) normalised along axis {axis}, as they should be, but "
                    f"with m the maximum along axis {other}: the shift cancels only when it is the same for every "
                    f"entry summed over, so take the maximum along the same axis (x.max(axis={axis}, keepdims=True)).")
    return None


def _mask_steps(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """An (N, T, ...) output that is zero exactly at the padded steps, where ``got`` is written at some padded steps
    and zero at some valid ones: the code took other steps than the mask's (a prefix of its length, say)."""
    mask = facts.get("mask")
    if mask is None or mask.ndim != 2 or got.ndim < 2 or got.shape[:2] != mask.shape or mask.all():
        return None
    valid = mask.astype(bool)
    written = np.abs(got).reshape(*mask.shape, -1).sum(axis=-1) > 0
    expected = np.abs(want).reshape(*mask.shape, -1).sum(axis=-1) > 0
    if not np.array_equal(expected, valid) or not ((written & ~valid).any() and (~written & valid).any()):
        return None
    return ("steps-not-the-mask", f"your values are non-zero at {int((written & ~valid).sum())} padded steps and zero "
            f"at {int((~written & valid).sum())} valid ones: your code takes other steps than those where the mask "
            "is True (it can have holes and start with False: index with the mask itself, not with lengths or "
            "prefixes).")


def _loss_gradient(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """cross_entropy's dscores, read back as its parts: at the M valid steps, M * dscores = p - onehot(y). What the
    learner's gradient implies for each part (their p, where they subtract the 1) says which part is wrong."""
    named, mask = facts.get("named", {}), facts.get("mask")
    scores, y = named.get("scores"), named.get("y")
    if facts.get("function") != "cross_entropy" or scores is None or y is None or mask is None or (
            got.shape != scores.shape or y.shape != mask.shape or not mask.any()):
        return None
    valid = mask.astype(bool)
    M, V = int(valid.sum()), scores.shape[-1]
    e = np.exp(scores[valid] - scores[valid].max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    onehot = np.eye(V)[y[valid]]
    mine = got[valid] * M
    if not np.allclose(got[~valid], 0.0, atol=1e-12):
        return None           # padded steps: the padding's own descriptions say it
    theirs_onehot = p - mine
    if np.allclose(theirs_onehot, np.round(theirs_onehot), atol=1e-9):
        ones = np.round(theirs_onehot.sum(axis=-1))
        rows = np.flatnonzero(np.abs(theirs_onehot - onehot).max(axis=-1) > 0.5)
        if rows.size and np.all(ones == 1):
            return ("target-column", f"your gradient is softmax minus a one-hot, but the 1 is subtracted in another "
                    f"column than the target's in {rows.size} of the M = {M} valid rows: it belongs at column "
                    "y[n, t] of each valid step (with the valid rows taken out, at np.arange(M), y[mask]).")
        if rows.size:
            return ("target-column", f"your gradient is softmax minus whole numbers, but up to {int(ones.max())} ones "
                    "are subtracted in a row where one belongs, at the row's own target: s[:, y] takes every target's "
                    "column for every row; s[np.arange(M), y] pairs row k with its target y[k].")
    their_p = mine + onehot
    with np.errstate(divide="ignore"):
        if np.allclose(their_p, np.log(p), rtol=1e-7, atol=1e-12):
            return ("log-probabilities", "your gradient is (log p - one-hot) / M: it uses the log-probabilities where "
                    "the probabilities p = softmax(scores) belong (exponentiate them, or keep p from the softmax).")
    if np.allclose(their_p.sum(axis=-1), 1.0, atol=1e-9) and (their_p > -1e-12).all():
        inner = _array(their_p, p, {"sizes": {"M": M, "V": V}, "mask": None})
        said = f" {inner[1]}" if inner else ""
        return ("probabilities-wrong", f"your gradient is p minus the target's one-hot, over M, as it should be, "
                f"but with a p that is not softmax(scores) over the vocabulary (read back from yours: M * dscores + "
                f"one-hot(y), at the valid steps):{said or ' compare your softmax (its axis, its shift) with it.'}")
    sums = their_p.sum(axis=-1)
    return ("probabilities-unnormalised", f"read back as p minus the target's one-hot over M, your gradient's p "
            f"(M * dscores + one-hot(y), at the valid steps) does not sum to 1 over the vocabulary: its rows sum to "
            f"{sums.min():.3g} to {sums.max():.3g}. The p in dscores = (p - one-hot) / M is softmax(scores) along the "
            "last axis (V), at each valid step.")


def _an_input(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """An output of another shape that is one of the float inputs as it was passed (a name typed for another)."""
    for name, _, x in facts.get("inputs", ()):
        for how, y in (("as it was passed", x), ("transposed", x.T)):
            if y.shape == got.shape and np.array_equal(y, got):
                return ("an-input", f"your array is the input {name} {how} (shape {got.shape}), where one of shape "
                        f"{want.shape} is expected: check which input this output is made from (a name typed for "
                        "another: b for by, Wh for Wy).")
    return None


def _own_input(got: np.ndarray, facts: dict) -> tuple[str, np.ndarray] | None:
    """(name, array) of the one float input (or dict entry, for a dict's entry) of ``got``'s shape, if there is one:
    ``got`` is then an element-wise function of it."""
    key = facts.get("key")
    own = [(name, x) for name, k, x in facts.get("inputs", ()) if k == key]
    return own[0] if len(own) == 1 and own[0][1].shape == got.shape else None


def _formula(got: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """An element-wise function whose values are, at every entry, a short formula of its input x other than the
    docstring's: the formula, in x, s = sigmoid(x), t = tanh(x), either of them at x^2 or 2x, and 1/cosh(x), with
    coefficients in quarters (the fewest terms that fit to 1e-9; ``s * s`` for s (1 - s), ``1 - 2 t`` for 1 - t ** 2,
    ``1 - tanh(x^2)``)."""
    own = _own_input(got, facts)
    if own is None or got.size < 6 or not np.all(np.isfinite(own[1])):
        return None
    name, x = own[0], own[1].ravel().astype(float)
    y = got.ravel().astype(float)
    s, t = _sigmoid(x), np.tanh(x)
    basis = {"1": np.ones_like(x), name: x, f"{name}^2": x * x, "s": s, "s^2": s * s, "t": t, "t^2": t * t,
             f"{name}*s": x * s, f"{name}*t": x * t, f"tanh({name}^2)": np.tanh(x * x),
             f"sigmoid({name}^2)": _sigmoid(x * x), f"tanh(2*{name})": np.tanh(2 * x),
             f"sigmoid(2*{name})": _sigmoid(2 * x), f"1/cosh({name})": 1.0 / np.cosh(np.clip(x, -700, 700))}
    for size in (1, 2, 3):
        for terms in itertools.combinations(basis, size):
            columns = np.column_stack([basis[term] for term in terms])
            if np.linalg.matrix_rank(columns) < size:
                continue
            coefficients = np.round(np.linalg.lstsq(columns, y, rcond=None)[0] * 4) / 4
            if np.all(coefficients != 0) and np.allclose(columns @ coefficients, y, rtol=1e-9, atol=1e-12):
                formula = _polynomial(terms, coefficients)
                used = [f"{letter} = {what}({name})" for letter, what in (("s", "sigmoid"), ("t", "tanh"))
                        if any(letter in term.replace("^2", "").split("*") for term in terms)]
                where = f", where {' and '.join(used)}" if used else ""
                return ("formula", f"at every entry your values are {formula}{where}: that formula is not the "
                        "docstring's; compare the two term by term (a power, a sign, an argument, 1 - ...).")
    return None


def _polynomial(terms: tuple[str, ...], coefficients: np.ndarray) -> str:
    """``1 - 2*t``, ``s^2``, ``0.5*x + s``: the terms with their coefficients, in the order given."""
    text = ""
    for term, c in zip(terms, coefficients, strict=True):
        size = abs(float(c))
        number = show_number(size)
        body = number if term == "1" else term if size == 1 else f"{number}*{term}"
        text += (("-" if c < 0 else "") if not text else (" - " if c < 0 else " + ")) + body
    return text


def _every_step(got: np.ndarray, want: np.ndarray, facts: dict) -> tuple[str, str] | None:
    """A recurrent pass's (N, T, ...) output wrong at every step, the one with nothing carried yet included (t = 0
    forward, t = T - 1 backward): the mistake is in one step, not only in what is carried between steps."""
    sizes, function = facts.get("sizes", {}), facts.get("function", "")
    N, T = sizes.get("N"), sizes.get("T")
    if not (N and T and T > 1 and got.ndim >= 3 and got.shape[:2] == (N, T)
            and ("rnn" in function or "lstm" in function)):
        return None
    bad = _wrong(got, want)
    if not bad.reshape(N, T, -1).any(axis=(0, 2)).all():
        return None
    if "backward" in function:
        return ("every-step", f"every time step is wrong, the last (t = {T - 1}) included, where nothing flows back "
                "from later steps yet: the mistake is in one step's backward, or in what your loop passes to it "
                "and keeps of what it returns (dh[:, t] added to the gradient carried back, the order of its "
                "outputs), not only in what is carried back between steps.")
    return ("every-step", "every time step is wrong, the first (t = 0) included, which depends only on x[:, 0], the "
            "initial state and the weights: the mistake is in one step, or in how your loop calls the step "
            "function and keeps what it returns (the arguments' order, which output is the hidden state, the "
            "bias added once), not only in what is carried from step to step.")


def _kind(got: Any, want: Any, names: tuple = ()) -> tuple[str, str] | None:
    """Another kind of value than the docstring's: one string for a list of them, an array for a list, a list for
    an array, None for anything."""
    if got is None and want is not None:
        return ("returned-none", "your function returned None: a function without a return statement (or whose "
                "return is inside a branch this input does not take) returns None.")
    if isinstance(want, list) and isinstance(got, str) and all(isinstance(w, str) for w in want):
        return ("str-for-list", f"your answer is one string, the expected one a list of {len(want)} strings: "
                "return the list itself (' '.join(...) makes one string of it).")
    if isinstance(got, tuple) and not isinstance(want, (tuple, list)) and got and _same(got[0], want):
        return ("returned-tuple", f"your function returns a tuple of {len(got)} values whose first is the expected "
                "answer: the docstring returns that value alone.")
    if isinstance(want, dict) and isinstance(got, (list, tuple)) and len(got) == len(want) and _same(
            list(got), list(want.values())):
        return ("list-for-dict", f"your answer is a {type(got).__name__} of the expected dict's values: return the "
                f"dict itself, keyed as the docstring says ({', '.join(map(repr, list(want)[:4]))}...).")
    if isinstance(want, tuple) and not isinstance(got, tuple) and len(want) > 1:
        k = next((k for k, w in enumerate(want) if _same(got, w)), None)
        if k is not None:
            said = (f"{names[k]}, one of the {len(want)} outputs ({', '.join(names)})" if len(names) == len(want)
                    else f"output {k + 1} of the {len(want)}")
            return ("one-output-only", f"your function returns only {said} the docstring gives, on this input: a "
                    "return on this path leaves the others out (an early return?).")
    if isinstance(want, np.ndarray) and want.ndim >= 1 and want.size == 1 and (
            is_number(got) or isinstance(got, np.ndarray) and got.ndim == 0) and _same(
            np.asarray(got).reshape(want.shape), want):
        return ("extra-axis", f"your answer holds the expected value without its axes of length 1: expected shape "
                f"{want.shape}, got a single number (.squeeze(), [0] or int(...) dropped them; keep the docstring's "
                "shape even for one item).")
    if isinstance(want, np.ndarray) and want.ndim >= 1 and (is_number(got) or isinstance(got, np.ndarray)
                                                           and got.ndim == 0):
        return ("number-for-array", f"your answer is one number where an array of shape {want.shape} is expected: "
                "a sum or mean over everything (np.sum(list_of_arrays), np.mean without axis) where an entrywise "
                "sum (a + b) or a sum along one axis was meant.")
    if (is_number(want) or isinstance(want, np.ndarray) and want.ndim == 0) and isinstance(
            got, np.ndarray) and got.ndim >= 1 and got.size == 1 and _same(got.reshape(()), np.asarray(want)):
        return ("axis-added-to-0d", f"your answer holds the expected value in an array of shape {got.shape} where "
                "a 0-d input keeps its shape: np.atleast_1d, reshape(-1) or np.array([x]) added an axis; work on "
                "np.asarray(x) as given (any shape, 0-d included).")
    if isinstance(want, list) and isinstance(got, np.ndarray):
        return ("array-for-list", "your answer is a numpy array where the docstring returns a list: .tolist() "
                "makes one (of Python values).")
    if isinstance(want, np.ndarray) and isinstance(got, (list, tuple)):
        return ("list-for-array", f"your answer is a {type(got).__name__} where the docstring returns a numpy "
                f"array: np.array(..., dtype=np.{want.dtype}) makes one.")
    return None


def _entries_swapped(got: dict, want: dict) -> tuple[str, str] | None:
    """A dict whose entries sit under each other's keys: the expected values, or at least their shapes, swapped."""
    arrays = [k for k in want if isinstance(want[k], np.ndarray) and isinstance(got[k], np.ndarray)]
    for a in arrays:
        for b in arrays:
            if a == b or want[a].shape == want[b].shape and _same(want[a], want[b]):
                continue
            if got[a].shape == want[b].shape and got[b].shape == want[a].shape:
                if _same(got[a], want[b]) and _same(got[b], want[a]):
                    return ("entries-swapped", f"your [{a!r}] holds the expected [{b!r}], and your [{b!r}] the "
                            f"expected [{a!r}]: the two are swapped (which input goes under which key?).")
                if want[a].shape != want[b].shape:
                    return ("entries-swapped", f"your [{a!r}] has the shape of the expected [{b!r}], {want[b].shape}, "
                            f"and your [{b!r}] that of [{a!r}], {want[a].shape}: the two are swapped, or built "
                            "from each other's sizes (a split at the wrong size, D where H is meant).")
    return None


def _outputs_missing(got: Any, want: tuple, names: tuple) -> tuple[str, str] | None:
    """Fewer outputs than the docstring's: which of them the returned values are (each matched by its value, in
    order), and which are missing."""
    matched, start = [], 0
    for g in got:
        k = next((k for k in range(start, len(want)) if _same(g, want[k])), None)
        if k is None:
            return None
        matched.append(k)
        start = k + 1
    missing = [names[k] for k in range(len(want)) if k not in matched]
    return ("outputs-missing", f"your {len(got)} values are the expected {_listed([names[k] for k in matched])}; "
            f"{_listed(missing)} {'is' if len(missing) == 1 else 'are'} missing: return all {len(want)} "
            f"({', '.join(names)}).")


def _never_written(got: np.ndarray, want: np.ndarray) -> tuple[str, str] | None:
    """Columns (the last axis) all zero in yours where the expected ones are not, the others not all zero: parts
    of a preallocated array never written (a slice's bounds, a loop's range)."""
    if got.ndim < 1 or got.shape[-1] < 2:
        return None
    yours = np.all(got.reshape(-1, got.shape[-1]) == 0, axis=0)
    theirs = np.all(want.reshape(-1, want.shape[-1]) == 0, axis=0)
    empty = yours & ~theirs
    if not empty.any() or yours.all():
        return None
    noun = "column" if got.ndim == 2 else "entry" if got.ndim == 1 else "index along the last axis"
    return ("never-written", f"your {noun}{'s' if empty.sum() > 1 and noun != 'index along the last axis' else ''} "
            f"{_indices(empty)} {'are' if empty.sum() > 1 else 'is'} all zero where the expected values are not: "
            "that part of the array is never written (check the slice bounds, k * H rather than k, and the "
            "loop's range).")
