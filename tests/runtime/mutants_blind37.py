"""Blind set 37: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: a slice bound of -1 taken
for "no limit", an assert where a ValueError is asked for, an overflow guard that forgets underflow,
``np.take`` without an axis, a partial edit of a stable formula, a "normalised" stack of orthogonal blocks,
an ``out=`` that reuses the caller's buffer, a carry index off by one, ``x.T`` on a 3-D array, a shape
unpacked in PyTorch's order, a Gram matrix summed for a norm, a typo in an error path, a raw pre-activation
in the cell update, a misplaced parenthesis in the chain rule, a wrapped buffer index, a shadowed loop
variable, ``** 1/2`` for a square root, a copy-pasted moment, the docstring's ``0`` taken literally, the
default ``replace=True`` of ``rng.choice``, a copy-pasted weight and a forgotten dtype conversion. They were
written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-tanh-out-prev-h makes the step cache (x, prev_h, Wx, Wh, next_h) for ada's rnn_step_backward;
- rnn-forward-carries-h-t-minus-1 makes the cache (x, h0, h, Wx, Wh) for ada's rnn_backward;
- rnn-backward-dWx-3d-T-reshape reads the cache (x, h0, h, Wx, Wh) from ada's rnn_forward;
- affine-backward-shape-unpack-swapped reads the cache (h, Wy, by) from ada's affine_forward;
- lstm-step-cell-raw-candidate makes the step cache (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c), gates
  activated, for ada's lstm_step_backward;
- lstm-step-backward-dc-parenthesised reads that same step cache from ada's lstm_step_forward;
- lstm-forward-h-buffer-wraps makes the cache a list of ada's step caches, one per step in time order,
  for ada's lstm_backward;
- lstm-backward-cache-shadowed reads the cache as such a list, indexed by t, and hands each item to ada's
  lstm_step_backward.

Measured once, before anything was changed after seeing it, at 2bda4d1: caught 22/24 (missed:
``softmax-shift-only-on-overflow``: no case has every logit along the axis below -745;
``to-torch-keeps-input-dtype``: every case's parameters are float64), a named mistake or a pattern on 22/24.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES37: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-uncapped-slice-minus-one", "1", "build_vocab slices the sorted words with words[:keep], keep = "
       "max_size - 1 or -1 when max_size is None (-1 taken for 'no limit'): without a cap the least frequent "
       "word is dropped (right whenever max_size is given)", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            # leave one slot for UNK; -1 means no limit
            keep = max_size - 1 if max_size is not None else -1
            idx_to_word = words[:keep] + [UNK]
            word_to_idx = {word: index for index, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("inputs-targets-requires-eos", "1", "inputs_targets reads 'EOS never an input' as a precondition and "
       "raises ValueError for any sequence whose last token is not EOS (right for sequences that end with EOS)",
       "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) < 2:
                raise ValueError(f"need at least 2 tokens to predict anything, got {len(sequence)}")
            if sequence[-1] != EOS:
                raise ValueError("a sequence must end with EOS: EOS is never an input")
            return list(sequence[:-1]), list(sequence[1:])
    '''),
    _e("data-variant-assert", "1", "generate_dataset validates the variant with assert variant in VARIANTS: an "
       "unknown variant raises AssertionError instead of ValueError (and nothing under python -O)",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            assert variant in VARIANTS, f"unknown variant {variant!r}, expected one of {VARIANTS}"
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequences.append(sequence + [EOS])
            return sequences
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-shift-only-on-overflow", "2", "softmax subtracts the max only when some logit exceeds 700 (to "
       "guard exp's overflow): very negative logits (e.g. all -1e4 along axis) underflow to 0 / 0 = nan",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            x = np.asarray(x, dtype=float)
            # exp overflows past about 709: shift by the max only when a logit gets that large
            if np.max(x) > 700:
                x = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(x)
            return e / np.sum(e, axis=axis, keepdims=True)
    '''),
    _e("ce-take-without-axis", "2", "cross_entropy gathers the targets' log-probabilities with np.take(logp, "
       "targets), which flattens the (M, V) block: every target is read from the first valid row (the "
       "gradient is right, the loss is not)", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            valid = scores[mask]                       # (M, V)
            targets = y[mask]                          # (M,)
            V = scores.shape[-1]
            m = valid.max(axis=-1, keepdims=True)
            logp = valid - m - np.log(np.sum(np.exp(valid - m), axis=-1, keepdims=True))
            loss = -np.sum(np.take(logp, targets)) / M
            dvalid = (np.exp(logp) - np.eye(V)[targets]) / M
            dscores = np.zeros(scores.shape, dtype=float)
            dscores[mask] = dvalid
            return float(loss), dscores
    '''),
    _e("sigmoid-grad-abs-numerator-only", "2", "sigmoid_grad edits only the numerator of exp(-x) / (1 + "
       "exp(-x))^2 into the overflow-free exp(-|x|): right for x >= 0, wrong for every negative x (e^{3x} / "
       "(1 + e^x)^2 instead of e^x / (1 + e^x)^2)", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            # s'(x) = exp(-x) / (1 + exp(-x))^2, with the overflow-free exp(-|x|)
            e = np.exp(-np.abs(x))
            return e / (1 + np.exp(-x)) ** 2
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-spawned-streams", "3", "init_rnn_params draws each matrix from its own child generator "
       "(rx, rh, ry = rng.spawn(3)) instead of drawing Wx, Wh, Wy in order from rng itself: orthogonal, right "
       "shapes, not the specified matrices", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            # one independent child stream per matrix, in the order Wx, Wh, Wy
            rx, rh, ry = rng.spawn(3)
            return {
                "Wx": orthogonal((D, H), rx),
                "Wh": orthogonal((H, H), rh),
                "b": np.zeros(H),
                "Wy": orthogonal((H, V), ry),
                "by": np.zeros(V),
            }
    '''),
    _e("lstm-init-stack-halved", "3", "init_lstm_params divides the stacked Wx and Wh by 2 = sqrt(4) so that "
       "the stack of four orthogonal blocks is itself semi-orthogonal: every gate block is half the "
       "specified orthogonal block (Wy right)", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            # four orthonormal blocks side by side give W W^T = 4 I:
            # scale by 1 / sqrt(4) to keep the stack orthogonal
            Wx /= 2.0
            Wh /= 2.0
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-tanh-out-prev-h", "4", "rnn_step_forward writes the new state into the previous state's "
       "buffer (np.tanh(a, out=prev_h)) to save an allocation: next_h is right, but the caller's prev_h is "
       "overwritten and the cache's prev_h is next_h", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wh + b
            # the new state replaces the old one: reuse its buffer instead of allocating
            next_h = np.tanh(a, out=prev_h)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
    '''),
    _e("rnn-forward-carries-h-t-minus-1", "4", "rnn_forward stores h[:, t] and then carries prev_h = h[:, t - 1] "
       "instead of h[:, t]: step 1 reads the still-zero h[:, -1] and every later step the state two steps "
       "back (step 0 right)", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b                            # (N, T, H): the part that does not depend on h
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                h[:, t] = np.tanh(xw[:, t] + prev_h @ Wh)
                prev_h = h[:, t - 1]
            cache = (x, h0, h, Wx, Wh)
            return h, cache
    '''),
    _e("rnn-backward-dWx-3d-T-reshape", "4", "rnn_backward flattens x for dWx with x.T.reshape(D, -1): .T on a "
       "3-D array reverses all axes, so the columns come in (t, n) order against da.reshape(-1, H) in (n, t) "
       "order (dx, dh0, dWh and db right; dWx right only when N == 1 or T == 1)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, h, Wx, Wh = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dprev_h = np.zeros((N, H))
            for t in reversed(range(T)):
                dcurrent = dh[:, t] + dprev_h
                da[:, t] = dcurrent * (1 - h[:, t] ** 2)
                dprev_h = da[:, t] @ Wh.T
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)   # h_{t-1} for every step
            dx = da @ Wx.T
            dWx = x.T.reshape(D, -1) @ da.reshape(-1, H)
            dWh = h_prev.reshape(-1, H).T @ da.reshape(-1, H)
            db = da.sum(axis=(0, 1))
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("affine-backward-shape-unpack-swapped", "4", "affine_backward unpacks V, H = Wy.shape (PyTorch's (out, "
       "in) habit) for Wy of shape (H, V), and flattens with those names: a reshape or matmul error whenever "
       "H != V (right when H == V)", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy, by = cache
            V, H = Wy.shape
            dh = dscores @ Wy.T
            dWy = h.reshape(-1, H).T @ dscores.reshape(-1, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-gram-matrix-sum", "5", "clip_by_global_norm takes each gradient's squared norm as "
       "np.sum(g.T @ g), the vector formula g^T g summed for matrices: right for 1-D gradients, the sum of "
       "squared row sums for 2-D ones (and an error for 0-d ones)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be > 0, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(g.T @ g))      # g^T g: the sum of the squares
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {name: g * scale for name, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-error-message-typo", "5", "clip_by_value's error message names a variable that does not "
       "exist (clip_val): clip_value <= 0 raises NameError instead of ValueError (clipping itself right)",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be > 0, got {clip_val}")
            return {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()}
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-cell-raw-candidate", "6", "lstm_step_forward computes g = tanh(a_g) but updates the cell "
       "with the raw pre-activation: c = f * prev_c + i * a_g instead of f * prev_c + i * g", "lstm",
       "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            a_f, a_i, a_g, a_o = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
            f = sigmoid(a_f)
            i = sigmoid(a_i)
            g = np.tanh(a_g)
            o = sigmoid(a_o)
            next_c = f * prev_c + i * a_g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-dc-parenthesised", "6", "lstm_step_backward brackets the cell gradient as "
       "dc = (dnext_c + dnext_h) * o * (1 - tanh(c)^2): the gradient arriving along the cell is also scaled "
       "by the hidden path's factor (right when dnext_c is zero)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = (dnext_c + dnext_h) * o * (1 - tanh_c ** 2)
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
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-forward-h-buffer-wraps", "6", "lstm_forward reads the previous hidden state from its output "
       "buffer, prev_h = h[:, t - 1], with no case for t = 0: step 0 reads the still-zero h[:, -1] instead of "
       "h0 (c0 is used; right when h0 is zero)", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            prev_c = c0
            for t in range(T):
                prev_h = h[:, t - 1]                   # the state written at the previous step
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(step_cache)
                prev_c = next_c
            return h, caches
    '''),
    _e("lstm-backward-cache-shadowed", "6", "lstm_backward rebinds its own parameter inside the loop "
       "(cache = cache[t]): the last step is right, the next one indexes into that step's cache and fails "
       "(right only for T = 1)", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                cache = cache[t]
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dnext_h, dnext_c, cache
                )
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx, dWh, db = np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-power-one-half-precedence", "7", "RMSprop.step writes the square root as s ** 1/2, which Python "
       "reads as (s ** 1) / 2: divides by s / 2 + eps instead of sqrt(s) + eps", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if name not in self.square_avg:
                    self.square_avg[name] = np.zeros_like(p)
                s = self.square_avg[name]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                p -= self.lr * g / (s ** 1/2 + self.eps)
    '''),
    _e("adam-v-from-m-squared", "7", "Adam.step feeds the square of the freshly updated first moment into the "
       "second: v <- b2 v + (1 - b2) m^2 instead of (1 - b2) g^2", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * self.m[name] ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: training --------------------------------------------------------------------------------
    _e("model-loss-scalar-zero-state", "8", "model_loss takes the module docstring's rnn_forward(X, 0, ...) / "
       "lstm_forward(X, 0, 0, ...) literally and passes the Python scalar 0 as h0 (and c0) instead of "
       "(N, H) zero arrays", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            X, y, mask = batch
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, 0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, 0, 0, params["Wx"], params["Wh"], params["b"])
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
    _e("train-choice-with-replacement", "8", "train shuffles with order = rng.choice(N, size=N), whose default "
       "replace=True draws with replacement, instead of rng.permutation(N): an epoch repeats some sequences and "
       "skips others (right with batch_size None)", "train", "train", '''
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
                    order = rng.choice(N, size=N)      # the N sequences in a shuffled order
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(batch.mask.sum())
                    total += loss * count
                    tokens += count
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("from-torch-Wh-from-weight-ih", "9", "from_torch_state fills Wh from lstm.weight_ih_l0 (the Wx line "
       "copied, weight_ih not changed to weight_hh): Wh is a copy of Wx, (D, 4H) instead of (H, 4H)",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            weight_ih = state["lstm.weight_ih_l0"]
            weight_hh = state["lstm.weight_hh_l0"]
            H = weight_hh.shape[1]

            def swap(a):
                # PyTorch's i, f, g, o -> NumPy's f, i, g, o along the last axis
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(weight_ih.T),
                "Wh": swap(weight_ih.T),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
    '''),
    _e("to-torch-keeps-input-dtype", "9", "to_torch_state copies every array but never converts it: float32 (or "
       "any non-float64) parameters give a float32 state instead of float64 (right for float64 parameters)",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b = params["Wx"], params["Wh"], params["b"]
            H = Wh.shape[0]

            def swap(a):
                # NumPy's f, i, g, o -> PyTorch's i, f, g, o along the last axis
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(Wx).T.copy(),
                "lstm.weight_hh_l0": swap(Wh).T.copy(),
                "lstm.bias_ih_l0": swap(b),
                "lstm.bias_hh_l0": np.zeros_like(b),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["by"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES37)
