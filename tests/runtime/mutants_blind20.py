"""Blind set 20: the mistakes a TA would see most often in a hundred ordinary submissions.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: wrong formulas, axes,
shapes, state handling and forgotten edge cases of an ordinary class, not exotic ones. They were written
without reading the reference solution, the example submissions, the grader's judges or its catalogues of
known mistakes, and before any grader output; none was changed after grading.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-no-bias makes rnn_step_forward's cache as (x, prev_h, Wx, Wh, next_h);
- affine-backward-dh-untransposed reads affine_forward's cache as (h, Wy, ...) (its first two entries);
- rnn-backward-dx-like-dh reads rnn_forward's cache as a list of T per-step caches, handed one by one to
  rnn_step_backward;
- lstm-step-H-true-division makes lstm_step_forward's cache as (x, prev_h, prev_c, Wx, Wh, f, i, g, o,
  next_c) (it raises before returning it);
- lstm-step-backward-sigmoid-of-gates reads lstm_step_forward's cache in that same 10-entry layout;
- lstm-backward-forget-applied-twice reads lstm_forward's cache as a list of T per-step caches, each in
  that 10-entry layout (the forget gate at index 5).

Measured once, before anything was changed after seeing it, at f161a6f: caught 23/24 (no check lost points
for ``vocab-unk-dropped-after-cap``: no case has UNK among the most frequent words under a cap), a named
mistake or a pattern on 21/24 (also none: ``tanh-grad-square-of-difference`` and ``clip-norm-iterates-keys``,
whose first line gives Python's TypeError).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES20: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-rng-unseeded", "1", "generate_dataset creates its generator with np.random.default_rng() and "
       "never passes seed: the lengths are fresh random draws on every call, so the same seed does not give "
       "the same data set (and no seed gives the specified one)", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
            rng = np.random.default_rng()
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbn":
                    sequence = ["a"] * n + ["b"] * n + [EOS]
                else:
                    sequence = ["a"] * n + ["b"] * n + ["a"] * n + [EOS]
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-unk-dropped-after-cap", "1", "build_vocab counts UNK with the other words, cuts the sorted list "
       "to max_size - 1 and only then filters UNK out: when UNK found in the data ranks among the kept words, "
       "the vocabulary loses a real word (max_size - 1 entries); right without UNK in the data or without a cap",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            words = [word for word in words if word != UNK]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-get-default-unk-string", "1", "encode looks tokens up with word_to_idx.get(t, UNK): the default "
       "is the string 'UNK' instead of its index word_to_idx['UNK'], so any unknown word makes the int64 "
       "conversion raise ValueError (right when every token is in the vocabulary)", "data", "encode", '''
        def encode(tokens, word_to_idx):
            return np.array([word_to_idx.get(token, UNK) for token in tokens], dtype=np.int64)
        '''),
    _e("one-hot-seq-upper-bound-off-by-one", "1", "one_hot_sequence rejects ids > V instead of ids >= V: an "
       "index equal to V is not refused with ValueError but raises IndexError from np.eye(V)[ids] (negative "
       "ids and valid ones are right)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if np.any(ids < 0) or np.any(ids > V):
                raise ValueError(f"indices must lie in [0, {V})")
            return np.eye(V)[ids]
        '''),
    _e("one-hot-batch-slice-fancy-index", "1", "one_hot_batch writes each sequence with X[i, :T_i, seq] = 1 "
       "(a slice between two integer-array indices): numpy broadcasts it to every (step, id) pair, so each "
       "real step gets a 1 at every id of its sequence; the mask is right, and so is X when a sequence repeats "
       "one id", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(seq) for seq in batch)
            X = np.zeros((N, T, V), dtype=np.float64)
            mask = np.zeros((N, T), dtype=bool)
            for i, seq in enumerate(batch):
                seq = np.asarray(seq, dtype=np.int64)
                L = len(seq)
                X[i, :L, seq] = 1.0
                mask[i, :L] = True
            return X, mask
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-zero-unassigned", "2", "sigmoid fills np.zeros_like(x) through the masks x > 0 and x < 0: "
       "entries exactly 0 belong to neither branch and stay 0 instead of 0.5 (every other entry is right)",
       "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            s = np.zeros_like(x)
            pos = x > 0
            neg = x < 0
            s[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
            e = np.exp(x[neg])
            s[neg] = e / (1.0 + e)
            return s
        '''),
    _e("tanh-grad-square-of-difference", "2", "tanh_grad misplaces the parentheses: (1 - tanh(x)) ** 2 "
       "instead of 1 - tanh(x) ** 2 (right at x = 0 only)", "activations", "tanh_grad", '''
        def tanh_grad(x):
            return (1.0 - np.tanh(x)) ** 2
        '''),
    _e("ce-lse-no-keepdims", "2", "cross_entropy sums the log-sum-exp over the last axis without keepdims: "
       "log p = s - m - lse subtracts an (M,) vector from the (M, V) rows, a broadcast error unless M == V "
       "(wrong values then) or M == 1 (right)", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = np.asarray(y)[mask]
            m = s.max(axis=-1, keepdims=True)
            lse = np.log(np.sum(np.exp(s - m), axis=-1))
            logp = s - m - lse
            rows = np.arange(M)
            loss = -np.sum(logp[rows, t]) / M
            dvalid = np.exp(logp)
            dvalid[rows, t] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = dvalid / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-randn-style-args", "3", "orthogonal draws with rng.standard_normal(max(rows, cols), "
       "min(rows, cols)), np.random.randn's two-argument habit: the second argument is standard_normal's "
       "dtype, so every call raises TypeError instead of drawing a (max, min) matrix", "initialisation",
       "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal(max(rows, cols), min(rows, cols))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("rnn-init-wx-out-in", "3", "init_rnn_params draws Wx as orthogonal((H, D)) ((out, in) order for this "
       "one matrix): Wx has shape (H, D) instead of (D, H) (it is the transpose of the specified draw; right "
       "only when D == H); Wh, Wy and the biases are right", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((H, D), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": np.zeros(H),
                "Wy": Wy,
                "by": np.zeros(V),
            }
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-no-bias", "4", "rnn_step_forward leaves the bias out: next_h = tanh(x Wx + prev_h Wh) "
       "instead of tanh(x Wx + prev_h Wh + b) (right when b = 0 only)", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wh
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("affine-backward-dh-untransposed", "4", "affine_backward computes dh = dscores Wy instead of "
       "dscores Wy^T: a matmul shape error whenever H != V (wrong values when H == V); dWy and dby are right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    _e("rnn-backward-dx-like-dh", "4", "rnn_backward allocates dx with np.zeros_like(dh), an (N, T, H) array: "
       "storing each step's (N, D) input gradient raises a broadcast error whenever D != H (right when D == H)",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dx = np.zeros_like(dh)
            dnext = np.zeros((N, H))
            dWx = dWh = db = 0.0
            for t in range(T - 1, -1, -1):
                dx_t, dnext, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dnext, cache[t])
                dx[:, t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            return dx, dnext, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-iterates-keys", "5", "clip_by_global_norm sums the squares with `for g in grads:`, iterating "
       "over the dict's keys: 'Wx' ** 2 raises TypeError on every non-empty gradient dict", "clipping",
       "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads:
                total += np.sum(g ** 2)
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    _e("clip-value-where-from-original", "5", "clip_by_value clamps with two np.where calls that both start "
       "from the original g: the second (lower bound) overwrites the first, so entries above +clip_value are "
       "kept; the lower bound and everything within the bounds are right", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for k, g in grads.items():
                c = np.where(g > clip_value, clip_value, g)
                c = np.where(g < -clip_value, -clip_value, g)
                clipped[k] = c
            return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-H-true-division", "6", "lstm_step_forward takes H = Wh.shape[1] / 4 (true division, a "
       "float): slicing the gate blocks with it raises TypeError on every input", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = Wh.shape[1] / 4
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
    _e("lstm-step-backward-sigmoid-of-gates", "6", "lstm_step_backward applies the sigmoid again to the cached "
       "(already activated) gates: sigmoid(s) (1 - sigmoid(s)) instead of s (1 - s) for f, i and o; dprev_c "
       "and the candidate block are right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.concatenate(
                [
                    df * sigmoid(f) * (1 - sigmoid(f)),
                    di * sigmoid(i) * (1 - sigmoid(i)),
                    dg * (1 - g ** 2),
                    do * sigmoid(o) * (1 - sigmoid(o)),
                ],
                axis=1,
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-backward-forget-applied-twice", "6", "lstm_backward multiplies the dprev_c that lstm_step_backward "
       "returns (already dc * f) by the step's forget gate again before handing it to the step before: the "
       "cell gradient decays by f twice per step (dc0 too); the last step and dx[:, T-1] are right",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dWx = dWh = db = 0.0
            dxs = []
            for t in range(T - 1, -1, -1):
                x_t, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache[t]
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dnext_h, dnext_c, cache[t]
                )
                dnext_h = dprev_h
                dnext_c = dprev_c * f
                dxs.append(dx_t)
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs[::-1], axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-rebinds-dict-entries", "7", "SGD.step writes params[k] = params[k] - lr * update: the dict gets "
       "new arrays with the right values, but the caller's parameter arrays are never updated in place",
       "optim", "SGD.step", '''
        def step(self, params, grads):
            for k in params:
                g = grads[k]
                if self.momentum != 0.0:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    update = self.velocity[k]
                else:
                    update = g
                params[k] = params[k] - self.lr * update
        '''),
    _e("adam-v-decay-beta1", "7", "Adam.step updates the second moment with beta1 (the m line copied): "
       "v <- b1 v + (1 - b1) g^2 instead of b2 v + (1 - b2) g^2, while still correcting it with 1 - b2^k: "
       "the very first step is already about 10 times too small", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta1 * self.v[k] + (1 - self.beta1) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-batch-size-none-unhandled", "8", "train always slices mini-batches with range(0, N, batch_size): "
       "the default batch_size=None (one full batch) raises TypeError; with an integer batch_size it is right",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                order = rng.permutation(N)
                total, tokens = 0.0, 0
                for start in range(0, N, batch_size):
                    idx = order[start:start + batch_size]
                    mini = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(mini.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-sample-global-np-random", "8", "generate checks that rng is given when sampling but then "
       "samples with np.random.choice(V, p=p), numpy's global generator: samples ignore rng, so they are not "
       "reproducible from it; greedy decoding is right", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
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

            def advance(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = advance(idx, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if greedy:
                    nxt = int(np.argmax(p))
                else:
                    nxt = int(np.random.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-H-from-D", "9", "to_torch_state takes the gate width as H = Wx.shape[0] (that is D): the "
       "blocks of Wx, Wh and b are swapped at the wrong boundaries when D != H (shapes stay right, values "
       "are scrambled); right when D == H", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            H = Wx.shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(Wx).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(Wh).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(b), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(b.shape, dtype=np.float64),
                "out.weight": np.array(Wy.T, dtype=np.float64, order="C"),
                "out.bias": np.array(by, dtype=np.float64),
            }
        '''),
    _e("from-torch-ih-hh-swapped", "9", "from_torch_state reads Wx from lstm.weight_hh_l0 and Wh from "
       "lstm.weight_ih_l0 (ih and hh mixed up): Wx comes out (H, 4H) and Wh (D, 4H), wrong values even when "
       "D == H; b, Wy and by are right", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            W_ih = np.asarray(state["lstm.weight_hh_l0"], dtype=np.float64)
            W_hh = np.asarray(state["lstm.weight_ih_l0"], dtype=np.float64)
            bias = np.asarray(state["lstm.bias_ih_l0"], dtype=np.float64) + np.asarray(
                state["lstm.bias_hh_l0"], dtype=np.float64
            )
            H = bias.shape[0] // 4

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": np.ascontiguousarray(swap(W_ih.T)),
                "Wh": np.ascontiguousarray(swap(W_hh.T)),
                "b": swap(bias),
                "Wy": np.array(state["out.weight"], dtype=np.float64).T.copy(),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES20)
