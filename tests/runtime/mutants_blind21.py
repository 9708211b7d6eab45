"""Blind set 21 of learner mistakes: an ordinary class at office hours, every task.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the mix a TA sees when
students come to ask why a check fails (wrong maths, wrong numpy usage, a docstring detail missed). They
were written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-backward-db-no-axis reads rnn_step_forward's cache as ``(x, prev_h, Wx, Wh, next_h)``;
- rnn-forward-projects-twice makes, and rnn-backward-last-step-doubled reads, rnn_forward's cache as
  ``(x, h0, Wx, Wh, h)`` with h the (N, T, H) states;
- affine-backward-dh-no-transpose reads affine_forward's cache as ``(h, Wy, ...)`` (h first, Wy second);
- lstm-gates-read-prev-c makes, and lstm-step-backward-output-gate-no-derivative reads, lstm_step_forward's
  cache as ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- lstm-backward-dx-like-dh reads lstm_forward's cache as a list of T step caches (``cache[t]``), each handed
  to ada's own lstm_step_backward.

Measured once, before anything was changed after seeing it, at f161a6f: caught 24/24, a named mistake or a
pattern on 21/24 (none: ``vocab-none-compared``, ``clip-norm-iterates-keys`` and
``clip-value-mask-assign-full-sign``, whose first lines give Python's and numpy's TypeErrors).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES21: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-endpoint-six", "1", "generate_dataset draws n with rng.integers(1, MAX_N + 1, endpoint=True): the "
       "endpoint is included twice over, so n ranges over 1..6 instead of 1..5 (and the draws differ)",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                # n uniform on {1, ..., 5}: include the endpoint
                n = int(rng.integers(1, MAX_N + 1, endpoint=True))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequence.append(EOS)
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-none-compared", "1", "build_vocab validates the cap with `if max_size < 1` before any None check: "
       "the default max_size=None raises TypeError ('<' between NoneType and int) instead of meaning no cap",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-batch-pad-every-axis", "1", "one_hot_batch pads each sequence's (T_i, V) one-hot block with "
       "np.pad(X_i, (0, T - T_i)), which pads every axis: blocks become (T, V + T - T_i) and np.stack raises "
       "as soon as the lengths differ (right only when all sequences have the same length)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            T = max(len(ids) for ids in batch)
            rows, masks = [], []
            for ids in batch:
                ids = np.asarray(ids)
                pad = T - len(ids)
                rows.append(np.pad(one_hot_sequence(ids, V), (0, pad)))
                masks.append(np.pad(np.ones(len(ids), dtype=bool), (0, pad)))
            X = np.stack(rows).astype(np.float64)
            mask = np.stack(masks)
            return X, mask
        '''),
    _e("split-np-floor-float-index", "1", "split_dataset computes the cut points with np.floor, which returns a "
       "float (np.float64): slicing the list with it raises TypeError (slice indices must be integers)",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0:
                raise ValueError("fractions must be non-negative")
            if p_train + p_val > 1:
                raise ValueError("p_train + p_val must be at most 1")
            L = len(sequences)
            n_train = np.floor(p_train * L)
            n_val = np.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return list(train), list(val), list(test)
        '''),

    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-one-exp-negative-overflow", "2", "tanh uses the one-exponential form (1 - exp(-2x)) / (1 + exp(-2x)): "
       "right for ordinary x, but exp(-2x) overflows for x below about -355, giving inf / inf = nan",
       "activations", "tanh", '''
        def tanh(x):
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-2.0 * x)
            return (1.0 - e) / (1.0 + e)
        '''),
    _e("softmax-denominator-unshifted", "2", "softmax shifts the numerator by the max but sums the unshifted "
       "exponentials in the denominator, exp(x - m) / sum exp(x): every probability is exp(-m) times too "
       "small (right only when the max along axis is 0), overflow for large logits",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            x = np.asarray(x, dtype=np.float64)
            m = np.max(x, axis=axis, keepdims=True)
            e = np.exp(x - m)
            return e / np.sum(np.exp(x), axis=axis, keepdims=True)
        '''),
    _e("ce-lse-no-keepdims", "2", "cross_entropy keeps the dims for the row max but not for the log-sum-exp: "
       "(M, V) minus an (M,) vector raises a broadcast error unless M == V (wrong values) or M == 1 (right)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(np.sum(mask))
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]                      # (M, V)
            targets = y[mask]                     # (M,)
            rows = np.arange(M)
            m = s.max(axis=-1, keepdims=True)
            log_p = s - m - np.log(np.sum(np.exp(s - m), axis=-1))
            loss = -np.sum(log_p[rows, targets]) / M
            d = np.exp(log_p)
            d[rows, targets] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = d / M
            return float(loss), dscores
        '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-qr-unpacked-rq", "3", "orthogonal unpacks np.linalg.qr's result in the wrong order (R, Q = "
       "qr(A)): it returns the sign-fixed triangular factor, (min, min) and not orthogonal, instead of Q",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            R, Q = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-wy-via-rnn-init", "3", "init_lstm_params reuses init_rnn_params for the output layer (same "
       "shapes as the RNN's): that call draws an extra (D, H) and (H, H) matrix first, so Wy is the rng's "
       "third draw after the gate blocks instead of the first; Wx, Wh and the biases are right",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            # the output layer is the same as the RNN's: reuse it
            output = init_rnn_params(D, H, V, rng)
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": np.zeros(4 * H),
                "Wy": output["Wy"],
                "by": output["by"],
            }
        '''),

    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-db-no-axis", "4", "rnn_step_backward sums the bias gradient with np.sum(da) and no "
       "axis: db is a scalar (the sum over the batch and the hidden units) instead of an (H,) vector; dx, "
       "dprev_h, dWx and dWh are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = np.sum(da)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-forward-projects-twice", "4", "rnn_forward precomputes x Wx + b for all steps (the hint) and then "
       "still hands that projection to rnn_step_forward, which multiplies it by Wx and adds b again: a shape "
       "error when D != H, wrong states when D == H", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b                      # (N, T, H): the input part of every step at once
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                prev_h, _ = rnn_step_forward(xw[:, t], prev_h, Wx, Wh, b)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-backward-last-step-doubled", "4", "rnn_backward starts the carried gradient at dh[:, T-1] and then "
       "adds dh[:, t] at every step, the last one included: the last step's upstream gradient is counted "
       "twice (every gradient wrong unless dh[:, T-1] is zero)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dprev_h = dh[:, T - 1].copy()         # the gradient that enters at the last step
            for t in reversed(range(T)):
                dcur = dh[:, t] + dprev_h
                da[:, t] = dcur * (1.0 - h[:, t] ** 2)
                dprev_h = da[:, t] @ Wh.T
            dh0 = dprev_h
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)
            flat_da = da.reshape(N * T, H)
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ flat_da
            dWh = h_prev.reshape(N * T, H).T @ flat_da
            db = flat_da.sum(axis=0)
            return dx, dh0, dWx, dWh, db
        '''),
    _e("affine-backward-dh-no-transpose", "4", "affine_backward computes dh = dscores Wy instead of dscores Wy^T: "
       "a matmul shape error whenever H != V (wrong values when H == V); dWy and dby are right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = dscores.shape[2]
            dh = dscores @ Wy
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),

    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-iterates-keys", "5", "clip_by_global_norm sums the squares with `for g in grads`, which "
       "iterates over the dict's keys: squaring the key string raises TypeError for every non-empty dict",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = grads
            return clipped, norm
        '''),
    _e("clip-value-mask-assign-full-sign", "5", "clip_by_value writes c[too_big] = clip_value * np.sign(c), "
       "the right-hand side not masked: NumPy refuses to assign the full array to the masked entries "
       "(ValueError) unless every entry exceeds the bound, even when none does",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            clipped = {}
            for k, g in grads.items():
                c = g.copy()
                too_big = np.abs(c) > clip_value
                c[too_big] = clip_value * np.sign(c)
                clipped[k] = c
            return clipped
        '''),

    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-gates-read-prev-c", "6", "lstm_step_forward feeds the previous cell state into the gates, a = x Wx "
       "+ c_{t-1} Wh + b, instead of the previous hidden state h_{t-1} (right only when prev_c == prev_h)",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_c @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-output-gate-no-derivative", "6", "lstm_step_backward multiplies the forget, input and "
       "candidate gradients by their activation's derivative but forgets it for the output gate: the o block "
       "of da is dnext_h * tanh(c) instead of that times o (1 - o); dprev_c is right",
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
            da = np.concatenate(
                [df * f * (1.0 - f), di * i * (1.0 - i), dg * (1.0 - g ** 2), do], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-backward-dx-like-dh", "6", "lstm_backward allocates dx with np.zeros_like(dh), an (N, T, H) array: "
       "storing each step's (N, D) input gradient raises a broadcast error whenever D != H (right when D == H)",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx = np.zeros_like(dh)
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dWx, dWh, db = 0.0, 0.0, 0.0
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_h, dprev_c, cache[t]
                )
                dx[:, t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),

    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-centered", "7", "RMSprop.step implements PyTorch's centered variant (also keeps a running mean "
       "of g and divides by sqrt(s - mean_g^2) + eps) where the docstring asks for the default, uncentered "
       "one: steps slightly larger (about 0.5% on the first step), the gap grows with consistent gradients",
       "optim", "RMSprop.step", '''
        def step(self, params, grads):
            if not hasattr(self, "grad_avg"):
                self.grad_avg = {}
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                    self.grad_avg[k] = np.zeros_like(p)
                self.square_avg[k] = self.alpha * self.square_avg[k] + (1 - self.alpha) * g ** 2
                self.grad_avg[k] = self.alpha * self.grad_avg[k] + (1 - self.alpha) * g
                avg = np.sqrt(self.square_avg[k] - self.grad_avg[k] ** 2) + self.eps
                p -= self.lr * g / avg
        '''),
    _e("adam-v-dot-square", "7", "Adam.step squares the gradient for the second moment with np.dot(g, g) (a "
       "matrix product, a scalar for 1-D g) instead of the elementwise g * g: a shape error for non-square "
       "matrices, wrong values for square ones and for biases", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            b1, b2 = self.beta1, self.beta2
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = b1 * self.m[k] + (1 - b1) * g
                self.v[k] = b2 * self.v[k] + (1 - b2) * np.dot(g, g)
                m_hat = self.m[k] / (1 - b1 ** self.t)
                v_hat = self.v[k] / (1 - b2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),

    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-val-default-cell", "8", "train passes cell to model_loss for the mini-batches but not for the "
       "validation loss (model_loss(params, val_batch)): the validation loss always runs the default LSTM, "
       "wrong or an error when training an RNN (right for cell='lstm')", "train", "train", '''
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
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(batch.mask.sum())
                    total += float(loss) * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-rng-required-greedy", "8", "generate raises ValueError whenever rng is None, greedy or not: "
       "the default greedy call (rng=None) is refused, although rng is required only when sampling",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if rng is None:
                raise ValueError("generate needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(token_id, h, c):
                x = one_hot(int(token_id), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for token_id in encode(prompt, word_to_idx):
                h, c = feed(token_id, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
        '''),

    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("torch-np-copy-keeps-fortran", "9", "to_torch_state copies the transposed matrices with np.copy(W.T), "
       "whose default order='K' keeps the transpose's Fortran layout: new arrays with the right values, but "
       "not C-contiguous (ndarray.copy() would have been)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.copy(swap(params["Wx"]).T),
                "lstm.weight_hh_l0": np.copy(swap(params["Wh"]).T),
                "lstm.bias_ih_l0": swap(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.copy(params["Wy"].T),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-rejects-nonzero-bias-hh", "9", "from_torch_state folds bias_ih + bias_hh but first insists "
       "that bias_hh is zero (as to_torch_state writes it): a state with a non-zero bias_hh (a PyTorch-trained "
       "or freshly initialised nn.LSTM) raises ValueError instead of being mapped",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            bias_ih = state["lstm.bias_ih_l0"]
            bias_hh = state["lstm.bias_hh_l0"]
            if np.any(bias_hh != 0):
                raise ValueError("bias_hh must be zero: the NumPy LSTM has a single bias")
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[H:2 * H], a[0:H], a[2 * H:]], axis=0)

            return {
                "Wx": swap(state["lstm.weight_ih_l0"]).T.copy(),
                "Wh": swap(state["lstm.weight_hh_l0"]).T.copy(),
                "b": swap(bias_ih + bias_hh),
                "Wy": state["out.weight"].T.copy(),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES21)
