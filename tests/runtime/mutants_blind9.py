"""A ninth blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Twenty-four entries over tasks 1-9 (three for tasks 1, 2, 6, 7, 8 and 9, two for tasks 3, 4 and 5). Each is
ONE learner function written in full from the stub's docstring alone (``exercises/*.py``), correct except
for one realistic mistake that none of the earlier blind sets (``mutants_blind.py`` to
``mutants_blind8.py``, whose ids and one-line descriptions only were read) contains. They were written
without reading the reference solution, the example submissions, the grader's judges or its catalogues
of known mistakes, and before seeing any grader output; none was changed after the grader had graded
it. An entry that turns out to be accidentally correct stays in the set and in the numbers.

Tasks 4 and 6 pass caches between all their functions, so some entries guess the layout of a cache
that ada's other functions build or read:

- ``rnn-forward-one-state-buffer`` returns the cache ``(x, h0, Wx, Wh, h)`` for ada's rnn_backward;
- ``affine-backward-dby-axis0`` reads ``h, Wy`` as the first two items of ada's affine cache;
- ``lstm-h-tanh-of-gated-cell`` and ``lstm-cell-coupled-forget-input`` return the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for ada's lstm_step_backward;
- ``lstm-forward-h0-every-step`` calls ada's lstm_step_forward and returns the list of its step caches
  for ada's lstm_backward.

Measured once, before anything was changed after seeing it: caught 20/24 (no check had the boundaries of
``vocab-cap-only-when-over``, ``split-rejects-sum-one``, ``one-hot-seq-empty-reduction`` and
``clip-norm-zero-division``), a named mistake or a pattern on 18/24 (also none: ``tanh-grad-sigmoid-form``,
``torch-bias-hh-H-wide``, whose first line gives the shapes). Read one by one, 16/24 in words that say where or
how (``lstm-cell-coupled-forget-input`` counts only through the backward check's "both are wrong", and
``rnn-forward-one-state-buffer`` was told "what is carried back through time" where every step holds the last).

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind9
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES9: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-cap-only-when-over", "1", "build_vocab applies the cap only when there are more than max_size "
       "words: with exactly max_size words it keeps them all and adds UNK (max_size + 1 entries)",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None and len(words) > max_size:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: idx for idx, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("split-rejects-sum-one", "1", "split_dataset raises ValueError when p_train + p_val >= 1 instead of > 1: "
       "a split with no test part (e.g. 0.9 / 0.1) is refused", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0:
                raise ValueError("fractions must be non-negative")
            if p_train + p_val >= 1:
                raise ValueError("p_train + p_val must leave room for the test part")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = list(sequences[:n_train])
            val = list(sequences[n_train:n_train + n_val])
            test = list(sequences[n_train + n_val:])
            return train, val, test
        '''),
    _e("one-hot-seq-empty-reduction", "1", "one_hot_sequence checks the range with ids.min() and ids.max(): an "
       "empty sequence raises ValueError (zero-size reduction) instead of giving a (0, V) array",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if ids.min() < 0 or ids.max() >= V:
                raise ValueError(f"indices must lie in [0, {V})")
            return np.eye(V)[ids]
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-grad-sigmoid-form", "2", "tanh_grad copies the sigmoid's derivative form: returns t * (1 - t) with "
       "t = tanh(x) instead of 1 - t^2", "activations", "tanh_grad", '''
        def tanh_grad(x):
            t = np.tanh(x)
            return t * (1 - t)
        '''),
    _e("softmax-min-shift", "2", "softmax subtracts the minimum along axis instead of the maximum: every exponent "
       ">= 0, overflow (inf, nan) once the logits along axis spread by more than about 709",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            e = np.exp(x - x.min(axis=axis, keepdims=True))
            return e / e.sum(axis=axis, keepdims=True)
        '''),
    _e("ce-lse-max-not-added-back", "2", "cross_entropy computes log p = x - log(sum(exp(x - m))), leaving out "
       "the - m: the loss is too low by the mean of the valid rows' max logit (the gradient is right)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            t = y[mask]
            rows = np.arange(M)
            m = s.max(axis=1, keepdims=True)
            e = np.exp(s - m)
            total = e.sum(axis=1, keepdims=True)
            log_p = s - np.log(total)
            loss = -log_p[rows, t].sum() / M
            d = e / total
            d[rows, t] -= 1
            dscores = np.zeros_like(scores, dtype=float)
            dscores[mask] = d / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-scaled-by-diag-r", "3", "orthogonal multiplies Q's columns by R's diagonal itself (Q * d) "
       "instead of its sign (d / |d|): columns no longer unit length, W.T W = diag(d^2)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            d = np.diag(R)
            Q = Q * d
            return Q.T if rows < cols else Q
        '''),
    _e("lstm-init-stacked-ifgo", "3", "init_lstm_params draws the blocks in the order f, i, g, o but stacks them "
       "i, f, g, o (PyTorch's order): the forget and input columns of Wx and Wh are swapped",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            f_x, i_x, g_x, o_x = [orthogonal((D, H), rng) for _ in range(4)]
            f_h, i_h, g_h, o_h = [orthogonal((H, H), rng) for _ in range(4)]
            Wy = orthogonal((H, V), rng)
            return {
                "Wx": np.concatenate([i_x, f_x, g_x, o_x], axis=1),
                "Wh": np.concatenate([i_h, f_h, g_h, o_h], axis=1),
                "b": np.zeros(4 * H),
                "Wy": Wy,
                "by": np.zeros(V),
            }
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-one-state-buffer", "4", "rnn_forward updates one state buffer in place (prev_h[:] = ...) and "
       "appends that same array every step: every h[:, t] equals the last state h_{T-1}", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            xw = x @ Wx + b
            prev_h = h0.copy()
            states = []
            for t in range(T):
                prev_h[:] = np.tanh(xw[:, t] + prev_h @ Wh)
                states.append(prev_h)
            h = np.stack(states, axis=1)
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("affine-backward-dby-axis0", "4", "affine_backward sums dby over axis 0 only (as for 2-D scores): dby has "
       "shape (T, V) instead of (V,); dh and dWy are right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=0)
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-zero-division", "5", "clip_by_global_norm computes min(1, max_norm / norm) with a Python float "
       "norm: all-zero (or no) gradients raise ZeroDivisionError instead of returning norm 0",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = sum(float(np.sum(g * g)) for g in grads.values())
            norm = float(np.sqrt(total))
            scale = min(1.0, max_norm / norm)
            if scale < 1.0:
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-assert", "5", "clip_by_value validates clip_value with assert: clip_value <= 0 raises "
       "AssertionError instead of ValueError (and nothing under python -O)", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            assert clip_value > 0, "clip_value must be positive"
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-h-tanh-of-gated-cell", "6", "lstm_step_forward squashes after gating: next_h = tanh(o * c) instead "
       "of o * tanh(c)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:])
            next_c = f * prev_c + i * g
            next_h = np.tanh(o * next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-cell-coupled-forget-input", "6", "lstm_step_forward couples the gates as in the CIFG variant: "
       "c = f * prev_c + (1 - f) * g; the input gate is computed but never used", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:])
            next_c = f * prev_c + (1 - f) * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-h0-every-step", "6", "lstm_forward hands h0 to lstm_step_forward as prev_h at every step: "
       "the cell state is carried, the hidden state never is", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_c = c0
            caches = []
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], h0, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                prev_c = next_c
                caches.append(step_cache)
            return h, caches
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-nesterov-lookahead", "7", "SGD.step with momentum moves p by lr * (g + mu v), Nesterov's look-ahead, "
       "instead of lr * v (right without momentum)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if not self.momentum:
                    p -= self.lr * g
                    continue
                if k not in self.velocity:
                    self.velocity[k] = g.copy()
                else:
                    self.velocity[k] = self.momentum * self.velocity[k] + g
                p -= self.lr * (g + self.momentum * self.velocity[k])
        '''),
    _e("rmsprop-eps-added-to-step", "7", "RMSprop.step writes p -= lr * g / np.sqrt(s) + eps: eps is added to the "
       "step instead of the denominator (every entry moves by an extra eps; 0 / 0 = nan where g and s are 0)",
       "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                p -= self.lr * g / np.sqrt(s) + self.eps
        '''),
    _e("adam-step-count-not-stored", "7", "Adam.step uses k = self.t + 1 for the bias correction but never stores "
       "it: every step is corrected as step 1 (right on the first step only)", "optim", "Adam.step", '''
        def step(self, params, grads):
            k = self.t + 1
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m = self.m[name]
                v = self.v[name]
                m *= self.beta1
                m += (1 - self.beta1) * g
                v *= self.beta2
                v += (1 - self.beta2) * g * g
                m_hat = m / (1 - self.beta1 ** k)
                v_hat = v / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training --------------------------------------------------------------------------------
    _e("model-loss-grad-keys-prefixed", "8", "model_loss returns the gradients under the keys dWx, dWh, db, dWy, "
       "dby (a CS231n habit) instead of the parameters' own names", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            X, y, mask = batch.X, batch.y, batch.mask
            N = X.shape[0]
            H = params["Wh"].shape[0]
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
            grads = {"dWx": dWx, "dWh": dWh, "db": db, "dWy": dWy, "dby": dby}
            return float(loss), grads
        '''),
    _e("train-mask-unshuffled", "8", "train indexes X and y with the shuffled indices but slices the mask by "
       "position (mask[start:start + batch_size]): each mini-batch is scored with other sequences' masks",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch.X, train_batch.y, train_batch.mask
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    order, size = np.arange(N), N
                else:
                    order, size = rng.permutation(N), batch_size
                total, tokens = 0.0, 0
                for start in range(0, N, size):
                    idx = order[start:start + size]
                    mini = Batch(X[idx], y[idx], mask[start:start + size])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
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
    _e("generate-input-never-updated", "8", "generate picks each new token right but keeps feeding the prompt's "
       "last token as the input (x is never set to the chosen token's one-hot)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if not prompt:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(x, h, c):
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                    return h, c
                h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                x = one_hot(int(idx), V)[None, :]
                h, c = advance(x, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = advance(x, h, c)
            return tokens
        '''),
    # ---- task 9: PyTorch port ----------------------------------------------------------------------------
    _e("torch-gates-ifog", "9", "to_torch_state reorders the gates to i, f, o, g (CS231n's order) instead of "
       "PyTorch's i, f, g, o: the candidate and output blocks are swapped", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def reorder(a):
                f, i, g, o = (a[..., k * H:(k + 1) * H] for k in range(4))
                return np.concatenate([i, f, o, g], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": reorder(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("torch-bias-hh-H-wide", "9", "to_torch_state makes bias_hh np.zeros(H) instead of np.zeros(4H): "
       "everything else right", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def reorder(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": reorder(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-H-from-4H-rows", "9", "from_torch_state takes H from weight_hh_l0.shape[0] (that is 4H): the "
       "block swap slices [4H:8H] and [0:4H] and changes nothing, the gates stay in order i, f, g, o",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[0]

            def reorder(a):
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            bias = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            return {
                "Wx": np.ascontiguousarray(reorder(state["lstm.weight_ih_l0"]).T, dtype=np.float64),
                "Wh": np.ascontiguousarray(reorder(state["lstm.weight_hh_l0"]).T, dtype=np.float64),
                "b": np.array(reorder(bias), dtype=np.float64),
                "Wy": np.ascontiguousarray(state["out.weight"].T, dtype=np.float64),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES9)
