"""Checks of task 1: the data set, the vocabulary, one-hot encoding, splits and next-token targets."""

from __future__ import annotations

import numpy as np

from autograder.expected.checks.builders import Mistake, value_check


def _random_sequences(rng: np.random.Generator, count: int = 12) -> list[list[str]]:
    words = ["a", "b", "c", "EOS", "zeta", "UNK"]
    return [[str(w) for w in rng.choice(words, size=int(rng.integers(2, 7)))] for _ in range(count)]


def _generate(rng):
    seed = int(rng.integers(1 << 30))
    return [
        (f"64, 'anbn', seed={seed}", [64, "anbn", seed], {}),
        (f"64, 'anbnan', seed={seed + 1}", [64, "anbnan", seed + 1], {}),
        ("0, 'anbn'", [0, "anbn", 3], {}),
        ("5, 'abc' (an unknown variant)", [5, "abc", 0], {}),
        ("0, 'abc' (an unknown variant, even for no sequences)", [0, "abc", 0], {}),
        ("5, 'nbna' (a piece of a valid name: an unknown variant too)", [5, "nbna", 0], {}),
        ("5, 'ANBN' (names are exact: an unknown variant)", [5, "ANBN", 0], {}),
    ]


value_check("1", "generate_dataset: both variants, seeded", "data", "generate_dataset", _generate, mistakes=[
    Mistake("n-range", "n must be drawn from 1..5 inclusive with rng.integers(1, 6): the upper bound of "
            "rng.integers is excluded.",
            lambda count, variant, seed: _variant_data(count, variant, seed, high=5)),
])


def _variant_data(count, variant, seed, high):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        n = int(rng.integers(1, high))
        out.append(["a"] * n + ["b"] * n + (["a"] * n if variant == "anbnan" else []) + ["EOS"])
    return out


def _first_seen_vocab(sequences, max_size=None):
    words = list(dict.fromkeys(w for sequence in sequences for w in sequence if w != "UNK"))   # first-seen order
    counts = {w: sum(s.count(w) for s in sequences) for w in words}
    ordered = sorted(words, key=lambda w: -counts[w])          # stable: ties stay in first-seen order
    ordered = (ordered if max_size is None else ordered[: max_size - 1]) + ["UNK"]
    return {w: k for k, w in enumerate(ordered)}, ordered


def _unk_counted_vocab(sequences, max_size=None):
    """The word UNK of the data counted and sorted like any other word, then UNK added last again."""
    counts: dict[str, int] = {}
    for sequence in sequences:
        for w in sequence:
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    ordered = (words if max_size is None else words[: max_size - 1]) + ["UNK"]
    return {w: k for k, w in enumerate(ordered)}, ordered


def _vocab(rng):
    sequences = _random_sequences(rng)
    ties = [["c", "b", "a", "EOS"], ["a", "c", "b", "EOS"]]
    return [
        ("random sequences", [sequences], {}),
        ("random sequences, max_size=3", [sequences], {"max_size": 3}),
        ("every word equally frequent", [ties], {}),
        # numpy sorts up to 16 items by insertion, which is stable, and keeps all-equal keys in order: an
        # unstable sort shows only on more words, in several groups of ties
        ("40 words, each seen once or twice, first seen in a shuffled order",
         [[[f"w{k:02d}" for k in rng.permutation(40) for _ in range(1 + k % 2)] + ["EOS"]]], {}),
        ("as many words as max_size (UNK takes the last place)", [ties], {"max_size": 4}),
        ("max_size=0", [ties], {"max_size": 0}),
        ("max_size=1 (UNK alone)", [ties], {"max_size": 1}),
        ("UNK among the most frequent words of the data, max_size=3",
         [[["UNK", "a", "UNK", "b", "UNK", "a", "EOS"], ["UNK", "c", "EOS"]]], {"max_size": 3}),
        ("max_size larger than the vocabulary", [ties], {"max_size": 10}),
        ("no sequences", [[]], {}),
    ]


value_check("1", "build_vocab: frequency order, ties, UNK, size cap", "data", "build_vocab", _vocab, mistakes=[
    Mistake("vocab-ties", "ties in frequency must be broken by the word itself (alphabetical order), not "
            "by the order in which words first appear, so that the vocabulary does not depend on the order "
            "of the data.", _first_seen_vocab),
    Mistake("unk-counted", "the word UNK found in the data is counted as an ordinary word (and then added "
            "again at the end): the docstring says UNK is not counted twice and always sits last. Leave UNK "
            "out of the counts (if word != 'UNK') and append it once.", _unk_counted_vocab),
])


def _encode(rng):
    sequences = _random_sequences(rng)
    word_to_idx = {w: k for k, w in enumerate(["a", "b", "EOS", "UNK"])}
    larger = {w: k for k, w in enumerate(["a", "b", "c", "d", "EOS", "UNK"])}
    return [("tokens with unknown words", [sequences[0] + ["never-seen"], word_to_idx], {}),
            ("an empty list", [[], word_to_idx], {}),
            ("one token (still shape (1,))", [["b"], word_to_idx], {}),
            # a second vocabulary in the same process: nothing of the first call's may be kept
            ("unknown words, another vocabulary (UNK at index 5)", [["a", "zz", "d", "yy"], larger], {})]


