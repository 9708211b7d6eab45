# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/data.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 1: the toy data set and its encoding.

The language is ``a^n b^n EOS`` (variant ``"anbn"``) or ``a^n b^n a^n EOS``
(variant ``"anbnan"``), with n drawn uniformly from 1..5. A model reads a
sequence one token at a time and predicts the next one.

Vocabulary: ``V`` words, ordered by frequency (most frequent first, ties broken
alphabetically), with ``UNK`` last; every word not in the vocabulary encodes to
``UNK``.

Shapes: N sequences in a batch, T time steps (the longest input), V words.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import NamedTuple

import numpy as np

UNK = "UNK"
EOS = "EOS"
VARIANTS = ("anbn", "anbnan")
MAX_N = 5


def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
    """Draw ``num_sequences`` sequences of the toy language.

    For each sequence draw n uniformly from {1, ..., 5} with
    ``rng = np.random.default_rng(seed)`` and ``rng.integers(1, 6)`` (one draw
    per sequence, in order), then build

    - ``"anbn"``:   ``['a'] * n + ['b'] * n + ['EOS']``
    - ``"anbnan"``: ``['a'] * n + ['b'] * n + ['a'] * n + ['EOS']``

    Inputs:
    - num_sequences: how many sequences, >= 0
    - variant: ``"anbn"`` or ``"anbnan"``; anything else raises ValueError
    - seed: seed of the generator; the same seed gives the same data set

    Returns:
    - sequences: list of ``num_sequences`` lists of tokens (str)
    """
    # Hint: validate the variant first; draw n with rng.integers(1, MAX_N + 1) once per sequence.
    raise NotImplementedError("task 1: generate_dataset")


def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
    """Build the vocabulary of ``sequences``, most frequent word first.

    Words are sorted by decreasing count, ties broken by the word itself
    (alphabetical order), so the vocabulary never depends on the order of the
    data. ``UNK`` comes last. With ``max_size``, only the ``max_size - 1`` most
    frequent words are kept (plus ``UNK``), so that ``len(idx_to_word) <= max_size``.
    The word ``UNK`` in the data is not counted twice: it always sits last.

    Inputs:
    - sequences: list of token lists
    - max_size: cap on the vocabulary size including ``UNK``, >= 1, or None

    Returns a tuple of:
    - word_to_idx: dict word -> index, with ``word_to_idx['UNK'] == V - 1``
    - idx_to_word: list of V words, ``idx_to_word[word_to_idx[w]] == w``

    Raises ValueError if ``max_size`` is below 1.
    """
    # Hint: count with collections.Counter, then sort on the key (-count, word).
    raise NotImplementedError("task 1: build_vocab")


def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
    """Map tokens to indices; a token not in the vocabulary maps to ``UNK``.

    Inputs:
    - tokens: list of L tokens
    - word_to_idx: vocabulary from :func:`build_vocab`

    Returns:
    - ids: int64 array of shape (L,)
    """
    # Hint: dict.get with word_to_idx[UNK] as the default.
    raise NotImplementedError("task 1: encode")


def decode(ids: np.ndarray | list[int], idx_to_word: list[str]) -> list[str]:
    """Map indices back to words.

    Inputs:
    - ids: L integer indices in ``[0, V)``
    - idx_to_word: list of V words

    Returns:
    - tokens: list of L words
    """
    # Hint: one list lookup per index; convert numpy integers with int().
    raise NotImplementedError("task 1: decode")


def one_hot(idx: int, V: int) -> np.ndarray:
    """One-hot vector of index ``idx``: ``e[idx] = 1``, every other entry 0.

    Inputs:
    - idx: integer in ``[0, V)``; anything else raises ValueError
    - V: vocabulary size

    Returns:
    - e: float64 array of shape (V,)
    """
    # Hint: np.zeros(V), then set one entry; reject idx outside [0, V) (negative indices wrap!).
    raise NotImplementedError("task 1: one_hot")


