"""Shared hypothesis strategies of the test suite (minitorch's ``tests/reference/strategies.py`` style).

Import them by name (``from strategies import corpora``): ``tests/`` is on ``sys.path`` under
pytest. Every strategy draws small values, so that a property runs in milliseconds, and never
NaN or infinity unless its name says so.
"""

from __future__ import annotations

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from solutions.data import UNK, VARIANTS, generate_dataset

# The settings of every property here: no per-example deadline (hypothesis's 200 ms default flakes on
# a loaded machine; the example count bounds the time instead). A decorator, not a global profile, so
# that importing this module changes nothing for other tests.
no_deadline = settings(deadline=None)

# --- numbers -------------------------------------------------------------------------------------

seeds = st.integers(min_value=0, max_value=2**32 - 1)
small_floats = st.floats(min_value=-100.0, max_value=100.0, allow_nan=False, allow_infinity=False)
# Logits anywhere a model could put them, the extreme ones included.
huge_floats = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


def float_arrays(
    shape: tuple[int, ...] | st.SearchStrategy, elements: st.SearchStrategy = small_floats
) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays of ``shape`` (a tuple or a strategy of tuples) with finite ``elements``."""
    return hnp.arrays(np.float64, shape, elements=elements)


def array_shapes(min_dims: int = 1, max_dims: int = 3, max_side: int = 5) -> st.SearchStrategy:
    """Small array shapes, every side at least 1."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


@st.composite
def grad_dicts(draw, elements: st.SearchStrategy = small_floats) -> dict[str, np.ndarray]:
    """A gradient dict: one to four named arrays of different small shapes."""
    names = draw(st.lists(st.sampled_from(["Wx", "Wh", "b", "Wy", "by"]), min_size=1, max_size=4,
                          unique=True))
    return {name: draw(float_arrays(array_shapes(max_dims=2, max_side=4), elements)) for name in names}


# --- words, corpora and index sequences -----------------------------------------------------------

# Words of a toy corpus: short lowercase and uppercase strings, never UNK (which build_vocab treats
# specially), so that every word of a corpus is in its own vocabulary.
words = st.text(alphabet="abcdeXY", min_size=1, max_size=3).filter(lambda word: word != UNK)
sentences = st.lists(words, min_size=0, max_size=8)
corpora = st.lists(sentences, min_size=1, max_size=8).filter(lambda corpus: any(corpus))


@st.composite
def ids_and_size(draw, min_len: int = 0, max_len: int = 8) -> tuple[np.ndarray, int]:
    """A vocabulary size V in 1..8 and an int64 sequence of indices in [0, V)."""
    V = draw(st.integers(min_value=1, max_value=8))
    ids = draw(st.lists(st.integers(min_value=0, max_value=V - 1), min_size=min_len, max_size=max_len))
    return np.array(ids, dtype=np.int64), V


@st.composite
def id_batches(draw, max_n: int = 5, max_len: int = 7) -> tuple[list[np.ndarray], int]:
    """A vocabulary size V and a list of 1..max_n index sequences of different lengths (one non-empty)."""
    V = draw(st.integers(min_value=1, max_value=8))
    batch = draw(st.lists(
        st.lists(st.integers(min_value=0, max_value=V - 1), min_size=0, max_size=max_len),
        min_size=1, max_size=max_n,
    ).filter(lambda lists: any(lists)))
    return [np.array(ids, dtype=np.int64) for ids in batch], V


# --- the toy language ------------------------------------------------------------------------------

variants = st.sampled_from(VARIANTS)


def language_sequence(n: int, variant: str) -> list[str]:
    """The one sequence of ``variant`` with block length ``n``, written out independently of data.py."""
    blocks = ["a", "b", "a"] if variant == "anbnan" else ["a", "b"]
    return [token for block in blocks for token in [block] * n] + ["EOS"]


@st.composite
def language_splits(draw, max_size: int = 40) -> tuple[list[list[str]], str]:
    """A non-empty random data set of the toy language and its variant."""
    variant = draw(variants)
    sequences = generate_dataset(draw(st.integers(min_value=1, max_value=max_size)), variant, draw(seeds))
    return sequences, variant
