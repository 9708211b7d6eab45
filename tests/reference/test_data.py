"""Tests of task 1 (solutions/data.py): the toy language, its vocabulary, encodings, splits and Bayes floor.

Every expected value is computed here independently of data.py (the language written out by hand,
counts with plain dicts, the Bayes-optimal predictor by enumerating the language), never by calling
the function under test a second time.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    corpora,
    id_batches,
    ids_and_size,
    language_sequence,
    language_splits,
    no_deadline,
    seeds,
    sentences,
    variants,
)

from solutions.data import (
    EOS,
    MAX_N,
    UNK,
    VARIANTS,
    bayes_floor,
    build_vocab,
    decode,
    encode,
    generate_dataset,
    inputs_targets,
    make_batch,
    one_hot,
    one_hot_batch,
    one_hot_sequence,
    split_dataset,
)


def block_length(sequence: list[str]) -> int:
    """n of a sequence of the language: the number of leading a's."""
    n = 0
    while n < len(sequence) and sequence[n] == "a":
        n += 1
    return n


def chi_square_uniform(ns: list[int]) -> float:
    """Pearson's statistic of ``ns`` against the uniform law on 1..MAX_N; inf if any n is outside."""
    if any(not 1 <= n <= MAX_N for n in ns):
        return math.inf
    expected = len(ns) / MAX_N
    return sum((ns.count(k) - expected) ** 2 / expected for k in range(1, MAX_N + 1))


# With 4 degrees of freedom, P(chi2 > 30) is about 5e-6: a uniform draw passes, anything visibly
# non-uniform (checked by the negative control below) fails.
CHI2_BOUND = 30.0


# --- generate_dataset ------------------------------------------------------------------------------


@no_deadline
@given(variant=variants, seed=seeds, size=st.integers(min_value=0, max_value=60))
def test_every_sequence_is_a_word_of_the_language(variant, seed, size):
    """Is every generated sequence exactly a^n b^n EOS (or a^n b^n a^n EOS), with n in 1..5?"""
    sequences = generate_dataset(size, variant, seed)
    assert len(sequences) == size
    for sequence in sequences:
        n = block_length(sequence)
        assert 1 <= n <= MAX_N, sequence
        assert sequence == language_sequence(n, variant)


def test_sequences_written_out():
    """Do the two variants build the documented token lists, with the documented draw of n?"""
    ns = [int(n) for n in np.random.default_rng(7).integers(1, 6, size=12)]
    assert generate_dataset(12, "anbn", 7) == [["a"] * n + ["b"] * n + ["EOS"] for n in ns]
    assert generate_dataset(12, "anbnan", 7) == [["a"] * n + ["b"] * n + ["a"] * n + ["EOS"] for n in ns]


@no_deadline
@given(variant=variants, seed=seeds, other=seeds)
def test_same_seed_same_data_different_seed_different_data(variant, seed, other):
    """Does a seed fix the data set, and do two different seeds give different ones?"""
    first = generate_dataset(60, variant, seed)
    assert generate_dataset(60, variant, seed) == first
    if other != seed:  # 60 equal draws out of 5 values by chance: probability 5**-60
        assert generate_dataset(60, variant, other) != first


@no_deadline
@given(variant=variants, seed=seeds, k=st.integers(min_value=0, max_value=30))
def test_one_draw_per_sequence_in_order(variant, seed, k):
    """Is a shorter data set a prefix of a longer one with the same seed (one draw per sequence)?"""
    assert generate_dataset(k, variant, seed) == generate_dataset(k + 10, variant, seed)[:k]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_n_is_uniform_on_one_to_five(variant, seed):
    """Is n spread uniformly over 1..5 (chi-square over 5000 sequences below the bound)?"""
    ns = [block_length(sequence) for sequence in generate_dataset(5000, variant, seed)]
    assert chi_square_uniform(ns) < CHI2_BOUND, [ns.count(k) for k in range(0, MAX_N + 2)]


