"""Blind set 50: a student who tests only the docstring's example inputs, right on the typical case only.

Each function is right on the typical case but wrong on the shapes, sizes and values that the docstring allows
and the example does not show.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``). It is
correct except for one realistic mistake that none of the earlier sets (1146 mistakes) contains. The entries were
written without reading the reference solution, the example submissions, the grader's judges or its catalogues
of known mistakes, and before any grader output was seen.

Entries that guess a cache layout which another (ada's) function makes or reads:

- rnn-step-exp-tanh-overflow: rnn_step_forward's cache is guessed as (x, prev_h, Wx, Wh, next_h), for ada's
  rnn_step_backward;
- rnn-forward-one-hot-row-lookup: rnn_forward's cache is guessed as the tuple (x, h0, Wx, Wh, h), for ada's
  rnn_backward;
- rnn-backward-skips-silent-steps: rnn_backward reads ada's rnn_forward cache as that same tuple
  (x, h0, Wx, Wh, h);
- lstm-step-H-from-x-width: lstm_step_forward's cache is guessed as (x, prev_h, prev_c, Wx, Wh, f, i, g, o,
  next_c), for ada's lstm_step_backward;
- lstm-step-backward-outer-weights: lstm_step_backward reads ada's lstm_step_forward cache as that same
  10-tuple;
- lstm-forward-freezes-on-zero-input: lstm_forward's cache is guessed as the list of the T step caches that
  ada's own lstm_step_forward returns, for ada's lstm_backward.

Measured once, before anything was changed after seeing it, at a4079de (the grading code of 38a5927): caught
18/24 (missed: ``split-whole-percent``, ``encode-squeezed-single-token``, ``rnn-backward-skips-silent-steps``,
``clip-value-max-guard-empty``, ``sgd-flat-reshape-noncontiguous`` and ``generate-eos-index-upfront``: no case
gives their inputs), a named mistake or a pattern on 17/24 (also none: ``clip-norm-row-dot-loop``, numpy's
error unexplained).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES50: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-cap-overwrites-last-slot", "1", "build_vocab under a cap takes words[:max_size] and overwrites the "
       "last slot with UNK ('the last slot is UNK's'): right when the data has at least max_size words, but a "
       "cap larger than the vocabulary drops the least frequent real word (and empty data raises IndexError)",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is None:
                idx_to_word = words + [UNK]
            else:
                idx_to_word = words[:max_size]
                idx_to_word[-1] = UNK
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("split-whole-percent", "1", "split_dataset works in whole percent, n = L * round(p * 100) // 100 ('no "
       "float rounding in the cut points'): right for 0.8 / 0.1 (256 gives 204 / 25 / 27) and any whole-percent "
       "fraction, wrong for finer fractions (0.125 of 256 gives 30 instead of 32)", "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0:
                raise ValueError("fractions must be non-negative")
            if p_train + p_val > 1:
                raise ValueError("p_train + p_val must not exceed 1")
            L = len(sequences)
            n_train = L * round(p_train * 100) // 100
            n_val = L * round(p_val * 100) // 100
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    _e("data-anbnan-insert-nested-block", "1", "generate_dataset adds the third block of 'anbnan' with "
       "seq.insert(-1, ['a'] * n) (insert taken for a list splice): the block goes in as one nested list "
       "element before EOS; the default 'anbn' is right", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n + [EOS]
                if variant == "anbnan":
                    seq.insert(-1, ["a"] * n)
                sequences.append(seq)
            return sequences
        '''),
    _e("encode-squeezed-single-token", "1", "encode returns np.array(ids, dtype=int64).squeeze() ('make sure "
       "it is 1-D'): right for two or more tokens, but a one-token list comes back as a 0-d array, shape () "
       "instead of (1,)", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            ids = [word_to_idx.get(token, unk) for token in tokens]
            return np.array(ids, dtype=np.int64).squeeze()
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-transposes-other-axes", "2", "softmax handles any axis but the last with softmax(x.T, -1).T "
       "('a column softmax is the row softmax of the transpose'): right for 1-D and 2-D inputs and for axis 0 "
       "of any rank, wrong for a middle axis of a 3-D input (x.T leaves it in the middle)", "activations",
       "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            if axis not in (-1, x.ndim - 1):
                return softmax(x.T, axis=-1).T
            shifted = x - x.max(axis=-1, keepdims=True)
            e = np.exp(shifted)
            return e / e.sum(axis=-1, keepdims=True)
        '''),
    _e("sigmoid-ravelled-never-reshaped", "2", "sigmoid works on x.ravel() so that its boolean masks handle 'any "
       "shape', and returns the flat result without reshaping it: right for 1-D inputs, 2-D and higher come "
       "back flattened and a 0-d input as shape (1,)", "activations", "sigmoid", '''
        def sigmoid(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64).ravel()
            s = np.empty_like(x)
            e = np.exp(-np.abs(x))
            pos = x >= 0
            s[pos] = 1.0 / (1.0 + e[pos])
            s[~pos] = e[~pos] / (1.0 + e[~pos])
            return s
        '''),
    _e("tanh-clipped-at-five", "2", "tanh clips its input to [-5, 5] before np.tanh (an overflow guard copied "
       "from sigmoid code, 'tanh is flat beyond 5 anyway'): right for |x| <= 5, but larger inputs all give "
       "tanh(5) = 0.99991 (tanh(6) = 0.99999, tanh(1e4) = 1)", "activations", "tanh", '''
        def tanh(x: np.ndarray) -> np.ndarray:
            return np.tanh(np.clip(x, -5.0, 5.0))
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-wy-square", "3", "init_rnn_params draws the output layer with the Wh line copied, "
       "Wy = orthogonal((H, H)) instead of orthogonal((H, V)): right only when V == H, otherwise Wy has the "
       "wrong shape (by is right)", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, H), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    _e("lstm-init-wx-rows-vocab", "3", "init_lstm_params draws the four Wx gate blocks as orthogonal((V, H)) "
       "('the inputs are one-hot words') instead of orthogonal((D, H)): right for the language model, where "
       "D == V, but Wx has V rows whenever D != V", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((V, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-exp-tanh-overflow", "4", "rnn_step_forward writes tanh out with exponentials, "
       "(e^a - e^-a) / (e^a + e^-a) (rnn.py imports no activation): right for ordinary pre-activations, but "
       "inf / inf = nan once |a| > 710 (large inputs or weights)", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(
            x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            a = x @ Wx + prev_h @ Wh + b
            e_pos = np.exp(a)
            e_neg = np.exp(-a)
            next_h = (e_pos - e_neg) / (e_pos + e_neg)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-forward-one-hot-row-lookup", "4", "rnn_forward computes x_t Wx as a row lookup, Wx[x.argmax(-1)] "
       "('the inputs are one-hot'): right for one-hot inputs, wrong for any real-valued x and for all-zero "
       "(padded) rows, which read row 0 of Wx instead of zeros", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = Wh.shape[0]
            xw = Wx[x.argmax(axis=-1)] + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-backward-skips-silent-steps", "4", "rnn_backward skips every step whose upstream gradient dh[:, t] "
       "is all zero ('nothing to backpropagate'): right for dense upstream gradients, but when a step gets "
       "nothing from above (a loss on the last step only, padding) what step t + 1 sent back skips step t and "
       "lands on h_{t-1} (or dh0) unchanged", "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            dx = np.zeros((N, T, x.shape[2]))
            dWx = np.zeros_like(Wx)
            dWh = np.zeros_like(Wh)
            db = np.zeros(H)
            dnext = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                if not dh[:, t].any():
                    continue
                da = (dh[:, t] + dnext) * (1.0 - h[:, t] ** 2)
                prev_h = h[:, t - 1] if t > 0 else h0
                dx[:, t] = da @ Wx.T
                dWx += x[:, t].T @ da
                dWh += prev_h.T @ da
                db += da.sum(axis=0)
                dnext = da @ Wh.T
            return dx, dnext, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-row-dot-loop", "5", "clip_by_global_norm sums the squares row by row, total += np.dot(row, "
       "row) for row in g: right for vectors and matrices (every gradient of the models), but a 3-D gradient "
       "makes np.dot a matrix product and a 0-d one cannot be iterated (both raise)", "clipping",
       "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                for row in g:
                    total += np.dot(row, row)
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-max-guard-empty", "5", "clip_by_value clips a gradient only when np.abs(g).max() exceeds the "
       "threshold (a copy otherwise): the values are right, but an empty gradient array (size 0, an allowed "
       "shape) raises ValueError from max()", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for k, g in grads.items():
                if np.abs(g).max() > clip_value:
                    clipped[k] = np.clip(g, -clip_value, clip_value)
                else:
                    clipped[k] = g.copy()
            return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-H-from-x-width", "6", "lstm_step_forward unpacks N, H = x.shape (x read for prev_h): the gate "
       "blocks are cut D wide, right only when D == H (a broadcast error or wrong gates otherwise)", "lstm",
       "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            N, H = x.shape
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-outer-weights", "6", "lstm_step_backward forms dWx and dWh with np.outer(x, da) and "
       "np.outer(prev_h, da) (the one-example x^T delta): right for a batch of one, but np.outer flattens its "
       "arguments, so N > 1 gives (N*D, N*4H) and (N*H, N*4H)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
            df = dc * prev_c * f * (1.0 - f)
            di = dc * g * i * (1.0 - i)
            dg = dc * i * (1.0 - g ** 2)
            do = dnext_h * tc * o * (1.0 - o)
            da = np.concatenate([df, di, dg, do], axis=1)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dprev_c = dc * f
            dWx = np.outer(x, da)
            dWh = np.outer(prev_h, da)
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-forward-freezes-on-zero-input", "6", "lstm_forward treats an all-zero input row as padding and "
       "keeps that sequence's h and c unchanged (pack_padded_sequence's habit): right for inputs without "
       "zero rows, but a step whose input is all zeros must still run the LSTM (h and c move through the "
       "bias and the recurrence)", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                caches.append(step_cache)
                real = x[:, t].any(axis=1)[:, None]
                prev_h = np.where(real, next_h, prev_h)
                prev_c = np.where(real, next_c, prev_c)
                h[:, t] = prev_h
            return h, caches
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-flat-reshape-noncontiguous", "7", "SGD.step updates each parameter through flat = p.reshape(-1); "
       "flat -= lr * update ('any shape'): reshape gives a view of a contiguous array, so ordinary parameters "
       "move, but for a non-contiguous one (a transposed or sliced array) it is a copy and p never moves",
       "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    v = self.velocity.get(k)
                    v = g.copy() if v is None else self.momentum * v + g
                    self.velocity[k] = v
                    update = v
                else:
                    update = g
                flat = p.reshape(-1)
                flat -= self.lr * update.reshape(-1)
        '''),
    _e("rmsprop-weight-literal-0.01", "7", "RMSprop.step writes the new square's weight as the literal 0.01 "
       "(1 - 0.99 worked out by hand), s <- alpha s + 0.01 g^2: right with the default alpha = 0.99, wrong "
       "for any other alpha (the two weights no longer sum to one)", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                s = self.square_avg.get(k)
                if s is None:
                    s = np.zeros_like(p)
                s = self.alpha * s + 0.01 * g * g
                self.square_avg[k] = s
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-counts-on-wx-key", "7", "Adam.step counts its steps with `if k == 'Wx': self.t += 1` ('once per "
       "call, on the first parameter'): right for the models' parameter dicts, which start with Wx, but for "
       "any other names t stays 0 and the bias correction divides by zero (inf / nan)", "optim", "Adam.step",
       '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                if k == "Wx":
                    self.t += 1
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("generate-eos-index-upfront", "8", "generate looks EOS's index up front with word_to_idx[EOS]: right "
       "for vocabularies that hold EOS, but a vocabulary without it (e.g. capped by max_size) raises KeyError "
       "instead of generating max_new tokens", "train", "generate", '''
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
            if not prompt:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            V = len(idx_to_word)
            eos = word_to_idx[EOS]
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = feed(int(idx), h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[idx])
                if idx == eos:
                    break
                h, c = feed(idx, h, c)
            return tokens
        '''),
    _e("train-np-take-no-axis", "8", "train gathers each mini-batch with np.take(train_batch.X, idx) (and y, "
       "mask) without axis=0: np.take flattens the arrays, so every mini-batch is a 1-D slice of entries and "
       "model_loss fails; the default full batch (batch_size=None) is right", "train", "train", '''
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
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    order = rng.permutation(N)
                    batches = []
                    for start in range(0, N, batch_size):
                        idx = order[start:start + batch_size]
                        batches.append(Batch(np.take(train_batch.X, idx), np.take(train_batch.y, idx),
                                             np.take(train_batch.mask, idx)))
                total, tokens = 0.0, 0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n = int(batch.mask.sum())
                    total += loss * n
                    tokens += n
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-ascontiguous-view", "9", "to_torch_state makes out.weight with np.ascontiguousarray(Wy.T), "
       "which copies only when needed: right for ordinary shapes, but when H == 1 or V == 1 the transpose is "
       "already contiguous and out.weight is a view of params['Wy'] (the other entries are new arrays)",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": swap(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-input-width-from-vocab", "9", "from_torch_state takes V, H from out.weight and reshapes "
       "weight_ih as (4, H, V) for the gate swap ('one-hot inputs: one column per word'): right for the "
       "language model, where D == V, but any D != V raises ValueError (cannot reshape)", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            V, H = state["out.weight"].shape
            order = [1, 0, 2, 3]
            w_ih = state["lstm.weight_ih_l0"].reshape(4, H, V)[order].reshape(4 * H, V)
            w_hh = state["lstm.weight_hh_l0"].reshape(4, H, H)[order].reshape(4 * H, H)
            bias = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            b = bias.reshape(4, H)[order].reshape(4 * H)
            return {
                "Wx": np.ascontiguousarray(w_ih.T),
                "Wh": np.ascontiguousarray(w_hh.T),
                "b": b,
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES50)
