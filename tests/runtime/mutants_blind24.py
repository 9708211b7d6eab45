"""Blind set 24 of learner mistakes: the slips an ordinary class makes most often.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the kind a TA grading a
hundred submissions sees again and again (a wrong formula, axis, shape or dtype, a dict iterated without
``.items()``, ``*`` typed for ``@``, a reshape taken for a transpose, optimiser state not written back,
parameters rebound instead of updated in place, a wrong key, an edge case of the docstring forgotten).
The entries were written without reading the reference solution, the example submissions, the grader's
judges or its catalogues of known mistakes, and before seeing any grader output; an entry that turns out
to be accidentally correct stays in the set.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-elementwise-Wh`` (rnn_step_forward) hands ada's ``rnn_step_backward`` the cache
  ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-forward-stack-reshaped`` (rnn_forward) hands ada's ``rnn_backward`` a list of the T step caches
  made by ``rnn_step_forward``, indexed by t;
- ``rnn-backward-dh0-into-h0`` (rnn_backward) reads ada's ``rnn_forward`` cache as that list of step
  caches (``cache[t]`` passed to ``rnn_step_backward``);
- ``lstm-step-output-gate-tanh`` (lstm_step_forward) hands ada's ``lstm_step_backward`` the cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-step-backward-vstack-gates`` (lstm_step_backward) reads ada's ``lstm_step_forward`` cache as that
  same 10-tuple;
- ``lstm-backward-dh-into-cell`` (lstm_backward) reads ada's ``lstm_forward`` cache as a list of the T step
  caches (``cache[t]`` passed to ``lstm_step_backward``).

Measured once, before anything was changed after seeing it, at 5badc8c: caught 22/24 (no check lost points
for ``sigmoid-clip-500``: its values differ below 1e-200, within the comparison's absolute floor of 1e-12 per
entry; ``clip-norm-squares-vs-max``), a named mistake or a pattern on 21/24 (also none:
``clip-value-dict-no-items``, whose first line gives numpy's UFuncTypeError).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES24: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-variant-dict-keyerror", "1", "generate_dataset picks the builder from a dict keyed by variant "
       "({'anbn': ..., 'anbnan': ...}[variant]): an unknown variant raises KeyError instead of ValueError "
       "(both known variants are right)", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            builders = {
                "anbn": lambda n: ["a"] * n + ["b"] * n + [EOS],
                "anbnan": lambda n: ["a"] * n + ["b"] * n + ["a"] * n + [EOS],
            }
            build = builders[variant]
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequences.append(build(n))
            return sequences
    '''),
    _e("vocab-unk-keeps-its-rank", "1", "build_vocab counts an UNK found in the data like any other word and "
       "appends UNK only when it is not already there: an UNK in the data keeps its frequency rank instead of "
       "sitting last at V - 1 (data without UNK is right)", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            if UNK not in words:
                words.append(UNK)
            idx_to_word = list(words)
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("one-hot-seq-python-or", "1", "one_hot_sequence checks the range with np.any(ids < 0 or ids >= V): "
       "Python's `or` on boolean arrays raises ValueError (ambiguous truth value) for every valid sequence "
       "longer than one step (and an empty one); one-step sequences are right", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if np.any(ids < 0 or ids >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            return np.eye(V)[ids]
    '''),
    _e("one-hot-batch-int-X", "1", "one_hot_batch allocates X with np.zeros((N, T, V), dtype=int): the right "
       "ones and zeros and a right bool mask, but X is int64 instead of float64", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(ids) for ids in batch)
            X = np.zeros((N, T, V), dtype=int)
            mask = np.zeros((N, T), dtype=bool)
            for n, ids in enumerate(batch):
                L = len(ids)
                X[n, np.arange(L), ids] = 1
                mask[n, :L] = True
            return X, mask
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-clip-500", "2", "sigmoid avoids the overflow with the usual np.clip(x, -500, 500) before "
       "1 / (1 + exp(-x)): no warning, but every x below -500 gets s(-500) = 7e-218 instead of s(x) (e.g. "
       "2.6e-261 at -600, 0 at -1000); every other entry is right", "activations", "sigmoid", '''
        def sigmoid(x):
            z = np.clip(x, -500, 500)
            return 1.0 / (1.0 + np.exp(-z))
    '''),
    _e("ce-log-prob-plus-eps", "2", "cross_entropy takes the loss as -log(p + 1e-8) of the softmax "
       "probabilities (the epsilon trick) instead of log-sum-exp: finite, but about -log(1e-8) = 18.4 per "
       "token wherever the target's probability underflows (and off by about 1e-8 / p elsewhere); the "
       "gradient is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            valid_scores = scores[mask]
            valid_y = y[mask]
            p = softmax(valid_scores, axis=-1)
            rows = np.arange(M)
            loss = -np.sum(np.log(p[rows, valid_y] + 1e-8)) / M
            dvalid = p.copy()
            dvalid[rows, valid_y] -= 1.0
            dvalid /= M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = dvalid
            return float(loss), dscores
    '''),
    _e("ce-grad-mask-no-newaxis", "2", "cross_entropy masks the (N, T, V) gradient with `* mask` instead of "
       "`* mask[..., None]`: the (N, T) mask broadcasts against the trailing (T, V) axes, a broadcast error "
       "unless N == T == V (or sizes of 1); the loss is computed right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = mask.sum()
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            V = scores.shape[-1]
            m = scores.max(axis=-1, keepdims=True)
            shifted = scores - m
            lse = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            log_p = shifted - lse
            safe_y = np.where(mask, y, 0)
            log_p_y = np.take_along_axis(log_p, safe_y[..., None], axis=-1)[..., 0]
            loss = -(log_p_y * mask).sum() / M
            p = np.exp(log_p)
            onehot = np.eye(V)[safe_y]
            dscores = (p - onehot) * mask / M
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-wx-square", "3", "init_rnn_params draws Wx with the Wh line copied, orthogonal((H, H)) "
       "instead of orthogonal((D, H)): Wx is (H, H), wrong whenever D != H (right when D == H)",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((H, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("lstm-init-by-4H", "3", "init_lstm_params makes the output bias with the line for b copied, "
       "by = np.zeros(4 * H) instead of np.zeros(V): by has shape (4H,) (right only when V == 4H); every "
       "weight is right", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            b = np.zeros(4 * H)
            by = np.zeros(4 * H)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-elementwise-Wh", "4", "rnn_step_forward writes prev_h * Wh (elementwise, the MATLAB habit) "
       "for the recurrent term instead of prev_h @ Wh: a broadcast error unless N == H or N == 1 ((H, H) "
       "states for N == 1), wrong values when N == H", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + prev_h * Wh + b
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
    '''),
    _e("rnn-forward-stack-reshaped", "4", "rnn_forward collects the states in a list and returns "
       "np.array(hs).reshape(N, T, H): the (T, N, H) stack is reshaped instead of transposed, so the states "
       "are scrambled across sequences and steps whenever N > 1 and T > 1", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            hs, caches = [], []
            prev_h = h0
            for t in range(T):
                prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                hs.append(prev_h)
                caches.append(step_cache)
            h = np.array(hs).reshape(N, T, H)
            return h, caches
    '''),
    _e("rnn-backward-dh0-into-h0", "4", "rnn_backward returns as dh0 the total gradient into the first "
       "state h_0 (dh[:, 0] plus what step 1 sends back) instead of what step 0 sends back through Wh to the "
       "initial state h0; dx and the weight gradients are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dxs = []
            dWx = dWh = db = 0.0
            dprev_h = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dh_t = dh[:, t] + dprev_h
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh_t, cache[t])
                dxs.append(dx_t)
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs[::-1], axis=1)
            dh0 = dh_t
            return dx, dh0, dWx, dWh, db
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-squares-vs-max", "5", "clip_by_global_norm decides with the sum of squares against max_norm "
       "(total > max_norm, max_norm not squared) while scaling by max_norm / norm: for max_norm > 1 a norm in "
       "(sqrt(max_norm), max_norm] is scaled UP to max_norm, for max_norm < 1 a norm in (max_norm, "
       "sqrt(max_norm)] is not clipped; the returned norm is right", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(g ** 2))
            norm = float(np.sqrt(total))
            if total > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return clipped, norm
    '''),
    _e("clip-value-dict-no-items", "5", "clip_by_value iterates `for k, g in grads` (.items() forgotten): "
       "each key string is unpacked instead of the pairs, so every non-empty gradient dict raises "
       "(ValueError, or TypeError from np.clip on a one-letter string)", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads}
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-output-gate-tanh", "6", "lstm_step_forward squashes the output gate with tanh (the "
       "candidate's line copied) instead of the sigmoid: o = tanh(a_o), so next_h = o * tanh(c) can be "
       "negative where it should not; next_c is right", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = np.tanh(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-vstack-gates", "6", "lstm_step_backward stacks the four gate gradients with "
       "np.vstack (rows) instead of side by side: da is (4N, H) instead of (N, 4H), so da @ Wx.T raises a "
       "shape error on every input", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dc * f
            da_f = df * f * (1 - f)
            da_i = di * i * (1 - i)
            da_g = dg * (1 - g ** 2)
            da_o = do * o * (1 - o)
            da = np.vstack([da_f, da_i, da_g, da_o])
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-backward-dh-into-cell", "6", "lstm_backward adds the upstream gradient dh[:, t] to the cell's "
       "carried gradient as well as to the hidden one (dnext_c = dprev_c + dh[:, t]): every step's cell "
       "gradient is wrong, and so are dx, dh0, dc0 and the weight gradients", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dxs = []
            dWx = dWh = db = 0.0
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            for t in reversed(range(T)):
                dnext_h = dh[:, t] + dprev_h
                dnext_c = dprev_c + dh[:, t]
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dnext_c, cache[t])
                dxs.append(dx_t)
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs[::-1], axis=1)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("adam-moments-not-written-back", "7", "Adam.step reads m and v with self.m.get(k, zeros) and updates "
       "the local names but never stores them back: every step starts the moments again from zero (right on "
       "the first step only; later steps are bias-corrected with a growing k on one-step moments)", "optim",
       "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                m = self.m.get(name, np.zeros_like(p))
                v = self.v.get(name, np.zeros_like(p))
                m = self.beta1 * m + (1 - self.beta1) * g
                v = self.beta2 * v + (1 - self.beta2) * g * g
                m_hat = m / (1 - self.beta1 ** k)
                v_hat = v / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    _e("rmsprop-rebinds-params", "7", "RMSprop.step writes params[k] = params[k] - lr * g / (sqrt(s) + eps): "
       "the dict gets new arrays with the right values, but the caller's parameter arrays are never updated "
       "in place", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k in params:
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(g)
                s = self.alpha * self.square_avg[k] + (1 - self.alpha) * g ** 2
                self.square_avg[k] = s
                params[k] = params[k] - self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    # ---- task 8: training --------------------------------------------------------------------------------
    _e("model-loss-lstm-forward-three", "8", "model_loss unpacks lstm_forward like lstm_step_forward, "
       "h, c, cache = lstm_forward(...): lstm_forward returns (h, cache), so every LSTM call raises ValueError "
       "(not enough values to unpack); the RNN path is right", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                c0 = np.zeros((N, H))
                h, c, cell_cache = lstm_forward(X, h0, c0, params["Wx"], params["Wh"], params["b"])
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
    _e("train-permutation-unused", "8", "train draws rng.permutation(N) every epoch but slices the "
       "mini-batches from the unshuffled arrays (X[start:start + batch_size]): every epoch visits the same "
       "batches in the same order; the full-batch case is right", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    bounds = [(0, N)]
                else:
                    perm = rng.permutation(N)
                    bounds = [(start, min(start + batch_size, N)) for start in range(0, N, batch_size)]
                total_loss = 0.0
                total_tokens = 0
                for start, stop in bounds:
                    mini = Batch(X[start:stop], y[start:stop], mask[start:stop])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    tokens = int(mini.mask.sum())
                    total_loss += loss * tokens
                    total_tokens += tokens
                history["train_loss"].append(total_loss / total_tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    _e("generate-H-from-Wh-columns", "8", "generate sizes the zero states with H = Wh.shape[1]: right for the "
       "RNN's (H, H) Wh, but the LSTM's Wh is (H, 4H), so h and c start as (1, 4H) and the first step raises a "
       "shape error", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None,
                     cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[1]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = feed(idx, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(idx, h, c)
            return tokens
    '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-weight-hh-from-Wx", "9", "to_torch_state fills lstm.weight_hh_l0 from Wx (the weight_ih line "
       "copied, Wx not changed to Wh): weight_hh is the mapped Wx, (4H, D) instead of (4H, H) and wrong "
       "values even when D == H; every other entry is right", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(params["Wx"]).T.copy(),
                "lstm.weight_hh_l0": swap(params["Wx"]).T.copy(),
                "lstm.bias_ih_l0": swap(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["by"].astype(np.float64),
            }
    '''),
    _e("from-torch-float-H", "9", "from_torch_state computes the gate width as H = len(bias_ih) / 4 (true "
       "division, a float): slicing the gate blocks with it raises TypeError on every input",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = len(state["lstm.bias_ih_l0"]) / 4

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            b = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            return {
                "Wx": swap(state["lstm.weight_ih_l0"].T),
                "Wh": swap(state["lstm.weight_hh_l0"].T),
                "b": swap(b),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES24)
