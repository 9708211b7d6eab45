"""Blind set 42: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the slips a class of 200
makes the week an assignment is due (a truthiness guard on an array, a cap taken before the tie-break, a
validation done on the floored counts, a wrong default axis, a copy-paste slip, a gradient averaged once
too often, a loop index misread, an update done before it is needed, a check done too late). They were
written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before seeing any grader output. An entry that turns out to be
accidentally correct stays in the set.

Entries that guess a cache layout another function makes or reads:

- ``affine-backward-averaged-over-N`` reads affine_forward's cache as ``(h, Wy, ...)`` (h first, Wy second);
- ``rnn-step-backward-dWx-skips-tanh`` reads rnn_step_forward's cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-backward-enumerate-reversed`` reads rnn_forward's cache as a list of T step caches, in time order,
  each one handed to rnn_step_backward;
- ``lstm-forward-step-weights-swapped`` makes lstm_forward's cache a list of T step caches from
  lstm_step_forward, in time order;
- ``lstm-step-backward-di-with-f-derivative`` reads lstm_step_forward's cache as
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates already activated);
- ``lstm-cell-forgets-tanh-prev-c`` makes lstm_step_forward's cache that same 10-tuple.

Measured once, before anything was changed after seeing it, at e51475f: caught 21/24 (missed:
``split-sum-checked-on-floored-counts``, ``softmax-denominator-epsilon`` (2e-9 off, inside the tolerance) and
``generate-rng-checked-lazily``), a named mistake or a pattern on 21/24.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES42: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-cap-most-common-then-sort", "1", "build_vocab picks the kept words with "
       "Counter.most_common(max_size - 1) "
       "and only then sorts them on (-count, word): the order is right, but when a tie straddles the cap the "
       "words kept are the first seen, not the alphabetically first (right without a cap)", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter()
            for sequence in sequences:
                for word in sequence:
                    if word != UNK:
                        counts[word] += 1
            if max_size is not None:
                kept = [word for word, _ in counts.most_common(max_size - 1)]
            else:
                kept = list(counts)
            words = sorted(kept, key=lambda word: (-counts[word], word))
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("decode-empty-guard-truthiness", "1", "decode starts with the guard `if not ids: return []`: fine for "
       "lists, but a numpy array of two or more ids raises ValueError (ambiguous truth value) and the "
       "one-element array [0] decodes to []", "data", "decode", '''
        def decode(ids, idx_to_word):
            if not ids:
                return []
            return [idx_to_word[int(i)] for i in ids]
    '''),
    _e("one-hot-float32", "1", "one_hot allocates np.zeros(V, dtype=np.float32) ('saves memory, what PyTorch "
       "uses'): right entries and range check, but float32 instead of float64", "data", "one_hot", '''
        def one_hot(idx, V):
            if idx < 0 or idx >= V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros(V, dtype=np.float32)
            e[idx] = 1.0
            return e
    '''),
    _e("split-sum-checked-on-floored-counts", "1", "split_dataset checks the fractions' sum on the floored "
       "counts (n_train + n_val > L) instead of p_train + p_val > 1: e.g. 0.6 / 0.45 with L = 10 (6 + 4 = 10) "
       "is accepted instead of raising ValueError", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0:
                raise ValueError("fractions must be non-negative")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            if n_train + n_val > L:
                raise ValueError("p_train + p_val must be at most 1")
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-default-axis-1", "2", "softmax's default is axis=1 (the 2-D (N, C) habit) instead of axis=-1: "
       "right for 2-D inputs and whenever axis is passed, but the default call normalises over T for (N, T, V) "
       "scores and raises AxisError for 1-D inputs", "activations", "softmax", '''
        def softmax(x, axis=1):
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / np.sum(e, axis=axis, keepdims=True)
    '''),
    _e("softmax-denominator-epsilon", "2", "softmax adds 1e-8 to the denominator 'to avoid dividing by zero': "
       "every probability is too small by a relative 1e-8 / sum (at most 1e-8), rows sum to slightly below 1",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            e = np.exp(x - np.max(x, axis=axis, keepdims=True))
            return e / (np.sum(e, axis=axis, keepdims=True) + 1e-8)
    '''),
    _e("ce-loss-mean-over-vocab", "2", "cross_entropy takes the loss as -np.mean(onehot * log p) over the "
       "(M, V) valid block (Keras's elementwise mean): the loss is divided by M * V instead of M; the "
       "gradient is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            x = scores[mask]
            targets = y[mask]
            m = np.max(x, axis=-1, keepdims=True)
            log_p = x - m - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
            onehot = np.zeros_like(x)
            onehot[np.arange(M), targets] = 1.0
            loss = -np.mean(onehot * log_p)
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = (np.exp(log_p) - onehot) / M
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-wx-sized-by-V", "3", "init_rnn_params draws Wx = orthogonal((V, H)) ('the inputs are one-hot "
       "words') instead of orthogonal((D, H)): right when D == V, wrong shape otherwise", "initialisation",
       "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((V, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("lstm-init-wh-from-wx-blocks", "3", "init_lstm_params draws the four Wh blocks but stacks the Wx blocks "
       "again for Wh (a copy-paste slip): Wh equals Wx when D == H, and is (D, 4H) otherwise; Wx, Wy and the "
       "rng stream are right", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            wx_blocks = [orthogonal((D, H), rng) for _ in range(4)]
            wh_blocks = [orthogonal((H, H), rng) for _ in range(4)]
            Wx = np.concatenate(wx_blocks, axis=1)
            Wh = np.concatenate(wx_blocks, axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-backward-averaged-over-N", "4", "affine_backward divides dh, dWy and dby by N ('average over the "
       "batch'), although the loss is already a mean: every gradient is N times too small (right for N = 1)",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, V = dscores.shape
            H = h.shape[-1]
            dh = (dscores @ Wy.T) / N
            dWy = (h.reshape(N * T, H).T @ dscores.reshape(N * T, V)) / N
            dby = dscores.sum(axis=(0, 1)) / N
            return dh, dWy, dby
    '''),
    _e("rnn-step-backward-dWx-skips-tanh", "4", "rnn_step_backward forms dWx = x^T dnext_h, from the upstream "
       "gradient instead of da (the tanh derivative left out for that one term); dx, dprev_h, dWh and db are "
       "right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ dnext_h
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-enumerate-reversed", "4", "rnn_backward walks the step caches with "
       "`for t, c in enumerate(reversed(cache))` and uses t as the time index: step T-1-t is fed dh[:, t] "
       "and its dx is stored at dx[:, t] (right only for T = 1)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dx_steps = [None] * T
            dprev_h = np.zeros((N, H))
            dWx = dWh = db = None
            for t, step_cache in enumerate(reversed(cache)):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, step_cache)
                dx_steps[t] = dx_t
                dWx = dWx_t if dWx is None else dWx + dWx_t
                dWh = dWh_t if dWh is None else dWh + dWh_t
                db = db_t if db is None else db + db_t
            dx = np.stack(dx_steps, axis=1)
            return dx, dprev_h, dWx, dWh, db
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-np-stack-raveled", "5", "clip_by_global_norm gathers the raveled gradients with np.stack "
       "instead of np.concatenate: right when every gradient has the same size, ValueError for the usual "
       "gradients of different sizes", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            flat = np.stack([g.ravel() for g in grads.values()])
            norm = float(np.sqrt(np.sum(flat ** 2)))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-norm-scale-by-max-norm-only", "5", "clip_by_global_norm multiplies every gradient by max_norm "
       "when norm > max_norm (the division by norm forgotten): clipped gradients are scaled up or down by the "
       "threshold itself; the norm returned and the unclipped case are right", "clipping",
       "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                clipped = {k: g * max_norm for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return clipped, norm
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-forward-step-weights-swapped", "6", "lstm_forward calls lstm_step_forward(x_t, prev_h, prev_c, Wh, "
       "Wx, b), the two weight matrices in the wrong order: a shape error when D != H, wrong states when "
       "D == H", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            prev_h, prev_c = h0, c0
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wh, Wx, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
    '''),
    _e("lstm-step-backward-di-with-f-derivative", "6", "lstm_step_backward multiplies the input gate's "
       "gradient by the forget gate's derivative, di * f (1 - f) (copy-pasted from the line above), instead "
       "of di * i (1 - i); every other block is right", "lstm", "lstm_step_backward", '''
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
            da_i = di * f * (1 - f)
            da_g = dg * (1 - g ** 2)
            da_o = do * o * (1 - o)
            da = np.concatenate([da_f, da_i, da_g, da_o], axis=1)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-cell-forgets-tanh-prev-c", "6", "lstm_step_forward gates the squashed previous cell, "
       "c = f * tanh(prev_c) + i * g (the tanh of h = o tanh(c) carried over), instead of f * prev_c + i * g",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * np.tanh(prev_c) + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("adam-first-call-only-initialises", "7", "Adam.step creates the zero moments of a new parameter and then "
       "`continue`s: the first call moves nothing (the step count still goes up), so every later step is "
       "one behind and corrected with the wrong k", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                    continue
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    _e("rmsprop-normalises-grad-in-place", "7", "RMSprop.step divides the caller's gradient in place "
       "(g /= sqrt(s) + eps) and then steps p -= lr * g: the parameters are right, but grads[k] is left "
       "holding the normalised gradient", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if name not in self.square_avg:
                    self.square_avg[name] = np.zeros_like(p)
                s = self.square_avg[name]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                g /= np.sqrt(s) + self.eps
                p -= self.lr * g
    '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-val-inside-batch-loop", "8", "train computes and appends the validation loss inside the "
       "mini-batch loop (one indentation level too deep): with mini-batches val_loss gets one entry per "
       "update instead of one per epoch (right for a full batch)", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for epoch in range(epochs):
                if batch_size is None:
                    order = np.arange(N)
                    size = N
                else:
                    order = rng.permutation(N)
                    size = batch_size
                total, tokens = 0.0, 0
                for start in range(0, N, size):
                    idx = order[start:start + size]
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(batch.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                    val_loss, _ = model_loss(params, val_batch, cell)
                    history["val_loss"].append(float(val_loss))
                history["train_loss"].append(total / tokens)
            return history
    '''),
    _e("generate-rng-checked-lazily", "8", "generate checks for a missing rng only inside the loop, when it is "
       "about to sample: sampling without rng and max_new = 0 returns the prompt instead of raising "
       "ValueError (any other call is right)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(index, h, c):
                x = one_hot(index, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for index in encode(prompt, word_to_idx):
                h, c = feed(int(index), h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if greedy:
                    nxt = int(np.argmax(p))
                else:
                    if rng is None:
                        raise ValueError("sampling needs an rng")
                    nxt = int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
    '''),
    _e("model-loss-zero-state-like-bias", "8", "model_loss builds the zero states as np.zeros_like(params['b']): "
       "a 1-D (H,) state for the RNN (broadcast over the batch) and a (4H,) one for the LSTM, which does not "
       "fit Wh (H, 4H)", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            X, y, mask = batch
            h0 = np.zeros_like(params["b"])
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                c0 = np.zeros_like(params["b"])
                h, cell_cache = lstm_forward(X, h0, c0, params["Wx"], params["Wh"], params["b"])
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
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-flip-first-half", "9", "to_torch_state 'swaps' the forget and input blocks with "
       "np.flip(a[..., :2H], axis=-1), which reverses the 2H columns one by one instead of exchanging the two "
       "H-wide blocks: right only for H = 1", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                out = np.array(a, dtype=np.float64, copy=True)
                out[..., :2 * H] = np.flip(a[..., :2 * H], axis=-1)
                return out

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T),
                "lstm.bias_ih_l0": swap(params["b"]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(np.array(params["Wy"], dtype=np.float64).T),
                "out.bias": np.array(params["by"], dtype=np.float64, copy=True),
            }
    '''),
    _e("from-torch-wy-transpose-view", "9", "from_torch_state returns Wy = state['out.weight'].T, a view of the "
       "state's array (the other four are new arrays): right values, but writing into Wy changes the state",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            w_ih = state["lstm.weight_ih_l0"]
            w_hh = state["lstm.weight_hh_l0"]
            H = w_hh.shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(w_ih.T),
                "Wh": swap(w_hh.T),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T,
                "by": state["out.bias"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES42)
