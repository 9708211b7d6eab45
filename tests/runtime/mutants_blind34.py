"""Blind set 34: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the slips a class of 200
makes the week an assignment is due (the middle of the class, the rushed and the over-confident), preferring
mistakes a grader would see many times over exotic ones. They were written without reading the reference
solution, the example submissions, the grader's judges or its catalogues of known mistakes, and before any
grader output; none was changed after the grader had graded it. An entry that turns out to be accidentally
correct stays in the set and in the numbers.

Entries that guess a cache layout another (ada's) function makes or reads:

- ``affine-forward-reshape-tnv`` makes the cache ``(h, Wy)`` for ada's affine_backward;
- ``rnn-step-backward-one-plus-h2`` reads a step cache ``(x, prev_h, Wx, Wh, next_h)`` from ada's
  rnn_step_forward;
- ``rnn-backward-carry-zeros-nd`` reads ``(x, h0, Wx, Wh, h)`` (h the (N, T, H) states) from ada's rnn_forward;
- ``lstm-step-cell-dot`` makes, and ``lstm-step-backward-dc-tanh-both-paths`` reads, the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates already activated);
- ``lstm-backward-last-step-weights-dropped`` reads ada's lstm_forward cache as a sequence of per-step caches,
  ``cache[t]`` handed to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at 2bda4d1: caught 24/24, a named mistake or a
pattern on 24/24.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES34: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-variant-assert", "1", "generate_dataset validates the variant with assert variant in VARIANTS: an "
       "unknown variant raises AssertionError instead of ValueError (and nothing at all under python -O)",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            assert variant in VARIANTS, f"unknown variant {variant!r}"
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq += ["a"] * n
                seq.append(EOS)
                sequences.append(seq)
            return sequences
        '''),
    _e("vocab-returns-list-first", "1", "build_vocab builds both structures right but returns them as "
       "(idx_to_word, word_to_idx) instead of (word_to_idx, idx_to_word)", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter()
            for seq in sequences:
                counts.update(w for w in seq if w != UNK)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return idx_to_word, word_to_idx
        '''),
    _e("encode-unk-torchtext-literal", "1", "encode looks up the unknown-word index as word_to_idx['<unk>'] "
       "(torchtext's spelling, typed by habit) instead of the module's UNK ('UNK'): KeyError on every call, "
       "even when every token is known", "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = word_to_idx["<unk>"]
            return np.array([word_to_idx.get(t, unk) for t in tokens], dtype=np.int64)
        '''),
    _e("one-hot-seq-arange-V", "1", "one_hot_sequence sets X[np.arange(V), ids] = 1 (V typed for T, the "
       "sequence length): IndexError (shape mismatch) whenever T != V, right only when T == V",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if ids.size and (ids.min() < 0 or ids.max() >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            T = ids.shape[0]
            X = np.zeros((T, V))
            X[np.arange(V), ids] = 1.0
            return X
        '''),
    _e("one-hot-batch-last-sequence-skipped", "1", "one_hot_batch fills the rows with for i in range(N - 1) "
       "(the L - 1 of inputs_targets carried over): the last sequence is never encoded, its X rows stay zero "
       "and its mask all False; every other row is right", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(seq) for seq in batch)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i in range(N - 1):
                seq = np.asarray(batch[i], dtype=np.int64)
                L = len(seq)
                X[i, np.arange(L), seq] = 1.0
                mask[i, :L] = True
            return X, mask
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-sum-axis-0", "2", "softmax subtracts the max along axis (keepdims) but normalises with "
       "e.sum(axis=0, keepdims=True), the axis of a 1-D example left in: right for 1-D inputs and axis=0, "
       "wrong values (nothing sums to 1 along axis) for the default axis=-1 on 2-D or higher inputs",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            x = np.asarray(x, dtype=float)
            e = np.exp(x - x.max(axis=axis, keepdims=True))
            return e / e.sum(axis=0, keepdims=True)
        '''),
    _e("ce-loss-sums-padded-steps", "2", "cross_entropy works on the full (N, T, V) array with the padded targets "
       "made safe (np.where(mask, y, 0)), masks the gradient, but sums the loss over every step, padding "
       "included, before dividing by M: the loss is too high whenever the mask has a False entry (the "
       "gradient is right)", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            shifted = scores - scores.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            y_safe = np.where(mask, y, 0)
            picked = np.take_along_axis(log_p, y_safe[..., None], axis=-1)[..., 0]
            loss = -picked.sum() / M
            onehot = np.zeros_like(scores)
            np.put_along_axis(onehot, y_safe[..., None], 1.0, axis=-1)
            dscores = (np.exp(log_p) - onehot) * mask[..., None] / M
            return float(loss), dscores
        '''),
    _e("sigmoid-grad-tanh-identity-half", "2", "sigmoid_grad differentiates the stable identity s(x) = (1 + "
       "tanh(x / 2)) / 2 but drops the chain rule's inner 1/2: returns (1 - tanh(x / 2)^2) / 2, twice "
       "s(x) (1 - s(x)) everywhere", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            t = np.tanh(np.asarray(x, dtype=float) / 2)
            return 0.5 * (1.0 - t * t)
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-float32", "3", "init_rnn_params draws the right matrices in the right order, then casts every "
       "array to float32 ('as PyTorch does'): right shapes, values rounded to float32, dtype float32 "
       "instead of float64", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            params = {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
            return {name: value.astype(np.float32) for name, value in params.items()}
        '''),
    _e("lstm-init-three-gates", "3", "init_lstm_params follows the 'an LSTM has three gates (forget, input, "
       "output)' belief: three blocks for Wx and Wh and a 3H bias, so Wx is (D, 3H), Wh (H, 3H), b (3H,) "
       "instead of 4H wide (Wy then takes the rng's seventh draw, not its ninth)", "initialisation",
       "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            gates = 3  # forget, input, output
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(gates)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(gates)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(gates * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: vanilla RNN -----------------------------------------------------------------------------
    _e("affine-forward-reshape-tnv", "4", "affine_forward projects the flattened (N*T, H) states right but "
       "reshapes the scores back to (T, N, V) instead of (N, T, V): the right values in memory order but a "
       "wrong shape whenever N != T (right when N == T)",
       "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            N, T, H = h.shape
            scores = h.reshape(N * T, H) @ Wy + by
            scores = scores.reshape(T, N, -1)
            return scores, (h, Wy)
        '''),
    _e("rnn-step-backward-one-plus-h2", "4", "rnn_step_backward writes tanh's derivative with the wrong sign "
       "inside: da = dnext_h * (1 + next_h^2) instead of dnext_h * (1 - next_h^2), so dx, dprev_h, dWx, dWh "
       "and db are all wrong (right only where next_h = 0)", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 + next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-carry-zeros-nd", "4", "rnn_backward starts the carried gradient as np.zeros((N, D)) (the "
       "dx line's D copied for H): adding it to dh[:, T-1] raises a broadcast error whenever D != H "
       "(right when D == H or D == 1)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dprev = np.zeros((N, D))
            for t in range(T - 1, -1, -1):
                dcur = dh[:, t] + dprev
                da[:, t] = dcur * (1 - h[:, t] ** 2)
                dprev = da[:, t] @ Wh.T
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ da.reshape(N * T, H)
            dWh = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
            db = da.sum(axis=(0, 1))
            return dx, dprev, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-returns-scale", "5", "clip_by_global_norm clips right but returns the scale factor "
       "min(1, max_norm / norm) as its second value instead of the global norm before clipping (1.0 "
       "whenever no clipping was needed)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(g * g))
            norm = float(np.sqrt(total))
            scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
            if scale < 1.0:
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = grads
            return clipped, scale
        '''),
    _e("clip-value-soft-tanh", "5", "clip_by_value 'clips smoothly' with clip_value * tanh(g / clip_value): "
       "the result stays inside the bounds, but entries within them no longer keep their value (0.5 with "
       "clip_value 1 becomes 0.46) and large ones approach the bound instead of equalling it",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            return {k: clip_value * np.tanh(g / clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: LSTM ------------------------------------------------------------------------------------
    _e("lstm-step-cell-dot", "6", "lstm_step_forward types the cell update's products with np.dot: "
       "c = dot(f, prev_c) + dot(i, g), matrix products of (N, H) arrays instead of elementwise ones: a "
       "shape error whenever N != H, wrong values when N == H", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = np.dot(f, prev_c) + np.dot(i, g)
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-dc-tanh-both-paths", "6", "lstm_step_backward brackets the cell gradient as "
       "dc = (dnext_c + dnext_h * o) * (1 - tanh(c)^2): tanh's derivative also scales the gradient that "
       "arrives along the cell path (right only when dnext_c = 0)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = (dnext_c + dnext_h * o) * (1 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
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
    _e("lstm-backward-last-step-weights-dropped", "6", "lstm_backward peels the last step off before the loop "
       "to start the carries, then zero-initialises dWx, dWh and db from its gradients' shapes instead of "
       "starting from them: the weight gradients miss step T-1 (all zero when T = 1); dx, dh0 and dc0 are "
       "right", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx_last, dprev_h, dprev_c, dWx_last, dWh_last, db_last = lstm_step_backward(
                dh[:, T - 1], np.zeros((N, H)), cache[T - 1]
            )
            dx = np.zeros((N, T, dx_last.shape[1]))
            dx[:, T - 1] = dx_last
            dWx = np.zeros_like(dWx_last)
            dWh = np.zeros_like(dWh_last)
            db = np.zeros_like(db_last)
            for t in range(T - 2, -1, -1):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_h, dprev_c, cache[t]
                )
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-weight-decay", "7", "SGD.step adds an L2 weight decay of 1e-4 to every gradient (g + 1e-4 p, the "
       "usual SGD recipe) where the docstring's rule, PyTorch's default, has none: every step moves each "
       "parameter by an extra lr * 1e-4 * p, with and without momentum", "optim", "SGD.step", '''
        def step(self, params, grads):
            weight_decay = 1e-4
            for k, p in params.items():
                g = grads[k] + weight_decay * p
                if self.momentum:
                    if k in self.velocity:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    else:
                        self.velocity[k] = g.copy()
                    update = self.velocity[k]
                else:
                    update = g
                p -= self.lr * update
        '''),
    _e("adam-no-eps", "7", "Adam.step leaves eps out of the denominator: p -= lr * m_hat / sqrt(v_hat); "
       "tiny differences for ordinary gradients, large ones for gradients near 1e-8, and 0 / 0 = nan "
       "wherever a gradient entry is zero on the first step", "optim", "Adam.step", '''
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
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / np.sqrt(v_hat)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("model-loss-output-grads-missing", "8", "model_loss computes dWy and dby with affine_backward but builds "
       "the gradient dict from the cell's gradients only (Wx, Wh, b): 'Wy' and 'by' are missing",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db}
            return loss, grads
        '''),
    _e("train-val-loss-tuple", "8", "train appends model_loss(params, val_batch, cell) to history['val_loss'] "
       "without taking its first element: every entry is the (loss, grads) pair instead of a float; the "
       "training and the train_loss list are right", "train", "train", '''
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
                    chunks = [order[s:s + batch_size] for s in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n = int(batch.mask.sum())
                    total += loss * n
                    tokens += n
                history["train_loss"].append(total / tokens)
                history["val_loss"].append(model_loss(params, val_batch, cell))
            return history
        '''),
    # ---- task 9: PyTorch port ----------------------------------------------------------------------------
    _e("to-torch-swap-rows-helper-on-bias", "9", "to_torch_state's gate-swap helper is written for matrices, "
       "a[:, H:2H], a[:, :H], a[:, 2H:] joined on axis 1, and is also applied to the 1-D bias b: IndexError "
       "(too many indices) on every call", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[:, H:2 * H], a[:, :H], a[:, 2 * H:]], axis=1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T),
                "lstm.bias_ih_l0": swap(params["b"]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T),
                "out.bias": params["by"].copy(),
            }
        '''),
    _e("from-torch-keys-no-prefix", "9", "from_torch_state reads the LSTM entries under nn.LSTM's own names "
       "(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0) without the 'lstm.' prefix: KeyError on every "
       "state dict laid out as the docstring says", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            w_ih = state["weight_ih_l0"]
            w_hh = state["weight_hh_l0"]
            b = state["bias_ih_l0"] + state["bias_hh_l0"]
            H = w_hh.shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(w_ih.T),
                "Wh": swap(w_hh.T),
                "b": swap(b),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES34)
