"""Blind set 12: first-attempt mistakes (a docstring's maths, shapes or edge cases misread).

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake of the kind a student makes on a FIRST attempt at the function,
and which none of the earlier sets contains. The entries were written without reading the reference
solution, the example submissions, the grader's judges or its catalogues of known mistakes, and before
any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-backward-db-axis1 reads rnn_step_forward's cache as ``(x, prev_h, Wx, Wh, next_h)``;
- rnn-forward-H-from-Wx-rows hands rnn_backward the cache ``(x, h0, Wx, Wh, h)``;
- affine-backward-dWy-transposed reads affine_forward's cache as ``(h, Wy, ...)`` (its first two items);
- lstm-step-backward-candidate-sigmoid-grad reads lstm_step_forward's cache as
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- lstm-forward-time-major-index hands lstm_backward a list of the T step caches of lstm_step_forward;
- lstm-backward-dh-last-step-only reads lstm_forward's cache as that list of T step caches.

Measured once, before anything was changed after seeing it, at the commit that added the words it met
(895f2dc): caught 24/24, a named mistake or a pattern on 21/24 (none: ``decode-joins-string``, whose first
line says a str came back where a list of 7 was expected, ``rnn-init-by-H`` and ``torch-ih-hh-swapped``, whose
first lines give the shapes).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES12: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("decode-joins-string", "1", "decode joins the words into one space-separated string instead of "
       "returning the list of L words", "data", "decode", '''
        def decode(ids, idx_to_word):
            return " ".join(idx_to_word[int(i)] for i in ids)
    '''),
    _e("one-hot-row-vector", "1", "one_hot returns a (1, V) row vector (np.zeros((1, V)), e[0, idx] = 1) "
       "instead of a 1-D array of shape (V,)", "data", "one_hot", '''
        def one_hot(idx, V):
            if not 0 <= idx < V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros((1, V))
            e[0, idx] = 1.0
            return e
    '''),
    _e("one-hot-seq-transposed", "1", "one_hot_sequence picks columns of the identity (np.eye(V)[:, ids]): "
       "a (V, T) array, one column per step, instead of (T, V)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if ids.size and (ids.min() < 0 or ids.max() >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            return np.eye(V)[:, ids]
    '''),
    _e("one-hot-batch-first-length", "1", "one_hot_batch takes T from the first sequence (len(batch[0])) "
       "instead of the longest: IndexError when a later sequence is longer (right when the first is longest)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = len(batch[0])
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                L = len(ids)
                X[i, np.arange(L), ids] = 1.0
                mask[i, :L] = True
            return X, mask
    '''),
    _e("inputs-targets-rejects-two", "1", "inputs_targets raises ValueError for len(sequence) <= 2 instead of "
       "< 2: a two-token sequence (one input, one target) is refused", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) <= 2:
                raise ValueError("a sequence needs at least 2 tokens")
            return list(sequence[:-1]), list(sequence[1:])
    '''),

    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-abs-one-branch", "2", "sigmoid returns 1 / (1 + exp(-|x|)) for every x (the hint's e = "
       "exp(-|x|) without the x < 0 branch e / (1 + e)): negative inputs give s(|x|) = 1 - s(x)",
       "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-np.abs(x))
            return 1.0 / (1.0 + e)
    '''),
    _e("ce-lse-sum-no-axis", "2", "cross_entropy's log-sum-exp sums exp(x - m) over the whole (M, V) block "
       "(np.sum without axis=-1, keepdims): the loss is wrong, the gradient (from softmax) is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores[mask]
            t = y[mask]
            m = s.max(axis=-1, keepdims=True)
            log_p = s - m - np.log(np.sum(np.exp(s - m)))
            loss = -log_p[np.arange(M), t].sum() / M
            d = softmax(s, axis=-1)
            d[np.arange(M), t] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = d / M
            return float(loss), dscores
    '''),
    _e("ce-grad-sign-flipped", "2", "cross_entropy returns the gradient of the log-likelihood, "
       "(onehot(y) - p) / M, instead of the loss's (p - onehot(y)) / M; the loss is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores[mask]
            t = y[mask]
            m = s.max(axis=-1, keepdims=True)
            log_p = s - m - np.log(np.sum(np.exp(s - m), axis=-1, keepdims=True))
            loss = -log_p[np.arange(M), t].sum() / M
            onehot = np.zeros_like(s)
            onehot[np.arange(M), t] = 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = (onehot - np.exp(log_p)) / M
            return float(loss), dscores
    '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-qr-complete", "3", "orthogonal calls np.linalg.qr(A, mode='complete'): Q is (max, max) and "
       "Q * sign(diag(R)) fails to broadcast for any non-square shape (square shapes are right)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A, mode="complete")
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
    '''),
    _e("rnn-init-by-H", "3", "init_rnn_params makes the output bias by = np.zeros(H) (copied from the line "
       "for b) instead of np.zeros(V)", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(H)}
    '''),

    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-db-axis1", "4", "rnn_step_backward sums da over the hidden axis (axis=1): db has "
       "shape (N,) instead of (H,); dx, dprev_h, dWx and dWh are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=1)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-forward-H-from-Wx-rows", "4", "rnn_forward takes H from Wx.shape[0] (that is D) to allocate the "
       "(N, T, H) output: broadcast error when D != H (right when D == H)", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = Wx.shape[0]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
    '''),
    _e("affine-backward-dWy-transposed", "4", "affine_backward forms dWy as dscores^T h over the N*T rows: "
       "a (V, H) array (the transpose) instead of h^T dscores (H, V); dh and dby are right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            h2 = h.reshape(N * T, H)
            d2 = dscores.reshape(N * T, V)
            dWy = d2.T @ h2
            dby = d2.sum(axis=0)
            return dh, dWy, dby
    '''),

    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-concat-unflattened", "5", "clip_by_global_norm joins the gradients with np.concatenate "
       "without flattening them: ValueError as soon as they have different shapes or ranks (e.g. a matrix "
       "and a bias); right when they all share one shape after the first axis",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be > 0")
            if not grads:
                return {}, 0.0
            allg = np.concatenate(list(grads.values()))
            norm = float(np.sqrt(np.sum(allg ** 2)))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-lower-test-slip", "5", "clip_by_value tests the lower bound as g < clip_value (not "
       "g < -clip_value): every entry below +clip_value becomes -clip_value, only entries equal to it survive",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be > 0")
            clipped = {}
            for k, g in grads.items():
                clipped[k] = np.where(g > clip_value, clip_value,
                                      np.where(g < clip_value, -clip_value, g))
            return clipped
    '''),

    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-backward-candidate-sigmoid-grad", "6", "lstm_step_backward uses the sigmoid's derivative "
       "g (1 - g) for the candidate block too, instead of 1 - g^2; dprev_c and the f, i, o blocks are right",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.concatenate([
                df * f * (1.0 - f),
                di * i * (1.0 - i),
                dg * g * (1.0 - g),
                do * o * (1.0 - o),
            ], axis=1)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-forward-time-major-index", "6", "lstm_forward reads step t's inputs as x[t] (time-major) instead "
       "of x[:, t]: the t-th sequence's (T, D) rows; broadcast error when N != T, wrong values when N == T",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
    '''),
    _e("lstm-backward-dh-last-step-only", "6", "lstm_backward seeds the carry with dh[:, T-1] and never adds "
       "dh[:, t] at the earlier steps (as for a many-to-one model): only the last step's upstream gradient "
       "is used", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            caches = cache
            N, T, H = dh.shape
            dnext_h = dh[:, T - 1]
            dnext_c = np.zeros((N, H))
            dxs = [None] * T
            dWx = dWh = db = None
            for t in range(T - 1, -1, -1):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dnext_c, caches[t])
                dxs[t] = dx_t
                if dWx is None:
                    dWx, dWh, db = dWx_t.copy(), dWh_t.copy(), db_t.copy()
                else:
                    dWx += dWx_t
                    dWh += dWh_t
                    db += db_t
            dx = np.stack(dxs, axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),

    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-average-of-g", "7", "RMSprop.step keeps a running average of g instead of g^2 "
       "(s <- alpha s + (1 - alpha) g): sqrt of a negative average gives nan", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1.0 - self.alpha) * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-eps-inside-sqrt", "7", "Adam.step divides by sqrt(v_hat + eps) instead of sqrt(v_hat) + eps "
       "(small differences, large only for gradients near sqrt(eps) = 1e-4 or below)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1.0 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1.0 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1.0 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1.0 - self.beta2 ** self.t)
                p -= self.lr * m_hat / np.sqrt(v_hat + self.eps)
    '''),

    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-N-from-axis1", "8", "model_loss takes N from X.shape[1] (that is T) for the zero states: "
       "h0 and c0 are (T, H), a broadcast error unless N == T", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            X, y, mask = batch
            N = X.shape[1]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                c0 = np.zeros((N, H))
                h, cell_cache = lstm_forward(X, h0, c0, params["Wx"], params["Wh"], params["b"])
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
    '''),
    _e("generate-sample-2d-p", "8", "generate keeps p = softmax(h Wy + by) as a (1, V) row: argmax is right, "
       "but rng.choice(V, p=p) raises ValueError (p must be 1-D), so sampling always fails",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt is empty")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
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
                p = softmax(h @ params["Wy"] + params["by"])
                if greedy:
                    nxt = int(np.argmax(p))
                else:
                    nxt = int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
    '''),

    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("torch-ih-hh-swapped", "9", "to_torch_state puts the mapped Wh under lstm.weight_ih_l0 and the mapped Wx "
       "under lstm.weight_hh_l0 (ih read as 'into hidden'): shapes (4H, H) and (4H, D) swapped",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            Wx, Wh, b = params["Wx"], params["Wh"], params["b"]
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(Wh).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(Wx).T),
                "lstm.bias_ih_l0": swap(b),
                "lstm.bias_hh_l0": np.zeros_like(b),
                "out.weight": np.ascontiguousarray(params["Wy"].T),
                "out.bias": params["by"].copy(),
            }
    '''),
    _e("from-torch-by-aliased", "9", "from_torch_state returns by = state['out.bias'] itself (no copy): the "
       "result shares its array with the state dict; every value is right", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            Wx = swap(state["lstm.weight_ih_l0"].T)
            Wh = swap(state["lstm.weight_hh_l0"].T)
            b = swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])
            Wy = state["out.weight"].T.copy()
            by = state["out.bias"]
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
    '''),
]

if __name__ == "__main__":
    main(ENTRIES12)