@pytest.mark.parametrize("name, draw", [
    ("1..6 (off by one above)", lambda rng: rng.integers(1, 7, size=5000)),
    ("0..5 (off by one below)", lambda rng: rng.integers(0, 6, size=5000)),
    ("1..4 (never 5)", lambda rng: rng.integers(1, 5, size=5000)),
    ("clipped 1..6", lambda rng: np.minimum(rng.integers(1, 7, size=5000), 5)),
    ("min of two draws", lambda rng: np.minimum(rng.integers(1, 6, size=5000), rng.integers(1, 6, 5000))),
])
def test_chi_square_rejects_wrong_laws_of_n(name, draw):
    """Negative control: does the uniformity check fail for plausible wrong draws of n?"""
    ns = [int(n) for n in draw(np.random.default_rng(0))]
    assert chi_square_uniform(ns) > CHI2_BOUND, name


@pytest.mark.parametrize("variant", ["", "abab", "ANBN", "anbn ", None])
def test_unknown_variant_raises(variant):
    """Is a variant other than "anbn" or "anbnan" a ValueError (even when no sequence is drawn)?"""
    with pytest.raises(ValueError):
        generate_dataset(3, variant, 0)
    with pytest.raises(ValueError):
        generate_dataset(0, variant, 0)


# --- build_vocab -------------------------------------------------------------------------------


def counts_of(corpus: list[list[str]]) -> dict[str, int]:
    """Word counts with a plain dict, UNK left out."""
    counts: dict[str, int] = {}
    for sentence in corpus:
        for word in sentence:
            if word != UNK:
                counts[word] = counts.get(word, 0) + 1
    return counts


def test_vocab_of_the_two_languages():
    """Are the languages' vocabularies a, b, EOS, UNK (a and b tie in anbn: alphabetical order)?"""
    assert build_vocab(generate_dataset(100, "anbn", 0))[1] == ["a", "b", "EOS", "UNK"]
    assert build_vocab(generate_dataset(100, "anbnan", 0))[1] == ["a", "b", "EOS", "UNK"]
    assert build_vocab([["b", "b", "c", "a", "c", "d"]])[1] == ["b", "c", "a", "d", "UNK"]
    assert build_vocab([["z"], ["y", "x"], ["x", "y", "z"]])[1] == ["x", "y", "z", "UNK"]


@no_deadline
@given(corpus=corpora)
def test_vocab_order_is_decreasing_count_then_alphabetical(corpus):
    """Is every word of the data in the vocabulary, by decreasing count, ties alphabetical, UNK last?"""
    word_to_idx, idx_to_word = build_vocab(corpus)
    counts = counts_of(corpus)
    assert idx_to_word[-1] == UNK and idx_to_word.count(UNK) == 1
    assert sorted(idx_to_word[:-1]) == sorted(counts)
    for left, right in zip(idx_to_word[:-2], idx_to_word[1:-1], strict=True):
        assert (-counts[left], left) < (-counts[right], right), (left, right, counts)
    assert len(word_to_idx) == len(idx_to_word)
    assert all(idx_to_word[idx] == word for word, idx in word_to_idx.items())
    assert all(word_to_idx[word] == idx for idx, word in enumerate(idx_to_word))


@no_deadline
@given(corpus=corpora, shuffle=st.randoms(use_true_random=False))
def test_vocab_does_not_depend_on_the_order_of_the_data(corpus, shuffle):
    """Does shuffling the sentences, and the words across them, leave the vocabulary unchanged?"""
    reordered = [list(sentence) for sentence in corpus]
    shuffle.shuffle(reordered)
    flat = [word for sentence in reordered for word in sentence]
    shuffle.shuffle(flat)
    regrouped = [flat[i : i + 3] for i in range(0, len(flat), 3)]
    expected = build_vocab(corpus)
    assert build_vocab(reordered) == expected
    assert build_vocab(regrouped) == expected


@no_deadline
@given(corpus=corpora, max_size=st.integers(min_value=1, max_value=10))
def test_max_size_keeps_the_most_frequent_words(corpus, max_size):
    """With max_size, is the vocabulary at most that long, UNK last, and the kept words the most frequent?"""
    word_to_idx, idx_to_word = build_vocab(corpus, max_size=max_size)
    full = build_vocab(corpus)[1]
    counts = counts_of(corpus)
    assert len(idx_to_word) == min(max_size, len(full))
    assert idx_to_word[-1] == UNK and word_to_idx[UNK] == len(idx_to_word) - 1
    assert idx_to_word[:-1] == full[: len(idx_to_word) - 1]
    kept, dropped = idx_to_word[:-1], set(counts) - set(idx_to_word)
    assert all(counts[k] >= counts[d] for k in kept for d in dropped)
    assert {word: idx_to_word[idx] for word, idx in word_to_idx.items()} == {w: w for w in idx_to_word}