value_check("1", "encode: indices, unknown words to UNK", "data", "encode", _encode)
value_check("1", "decode: indices to words", "data", "decode", lambda rng: [
    ("a list of indices", [[int(k) for k in rng.integers(0, 4, size=7)], ["a", "b", "EOS", "UNK"]], {}),
    ("an int64 array of indices (encode's output)", [rng.integers(0, 4, size=5), ["a", "b", "EOS", "UNK"]], {}),
    ("an empty list (L = 0)", [[], ["a", "b", "EOS", "UNK"]], {})])


def _one_hot(rng):
    return [("idx=2, V=5", [2, 5], {}), ("idx=0, V=1", [0, 1], {}), ("idx=-1, V=4", [-1, 4], {}),
            ("idx=4, V=4", [4, 4], {}), ("idx a numpy integer (from argmax), V=5", [np.int64(3), 5], {})]


value_check("1", "one_hot: a single token", "data", "one_hot", _one_hot, hidden_twin=False)
value_check("1", "one_hot_sequence: a sequence", "data", "one_hot_sequence", lambda rng: [
    ("7 indices, V=6", [rng.integers(0, 6, size=7)], {"V": 6}),
    ("an index out of range", [np.array([0, 6])], {"V": 6}),
    ("a negative index (must not wrap)", [np.array([0, -1])], {"V": 6}),
    ("an empty sequence", [np.array([], dtype=np.int64)], {"V": 6}),
    ("a one-step sequence (still (1, V))", [np.array([3])], {"V": 6}),
])


def _batch(rng):
    lengths = [int(n) for n in rng.integers(1, 7, size=4)] + [7]
    return [("5 sequences of different lengths, V=5", [[rng.integers(0, 5, size=n) for n in lengths], 5], {}),
            ("one sequence", [[np.array([1, 0, 2])], 3], {}),
            ("the longest sequence first", [[np.array([0, 1, 2, 3]), np.array([1])], 4], {})]


value_check("1", "one_hot_batch: padding and mask", "data", "one_hot_batch", _batch)


def _tutorial_split(sequences, p_train=0.8, p_val=0.1):
    n_train, n_val = int(len(sequences) * p_train), int(len(sequences) * p_val)
    n_test = int(len(sequences) * (1 - p_train - p_val))
    return sequences[:n_train], sequences[n_train:n_train + n_val], sequences[-n_test:] if n_test else []


def _split(rng):
    return [(f"{n} items", [list(range(n))], {}) for n in (256, 10, 7, int(rng.integers(11, 100)))] + [
        ("p_train=0.5, p_val=0.25", [list(range(20))], {"p_train": 0.5, "p_val": 0.25}),
        ("p_train + p_val = 1 (no test part)", [list(range(20))], {"p_train": 0.75, "p_val": 0.25}),
        # 1 - 0.9 - 0.1 is -2.8e-17 in floating point: a test part computed first must not make this invalid
        ("p_train=0.9, p_val=0.1 (no test part)", [list(range(20))], {"p_train": 0.9, "p_val": 0.1}),
        ("p_val=0 (no validation part)", [list(range(20))], {"p_train": 0.5, "p_val": 0.0}),
        ("p_train=1 (everything in train)", [list(range(20))], {"p_train": 1.0, "p_val": 0.0}),
        ("p_train + p_val > 1", [list(range(20))], {"p_train": 0.9, "p_val": 0.2}),
        # the floored counts fit (6 + 4 of 10 items): the fractions themselves are what must not exceed 1
        ("p_train=0.6, p_val=0.45 of 10 items", [list(range(10))], {"p_train": 0.6, "p_val": 0.45}),
        ("p_train=0.125, p_val=0.375 of 8 items (fractions, not whole percents)", [list(range(8))],
         {"p_train": 0.125, "p_val": 0.375}),
        ("a negative fraction", [list(range(20))], {"p_train": 0.9, "p_val": -0.1}),
        ("a negative p_train", [list(range(20))], {"p_train": -0.1, "p_val": 0.5}),
        ("token lists of different lengths (the items split_dataset is given in training)",
         [_random_sequences(rng, 10)], {}),
    ]


value_check("1", "split_dataset: 80/10/10 without overlap or loss", "data", "split_dataset", _split, mistakes=[
    Mistake("split-loses", "the three parts must concatenate back to the data: with int() for every part "
            "and the test part taken from the end, some items are lost (or counted twice); let the test "
            "part be everything after train and validation.", _tutorial_split),
])


def _targets(rng):
    sequences = _random_sequences(rng, 3)
    return [(f"{len(s)} tokens", [s], {}) for s in sequences] + [("1 token", [["a"]], {}), ("0 tokens", [[]], {})]


value_check("1", "inputs_targets: next-token targets", "data", "inputs_targets", _targets, mistakes=[
    Mistake("targets-not-shifted", "off by one: the target at step t is the token at step t+1, so "
            "targets = sequence[1:] while inputs = sequence[:-1].", lambda s: (list(s[:-1]), list(s[:-1]))),
    Mistake("targets-off-by-one", "off by one: inputs = sequence[:-1] and targets = sequence[1:], both of "
            "length L-1.", lambda s: (list(s[:-1]), list(s[2:]))),
    Mistake("inputs-keep-eos", "off by one: the last token (EOS) is never an input, so inputs = "
            "sequence[:-1].", lambda s: (list(s), list(s[1:]))),
])

