"""Blind set 45: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The entries were written
without reading the reference solution, the example submissions, the grader's judges or its catalogues of
known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads:

- rnn-step-concat-weights-axis1 makes (x, prev_h, Wx, Wh, next_h) for ada's rnn_step_backward (it raises first);
- rnn-step-backward-dWx-from-prev-h reads (x, prev_h, Wx, Wh, next_h) from ada's rnn_step_forward;
- affine-backward-einsum-wy-vh reads h = cache[0] and Wy = cache[1] from ada's affine_forward;
- lstm-step-gates-strided makes (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c) for ada's lstm_step_backward;
- lstm-step-backward-dc-tanh-prev-c reads (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c) from ada's
  lstm_step_forward.

Measured once, before anything was changed after seeing it, at e51475f: caught 23/24 (missed:
``train-max-norm-falsy``: no case trains with max_norm=0), a named mistake or a pattern on 21/24 (also none:
``encode-unk-lowercase-key`` and ``affine-backward-einsum-wy-vh``, whose first lines give Python's or numpy's
error).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES45: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-sorted-by-length", "1", "generate_dataset draws the right sequences but sorts them by length "
       "(shortest first, 'tidier batches') before returning them: the order of the draws is lost",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq += ["a"] * n
                seq.append(EOS)
                sequences.append(seq)
            sequences.sort(key=len)
            return sequences
    '''),
    _e("vocab-sort-key-fields-swapped", "1", "build_vocab sorts on the key (word, -count) instead of "
       "(-count, word): the vocabulary comes out alphabetical ('EOS' before 'a'), counts only break ties",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for seq in sequences for word in seq if word != UNK)
            ranked = sorted(counts.items(), key=lambda kv: (kv[0], -kv[1]))
            words = [word for word, _ in ranked]
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("vocab-unk-at-cap-index", "1", "build_vocab, when capped, gives UNK the index max_size - 1 even when "
       "fewer words exist: word_to_idx['UNK'] != V - 1 (right uncapped and when the cap is reached)",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for seq in sequences for word in seq if word != UNK)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(words)}
            word_to_idx[UNK] = len(words) if max_size is None else max_size - 1
            return word_to_idx, idx_to_word
    '''),
    _e("encode-unk-lowercase-key", "1", "encode looks the fallback up as word_to_idx.get('unk') (lower case): "
       "None, so any unknown token raises TypeError building the int64 array; known tokens are right",
       "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = word_to_idx.get("unk")
            return np.array([word_to_idx.get(token, unk) for token in tokens], dtype=np.int64)
    '''),
    _e("split-complement-float-compare", "1", "split_dataset checks p_val > 1 - p_train instead of "
       "p_train + p_val > 1: float rounding rejects valid splits such as 0.8 / 0.2 and 0.9 / 0.1",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_val > 1 - p_train:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = list(sequences[:n_train])
            val = list(sequences[n_train:n_train + n_val])
            test = list(sequences[n_train + n_val:])
            return train, val, test
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-zero-in-both-masks", "2", "sigmoid blends the branches with masks x >= 0 and x <= 0: at x == 0 "
       "both are on and s(0) = 0.5 + 0.5 = 1 (every other x right)", "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-np.abs(x))
            pos = x >= 0
            neg = x <= 0
            return pos * (1.0 / (1.0 + e)) + neg * (e / (1.0 + e))
    '''),
    _e("tanh-cast-float32", "2", "tanh casts its input to float32 before np.tanh ('faster'): float32 output, "
       "values off by about 1e-8", "activations", "tanh", '''
        def tanh(x):
            return np.tanh(np.asarray(x, dtype=np.float32))
    '''),
    _e("ce-loss-one-element-array", "2", "cross_entropy sums the picked log-probabilities with sum(axis=0) on an "
       "(M, 1) column: the loss comes back as an array of shape (1,), not a float (value and gradient right)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            valid = scores[mask]
            targets = y[mask]
            m = valid.max(axis=-1, keepdims=True)
            shifted = valid - m
            lse = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            logp = shifted - lse
            picked = np.take_along_axis(logp, targets[:, None], axis=-1)
            loss = -picked.sum(axis=0) / M
            dvalid = np.exp(logp)
            dvalid[np.arange(M), targets] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = dvalid / M
            return loss, dscores
    '''),
    _e("ce-M-is-size-of-valid-block", "2", "cross_entropy takes M as scores[mask].size (M * V entries) instead "
       "of the number of valid tokens: loss and gradient V times too small", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            if not mask.any():
                raise ValueError("the mask selects no token: the mean is undefined")
            valid = scores[mask]
            targets = y[mask]
            M = valid.size
            m = valid.max(axis=-1, keepdims=True)
            shifted = valid - m
            logp = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            rows = np.arange(valid.shape[0])
            loss = float(-logp[rows, targets].sum() / M)
            dvalid = np.exp(logp)
            dvalid[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = dvalid / M
            return loss, dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-wide-qr-of-transpose", "3", "orthogonal transposes the draw A (not the result) when rows < "
       "cols: QR of a wide matrix gives a (rows, rows) Q, wrong shape for wide matrices (tall, square right)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            if rows < cols:
                A = A.T
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q
    '''),
    _e("lstm-init-np-stack-3d", "3", "init_lstm_params joins the gate blocks with np.stack(axis=1) instead of "
       "np.concatenate: Wx is (D, 4, H) and Wh (H, 4, H) instead of (D, 4H) and (H, 4H)",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.stack([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.stack([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": np.zeros(4 * H),
                "Wy": Wy,
                "by": np.zeros(V),
            }
    '''),
    # ---- task 4: rnn ---------------------------------------------------------------------------------------
    _e("rnn-step-concat-weights-axis1", "4", "rnn_step_forward stacks [x, prev_h] (N, D + H) but joins "
       "[Wx, Wh] along axis 1 into (D, 2H) instead of axis 0: the matmul raises a shape error",
       "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            xh = np.concatenate([x, prev_h], axis=1)
            W = np.concatenate([Wx, Wh], axis=1)
            next_h = np.tanh(xh @ W + b)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
    '''),
    _e("rnn-step-backward-dWx-from-prev-h", "4", "rnn_step_backward computes dWx = prev_h^T da (copied from "
       "the dWh line) instead of x^T da: (H, H) instead of (D, H); the other gradients right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = prev_h.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("affine-backward-einsum-wy-vh", "4", "affine_backward writes dh as einsum('ntv,vh->nth', dscores, Wy), "
       "reading Wy as (V, H): raises unless H == V (then uses Wy untransposed); dWy and dby right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            dh = np.einsum("ntv,vh->nth", dscores, Wy)
            dWy = np.einsum("nth,ntv->hv", h, dscores)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
    '''),
    # ---- task 5: clipping ----------------------------------------------------------------------------------
    _e("clip-norm-max-for-min", "5", "clip_by_global_norm takes scale = max(1, max_norm / norm) instead of "
       "min: large gradients are left unclipped and small ones are scaled up to max_norm",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())))
            if norm == 0.0:
                return dict(grads), norm
            scale = max(1.0, max_norm / norm)
            if scale == 1.0:
                return dict(grads), norm
            return {k: g * scale for k, g in grads.items()}, norm
    '''),
    _e("clip-value-negative-accepted", "5", "clip_by_value raises only for clip_value == 0: a negative "
       "clip_value is accepted and every entry becomes clip_value (np.clip with crossed bounds)",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value == 0:
                raise ValueError("clip_value must be non-zero")
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
    '''),
    # ---- task 6: lstm --------------------------------------------------------------------------------------
    _e("lstm-step-gates-strided", "6", "lstm_step_forward reads the gates interleaved per unit, a[:, 0::4], "
       "a[:, 1::4], ... instead of the contiguous blocks [0:H], [H:2H], ... (right only for H == 1)",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0::4])
            i = sigmoid(a[:, 1::4])
            g = np.tanh(a[:, 2::4])
            o = sigmoid(a[:, 3::4])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-dc-tanh-prev-c", "6", "lstm_step_backward takes tanh's derivative at the previous "
       "cell: dc = dnext_c + dnext_h * o * (1 - tanh(c_prev)^2) instead of tanh(c_t)", "lstm",
       "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - np.tanh(prev_c) ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.concatenate([
                df * f * (1.0 - f),
                di * i * (1.0 - i),
                dg * (1.0 - g ** 2),
                do * o * (1.0 - o),
            ], axis=1)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    # ---- task 7: optimisers --------------------------------------------------------------------------------
    _e("sgd-momentum-as-friction", "7", "SGD.step reads momentum as friction: v <- (1 - mu) v + g instead of "
       "mu v + g (right without momentum and on the first step)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if self.momentum:
                    if name not in self.velocity:
                        self.velocity[name] = g.copy()
                    else:
                        self.velocity[name] = (1.0 - self.momentum) * self.velocity[name] + g
                    p -= self.lr * self.velocity[name]
                else:
                    p -= self.lr * g
    '''),
    _e("adam-no-sqrt", "7", "Adam.step divides by v_hat + eps without the square root: "
       "p -= lr * m_hat / (v_hat + eps)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m = self.m[name]
                v = self.v[name]
                m *= self.beta1
                m += (1.0 - self.beta1) * g
                v *= self.beta2
                v += (1.0 - self.beta2) * g * g
                m_hat = m / (1.0 - self.beta1 ** k)
                v_hat = v / (1.0 - self.beta2 ** k)
                p -= self.lr * m_hat / (v_hat + self.eps)
    '''),
    # ---- task 8: training ----------------------------------------------------------------------------------
    _e("model-loss-H-from-X-width", "8", "model_loss sizes the zero initial states with X.shape[2] (the input "
       "width D = V) instead of H: shape error unless V == H", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = X.shape[2]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
    '''),
    _e("train-max-norm-falsy", "8", "train tests the clipping threshold with `if max_norm:`: max_norm = 0 "
       "silently trains unclipped instead of reaching clip_by_global_norm's ValueError",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    order = np.arange(N)
                    size = N
                else:
                    order = rng.permutation(N)
                    size = batch_size
                total, tokens = 0.0, 0
                for start in range(0, N, size):
                    idx = order[start:start + size]
                    mini = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n = int(mini.mask.sum())
                    total += loss * n
                    tokens += n
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    # ---- task 9: torch port --------------------------------------------------------------------------------
    _e("to-torch-out-bias-zeros", "9", "to_torch_state fills out.bias with zeros (copied from the bias_hh "
       "line) instead of by: right for fresh parameters, wrong once by is trained",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            Wx, Wh, b = params["Wx"], params["Wh"], params["b"]
            H4 = b.shape[0]
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(Wx).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(Wh).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(b), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(H4, dtype=np.float64),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.zeros(params["by"].shape, dtype=np.float64),
            }
    '''),
    _e("from-torch-roll-minus-H", "9", "from_torch_state reorders the gates with np.roll(a, -H, axis=-1): "
       "i, f, g, o becomes f, g, o, i instead of f, i, g, o (forget right, the other three shifted)",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def reorder(a):
                H = a.shape[-1] // 4
                return np.roll(a, -H, axis=-1)

            w_ih = np.asarray(state["lstm.weight_ih_l0"], dtype=np.float64)
            w_hh = np.asarray(state["lstm.weight_hh_l0"], dtype=np.float64)
            bias = np.asarray(state["lstm.bias_ih_l0"], dtype=np.float64) + np.asarray(
                state["lstm.bias_hh_l0"], dtype=np.float64)
            return {
                "Wx": reorder(w_ih.T).copy(),
                "Wh": reorder(w_hh.T).copy(),
                "b": reorder(bias).copy(),
                "Wy": np.array(np.asarray(state["out.weight"], dtype=np.float64).T),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES45)