def test_unk_in_the_data_is_not_counted_or_listed_twice():
    """Does a literal UNK in the data stay a single entry, last, even when it is the most frequent word?"""
    word_to_idx, idx_to_word = build_vocab([[UNK, UNK, UNK, "b", "a", "b"]])
    assert idx_to_word == ["b", "a", UNK]
    assert word_to_idx == {"b": 0, "a": 1, UNK: 2}
    assert build_vocab([[UNK, UNK, "a"]], max_size=2)[1] == ["a", UNK]


# --- encode / decode -----------------------------------------------------------------------------


@no_deadline
@given(corpus=corpora, data=st.data())
def test_encode_decode_round_trip(corpus, data):
    """Does decode(encode(tokens)) give back any sequence of in-vocabulary tokens, via int64 ids?"""
    word_to_idx, idx_to_word = build_vocab(corpus)
    tokens = data.draw(st.lists(st.sampled_from(idx_to_word), max_size=12))
    ids = encode(tokens, word_to_idx)
    assert ids.dtype == np.int64 and ids.shape == (len(tokens),)
    assert [idx_to_word[i] for i in ids.tolist()] == tokens
    assert decode(ids, idx_to_word) == tokens
    assert decode(ids.tolist(), idx_to_word) == tokens
    assert all(isinstance(token, str) for token in decode(ids, idx_to_word))


@no_deadline
@given(corpus=corpora, extra=sentences)
def test_unknown_words_encode_to_unk(corpus, extra):
    """Does every word outside the vocabulary encode to UNK's index (V - 1), the others to their own?"""
    word_to_idx, idx_to_word = build_vocab(corpus, max_size=3)
    tokens = extra + ["never-seen", "UNK"]
    ids = encode(tokens, word_to_idx)
    expected = [word_to_idx.get(token, len(idx_to_word) - 1) for token in tokens]
    assert ids.tolist() == expected
    assert ids[-2] == ids[-1] == len(idx_to_word) - 1
    assert encode([], word_to_idx).shape == (0,)


# --- one-hot encodings ---------------------------------------------------------------------------


@given(V=st.integers(min_value=1, max_value=12), data=st.data())
def test_one_hot_has_a_single_one_at_idx(V, data):
    """Is one_hot(idx, V) a float64 (V,) vector with a single 1, at idx?"""
    idx = data.draw(st.integers(min_value=0, max_value=V - 1))
    e = one_hot(idx, V)
    assert e.shape == (V,) and e.dtype == np.float64
    expected = np.zeros(V)
    expected[idx] = 1.0
    assert np.array_equal(e, expected)
    assert one_hot(np.int64(idx), V).tolist() == expected.tolist()


@pytest.mark.parametrize("idx", [-1, -4, 4, 5, 100])
def test_one_hot_out_of_range_raises(idx):
    """Is an index outside [0, V) a ValueError, negative ones included (they must not wrap)?"""
    with pytest.raises(ValueError):
        one_hot(idx, 4)
    with pytest.raises(ValueError):
        one_hot_sequence(np.array([0, idx, 1]), 4)
    with pytest.raises(ValueError):
        one_hot_batch([np.array([0, 1]), np.array([idx])], 4)


@no_deadline
@given(ids_V=ids_and_size())
def test_one_hot_sequence_rows_and_argmax(ids_V):
    """Is one_hot_sequence a (T, V) float64 matrix of 0/1 with one 1 per row, whose argmax gives back ids?"""
    ids, V = ids_V
    X = one_hot_sequence(ids, V)
    assert X.shape == (len(ids), V) and X.dtype == np.float64
    assert set(np.unique(X).tolist()) <= {0.0, 1.0}
    assert np.array_equal(X.sum(axis=1), np.ones(len(ids)))
    assert np.array_equal(X.argmax(axis=1), ids)
    assert np.array_equal(one_hot_sequence(list(ids), V), X)