def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
    """One-hot encode a sequence of indices.

    Inputs:
    - ids: integer array of shape (T,), entries in ``[0, V)``

    Returns:
    - X: float64 array of shape (T, V) with ``X[t, ids[t]] = 1``

    Raises ValueError if an index lies outside ``[0, V)`` (negative indices must not wrap).
    """
    # Hint: check the range first, then index rows of the identity matrix np.eye(V) with ids.
    raise NotImplementedError("task 1: one_hot_sequence")


def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
    """One-hot encode sequences of different lengths into one padded batch.

    Sequences are padded at the end to the longest length T. Padded steps have
    an all-zero one-hot row and mask 0.

    Inputs:
    - batch: list of N integer arrays, the i-th of shape (T_i,)
    - V: vocabulary size

    Returns a tuple of:
    - X: float64 array of shape (N, T, V), ``T = max_i T_i``
    - mask: bool array of shape (N, T), True exactly on the real steps
    """
    # Hint: allocate zeros of shape (N, T, V) and (N, T), then fill row i up to T_i.
    raise NotImplementedError("task 1: one_hot_batch")


def split_dataset(
    sequences: list, p_train: float = 0.8, p_val: float = 0.1
) -> tuple[list, list, list]:
    """Split into train, validation and test parts, in order, without overlap or loss.

    ``n_train = floor(p_train * L)``, ``n_val = floor(p_val * L)`` and the test
    part takes all the rest, so that the three parts concatenate back to
    ``sequences`` (256 sequences give 204 / 25 / 27).

    Inputs:
    - sequences: list of L items
    - p_train, p_val: fractions in [0, 1] with ``p_train + p_val <= 1``

    Returns:
    - train, val, test: three lists

    Raises ValueError if a fraction is negative or ``p_train + p_val > 1``.
    """
    # Hint: compute the two cut points with math.floor, then slice; the test part is the remainder.
    raise NotImplementedError("task 1: split_dataset")


def inputs_targets(sequence: list) -> tuple[list, list]:
    """Next-token inputs and targets: the target at step t is the input at step t + 1.

    For a sequence ``s`` of length L >= 2: ``inputs = s[:-1]``, ``targets = s[1:]``
    (both of length L - 1); the first token is never a target, ``EOS`` never an input.

    Returns:
    - inputs, targets: two lists of length L - 1

    Raises ValueError if the sequence has fewer than 2 tokens.
    """
    # Hint: two slices; reject sequences shorter than 2 (nothing to predict).
    raise NotImplementedError("task 1: inputs_targets")


# Given code below: not graded, built on the functions above.


class Batch(NamedTuple):
    """A padded batch for next-token prediction.

    - X: (N, T, V) one-hot inputs, zero rows on padding
    - y: (N, T) int64 target indices (0 on padding)
    - mask: (N, T) bool, True on real steps
    """

    X: np.ndarray
    y: np.ndarray
    mask: np.ndarray


def make_batch(sequences: list[list[str]], word_to_idx: dict[str, int]) -> Batch:
    """Encode whole sequences into a padded next-token batch."""
    V = len(word_to_idx)
    pairs = [inputs_targets(sequence) for sequence in sequences]
    X, mask = one_hot_batch([encode(inputs, word_to_idx) for inputs, _ in pairs], V)
    y = np.zeros(mask.shape, dtype=np.int64)
    for i, (_, targets) in enumerate(pairs):
        y[i, : len(targets)] = encode(targets, word_to_idx)
    return Batch(X, y, mask)


def bayes_floor(sequences: list[list[str]]) -> float:
    """The lowest mean cross-entropy (nats per predicted token) any model can reach on ``sequences``.

    Under the generating process (n uniform on 1..MAX_N) the best predictor is
    uncertain only while it reads the first block of a's: after k a's the next
    token is 'a' with probability (MAX_N - k) / (MAX_N - k + 1). The product of
    those probabilities along any sequence telescopes to 1 / MAX_N, so every
    sequence costs exactly ln(MAX_N) nats, whatever its n. The floor of a split
    pools that over its predicted tokens: ``len(sequences) * ln 5 / sum(len(s) - 1)``.
    """
    predicted = sum(len(sequence) - 1 for sequence in sequences)
    if predicted == 0:
        raise ValueError("no tokens to predict: the floor of an empty split is undefined")
    return len(sequences) * math.log(MAX_N) / predicted
