"""End-to-end tests of task 8 (solutions/train.py): the reference models learn the toy languages.

The LSTM runs are the kit's promise to learners: H = 50, Adam(lr=1e-2), full batch, 300 epochs
reach the Bayes floor of the validation split (within 0.02 nats per token) and generate the language
greedily. Each trained model is built once per (variant, seed) and shared by the tests that need it.
Measured on one core: 3-4 s per run on a fast machine, 10-13 s on the CI's class of machine.

BLAS runs single-threaded in this module: the matrices are small (204 x 50 by 50 x 200), so threads
gain nothing, and on a busy machine OpenBLAS's spinning threads made one run 6 times slower.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from solutions.clipping import clip_by_global_norm
from solutions.data import Batch, bayes_floor, build_vocab, generate_dataset, make_batch, split_dataset
from solutions.initialisation import init_lstm_params, init_rnn_params
from solutions.optim import SGD, Adam
from solutions.train import generate, model_loss, train

H = 50
EPOCHS = 300
FLOOR_MARGIN = 0.02  # nats per token above the Bayes floor of the validation split
# Each grammar once and each seed once (a run costs 10-13 s on the CI's class of machine); `make bench` ("training to
# the floor") trains both grammars on three seeds to within 0.05 nats.
RUNS = [("anbn", 0), ("anbnan", 1)]


@pytest.fixture(autouse=True, scope="module")
def single_blas_thread():
    """Every test of this module runs with a single BLAS thread."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


class Data(NamedTuple):
    word_to_idx: dict[str, int]
    idx_to_word: list[str]
    train: Batch
    val: Batch
    floor: float


@functools.cache
def data(variant: str, seed: int) -> Data:
    """The documented pipeline: 256 sequences, vocabulary, 80/10/10 split, padded batches."""
    sequences = generate_dataset(256, variant, seed)
    word_to_idx, idx_to_word = build_vocab(sequences)
    train_part, val_part, _ = split_dataset(sequences)
    return Data(word_to_idx, idx_to_word, make_batch(train_part, word_to_idx),
                make_batch(val_part, word_to_idx), bayes_floor(val_part))


def fresh_params(variant: str, seed: int, cell: str = "lstm", hidden: int = H) -> dict[str, np.ndarray]:
    """Initial parameters for the data of (variant, seed), one-hot inputs (D = V)."""
    V = len(data(variant, seed).idx_to_word)
    init = init_lstm_params if cell == "lstm" else init_rnn_params
    return init(V, hidden, V, np.random.default_rng(seed))


@functools.cache
def trained(variant: str, seed: int, cell: str = "lstm", epochs: int = EPOCHS):
    """(params, history, initial validation loss) after the reference training run; cached."""
    d = data(variant, seed)
    params = fresh_params(variant, seed, cell)
    initial = model_loss(params, d.val, cell)[0]
    history = train(params, d.train, d.val, Adam(lr=1e-2), epochs, cell=cell)
    return params, history, initial


def language_word(n: int, variant: str) -> list[str]:
    tail = ["a"] * n if variant == "anbnan" else []
    return ["a"] * n + ["b"] * n + tail + ["EOS"]


# --- the reference runs ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("variant, seed", RUNS)
def test_lstm_reaches_the_bayes_floor(variant, seed):
    """Does the reference LSTM end within 0.02 nats per token of the validation split's Bayes floor?"""
    _, history, initial = trained(variant, seed)
    floor = data(variant, seed).floor
    final = history["val_loss"][-1]
    assert final - floor < FLOOR_MARGIN, f"val {final:.4f}, floor {floor:.4f}, initial {initial:.4f}"
    assert len(history["train_loss"]) == len(history["val_loss"]) == EPOCHS


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["anbn", "anbnan"])
def test_undertrained_lstm_is_not_at_the_floor(variant):
    """Negative control: is the same LSTM after 20 epochs still clearly above the 0.02 margin?"""
    d = data(variant, 0)
    params = fresh_params(variant, 0)
    history = train(params, d.train, d.val, Adam(lr=1e-2), 20)
    assert history["val_loss"][-1] - d.floor > 5 * FLOOR_MARGIN


