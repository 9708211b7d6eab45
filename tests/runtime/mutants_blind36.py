"""Blind set 36: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The learner behind them
came to Python from other languages and to NumPy through Stack Overflow answers: index loops, a buffer
reused the Java way, MATLAB's value semantics assumed for assignment, MATLAB's ``sum`` / ``end`` / ``zeros(n, 1)``
/ 1-based loops, PyTorch's two biases and (out, in) weight layout, TensorFlow's gate order, ``np.tile`` taken
for ``np.repeat``, ``.T`` on a 3-D array, ``np.outer`` on batches, ``** 1/2`` for a square root. They were
written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another (ada's) function makes or reads:

- ``rnn-step-pytorch-two-biases`` makes the step cache ``(x, prev_h, Wx, Wh, next_h)`` for ada's
  ``rnn_step_backward``;
- ``rnn-step-backward-outer-weight-grads`` reads ada's step cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-forward-3d-T`` makes the sequence cache a list of the T step caches of ada's ``rnn_step_forward``,
  for ada's ``rnn_backward``;
- ``affine-forward-time-major-reshape`` makes the cache ``(h, Wy)`` for ada's ``affine_backward``;
- ``lstm-step-tf-gate-order`` makes the step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``
  (gates activated) for ada's ``lstm_step_backward``;
- ``lstm-step-backward-weight-grads-out-in`` reads ada's step cache as
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates activated);
- ``lstm-backward-chained-zero-init`` reads ada's ``lstm_forward`` cache as a list of the T step caches,
  ``cache[t]``, and hands each to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 2bda4d1: caught 23/24 (missed:
``generate-lstm-prompt-cell-lost``: on the cases' prompts the lost cell state changes no token), a named mistake
or a pattern on 22/24 (also none: ``to-torch-swap-tail-minus-one``, whose first line gives both shapes).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES36: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-anbnan-block-aliased", "1", "generate_dataset starts each sequence with seq = a_block (MATLAB's "
       "copy-on-assign assumed) and extends it with +=: for 'anbnan' the final seq += a_block appends the "
       "sequence to itself, giving a^n b^n a^n b^n EOS ('anbn' is right)", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                a_block = ["a"] * n
                b_block = ["b"] * n
                seq = a_block
                seq += b_block
                if variant == "anbnan":
                    seq += a_block
                seq.append(EOS)
                sequences.append(seq)
            return sequences
        '''),
    _e("vocab-count-loop-from-one", "1", "build_vocab counts the words with MATLAB-style index loops, "
       "for j in range(1, len(seq)) (1-based habit): the first token of every sequence is never counted, so "
       "'a' falls behind 'b' and a word seen only in first position is left out", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter()
            for i in range(len(sequences)):
                seq = sequences[i]
                for j in range(1, len(seq)):
                    word = seq[j]
                    if word != UNK:
                        counts[word] += 1
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {w: k for k, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-seq-any-before-compare", "1", "one_hot_sequence checks the range with ids.any() < 0 or "
       "ids.any() >= V: any() turns the ids into one bool first, so the check never fires (V >= 2): a "
       "negative id wraps to a last-row one-hot and an id >= V raises IndexError instead of ValueError",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if ids.any() < 0 or ids.any() >= V:
                raise ValueError(f"index out of range [0, {V})")
            return np.eye(V)[ids]
        '''),
    _e("one-hot-batch-reused-row-buffer", "1", "one_hot_batch fills one preallocated (T, V) buffer per "
       "sequence (zeroed and refilled, the Java way) and appends that same buffer to a list: every X[i] is "
       "the last sequence's encoding; the mask is right (X right only when N == 1)", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(ids) for ids in batch)
            mask = np.zeros((N, T), dtype=bool)
            block = np.zeros((T, V))
            rows = []
            for i in range(N):
                ids = np.asarray(batch[i])
                block[:, :] = 0.0
                block[np.arange(len(ids)), ids] = 1.0
                mask[i, : len(ids)] = True
                rows.append(block)
            X = np.array(rows)
            return X, mask
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-zeros-len", "2", "sigmoid allocates its output as np.zeros(len(x)) (Java's new double[x.length]): "
       "right for 1-D arrays, but a 2-D or higher input gets an (N,) buffer and the boolean-mask assignment "
       "raises IndexError (a 0-d input raises TypeError)", "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            s = np.zeros(len(x))
            pos = x >= 0
            neg = ~pos
            s[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
            e = np.exp(x[neg])
            s[neg] = e / (1.0 + e)
            return s
        '''),
    _e("softmax-builtin-sum", "2", "softmax divides by Python's builtin sum(e) (MATLAB's sum habit) instead of "
       "np.sum(e, axis=axis, keepdims=True): the builtin adds along the first axis, so the result is right "
       "for 1-D input and for axis=0, wrong along the last axis of a 2-D or 3-D array", "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / sum(e)
        '''),
    _e("ce-np-take-flattened", "2", "cross_entropy picks the targets' log-probabilities with np.take(logp, t) "
       "(no axis), which indexes the flattened (M, V) array: every target reads row 0's entry, so the loss is "
       "wrong whenever M > 1; the gradient (built with a one-hot) is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(np.count_nonzero(mask))
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores[mask]
            t = y[mask]
            m = s.max(axis=-1, keepdims=True)
            lse = np.log(np.sum(np.exp(s - m), axis=-1, keepdims=True))
            logp = s - m - lse
            loss = -np.sum(np.take(logp, t)) / M
            V = scores.shape[-1]
            p = np.exp(logp)
            onehot = np.eye(V)[t]
            dscores = np.zeros_like(scores)
            dscores[mask] = (p - onehot) / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-fix-chained-index", "3", "orthogonal flips the signs in a loop with Q[:][j] = -Q[:][j] "
       "(Java's a[i][j] habit, meaning column j): Q[:] is all of Q, so row j is flipped instead of column j; "
       "the result stays orthogonal but is not the specified matrix", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            for j in range(R.shape[0]):
                if R[j][j] < 0:
                    Q[:][j] = -Q[:][j]
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-bias-columns", "3", "init_lstm_params makes the biases MATLAB column vectors, "
       "np.zeros((4 * H, 1)) and np.zeros((V, 1)) (zeros(n, 1)), instead of the 1-D (4H,) and (V,); the "
       "weights and the order of the draws are right", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            b = np.zeros((4 * H, 1))
            by = np.zeros((V, 1))
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-pytorch-two-biases", "4", "rnn_step_forward adds b to both terms, x Wx + b + prev_h Wh + b "
       "(PyTorch's RNNCell has b_ih and b_hh): the bias counts twice (right only when b = 0)",
       "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + b + prev_h @ Wh + b
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-step-backward-outer-weight-grads", "4", "rnn_step_backward forms the weight gradients with "
       "np.outer(x, da) and np.outer(prev_h, da), the one-example formula x^T delta: np.outer flattens its "
       "arguments, so dWx is (N*D, N*H) and dWh (N*H, N*H), right only for N = 1; dx, dprev_h and db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = np.outer(x, da)
            dWh = np.outer(prev_h, da)
            db = np.sum(da, axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-forward-3d-T", "4", "rnn_forward collects the (N, H) states in a list and returns np.array(hs).T, "
       "taking .T for a swap of the first two axes (the 2-D habit): on the (T, N, H) stack it reverses every "
       "axis, so h is (H, N, T) instead of (N, T, H); the states themselves are right", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            prev_h = h0
            hs = []
            caches = []
            for t in range(T):
                prev_h, cache_t = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                hs.append(prev_h)
                caches.append(cache_t)
            h = np.array(hs).T
            return h, caches
        '''),
    _e("affine-forward-time-major-reshape", "4", "affine_forward flattens h to (N*T, H) for the matmul and "
       "reshapes the scores back to (T, N, V), PyTorch's sequence-first layout, instead of (N, T, V): a wrong "
       "shape when N != T, scrambled rows when N == T", "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            N, T, H = h.shape
            V = Wy.shape[1]
            scores = (h.reshape(N * T, H) @ Wy + by).reshape(T, N, V)
            cache = (h, Wy)
            return scores, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-split-not-reshaped", "5", "clip_by_global_norm concatenates the flattened gradients, scales "
       "the long vector and splits it back with np.split, never reshaping the pieces: when clipping happens "
       "every gradient comes back 1-D (right values, wrong shapes); the norm and the unclipped case are right",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            keys = list(grads)
            if not keys:
                return grads, 0.0
            flat = np.concatenate([np.ravel(grads[k]) for k in keys])
            norm = float(np.sqrt(np.sum(flat ** 2)))
            if norm <= max_norm:
                return grads, norm
            flat = flat * (max_norm / norm)
            sizes = [np.size(grads[k]) for k in keys]
            pieces = np.split(flat, np.cumsum(sizes)[:-1])
            clipped = dict(zip(keys, pieces))
            return clipped, norm
        '''),
    _e("clip-norm-np-inner", "5", "clip_by_global_norm takes each gradient's squared norm as "
       "np.sum(np.inner(g, g)) (np.inner read as the dot product): right for 1-D gradients, but for a matrix "
       "np.inner gives the (rows, rows) matrix of row products and its sum is the squared norm of the column "
       "sums, so the global norm and the clipping are wrong", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(np.inner(g, g)))
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-tf-gate-order", "6", "lstm_step_forward slices the gates in TensorFlow's order i, j, f, o "
       "(BasicLSTMCell's split: input, candidate, forget, output) instead of f, i, g, o: the input gate reads "
       "the forget block, the candidate the input block and the forget gate the candidate block",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            i = sigmoid(a[:, 0:H])
            g = np.tanh(a[:, H:2 * H])
            f = sigmoid(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-weight-grads-out-in", "6", "lstm_step_backward forms the weight gradients in the "
       "textbook / PyTorch (out, in) layout, dWx = da^T x and dWh = da^T prev_h, instead of x^T da and "
       "prev_h^T da: (4H, D) and (4H, H) instead of (D, 4H) and (H, 4H); dx, dprev_h, dprev_c and db are right",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
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
            dWx = da.T @ x
            dWh = da.T @ prev_h
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-backward-chained-zero-init", "6", "lstm_backward starts both carries with one chained assignment, "
       "dnext_h = dnext_c = np.zeros((N, H)), then adds dh[:, t] in place (dnext_h += dh[:, t]): at the last "
       "step the cell's carry is the same array, so dh[:, T-1] also enters as dnext_c; every gradient that "
       "depends on the last step's cell is wrong", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dxs = [None] * T
            dWx, dWh, db = 0.0, 0.0, 0.0
            dnext_h = dnext_c = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dnext_h += dh[:, t, :]
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dnext_c, cache[t])
                dxs[t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs, axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-pow-one-half", "7", "RMSprop.step takes the root of the running average as s ** 1/2 "
       "(Java's Math.pow(s, 1/2) habit): ** binds tighter than /, so it divides by s / 2 + eps instead of "
       "sqrt(s) + eps", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.alpha * self.square_avg[k] + (1 - self.alpha) * g * g
                self.square_avg[k] = s
                p -= self.lr * g / (s ** 1/2 + self.eps)
        '''),
    _e("adam-v-from-m", "7", "Adam.step feeds the second moment with the square of the freshly updated first "
       "moment, v <- b2 v + (1 - b2) m^2 (m typed for g), instead of g^2: v is (1 - b1)^2 = 1/100 of the "
       "right value on the first step, so that step is 10 lr * sign(g) instead of lr * sign(g), and every "
       "later step is too large as well", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m = self.beta1 * self.m[name] + (1 - self.beta1) * g
                v = self.beta2 * self.v[name] + (1 - self.beta2) * m ** 2
                self.m[name] = m
                self.v[name] = v
                m_hat = m / (1 - self.beta1 ** k)
                v_hat = v / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-shuffles-arrays-separately", "8", "train shuffles with rng.permutation(X), rng.permutation(y) "
       "and rng.permutation(mask) (the Stack Overflow way to shuffle an array): three different permutations, "
       "so each mini-batch pairs inputs, targets and masks of different sequences (the full batch, no "
       "shuffle, is right)", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch.X, train_batch.y, train_batch.mask
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for epoch in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    Xs = rng.permutation(X)
                    ys = rng.permutation(y)
                    ms = rng.permutation(mask)
                    batches = []
                    for start in range(0, N, batch_size):
                        stop = start + batch_size
                        batches.append(Batch(Xs[start:stop], ys[start:stop], ms[start:stop]))
                total = 0.0
                count = 0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    tokens = int(batch.mask.sum())
                    total += loss * tokens
                    count += tokens
                history["train_loss"].append(float(total / count))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-lstm-prompt-cell-lost", "8", "generate reads the prompt in one call to rnn_forward / "
       "lstm_forward and continues from its last hidden state, but lstm_forward returns no cell state, so "
       "generation restarts the LSTM's cell from zeros (c = 0) after the prompt; the RNN path is right",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            V = len(idx_to_word)
            H = Wh.shape[0]
            ids = encode(prompt, word_to_idx)
            X = np.stack([one_hot(int(i), V) for i in ids])[None, :, :]
            if cell == "rnn":
                hs, _ = rnn_forward(X, np.zeros((1, H)), Wx, Wh, b)
            else:
                hs, _ = lstm_forward(X, np.zeros((1, H)), np.zeros((1, H)), Wx, Wh, b)
            h = hs[:, -1, :]
            c = np.zeros((1, H))
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                if greedy:
                    idx = int(np.argmax(p))
                else:
                    idx = int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-swap-tail-minus-one", "9", "to_torch_state's gate-swap helper takes the tail as "
       "a[..., 2 * H:-1], MATLAB's end typed as -1: the last column of the output block is lost, so "
       "weight_ih is (4H - 1, D), weight_hh (4H - 1, H) and bias_ih (4H - 1,)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:-1]], axis=-1)

            b = swap(params["b"])
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(b, dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros_like(b, dtype=np.float64),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-tile-repeat-swapped", "9", "from_torch_state builds the row permutation as "
       "np.tile(order, H) * H + np.repeat(np.arange(H), 4), np.tile and np.repeat swapped: the gates' rows "
       "interleave (row j takes gate order[j % 4], unit j // 4) instead of moving as H-row blocks; right only "
       "for H = 1", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            w_ih = np.asarray(state["lstm.weight_ih_l0"])
            w_hh = np.asarray(state["lstm.weight_hh_l0"])
            H = w_hh.shape[1]
            order = np.array([1, 0, 2, 3])
            rows = np.tile(order, H) * H + np.repeat(np.arange(H), 4)
            b = np.asarray(state["lstm.bias_ih_l0"]) + np.asarray(state["lstm.bias_hh_l0"])
            return {
                "Wx": w_ih[rows].T.copy(),
                "Wh": w_hh[rows].T.copy(),
                "b": b[rows].copy(),
                "Wy": np.asarray(state["out.weight"]).T.copy(),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES36)
