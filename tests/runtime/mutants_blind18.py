"""Blind set 18: the mistakes an ordinary class makes most often, one per entry.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake (a wrong formula, a wrong axis, a wrong shape, wrong state handling,
a forgotten edge case) that none of the earlier sets contains. The set was written without reading the
reference solution, the example submissions, the grader's judges or its catalogues of known mistakes, and
before seeing any grader output.

Entries that guess a cache layout another function (ada's) makes or reads:

- ``rnn-forward-shape-unpacked-tnd`` makes the cache ``(x, h0, Wx, Wh, h)`` for ada's ``rnn_backward``;
- ``rnn-step-backward-no-tanh-derivative`` reads ada's step cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-backward-dWh-current-states`` reads ada's ``rnn_forward`` cache as ``(x, h0, Wx, Wh, h)``;
- ``lstm-h-sigmoid-of-cell`` makes the step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for
  ada's ``lstm_step_backward`` (and for ada's ``lstm_forward``, if it calls ``lstm_step_forward``);
- ``lstm-step-backward-ignores-dnext-c`` reads ada's step cache as
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-forward-H-from-bias`` makes the cache a list of ada's step caches, one per step, for ada's
  ``lstm_backward`` (it fails before returning whenever H > 1).

Measured once, before anything was changed after seeing it, at 32e674d: caught 23/24 (no check lost points
for ``sigmoid-where-both-branches``: its values are right; only numpy's overflow warnings differ), a named
mistake or a pattern on 19/24 (also none: ``decode-numpy-string-array``, refused as an array of strings,
``tanh-grad-times-two``, ``lstm-init-concat-rows``, whose first line gives the shapes, and
``clip-value-returns-list``).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES18: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-token-string-repeat", "1", "generate_dataset writes ['a' * n] + ['b' * n] (string repetition inside "
       "the list) instead of ['a'] * n + ['b'] * n: each block is one token 'aaa' instead of n tokens 'a'",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbn":
                    sequence = ["a" * n] + ["b" * n] + [EOS]
                else:
                    sequence = ["a" * n] + ["b" * n] + ["a" * n] + [EOS]
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-unk-only-in-list", "1", "build_vocab builds word_to_idx from the sorted words before appending UNK "
       "to idx_to_word: UNK is last in the list but missing from the dict (word_to_idx['UNK'] raises KeyError)",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            word_to_idx = {word: i for i, word in enumerate(words)}
            idx_to_word = words + [UNK]
            return word_to_idx, idx_to_word
        '''),
    _e("encode-returns-list", "1", "encode returns the Python list of indices (a list comprehension with "
       ".get and the UNK default) instead of an int64 array of shape (L,)", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            return [word_to_idx.get(token, unk) for token in tokens]
        '''),
    _e("decode-numpy-string-array", "1", "decode vectorises the lookup as np.array(idx_to_word)[ids]: returns a "
       "numpy array of strings instead of a list of str (and an empty id list, a float array, raises IndexError)",
       "data", "decode", '''
        def decode(ids: np.ndarray | list[int], idx_to_word: list[str]) -> list[str]:
            words = np.array(idx_to_word)
            return words[np.asarray(ids)]
        '''),
    _e("one-hot-negative-wraps", "1", "one_hot rejects only idx >= V: a negative index is not refused but wraps "
       "around (one_hot(-1, V) sets the last entry) instead of raising ValueError", "data", "one_hot", '''
        def one_hot(idx: int, V: int) -> np.ndarray:
            if idx >= V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-where-both-branches", "2", "sigmoid picks the branch with np.where(x >= 0, 1 / (1 + exp(-x)), "
       "exp(x) / (1 + exp(x))): np.where evaluates both branches on every entry, so large |x| overflow (inf, "
       "inf / inf = nan, RuntimeWarnings) in the discarded branch; the selected values are right",
       "activations", "sigmoid", '''
        def sigmoid(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))
        '''),
    _e("tanh-grad-times-two", "2", "tanh_grad writes 1 - t * 2 instead of 1 - t ** 2 (one star missing): "
       "1 - 2 tanh(x), right at x = 0 only", "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            t = np.tanh(x)
            return 1.0 - t * 2
        '''),
    _e("ce-grad-not-scattered-back", "2", "cross_entropy works on the valid rows (scores[mask]) as the hint says "
       "but returns their (M, V) gradient as dscores, never scattered back into an (N, T, V) array of zeros; "
       "the loss is right", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            targets = y[mask]
            shifted = s - s.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            rows = np.arange(M)
            loss = -log_p[rows, targets].sum() / M
            dscores = np.exp(log_p)
            dscores[rows, targets] -= 1.0
            dscores /= M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-wide-not-transposed", "3", "orthogonal draws (max, min), takes QR and fixes the signs but "
       "forgets the final transpose for rows < cols: wide shapes come back as (cols, rows); tall and square "
       "ones are right", "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q
        '''),
    _e("lstm-init-concat-rows", "3", "init_lstm_params stacks the four gate blocks with np.concatenate and no "
       "axis (axis 0, rows): Wx is (4D, H) and Wh (4H, H) instead of (D, 4H) and (H, 4H)",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)])
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)])
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-shape-unpacked-tnd", "4", "rnn_forward unpacks T, N, D = x.shape (time-major habit) for a "
       "batch-major x: allocates h as (T, N, H) and loops over N steps; a broadcast error whenever N != T "
       "(a wrong shape when N == 1), right only when N == T", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            T, N, D = x.shape
            H = Wh.shape[0]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-step-backward-no-tanh-derivative", "4", "rnn_step_backward forgets tanh's derivative altogether: "
       "da = dnext_h instead of dnext_h * (1 - next_h^2), so every gradient (dx, dprev_h, dWx, dWh, db) "
       "skips the activation", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-dWh-current-states", "4", "rnn_backward forms dWh in one matmul over all steps with the "
       "states h_t themselves instead of the previous states h_{t-1} (h0, h_0 .. h_{T-2}): dWh = sum_t h_t^T da_t; "
       "dx, dh0, dWx and db are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dnext = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                da[:, t] = (dh[:, t] + dnext) * (1 - h[:, t] ** 2)
                dnext = da[:, t] @ Wh.T
            dh0 = dnext
            da_flat = da.reshape(N * T, H)
            dx = (da_flat @ Wx.T).reshape(N, T, D)
            dWx = x.reshape(N * T, D).T @ da_flat
            dWh = h.reshape(N * T, H).T @ da_flat
            db = da_flat.sum(axis=0)
            return dx, dh0, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-returns-norm-first", "5", "clip_by_global_norm returns the pair in the other order, "
       "(norm, clipped) instead of (clipped, norm); the norm and the clipped values are right",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return norm, clipped
        '''),
    _e("clip-value-returns-list", "5", "clip_by_value returns a list of the clipped arrays "
       "([np.clip(g, ...) for g in grads.values()]) instead of a dict with the same keys",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return [np.clip(g, -clip_value, clip_value) for g in grads.values()]
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-h-sigmoid-of-cell", "6", "lstm_step_forward squashes the new cell with the sigmoid (the imported "
       "activation) instead of tanh: next_h = o * sigmoid(next_c) instead of o * tanh(next_c); next_c is right",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * sigmoid(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-ignores-dnext-c", "6", "lstm_step_backward takes the cell gradient from the hidden "
       "path only, dc = dnext_h * o * (1 - tanh(c)^2), and never adds dnext_c: right when dnext_c is zero (the "
       "last step), wrong wherever a cell gradient comes from the next step", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_h * o * (1 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1 - f), di * i * (1 - i), dg * (1 - g ** 2), do * o * (1 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-forward-H-from-bias", "6", "lstm_forward takes H = b.shape[0] (that is 4H) to allocate the output: "
       "h is (N, T, 4H), so storing each (N, H) state raises a broadcast error (for H = 1 it broadcasts and "
       "returns a wrong (N, T, 4) array)", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = b.shape[0]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(step_cache)
                prev_h, prev_c = next_h, next_c
            return h, caches
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-square-unweighted", "7", "RMSprop.step adds the new square without its weight: "
       "s <- alpha s + g^2 instead of alpha s + (1 - alpha) g^2 (s about 100 times too large at steady state, "
       "steps about 10 times too small)", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += g ** 2
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-v-from-g", "7", "Adam.step updates the second moment from g instead of g^2 (the m line copied): "
       "v <- b2 v + (1 - b2) g, so sqrt(v_hat) is nan wherever a gradient is negative and wrong elsewhere",
       "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-N-len-of-batch", "8", "train takes the number of training sequences as len(train_batch), the "
       "length of the Batch named tuple (3), instead of train_batch.X.shape[0]: with mini-batches every epoch "
       "permutes and trains on the first 3 sequences only (the full-batch path is right)", "train", "train", '''
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
            N = len(train_batch)
            history: dict[str, list[float]] = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    order = rng.permutation(N)
                    batches = []
                    for start in range(0, N, batch_size):
                        idx = order[start:start + batch_size]
                        batches.append(Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx]))
                total, tokens = 0.0, 0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(batch.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-one-token-too-many", "8", "generate counts its new tokens with while n_new <= max_new: without "
       "an EOS it adds max_new + 1 tokens (one with max_new = 0) instead of at most max_new",
       "train", "generate", '''
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
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(token_id, h, c):
                x = one_hot(token_id, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for token_id in encode(prompt, word_to_idx):
                h, c = feed(int(token_id), h, c)
            tokens = list(prompt)
            n_new = 0
            while n_new <= max_new:
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if greedy:
                    next_id = int(np.argmax(p))
                else:
                    next_id = int(rng.choice(V, p=p))
                tokens.append(idx_to_word[next_id])
                n_new += 1
                if idx_to_word[next_id] == EOS:
                    break
                h, c = feed(next_id, h, c)
            return tokens
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("torch-swap-concat-no-axis", "9", "to_torch_state's gate-swap helper slices the blocks along the last "
       "axis but joins them with np.concatenate and no axis (axis 0): right for the 1-D bias, a ValueError "
       "for the matrices Wx and Wh", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]])

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": swap(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": params["by"].astype(np.float64),
            }
        '''),
    _e("from-torch-swap-before-transpose", "9", "from_torch_state swaps the first two H-wide blocks of the last "
       "axis before transposing the matrices: on (4H, D) and (4H, H) that axis is D or H wide, so Wh keeps "
       "PyTorch's gate order and Wx comes back unswapped or scrambled; the bias is right",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            Wx = swap(state["lstm.weight_ih_l0"]).T.copy()
            Wh = swap(state["lstm.weight_hh_l0"]).T.copy()
            b = swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": b,
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES18)