@pytest.mark.slow
@pytest.mark.parametrize("variant, seed", RUNS)
def test_trained_lstm_generates_the_language(variant, seed):
    """After training, does greedy generation complete a^n b (every n) to the word of the language?"""
    params, _, _ = trained(variant, seed)
    d = data(variant, seed)
    documented = {"anbn": ("a a a b", "a a a b b b EOS"), "anbnan": ("a a b", "a a b b a a EOS")}[variant]
    prompt, expected = (text.split() for text in documented)
    assert generate(params, prompt, d.word_to_idx, d.idx_to_word) == expected
    for n in range(1, 6):
        prompt = ["a"] * n + ["b"]
        assert generate(params, prompt, d.word_to_idx, d.idx_to_word) == language_word(n, variant), n


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["anbn", "anbnan"])
def test_rnn_learns_too(variant):
    """Does a vanilla RNN trained the same way cut its validation loss by at least 70%, near the floor?

    Measured (seeds 0-3, both variants): from about 1.4 nats at initialisation to within 0.009 of
    the floor (about 0.26 / 0.18), i.e. more than 80% lower; the bounds leave room for BLAS rounding.
    """
    _, history, initial = trained(variant, 0, cell="rnn")
    final = history["val_loss"][-1]
    assert final < 0.3 * initial, (initial, final)
    assert final - data(variant, 0).floor < 0.03, final


# --- the training loop's contract ------------------------------------------------------------------


def small_setup(variant: str = "anbn", hidden: int = 8) -> tuple[dict[str, np.ndarray], Data]:
    return fresh_params(variant, 0, hidden=hidden), data(variant, 0)


def test_history_has_one_train_and_one_val_loss_per_epoch():
    """Is the history one float per epoch for each loss, the first train loss that of the initial
    parameters (full batch) and the last val loss that of the final parameters?"""
    params, d = small_setup()
    initial_train = model_loss(params, d.train)[0]
    history = train(params, d.train, d.val, Adam(lr=1e-2), 5)
    assert set(history) == {"train_loss", "val_loss"}
    assert len(history["train_loss"]) == len(history["val_loss"]) == 5
    assert all(isinstance(x, float) and math.isfinite(x) for x in history["train_loss"] + history["val_loss"])
    assert history["train_loss"][0] == pytest.approx(initial_train, rel=1e-12)
    assert history["val_loss"][-1] == pytest.approx(model_loss(params, d.val)[0], rel=1e-12)
    assert history["val_loss"][-1] < history["val_loss"][0]


def test_train_updates_the_callers_params():
    """Does train update the caller's params dict in place (and return only the history)?"""
    params, d = small_setup()
    before = {k: v.copy() for k, v in params.items()}
    history = train(params, d.train, d.val, Adam(lr=1e-2), 2)
    assert isinstance(history, dict)
    assert set(params) == set(before)
    assert all(not np.array_equal(params[k], before[k]) for k in ("Wx", "Wh", "Wy"))


class Spy:
    """An optimizer that records what train hands it, then delegates to a real one."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.norms: list[float] = []

    def step(self, params, grads) -> None:
        self.norms.append(float(np.sqrt(sum(np.sum(g * g) for g in grads.values()))))
        self.inner.step(params, grads)


def test_minibatches_and_clipping_run_and_lower_the_loss():
    """With batch_size=32 and max_norm, are there ceil(N/32) clipped steps an epoch and does the loss fall?"""
    params, d = small_setup(hidden=16)
    initial = model_loss(params, d.val)[0]
    spy = Spy(Adam(lr=1e-2))
    history = train(params, d.train, d.val, spy, 10, batch_size=32, max_norm=0.2)
    N = d.train.X.shape[0]
    assert len(spy.norms) == 10 * math.ceil(N / 32)
    assert max(spy.norms) <= 0.2 * (1 + 1e-12)
    assert sum(abs(norm - 0.2) < 1e-12 for norm in spy.norms) > 0  # some steps were really clipped
    assert len(history["val_loss"]) == 10
    assert history["val_loss"][-1] < 0.6 * initial
    assert history["train_loss"][-1] < history["train_loss"][0]


def test_no_clipping_without_max_norm():
    """Negative control for the spy: without max_norm, do the steps carry gradient norms above 0.2?"""
    params, d = small_setup(hidden=16)
    spy = Spy(Adam(lr=1e-2))
    train(params, d.train, d.val, spy, 1, batch_size=32)
    assert min(spy.norms) > 0.2


def test_train_loss_is_token_weighted_over_minibatches():
    """With a frozen model, is the epoch's train loss the full-batch loss (token-weighted batch mean)?"""
    params, d = small_setup()
    train(params, d.train, d.val, Adam(lr=1e-2), 30)  # partly trained: per-token losses now differ
    full = model_loss(params, d.train)[0]
    frozen = {k: v.copy() for k, v in params.items()}
    history = train(params, d.train, d.val, SGD(lr=0.0), 2, batch_size=17, seed=3)
    assert all(np.array_equal(params[k], frozen[k]) for k in params)
    assert history["train_loss"] == pytest.approx([full, full], rel=1e-12)
    # Negative control: the plain mean of the per-batch losses is measurably different.
    order = np.random.default_rng(3).permutation(d.train.X.shape[0])
    losses = [model_loss(params, Batch(*(a[rows] for a in d.train)))[0]
              for rows in np.array_split(order, range(17, len(order), 17))]
    assert abs(float(np.mean(losses)) - full) > 5e-4


