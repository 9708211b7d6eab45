# Learners: this is your file. Replace each `raise NotImplementedError(...)` with your code.
# (Generated from solutions/train.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Task 8: the language model's loss, the training loop and text generation.

The model reads one-hot tokens X (N, T, V), runs an RNN or LSTM from zero
initial states, projects each hidden state to vocabulary scores and is scored
by the masked cross-entropy against the next tokens y (N, T):

    h = rnn_forward(X, 0, ...) or lstm_forward(X, 0, 0, ...)     (N, T, H)
    scores = h Wy + by                                             (N, T, V)
    loss = cross_entropy(scores, y, mask)

``params`` is the dict made by ``init_rnn_params`` / ``init_lstm_params``;
``cell`` is ``"rnn"`` or ``"lstm"``.
"""

from __future__ import annotations

import numpy as np

from .activations import cross_entropy, softmax
from .clipping import clip_by_global_norm
from .data import EOS, Batch, encode, one_hot
from .lstm import lstm_backward, lstm_forward, lstm_step_forward
from .rnn import affine_backward, affine_forward, rnn_backward, rnn_forward, rnn_step_forward

CELLS = ("rnn", "lstm")


def model_loss(
    params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
) -> tuple[float, dict[str, np.ndarray]]:
    """Loss of the language model on one batch, and the gradient of every parameter.

    Every sequence starts from zero states (h0 = 0, and c0 = 0 for the LSTM):
    sequences in a batch are independent, and nothing carries over from the
    previous batch.

    Inputs:
    - params: dict Wx, Wh, b, Wy, by (shapes in initialisation.py)
    - batch: Batch(X (N, T, V), y (N, T), mask (N, T))
    - cell: "rnn" or "lstm"

    Returns a tuple of:
    - loss: float, mean cross-entropy per valid token (nats)
    - grads: dict with the same keys and shapes as params

    Raises ValueError for a cell other than "rnn" or "lstm".
    """
    # Hint: forward through the cell, affine_forward and cross_entropy, then back in reverse order.
    raise NotImplementedError("task 8: model_loss")


def train(
    params: dict[str, np.ndarray],
    train_batch: Batch,
    val_batch: Batch,
    optimizer,
    epochs: int,
    batch_size: int | None = None,
    max_norm: float | None = None,
    cell: str = "lstm",
    seed: int = 0,
) -> dict[str, list[float]]:
    """Train ``params`` in place with mini-batches; record the losses of every epoch.

    Each epoch visits the training sequences once, in an order shuffled by
    ``rng = np.random.default_rng(seed)`` (one ``rng.permutation(N)`` per
    epoch; no shuffle when ``batch_size`` is None, i.e. one full batch). For
    each mini-batch: ``model_loss``, then (if ``max_norm``) ``clip_by_global_norm``,
    then ``optimizer.step(params, grads)``. After the epoch, the validation
    loss is ``model_loss`` on ``val_batch`` with the updated parameters.

    Inputs:
    - params: dict of parameters, updated in place
    - train_batch, val_batch: Batch of N_train and N_val sequences
    - optimizer: an object with ``step(params, grads)`` (SGD, RMSprop, Adam)
    - epochs: number of passes over the training data
    - batch_size: sequences per update, or None for the full batch
    - max_norm: global-norm clipping threshold, or None for no clipping
    - cell: "rnn" or "lstm"
    - seed: seed of the shuffling

    Returns:
    - history: {"train_loss": [...], "val_loss": [...]}, one float per epoch;
      the training loss is the token-weighted mean over the epoch's batches
    """
    # Hint: slice the shuffled indices into chunks of batch_size and index X, y and mask with them;
    #   weight each batch's loss by its number of valid tokens when averaging over the epoch.
    raise NotImplementedError("task 8: train")


def generate(
    params: dict[str, np.ndarray],
    prompt: list[str],
    word_to_idx: dict[str, int],
    idx_to_word: list[str],
    max_new: int = 20,
    greedy: bool = True,
    rng: np.random.Generator | None = None,
    cell: str = "lstm",
) -> list[str]:
    """Continue ``prompt`` one token at a time until ``EOS`` or ``max_new`` new tokens.

    Read the prompt from zero states, one step at a time; then repeatedly turn
    the last hidden state into probabilities ``p = softmax(h Wy + by)``, pick
    the next token (``argmax p`` if greedy, else ``rng.choice(V, p=p)``), and
    feed its one-hot vector back in as the next input. Prompt words not in the
    vocabulary are read as ``UNK``.

    Inputs:
    - params: trained parameters
    - prompt: list of at least one token
    - word_to_idx, idx_to_word: the vocabulary
    - max_new: the most tokens to add
    - greedy: argmax if True, sampling otherwise
    - rng: a numpy Generator, required when sampling
    - cell: "rnn" or "lstm"

    Returns:
    - tokens: the prompt followed by the generated tokens (ending with EOS if
      it was generated)

    Raises ValueError for an empty prompt, an unknown cell, or sampling without ``rng``.
    """
    # Hint: use the *_step_forward functions and keep (h, c) between steps; the input of each new
    #   step is the one-hot of the token just chosen, never the probability vector.
    raise NotImplementedError("task 8: generate")
