"""Blind set 23 of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the mistakes students most
often bring to a TA's office hours (wrong maths, wrong numpy usage, a missed docstring detail). They were
written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before seeing any grader output; none was changed after the grader had
graded it. An entry that turns out to be accidentally correct stays in the set and in the numbers.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-backward-returns-dwh-dwx reads rnn_step_forward's cache as the tuple (x, prev_h, Wx, Wh, next_h);
- rnn-forward-bias-added-twice makes rnn_forward's cache a list of T step caches, each the tuple
  (x_t, prev_h, Wx, Wh, next_h) that rnn_step_forward is guessed to make;
- rnn-backward-db-assigned reads rnn_forward's cache as a list of T step caches and hands cache[t] to
  rnn_step_backward unopened;
- affine-backward-3d-transpose-matmul reads affine_forward's cache as a tuple whose first two items are
  (h, Wy);
- lstm-step-H-from-len makes lstm_step_forward's cache the tuple (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c);
- lstm-step-backward-do-tanh-prev-c reads that same tuple (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c);
- lstm-backward-weight-grads-mean reads lstm_forward's cache as a list of T step caches and hands cache[t]
  to lstm_step_backward unopened.

Measured once, before anything was changed after seeing it, at 7716804: caught 23/24 (no check lost points
for ``clip-value-missing-else``: every gradient of the cases has an entry out of bounds), a named mistake or
a pattern on 22/24 (also none: ``lstm-init-hstack-generator``, whose first line gives numpy's TypeError).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES23: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("encode-or-falsy-index-zero", "1", "encode looks tokens up with word_to_idx.get(t) or unk: the word at "
       "index 0 (the most frequent one) is falsy, so it encodes to UNK like an unknown word", "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = word_to_idx[UNK]
            return np.array([word_to_idx.get(token) or unk for token in tokens], dtype=np.int64)
        '''),
    _e("vocab-pop-unk-keyerror", "1", "build_vocab removes UNK from the counts with counts.pop(UNK) (no "
       "default): any data without the word UNK, i.e. almost every data set, raises KeyError", "data",
       "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence)
            counts.pop(UNK)  # UNK always sits last, it is never ranked with the other words
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-raises-indexerror", "1", "one_hot checks both bounds but raises IndexError (an index out of "
       "range) instead of the ValueError the docstring asks for; in-range indices are right", "data", "one_hot",
       '''
        def one_hot(idx, V):
            if idx < 0 or idx >= V:
                raise IndexError(f"index {idx} is outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
        '''),
    _e("split-test-negative-zero-slice", "1", "split_dataset takes the test part as sequences[-n_test:]: when "
       "n_test is 0 (e.g. p_train + p_val = 1) the slice [-0:] is the whole list, so the test part repeats "
       "every sequence instead of being empty", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            n_test = L - n_train - n_val
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[-n_test:]
            return train, val, test
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-grad-missing-parens", "2", "sigmoid_grad writes s * 1 - s (parentheses forgotten) instead of "
       "s * (1 - s): returns zeros everywhere", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            s = sigmoid(x)
            return s * 1 - s
        '''),
    _e("softmax-max-no-keepdims", "2", "softmax subtracts x.max(axis) without keepdims (the sum keeps them): "
       "right for 1-D inputs and axis=0, a broadcast error (or wrong values when the shapes happen to line up) "
       "along the last axis of 2-D and 3-D inputs", "activations", "softmax", '''
        def softmax(x, axis=-1):
            x = np.asarray(x, dtype=float)
            e = np.exp(x - np.max(x, axis=axis))
            return e / np.sum(e, axis=axis, keepdims=True)
        '''),
    _e("ce-loss-mean-then-over-m", "2", "cross_entropy divides by M twice: the mean of the valid tokens' "
       "log-probabilities is divided by M again (loss M times too small, right only when M = 1); the gradient "
       "is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]                      # (M, V)
            targets = y[mask]                     # (M,)
            m = s.max(axis=1, keepdims=True)
            log_p = s - m - np.log(np.sum(np.exp(s - m), axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -np.mean(log_p[rows, targets]) / M
            d = np.exp(log_p)
            d[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape, dtype=float)
            dscores[mask] = d / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-of-full-r", "3", "orthogonal fixes the signs with Q * np.sign(R), the whole triangular "
       "R, np.diag forgotten: a broadcast error for every non-square shape except single columns and rows, "
       "and for square shapes the entries below R's diagonal zero Q's lower triangle", "initialisation",
       "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(R)
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-hstack-generator", "3", "init_lstm_params passes a generator expression to np.hstack "
       "(np.hstack(orthogonal(...) for _ in range(4))): NumPy requires a list or tuple and raises TypeError "
       "on every call", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.hstack(orthogonal((D, H), rng) for _ in range(4))
            Wh = np.hstack(orthogonal((H, H), rng) for _ in range(4))
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn ------------------------------------------------------------------------------------
    _e("rnn-step-backward-returns-dwh-dwx", "4", "rnn_step_backward computes every gradient right but returns "
       "them as (dx, dprev_h, dWh, dWx, db): dWx and dWh swapped (wrong shapes when D != H, wrong values "
       "when D == H)", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWh, dWx, db
        '''),
    _e("rnn-forward-bias-added-twice", "4", "rnn_forward precomputes x Wx + b for all steps (the hint) and "
       "adds b again inside the loop: h_t = tanh(x_t Wx + b + h_{t-1} Wh + b) (right only when b = 0)", "rnn",
       "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b                      # (N, T, H), every step at once
            h = np.zeros((N, T, H))
            cache = []
            prev_h = h0
            for t in range(T):
                next_h = np.tanh(xw[:, t] + prev_h @ Wh + b)
                cache.append((x[:, t], prev_h, Wx, Wh, next_h))
                h[:, t] = next_h
                prev_h = next_h
            return h, cache
        '''),
    _e("rnn-backward-db-assigned", "4", "rnn_backward adds up dWx and dWh over the steps but assigns db = "
       "db_t: db holds step 0's bias gradient only; dx, dh0, dWx and dWh are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db = db_t
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("affine-backward-3d-transpose-matmul", "4", "affine_backward forms dWy = h.T @ dscores on the 3-D "
       "arrays (the 2-D habit): h.T is (H, T, N), so the stacked matmul raises a shape error for ordinary "
       "N, T, H instead of summing h_t^T dscores_t", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            dh = dscores @ Wy.T
            dWy = h.T @ dscores
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping -------------------------------------------------------------------------------
    _e("clip-norm-sqrt-sum-of-norms", "5", "clip_by_global_norm takes the global norm as sqrt(sum_k ||g_k||), "
       "the gradients' own norms not squared: wrong norm (and so wrong clipping) whenever the norms are not "
       "all 0 or 1", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.linalg.norm(g) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return clipped, norm
        '''),
    _e("clip-value-missing-else", "5", "clip_by_value only stores a gradient when one of its entries is out of "
       "bounds (no else branch): gradients already within [-c, c] are missing from the returned dict", "clipping",
       "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for k, g in grads.items():
                if np.abs(g).max() > clip_value:
                    clipped[k] = np.clip(g, -clip_value, clip_value)
            return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-H-from-len", "6", "lstm_step_forward takes H = len(prev_h), the batch size N (len of a 2-D "
       "array is its first axis): the gate blocks are cut N wide, a broadcast error unless N == H (N = 1 "
       "broadcasts to wrong values)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = len(prev_h)
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
    _e("lstm-step-backward-do-tanh-prev-c", "6", "lstm_step_backward takes the output gate's gradient as "
       "dnext_h * tanh(c_{t-1}) (the previous cell, read from the docstring's c_prev) instead of "
       "dnext_h * tanh(c_t); every other term is right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * np.tanh(prev_c)
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
    _e("lstm-backward-weight-grads-mean", "6", "lstm_backward collects each step's dWx, dWh, db in lists and "
       "combines them with np.mean(..., axis=0) instead of np.sum: the weight gradients are T times too small "
       "(right for T = 1); dx, dh0 and dc0 are right", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dxs, dWxs, dWhs, dbs = [], [], [], []
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_h, dprev_c, cache[t]
                )
                dxs.append(dx_t)
                dWxs.append(dWx_t)
                dWhs.append(dWh_t)
                dbs.append(db_t)
            dx = np.stack(dxs[::-1], axis=1)
            dWx = np.mean(dWxs, axis=0)
            dWh = np.mean(dWhs, axis=0)
            db = np.mean(dbs, axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-scalar-mean-square", "7", "RMSprop.step keeps one scalar per parameter, the running average of "
       "np.mean(g ** 2) over the array's entries ('root mean square' read as a mean over the tensor), instead "
       "of an elementwise running average of g^2", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                s = self.square_avg.get(k, 0.0)
                s = self.alpha * s + (1 - self.alpha) * np.mean(g ** 2)
                self.square_avg[k] = s
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-correction-outside-sqrt", "7", "Adam.step applies v's bias correction outside the square root: "
       "divides by sqrt(v) / (1 - beta2^k) + eps instead of sqrt(v / (1 - beta2^k)) + eps (early steps about "
       "30 times too small, converging to the right rule as k grows)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                denom = np.sqrt(self.v[k]) / (1 - self.beta2 ** self.t) + self.eps
                p -= self.lr * m_hat / denom
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-loss-reevaluated-after-epoch", "8", "train records the epoch's training loss as model_loss on the "
       "whole train_batch after the epoch's updates, instead of the token-weighted mean of the mini-batch "
       "losses met during the epoch; the updates and the validation loss are right", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                for idx in chunks:
                    batch = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    _, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                train_loss, _ = model_loss(params, train_batch, cell)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["train_loss"].append(float(train_loss))
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-softmax-axis0", "8", "generate computes p = softmax(h Wy + by, axis=0) on the (1, V) scores: "
       "the softmax runs over the batch axis of size 1, so every p is 1; greedy always picks word 0, and "
       "sampling raises ValueError (probabilities do not sum to 1)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
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
                p = softmax(h @ params["Wy"] + params["by"], axis=0)[0]
                if greedy:
                    nxt = int(np.argmax(p))
                else:
                    nxt = int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-omits-bias-hh", "9", "to_torch_state leaves lstm.bias_hh_l0 out (the NumPy model has one bias "
       "and bias_hh would be zeros anyway): five keys instead of six, so load_state_dict reports a missing key; "
       "the five entries it writes are right", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(params["Wx"]).T.copy(),
                "lstm.weight_hh_l0": swap(params["Wh"]).T.copy(),
                "lstm.bias_ih_l0": swap(params["b"]).astype(np.float64),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["by"].astype(np.float64),
            }
        '''),
    _e("from-torch-H-quarter", "9", "from_torch_state takes H = weight_hh_l0.shape[1] // 4 (the NumPy line "
       "H = Wh.shape[1] // 4 copied onto PyTorch's (4H, H) layout): the gate swap cuts blocks H // 4 wide "
       "(nothing at all for H < 4), so Wx, Wh and b keep wrong gate orders", "torch_port", "from_torch_state",
       '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1] // 4

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(state["lstm.weight_ih_l0"].T),
                "Wh": swap(state["lstm.weight_hh_l0"].T),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES23)