def test_shuffling_follows_the_seed():
    """With mini-batches, does the same seed reproduce the history exactly and another seed change it?"""
    runs = {}
    for seed in (0, 0, 1):
        params, d = small_setup()
        history = train(params, d.train, d.val, Adam(lr=1e-2), 2, batch_size=50, seed=seed)
        runs.setdefault(seed, []).append(history)
    assert runs[0][0] == runs[0][1]
    assert runs[1][0] != runs[0][0]


def test_unknown_cell_raises():
    """Is a cell other than "rnn" or "lstm" a ValueError in model_loss, train and generate?"""
    params, d = small_setup()
    for cell in ("gru", "LSTM", ""):
        with pytest.raises(ValueError):
            model_loss(params, d.val, cell)
        with pytest.raises(ValueError):
            train(params, d.train, d.val, Adam(), 1, cell=cell)
        with pytest.raises(ValueError):
            generate(params, ["a"], d.word_to_idx, d.idx_to_word, cell=cell)


def test_model_loss_works_for_both_cells():
    """Does model_loss give a finite loss near ln V at initialisation and gradients shaped like params?"""
    for cell in ("rnn", "lstm"):
        params = fresh_params("anbn", 0, cell, hidden=8)
        d = data("anbn", 0)
        loss, grads = model_loss(params, d.val, cell)
        assert math.isfinite(loss) and abs(loss - math.log(len(d.idx_to_word))) < 0.5
        assert {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in params.items()}


# --- generate ---------------------------------------------------------------------------------------


def test_sampling_needs_an_rng_and_is_deterministic_for_a_seed():
    """Does sampling without rng raise ValueError, and with a seeded rng give the same tokens each time?"""
    params, d = small_setup()
    args = (params, ["a"], d.word_to_idx, d.idx_to_word)
    with pytest.raises(ValueError):
        generate(*args, greedy=False)
    first = generate(*args, greedy=False, rng=np.random.default_rng(5), max_new=15)
    assert generate(*args, greedy=False, rng=np.random.default_rng(5), max_new=15) == first
    # Negative control: the rng is really used, so other seeds give other continuations.
    others = {tuple(generate(*args, greedy=False, rng=np.random.default_rng(s), max_new=15))
              for s in range(10)}
    assert len(others) > 1


def test_generation_stops_at_eos_or_max_new():
    """Does generate keep the prompt, add at most max_new tokens, and stop right after EOS?"""
    params, d = small_setup()
    for prompt in (["a"], ["a", "b"], ["never-seen", "a"]):
        for max_new in (0, 1, 3, 20):
            for rng_seed in range(3):
                out = generate(params, prompt, d.word_to_idx, d.idx_to_word, max_new=max_new,
                               greedy=False, rng=np.random.default_rng(rng_seed))
                assert out[: len(prompt)] == prompt
                new = out[len(prompt):]
                assert len(new) <= max_new
                assert "EOS" not in new[:-1]
                if len(new) < max_new:
                    assert new[-1] == "EOS"
                assert set(new) <= set(d.idx_to_word)


def test_empty_prompt_raises():
    """Is an empty prompt (nothing to read) a ValueError?"""
    params, d = small_setup()
    with pytest.raises(ValueError):
        generate(params, [], d.word_to_idx, d.idx_to_word)


def test_clipping_helper_agrees_with_the_spy_norm():
    """Does the spy measure the global norm, the one that clip_by_global_norm reports?"""
    params, d = small_setup()
    _, grads = model_loss(params, d.train)
    spy = Spy(SGD(lr=0.0))
    spy.step(params, grads)
    assert spy.norms[0] == pytest.approx(clip_by_global_norm(grads, 1e9)[1], rel=1e-12)