@no_deadline
@given(batch_V=id_batches())
def test_one_hot_batch_pads_with_zero_rows_and_masks_them(batch_V):
    """Is one_hot_batch (N, T_max, V) with one 1 on each real row, zero padding rows, and the right mask?"""
    batch, V = batch_V
    X, mask = one_hot_batch(batch, V)
    T = max(len(ids) for ids in batch)
    assert X.shape == (len(batch), T, V) and X.dtype == np.float64
    assert mask.shape == (len(batch), T) and mask.dtype == np.bool_
    for i, ids in enumerate(batch):
        L = len(ids)
        assert mask[i].tolist() == [True] * L + [False] * (T - L)
        assert np.array_equal(X[i, :L].sum(axis=1), np.ones(L))
        assert np.array_equal(X[i, :L].argmax(axis=1), ids)
        assert not X[i, L:].any()
    assert set(np.unique(X).tolist()) <= {0.0, 1.0}
    assert X.sum() == sum(len(ids) for ids in batch)


# --- split_dataset ---------------------------------------------------------------------------------


def test_split_of_256_is_204_25_27():
    """Does the documented example hold: 256 sequences split into 204 / 25 / 27?"""
    train, val, test = split_dataset(list(range(256)))
    assert (len(train), len(val), len(test)) == (204, 25, 27)
    assert train == list(range(204)) and val == list(range(204, 229)) and test == list(range(229, 256))


@given(L=st.integers(min_value=0, max_value=400))
def test_split_parts_concatenate_back_without_overlap(L):
    """For any length, do the three parts, in order, concatenate back to the input, without overlap?"""
    items = [f"s{i}" for i in range(L)]
    train, val, test = split_dataset(items)
    assert train + val + test == items
    assert not (set(train) & set(val) or set(train) & set(test) or set(val) & set(test))
    assert (len(train), len(val)) == (math.floor(0.8 * L), math.floor(0.1 * L))


@given(L=st.integers(min_value=0, max_value=200),
       p=st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)).filter(lambda p: p[0] + p[1] <= 1.0))
def test_split_with_other_fractions(L, p):
    """With other fractions, are the sizes floor(p_train L), floor(p_val L), and the rest the test part?"""
    items = list(range(L))
    train, val, test = split_dataset(items, p_train=p[0], p_val=p[1])
    assert (len(train), len(val)) == (math.floor(p[0] * L), math.floor(p[1] * L))
    assert train + val + test == items


# --- inputs_targets and make_batch ---------------------------------------------------------------


@given(sequence=st.lists(st.text(max_size=2), min_size=2, max_size=12))
def test_targets_are_the_inputs_shifted_by_one(sequence):
    """Are inputs s[:-1] and targets s[1:], so that target t is input t + 1?"""
    inputs, targets = inputs_targets(sequence)
    assert inputs == sequence[:-1] and targets == sequence[1:]
    assert all(targets[t] == inputs[t + 1] for t in range(len(inputs) - 1))
    assert isinstance(inputs, list) and isinstance(targets, list)


@pytest.mark.parametrize("sequence", [[], ["a"]])
def test_sequence_too_short_to_predict_raises(sequence):
    """Is a sequence of fewer than two tokens, which has nothing to predict, a ValueError?"""
    with pytest.raises(ValueError):
        inputs_targets(sequence)


@no_deadline
@given(split=language_splits(max_size=12))
def test_make_batch_targets_line_up_with_inputs(split):
    """In make_batch, is y[n, t] the word of X[n, t + 1] on real steps, EOS at the last, 0 on padding?"""
    sequences, _ = split
    word_to_idx, idx_to_word = build_vocab(sequences)
    X, y, mask = make_batch(sequences, word_to_idx)
    T = max(len(s) for s in sequences) - 1
    assert X.shape == (len(sequences), T, len(idx_to_word)) and y.shape == mask.shape == (len(sequences), T)
    for n, sequence in enumerate(sequences):
        L = len(sequence) - 1
        assert mask[n].tolist() == [True] * L + [False] * (T - L)
        assert [idx_to_word[i] for i in X[n, :L].argmax(axis=1)] == sequence[:-1]
        assert [idx_to_word[i] for i in y[n, :L]] == sequence[1:]
        for t in range(L - 1):
            assert y[n, t] == X[n, t + 1].argmax()
        assert idx_to_word[y[n, L - 1]] == EOS
        assert not y[n, L:].any() and not X[n, L:].any()


