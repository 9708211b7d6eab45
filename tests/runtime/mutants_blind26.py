"""Blind set 26: the mistakes a TA grading a hundred ordinary submissions sees most often.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains (a wrong formula, axis,
shape, state handling or a forgotten edge case of the docstring). The set was written without reading the
reference solution, the example submissions, the grader's judges or its catalogues of known mistakes, and
before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-forward-bias-dropped makes, and rnn-backward-dWh-wraps-to-last-state reads, the rnn_forward cache
  ``(x, h0, Wx, Wh, h)`` with h the (N, T, H) states;
- rnn-step-backward-dx-untransposed reads the rnn_step_forward cache ``(x, prev_h, Wx, Wh, next_h)``;
- affine-backward-dby-keepdims reads h and Wy as ``cache[0]`` and ``cache[1]`` of the affine_forward cache;
- lstm-step-H-from-Wx-rows and lstm-step-next-c-squashed make, and
  lstm-step-backward-tanh-grad-square-of-difference reads, the lstm_step_forward cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates already activated).

Measured once, before anything was changed after seeing it, at a6d15c0: caught 23/24 (no check lost points
for ``sigmoid-naive-formula``: its values are right; only numpy's overflow warnings differ), a named mistake or
a pattern on 23/24.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES26: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-eos-token-literal", "1", "generate_dataset ends every sequence with the string '<EOS>' typed "
       "by hand (the usual NLP spelling) instead of the module's EOS constant 'EOS'", "data", "generate_dataset",
       '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequence.append("<EOS>")
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-counter-of-sequences", "1", "build_vocab counts with Counter(sequences), the list of token "
       "lists itself, instead of the words in them: TypeError (unhashable list) for any non-empty data",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(sequences)
            counts.pop(UNK, None)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-batch-mask-one-extra", "1", "one_hot_batch builds the mask as np.arange(T) <= T_i instead of "
       "< T_i: every sequence shorter than the longest gets its first padded step marked real (X is right)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            lengths = np.array([len(ids) for ids in batch], dtype=np.int64)
            T = int(lengths.max()) if N > 0 else 0
            X = np.zeros((N, T, V))
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                X[i, np.arange(len(ids)), ids] = 1.0
            mask = np.arange(T)[None, :] <= lengths[:, None]
            return X, mask
        '''),
    _e("split-test-skips-one", "1", "split_dataset starts the test part one past the end of the validation "
       "part, sequences[n_train + n_val + 1:]: one sequence is lost (256 gives 204 / 25 / 26)",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative and sum to at most 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val + 1:]
            return train, val, test
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-naive-formula", "2", "sigmoid is the textbook 1 / (1 + exp(-x)) with no branch on the sign: "
       "exp(-x) overflows for x below about -709 (RuntimeWarning, inf in the intermediate), though the "
       "values come out right", "activations", "sigmoid", '''
        def sigmoid(x):
            return 1.0 / (1.0 + np.exp(-x))
        '''),
    _e("sigmoid-writes-into-input", "2", "sigmoid starts from s = x (taken for a copy) and fills s[pos] and "
       "s[neg] branch by branch: the values are right, but the caller's array is overwritten with them",
       "activations", "sigmoid", '''
        def sigmoid(x):
            s = x
            pos = x >= 0
            neg = ~pos
            s[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
            e = np.exp(x[neg])
            s[neg] = e / (1.0 + e)
            return s
        '''),
    _e("ce-targets-not-masked", "2", "cross_entropy selects the valid rows scores[mask] but the targets as "
       "y.ravel(), every step: IndexError (M rows against N*T targets) whenever the mask has a False "
       "entry; right for an all-True mask", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores[mask]
            targets = y.ravel()
            m = s.max(axis=1, keepdims=True)
            lse = np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            log_p = s - m - lse
            rows = np.arange(M)
            loss = -log_p[rows, targets].sum() / M
            d_valid = np.exp(log_p)
            d_valid[rows, targets] -= 1.0
            d_valid /= M
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = d_valid
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-fix-after-transpose", "3", "orthogonal transposes Q for a wide shape first and applies "
       "the sign fix Q * sign(diag(R)) afterwards: the (min,) signs meet the (rows, cols) matrix's last axis, "
       "a broadcast error for every wide shape with more than one row (tall and square are right)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            if rows < cols:
                Q = Q.T
            return Q * np.sign(np.diag(R))
        '''),
    _e("lstm-init-bias-gate-rows", "3", "init_lstm_params makes the gate bias one row per gate, "
       "b = np.zeros((4, H)), instead of the flat (4H,) vector", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": np.zeros((4, H)),
                "Wy": Wy,
                "by": np.zeros(V),
            }
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-bias-dropped", "4", "rnn_forward precomputes the input projection as x Wx (the + b of the "
       "hint forgotten) and never adds b in the loop: h_t = tanh(x_t Wx + h_{t-1} Wh), right only when b = 0",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-step-backward-dx-untransposed", "4", "rnn_step_backward computes dx = da Wx instead of da Wx^T: "
       "a matmul shape error whenever D != H (wrong values when D == H); dprev_h, dWx, dWh and db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-dWh-wraps-to-last-state", "4", "rnn_backward adds h[:, t - 1]^T da_t to dWh at every "
       "step, the t = 0 case forgotten: at step 0 the index -1 wraps to the last state h_{T-1} instead of "
       "h0; dx, dh0, dWx and db are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            dx = np.zeros((N, T, D))
            dWx = np.zeros((D, H))
            dWh = np.zeros((H, H))
            db = np.zeros(H)
            dprev_h = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                da = (dh[:, t] + dprev_h) * (1.0 - h[:, t] ** 2)
                dx[:, t] = da @ Wx.T
                dWx += x[:, t].T @ da
                dWh += h[:, t - 1].T @ da
                db += da.sum(axis=0)
                dprev_h = da @ Wh.T
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("affine-backward-dby-keepdims", "4", "affine_backward sums the bias gradient with "
       "dscores.sum(axis=(0, 1), keepdims=True): dby has shape (1, 1, V) instead of (V,); dh and dWy are right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1), keepdims=True)
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-l1", "5", "clip_by_global_norm measures the gradients with the L1 norm, the sum of |g| "
       "over every entry, instead of the L2 norm sqrt(sum g^2): the norm is too large, so gradients are "
       "clipped too often and too hard", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(sum(np.sum(np.abs(g)) for g in grads.values()))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    _e("clip-norm-clamps-entries", "5", "clip_by_global_norm measures the global L2 norm right but, when it "
       "exceeds max_norm, clamps every entry to [-max_norm, max_norm] (np.clip) instead of rescaling all the "
       "gradients by max_norm / norm", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                clipped = {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}
                return clipped, norm
            return grads, norm
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-H-from-Wx-rows", "6", "lstm_step_forward takes the gate width as H = Wx.shape[0] // 4 "
       "(D // 4, the wrong axis of Wx) instead of Wx.shape[1] // 4: the gate blocks are cut at the wrong "
       "columns, a broadcast error against prev_c unless D == 4H", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = Wx.shape[0] // 4
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
    _e("lstm-step-next-c-squashed", "6", "lstm_step_forward reuses next_c for tanh of the cell "
       "(next_c = np.tanh(next_c); next_h = o * next_c): next_h is right, but the cell state returned and "
       "carried to the next step is tanh(c_t) instead of c_t", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_c = np.tanh(next_c)
            next_h = o * next_c
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-tanh-grad-square-of-difference", "6", "lstm_step_backward writes the cell's tanh "
       "derivative as (1 - tanh(c)) ** 2 instead of 1 - tanh(c) ** 2 in dc = dnext_c + dnext_h * o * ...: "
       "every gradient that goes through dc is wrong (do is right)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tanh_c) ** 2
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1.0 - f), di * i * (1.0 - i), dg * (1.0 - g ** 2), do * o * (1.0 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("adam-correction-times-not-power", "7", "Adam.step writes the bias corrections as 1 - beta * k "
       "(one star missing from beta ** k): right on step 1, then 1 - 2 beta < 0 on step 2, so m_hat flips "
       "sign and sqrt(v_hat) is nan", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
                m_hat = self.m[k] / (1 - self.beta1 * self.t)
                v_hat = self.v[k] / (1 - self.beta2 * self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    _e("rmsprop-squares-param", "7", "RMSprop.step feeds the running average with the parameter's square, "
       "p ** 2 (the loop variable typed for g), instead of g ** 2: the step is divided by the root mean "
       "square of the weights", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.alpha * self.square_avg[k] + (1 - self.alpha) * p ** 2
                self.square_avg[k] = s
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-batches-step-one", "8", "train cuts the shuffled indices with range(0, N) instead of "
       "range(0, N, batch_size): one overlapping mini-batch starts at every sequence, N updates per epoch "
       "(right for batch_size None)", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
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
    _e("generate-prompt-keyerror", "8", "generate reads the prompt with word_to_idx[w]: a prompt word not in "
       "the vocabulary raises KeyError instead of being read as UNK", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
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

            for word in prompt:
                h, c = feed(word_to_idx[word], h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-swap-reshape-h4", "9", "to_torch_state swaps the gates with a.reshape(..., H, 4)[..., [1, 0, "
       "2, 3]] instead of reshape(..., 4, H)[..., [1, 0, 2, 3], :]: it swaps columns 4k and 4k + 1 inside "
       "the blocks rather than the forget and input blocks (right only when H == 1)",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap(a):
                H = a.shape[-1] // 4
                blocks = a.reshape(a.shape[:-1] + (H, 4))
                return blocks[..., [1, 0, 2, 3]].reshape(a.shape)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(params["b"].shape[0]),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-swap-reversed-slice", "9", "from_torch_state swaps the first two gate blocks by reversing "
       "the first 2H columns ([..., :2H][..., ::-1]): the blocks change places but each block's own columns "
       "come out reversed too (right only when H == 1)", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., :2 * H][..., ::-1], a[..., 2 * H:]], axis=-1)

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
    main(ENTRIES26)
