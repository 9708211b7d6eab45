"""An eleventh blind set of learner mistakes, to measure how well the grader's messages describe mistakes it was never
tuned on.

Twenty-four entries, each ONE learner function written in full from the stub's docstring alone, correct except for
one realistic mistake none of the earlier sets contains, written without reading the reference, the examples, the
judges or catalogues and before any grader output; none changed after grading. Run with
``.venv/bin/python -m tests.runtime.mutants_blind11``.

Cache layouts: four entries touch a cache another function makes or reads, and guess its layout.

- ``rnn-step-backward-tanh-of-output`` reads the step cache as ``x, prev_h, Wx, Wh = cache[:4]`` and
  ``next_h = cache[-1]`` (anything may sit between them, e.g. ``b``).
- ``affine-backward-dh-flat`` reads ``h, Wy = cache[0], cache[1]`` (anything may follow).
- ``lstm-cell-one-minus-forget`` and ``lstm-output-gate-candidate-slice`` return the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``; a backward that reads another layout fails on it.

Measured once, before anything was changed after seeing it, at the commit that added it (the last of its
session, after both reviews' fixes): caught 24/24, a named mistake or a pattern on 20/24 (none:
``data-anbnan-no-eos``, whose first line gives the lengths, ``softmax-shift-last-axis``,
``clip-value-bounds-reversed``, ``from-torch-bias-hh-not-reordered``). Read one by one, 19/24:
``lstm-cell-one-minus-forget`` counts only through the backward check's "both are wrong".

Every other entry calls the other functions only through their documented inputs and outputs.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES11: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-anbnan-no-eos", "1", "generate_dataset builds the 'anbnan' sequences as a^n b^n a^n without the "
       "final EOS ('anbn' sequences are right)", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbn":
                    sequence = ["a"] * n + ["b"] * n + [EOS]
                else:
                    sequence = ["a"] * n + ["b"] * n + ["a"] * n
                sequences.append(sequence)
            return sequences
    '''),
    _e("one-hot-batch-pads-with-id-0", "1", "one_hot_batch pads the index arrays with 0 and one-hot encodes "
       "the padded ids: padded steps get the one-hot row of word 0 instead of all zeros (mask right)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            padded = np.zeros((N, T), dtype=np.int64)
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                padded[i, : len(ids)] = ids
                mask[i, : len(ids)] = True
            X = np.eye(V)[padded]
            return X, mask
    '''),
    _e("split-test-floored", "1", "split_dataset sizes the test part as floor((1 - p_train - p_val) * L) too, "
       "instead of taking the rest: sequences are lost (256 gives 204 / 25 / 25)", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            n_test = math.floor((1 - p_train - p_val) * L)
            train = sequences[:n_train]
            val = sequences[n_train : n_train + n_val]
            test = sequences[n_train + n_val : n_train + n_val + max(n_test, 0)]
            return train, val, test
    '''),
    # ---- task 2: activations ------------------------------------------------------------------------------
    _e("tanh-grad-tanh-twice", "2", "tanh_grad applies tanh twice: t = tanh(x), then 1 - tanh(t) ** 2 instead "
       "of 1 - t ** 2 (right at 0 only)", "activations", "tanh_grad", '''
        def tanh_grad(x):
            t = np.tanh(x)
            return 1 - np.tanh(t) ** 2
    '''),
    _e("softmax-shift-last-axis", "2", "softmax subtracts the max along the last axis whatever axis is passed, "
       "then normalises along axis: right for axis=-1 (and 1-D), wrong values along any other axis",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x, axis=-1, keepdims=True)
            e = np.exp(shifted)
            return e / np.sum(e, axis=axis, keepdims=True)
    '''),
    _e("ce-over-sequences-cs231n", "2", "cross_entropy divides the masked loss and gradient by N (the number "
       "of sequences, CS231n's temporal softmax convention) instead of M (the number of valid tokens)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            N = scores.shape[0]
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            shifted = scores - scores.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            valid_log_p = log_p[mask]
            targets = y[mask]
            rows = np.arange(M)
            loss = -valid_log_p[rows, targets].sum() / N
            dvalid = np.exp(valid_log_p)
            dvalid[rows, targets] -= 1
            dscores = np.zeros_like(scores)
            dscores[mask] = dvalid / N
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation ---------------------------------------------------------------------------
    _e("orthogonal-flips-positive-diag", "3", "orthogonal flips the columns of Q where diag(R) is positive "
       "instead of negative: still orthogonal, but every entry has the wrong sign (W = -the specified matrix)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            d = np.diag(R)
            Q[:, d > 0] *= -1
            if rows < cols:
                Q = Q.T
            return Q
    '''),
    _e("rnn-init-torch-layout", "3", "init_rnn_params draws every matrix in PyTorch's (out, in) layout and "
       "transposes it (orthogonal((H, H)).T, ...): rectangular matrices are unchanged, Wh (and any square Wx "
       "or Wy) is the transpose of the specified draw", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            # PyTorch stores weights as (out_features, in_features)
            Wx = orthogonal((H, D), rng).T.copy()
            Wh = orthogonal((H, H), rng).T.copy()
            Wy = orthogonal((V, H), rng).T.copy()
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("lstm-init-wy-first", "3", "init_lstm_params draws Wy first, then the four Wx blocks and the four Wh "
       "blocks: right shapes and orthogonality, every matrix from the wrong part of the rng's stream",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wy = orthogonal((H, V), rng)
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn --------------------------------------------------------------------------------------
    _e("rnn-step-backward-tanh-of-output", "4", "rnn_step_backward takes the tanh derivative as "
       "1 - tanh(next_h) ** 2 (tanh applied to the cached output) instead of 1 - next_h ** 2",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh = cache[:4]
            next_h = cache[-1]
            da = dnext_h * (1 - np.tanh(next_h) ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("affine-backward-dh-flat", "4", "affine_backward flattens (N, T) for the matmuls and returns dh as "
       "(N*T, H), never reshaped back to (N, T, H); dWy and dby are right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, V = dscores.shape
            H = h.shape[-1]
            dflat = dscores.reshape(N * T, V)
            hflat = h.reshape(N * T, H)
            dh = dflat @ Wy.T
            dWy = hflat.T @ dflat
            dby = dflat.sum(axis=0)
            return dh, dWy, dby
    '''),
    # ---- task 5: clipping ---------------------------------------------------------------------------------
    _e("clip-norm-factor-inverted", "5", "clip_by_global_norm multiplies by norm / max_norm instead of "
       "max_norm / norm when norm > max_norm: large gradients are scaled up, not down (norm returned right)",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be > 0")
            norm = float(np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values())))
            if norm > max_norm:
                scale = norm / max_norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-norm-largest-tensor-norm", "5", "clip_by_global_norm takes the global norm as the largest of the "
       "gradients' own L2 norms instead of the norm over all of them together", "clipping",
       "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be > 0")
            norm = max((float(np.sqrt(np.sum(g ** 2))) for g in grads.values()), default=0.0)
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-bounds-reversed", "5", "clip_by_value calls np.clip(g, clip_value, -clip_value) (bounds in "
       "the wrong order): every entry becomes -clip_value", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be > 0")
            return {k: np.clip(g, clip_value, -clip_value) for k, g in grads.items()}
    '''),
    # ---- task 6: lstm -------------------------------------------------------------------------------------
    _e("lstm-cell-one-minus-forget", "6", "lstm_step_forward reads f as the fraction to forget: "
       "c = (1 - f) * prev_c + i * g instead of f * prev_c + i * g", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H : 2 * H])
            g = np.tanh(a[:, 2 * H : 3 * H])
            o = sigmoid(a[:, 3 * H : 4 * H])
            next_c = (1 - f) * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-output-gate-candidate-slice", "6", "lstm_step_forward computes the output gate from the "
       "candidate's block, o = sigmoid(a[:, 2H:3H]) (a copy-paste slip), instead of a[:, 3H:4H]",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H : 2 * H])
            g = np.tanh(a[:, 2 * H : 3 * H])
            o = sigmoid(a[:, 2 * H : 3 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    # ---- task 7: optimisers -------------------------------------------------------------------------------
    _e("sgd-momentum-lr-twice", "7", "SGD.step with momentum folds lr into the velocity (v <- mu v + lr g) and "
       "then also steps p -= lr * v: the step is lr^2-scaled (right without momentum)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = self.lr * g
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + self.lr * g
                    p -= self.lr * self.velocity[k]
                else:
                    p -= self.lr * g
    '''),
    _e("rmsprop-average-starts-at-one", "7", "RMSprop.step starts the running average at ones (TensorFlow 1's "
       "convention) instead of zeros: early steps are far too small", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.ones_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-v-uncorrected", "7", "Adam.step bias-corrects m but divides by sqrt(v) + eps with the raw v "
       "(no v_hat): steps about sqrt(1 / (1 - beta2^k)) times too large early on", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                p -= self.lr * m_hat / (np.sqrt(self.v[name]) + self.eps)
    '''),
    # ---- task 8: training ---------------------------------------------------------------------------------
    _e("model-loss-carries-state", "8", "model_loss carries the last hidden state of one call into the next "
       "as h0 (min-char-rnn's hprev) when the batch size matches, instead of starting every batch from zeros",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            prev = getattr(model_loss, "hprev", None)
            h0 = prev if prev is not None and prev.shape == (N, H) else np.zeros((N, H))
            if cell == "rnn":
                h, cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            model_loss.hprev = h[:, -1].copy()
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
    _e("train-loss-cumulative", "8", "train sets its loss and token totals to zero once before the epoch loop: "
       "each epoch's training loss is the running mean over all epochs so far (the first epoch is right)",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None, cell="lstm",
                  seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            total_loss = 0.0
            total_tokens = 0
            for _ in range(epochs):
                if batch_size is None:
                    order = np.arange(N)
                    size = N
                else:
                    order = rng.permutation(N)
                    size = batch_size
                for start in range(0, N, size):
                    idx = order[start : start + size]
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    tokens = int(batch.mask.sum())
                    total_loss += loss * tokens
                    total_tokens += tokens
                history["train_loss"].append(total_loss / total_tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    _e("generate-feeds-probabilities", "8", "generate picks each token right but feeds the probability vector "
       "p back in as the next input instead of the chosen token's one-hot", "train", "generate", '''
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
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = advance(one_hot(int(idx), V)[None, :], h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"], axis=-1)[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = advance(p[None, :], h, c)
            return tokens
    '''),
    # ---- task 9: torch port -------------------------------------------------------------------------------
    _e("torch-out-weight-untransposed", "9", "to_torch_state copies Wy as out.weight without transposing it: "
       "(H, V) instead of (V, H); the LSTM entries and out.bias are right", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H : 2 * H], a[..., 0:H], a[..., 2 * H :]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(params["b"].shape, dtype=np.float64),
                "out.weight": np.array(params["Wy"], dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
    '''),
    _e("from-torch-bias-hh-not-reordered", "9", "from_torch_state reorders bias_ih and then adds bias_hh "
       "unreordered (b = swap(bias_ih) + bias_hh): right whenever bias_hh is zero, wrong for a trained "
       "nn.LSTM", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H : 2 * H], a[..., 0:H], a[..., 2 * H :]], axis=-1)

            Wx = swap(state["lstm.weight_ih_l0"].T)
            Wh = swap(state["lstm.weight_hh_l0"].T)
            b = swap(state["lstm.bias_ih_l0"]) + state["lstm.bias_hh_l0"]
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": b,
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES11)