# --- bayes_floor -------------------------------------------------------------------------------------


def brute_force_floor(sequences: list[list[str]], variant: str) -> float:
    """The Bayes-optimal mean cross-entropy on ``sequences``, by enumerating the language.

    The language has MAX_N equally likely words. The optimal predictor's probability of the next
    token after a prefix is the share, among the words that extend the prefix, of those whose next
    token is that one. The mean is over the predicted tokens (every token but the first).
    """
    language = [language_sequence(n, variant) for n in range(1, MAX_N + 1)]
    total, predicted = 0.0, 0
    for sequence in sequences:
        for t in range(1, len(sequence)):
            consistent = [word for word in language if len(word) > t and word[:t] == sequence[:t]]
            agreeing = [word for word in consistent if word[t] == sequence[t]]
            total -= math.log(len(agreeing) / len(consistent))
            predicted += 1
    return total / predicted


@no_deadline
@given(split=language_splits(), part=st.sampled_from([0, 1, 2]))
def test_bayes_floor_equals_the_brute_force_predictor(split, part):
    """Does bayes_floor equal, to 1e-12, the mean loss of the enumerated Bayes-optimal predictor?"""
    sequences, variant = split
    chosen = split_dataset(sequences)[part] or sequences
    assert bayes_floor(chosen) == pytest.approx(brute_force_floor(chosen, variant), abs=1e-12, rel=0)


@pytest.mark.parametrize("variant, tokens", [("anbn", 6), ("anbnan", 9)])
def test_population_floor(variant, tokens):
    """Over the whole language (each n once), is the floor ln 5 / 6 (anbn) or ln 5 / 9 (anbnan)?"""
    language = [language_sequence(n, variant) for n in range(1, MAX_N + 1)]
    assert np.mean([len(word) - 1 for word in language]) == tokens  # expected predicted tokens
    assert bayes_floor(language) == pytest.approx(math.log(5) / tokens, abs=1e-15, rel=0)
    assert brute_force_floor(language, variant) == pytest.approx(math.log(5) / tokens, abs=1e-15, rel=0)
    assert bayes_floor(generate_dataset(20000, variant, 0)) == pytest.approx(math.log(5) / tokens, abs=3e-3)


def test_population_floor_values():
    """Are the two population floors about 0.268 and 0.179 nats per token?"""
    assert round(bayes_floor([language_sequence(n, "anbn") for n in range(1, 6)]), 3) == 0.268
    assert round(bayes_floor([language_sequence(n, "anbnan") for n in range(1, 6)]), 3) == 0.179


@pytest.mark.parametrize("n", range(1, MAX_N + 1))
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_word_costs_ln5(n, variant):
    """Does every single word of the language cost ln 5 nats in total, whatever its n?"""
    word = language_sequence(n, variant)
    assert bayes_floor([word]) * (len(word) - 1) == pytest.approx(math.log(5), rel=1e-14)
    assert brute_force_floor([word], variant) * (len(word) - 1) == pytest.approx(math.log(5), rel=1e-14)


def test_brute_force_is_not_trivially_equal_to_the_floor():
    """Negative control: does a wrong floor (first token counted as predicted) miss the brute force?"""
    sequences = generate_dataset(25, "anbn", 3)
    wrong = len(sequences) * math.log(5) / sum(len(s) for s in sequences)
    assert abs(wrong - brute_force_floor(sequences, "anbn")) > 1e-3
    mixed = sequences + [language_sequence(1, "anbn")] * 10
    random.Random(0).shuffle(mixed)
    assert bayes_floor(mixed) == pytest.approx(brute_force_floor(mixed, "anbn"), abs=1e-12, rel=0)
    assert abs(bayes_floor(mixed) - bayes_floor(sequences)) > 1e-3


def test_bayes_floor_of_an_empty_split_raises():
    """Is the floor of an empty split (nothing to predict) a ValueError?"""
    with pytest.raises(ValueError):
        bayes_floor([])
