"""Blind set 30: the mistakes an ordinary class brings to a TA's office hours.

A class of 200 students in the week each assignment is due: the middle of the class, the rushed and the
over-confident. Each entry is ONE learner function written in full from the stub's docstring alone
(``exercises/*.py``), correct except for one realistic mistake that none of the earlier sets contains. The
entries were written without reading the reference solution, the example submissions, the grader's judges or
its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-sigmoid-activation``: makes the step cache ``(x, prev_h, Wx, Wh, next_h)`` for ada's
  ``rnn_step_backward``.
- ``rnn-forward-returns-list``: calls ada's ``rnn_step_forward`` and hands ada's ``rnn_backward`` the list of
  the T step caches, in time order.
- ``affine-forward-einsum-drops-t``: makes the cache ``(h, Wy)`` for ada's ``affine_backward``.
- ``lstm-step-no-recurrent-term`` and ``lstm-step-concat-h-first``: make the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for ada's ``lstm_step_backward``.
- ``lstm-forward-stores-before-step``: calls ada's ``lstm_step_forward`` and hands ada's ``lstm_backward`` the
  list of the T step caches, in time order.

``model-loss-batch-unpack-order`` passes ada's own caches between ada's own functions (no guess); it unpacks
the backward passes' results in the order their docstrings give.

Measured once, before anything was changed after seeing it, at 8bb8df1: caught 24/24, a named mistake or a
pattern on 19/24 (none: ``vocab-idx-to-word-dict``, refused as a dict with int keys, ``encode-drops-unknown``,
whose first line gives the two shapes, ``ce-lse-log1p``, ``rnn-init-joint-xh`` and ``to-torch-swap-temp-view``,
whose first lines give the numbers).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES30: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-sequences-list-aliased", "1", "generate_dataset preallocates the result as [[]] * num_sequences and "
       "extends sequences[i]: every entry is the same list object, holding the tokens of all the sequences "
       "one after the other", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = [[]] * num_sequences
            for i in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequences[i].extend(["a"] * n + ["b"] * n)
                if variant == "anbnan":
                    sequences[i].extend(["a"] * n)
                sequences[i].append(EOS)
            return sequences
    '''),
    _e("vocab-idx-to-word-dict", "1", "build_vocab returns idx_to_word as a dict index -> word (the name read "
       "as a mapping) instead of a list of V words; the indices and word_to_idx are right",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            words.append(UNK)
            word_to_idx = {word: i for i, word in enumerate(words)}
            idx_to_word = {i: word for word, i in word_to_idx.items()}
            return word_to_idx, idx_to_word
    '''),
    _e("encode-drops-unknown", "1", "encode leaves out the tokens that are not in the vocabulary instead of "
       "mapping them to UNK: the ids are shorter than the tokens whenever a word is unknown",
       "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            ids = [word_to_idx[token] for token in tokens if token in word_to_idx]
            return np.array(ids, dtype=np.int64)
    '''),
    _e("split-sum-unchecked", "1", "split_dataset checks that each fraction lies in [0, 1] but never that "
       "p_train + p_val <= 1: e.g. 0.8 / 0.5 is accepted (a short validation part, an empty test part) instead "
       "of raising ValueError", "data", "split_dataset", '''
        def split_dataset(sequences: list, p_train: float = 0.8, p_val: float = 0.1) -> tuple[list, list, list]:
            for p in (p_train, p_val):
                if not 0 <= p <= 1:
                    raise ValueError(f"fractions must lie in [0, 1], got {p}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
    '''),
    _e("inputs-targets-filters-eos", "1", "inputs_targets takes 'EOS never an input' literally: inputs are the "
       "sequence with every EOS removed instead of s[:-1] (right for a sequence with one EOS at its end, wrong "
       "length or content for any other)", "data", "inputs_targets", '''
        def inputs_targets(sequence: list) -> tuple[list, list]:
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give an input and a target")
            inputs = [token for token in sequence if token != EOS]
            targets = list(sequence[1:])
            return inputs, targets
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-grad-tanh-form", "2", "sigmoid_grad uses tanh's derivative form on the sigmoid: returns "
       "1 - s^2 with s = sigmoid(x) instead of s (1 - s)", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x: np.ndarray) -> np.ndarray:
            s = sigmoid(x)
            return 1 - s ** 2
    '''),
    _e("tanh-grad-sign-flipped", "2", "tanh_grad returns tanh(x)^2 - 1 instead of 1 - tanh(x)^2: the "
       "derivative with the wrong sign (every entry <= 0)", "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            t = tanh(x)
            return t ** 2 - 1
    '''),
    _e("ce-lse-log1p", "2", "cross_entropy computes the log-sum-exp with np.log1p(sum exp(s - m)) (log1p taken "
       "for the accurate log) instead of np.log: log p is too low by log(1 + 1/S), the loss too high, and the "
       "probabilities exp(log p) used for the gradient no longer sum to one", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]                                   # (M, V)
            targets = y[mask]                                  # (M,)
            m = s.max(axis=-1, keepdims=True)
            shifted = s - m
            log_p = shifted - np.log1p(np.sum(np.exp(shifted), axis=-1, keepdims=True))
            rows = np.arange(M)
            loss = -np.sum(log_p[rows, targets]) / M
            d = np.exp(log_p)
            d[rows, targets] -= 1
            d /= M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = d
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-joint-xh", "3", "init_rnn_params draws Wx and Wh together as one orthogonal((D + H, H)) matrix "
       "acting on [x, h] and splits its rows, instead of orthogonal((D, H)) then orthogonal((H, H)): neither block "
       "is the specified matrix nor orthogonal on its own (Wy is right)", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            W = orthogonal((D + H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": W[:D], "Wh": W[D:], "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("lstm-init-blocks-out-in", "3", "init_lstm_params draws every gate block in PyTorch's (out, in) layout and "
       "transposes it (orthogonal((H, D)).T, orthogonal((H, H)).T): the Wx blocks come out right, but every "
       "square Wh block is the transpose of the specified one", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((H, D), rng).T for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng).T for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-sigmoid-activation", "4", "rnn_step_forward squashes with the logistic sigmoid "
       "1 / (1 + exp(-a)) instead of tanh (the gate code's activation): states in (0, 1) instead of (-1, 1)",
       "rnn", "rnn_step_forward", '''
        def rnn_step_forward(
            x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ):
            a = x @ Wx + prev_h @ Wh + b
            next_h = 1.0 / (1.0 + np.exp(-a))
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
    '''),
    _e("rnn-forward-returns-list", "4", "rnn_forward collects the states in a Python list and returns that list "
       "of T (N, H) arrays, never stacked into the (N, T, H) array", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ):
            N, T, D = x.shape
            prev_h = h0
            hs, caches = [], []
            for t in range(T):
                prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                hs.append(prev_h)
                caches.append(step_cache)
            return hs, caches
    '''),
    _e("affine-forward-einsum-drops-t", "4", "affine_forward writes the projection as "
       "np.einsum('nth,hv->nv', h, Wy), the t left out of the output: the scores are summed over the time "
       "steps, (N, V) instead of (N, T, V)", "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray):
            scores = np.einsum("nth,hv->nv", h, Wy) + by
            cache = (h, Wy)
            return scores, cache
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-scale-squared", "5", "clip_by_global_norm avoids the square root in the test (sum of squares "
       "against max_norm^2, right) but also scales by max_norm^2 / sum of squares, i.e. (max_norm / norm)^2: "
       "clipped gradients come out too small (norm returned right)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = sum(float(np.sum(g * g)) for g in grads.values())
            norm = float(np.sqrt(total))
            if total > max_norm ** 2:
                scale = max_norm ** 2 / total
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-zeroes-outliers", "5", "clip_by_value sets the entries beyond the bound to 0 ('clipped off') "
       "instead of clamping them to -clip_value or +clip_value; entries within the bounds are right",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for k, g in grads.items():
                c = g.copy()
                c[np.abs(c) > clip_value] = 0.0
                clipped[k] = c
            return clipped
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-no-recurrent-term", "6", "lstm_step_forward leaves the recurrent term out of the gates: "
       "a = x Wx + b instead of x Wx + prev_h Wh + b (right only when prev_h is zero, e.g. the first step from "
       "h0 = 0)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ):
            H = prev_h.shape[1]
            a = x @ Wx + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-concat-h-first", "6", "lstm_step_forward does one matmul on the concatenation [h_{t-1}, x_t] "
       "(colah's diagrams) against the weights stacked [Wx; Wh]: the shapes always fit (H + D rows), but the "
       "rows of the weights meet the wrong inputs", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ):
            H = prev_h.shape[1]
            z = np.concatenate([prev_h, x], axis=1)           # (N, H + D)
            W = np.concatenate([Wx, Wh], axis=0)              # (D + H, 4H)
            a = z @ W + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-forward-stores-before-step", "6", "lstm_forward writes h[:, t] = prev_h before calling the step "
       "instead of after: h[:, 0] is h0 and every stored state is one step late (the last state is never "
       "stored); the carried states and the caches are right", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                h[:, t] = prev_h
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
                caches.append(step_cache)
            return h, caches
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-adagrad-sum", "7", "RMSprop.step accumulates the squared gradients without decay, s <- s + g^2 "
       "(Adagrad's rule), instead of the running average alpha s + (1 - alpha) g^2: the first step is lr * "
       "sign(g) instead of about 10 lr * sign(g), and later steps keep shrinking", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s += g ** 2
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-correction-multiplied", "7", "Adam.step multiplies the moments by the bias corrections, "
       "m (1 - b1^k) and v (1 - b2^k), instead of dividing by them: the first step is about 10 lr * sign(g) "
       "instead of lr * sign(g)", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] * (1 - self.beta1 ** self.t)
                v_hat = self.v[k] * (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: training --------------------------------------------------------------------------------
    _e("model-loss-batch-unpack-order", "8", "model_loss unpacks the batch as X, mask, y = batch (the order "
       "one_hot_batch returns X and mask in) while Batch holds (X, y, mask): the targets are used as the mask "
       "and the mask as the targets", "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            X, mask, y = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
    '''),
    _e("train-max-norm-none-clipped", "8", "train calls clip_by_global_norm on every mini-batch without checking "
       "max_norm: the default max_norm=None (no clipping) is passed on, so the default call fails inside "
       "clip_by_global_norm instead of skipping the clipping; with a number it is right", "train", "train", '''
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
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history: dict[str, list[float]] = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                weighted, tokens = 0.0, 0
                for idx in chunks:
                    mini = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(mini.mask.sum())
                    weighted += loss * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(weighted / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-swap-temp-view", "9", "to_torch_state swaps the forget and input blocks through a temporary "
       "that is a view (tmp = out[..., :H]; out[..., :H] = out[..., H:2H]; out[..., H:2H] = tmp): both blocks "
       "end up the input gate, the forget gate is lost (shapes, keys, transposes right)",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            def swap_first_two(a: np.ndarray) -> np.ndarray:
                H = a.shape[-1] // 4
                out = a.copy()
                tmp = out[..., :H]
                out[..., :H] = out[..., H:2 * H]
                out[..., H:2 * H] = tmp
                return out

            Wx = swap_first_two(params["Wx"])
            Wh = swap_first_two(params["Wh"])
            b = swap_first_two(params["b"])
            return {
                "lstm.weight_ih_l0": Wx.T.copy(),
                "lstm.weight_hh_l0": Wh.T.copy(),
                "lstm.bias_ih_l0": b,
                "lstm.bias_hh_l0": np.zeros_like(b),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["by"].copy(),
            }
    '''),
    _e("to-torch-reshape-not-transpose", "9", "to_torch_state turns (D, 4H), (H, 4H) and (H, V) into (4H, D), "
       "(4H, H) and (V, H) with reshape instead of a transpose: right shapes and gate swap, scrambled entries",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            def swap_first_two(a: np.ndarray) -> np.ndarray:
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            Wx = swap_first_two(params["Wx"])
            Wh = swap_first_two(params["Wh"])
            b = swap_first_two(params["b"])
            D, four_h = Wx.shape
            H = Wh.shape[0]
            V = params["Wy"].shape[1]
            return {
                "lstm.weight_ih_l0": Wx.reshape(four_h, D).copy(),
                "lstm.weight_hh_l0": Wh.reshape(four_h, H).copy(),
                "lstm.bias_ih_l0": b,
                "lstm.bias_hh_l0": np.zeros(four_h),
                "out.weight": params["Wy"].reshape(V, H).copy(),
                "out.bias": params["by"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES30)
