"""Blind set 48: the edge cases the docstrings state, each handled a little wrong.

The theme of this set: empty inputs, a single item, ties, padding, unknown tokens, zero or negative thresholds,
the first and last time step. Each entry is ONE learner function written in full from the stub's docstring alone
(``exercises/*.py``), correct except for one realistic mistake that none of the earlier sets contains. The
entries were written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before any grader output; an entry that turns out to be accidentally correct
stays in the set.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-forward-step-one-from-h0`` hands ada's ``rnn_backward`` a list of ada's ``rnn_step_forward`` caches,
  one per time step (``cache[t]``);
- ``rnn-backward-dh-added-late`` reads ada's ``rnn_forward`` cache as that list and feeds ``cache[t]`` to ada's
  ``rnn_step_backward``;
- ``affine-forward-last-step-skipped`` returns the cache ``(h, Wy)`` for ada's ``affine_backward``;
- ``affine-backward-tensordot-axes-crossed`` reads ada's ``affine_forward`` cache as a sequence that starts
  ``(h, Wy, ...)`` (``cache[0]``, ``cache[1]``);
- ``lstm-forward-identity-step-cache`` hands ada's ``lstm_backward`` a list of ada's ``lstm_step_forward``
  caches, one per time step;
- ``lstm-backward-dc0-first-cell`` and ``lstm-backward-last-step-weights-twice`` read ada's ``lstm_forward``
  cache as that list and feed ``cache[t]`` to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 50dbe9d (the grading code of 2451aa1): caught
21/24 (missed: ``one-hot-seq-squeezed``, no one-step sequence; ``clip-value-entrywise-rescale``, last-bit
differences; ``model-loss-cell-lowercased``, no cell in capitals), a named mistake or a pattern on 20/24 (also
none: ``sigmoid-atleast-1d``, a shape only).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES48: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("one-hot-rejects-last-index", "1", "one_hot checks idx >= V - 1 ('the last index is V - 1') instead of "
       "idx >= V: the last valid index V - 1, UNK's, raises ValueError; every other index is right",
       "data", "one_hot", '''
        def one_hot(idx, V):
            if idx < 0 or idx >= V - 1:
                raise ValueError(f"index {idx} is outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
        '''),
    _e("one-hot-seq-squeezed", "1", "one_hot_sequence returns np.eye(V)[ids].squeeze() ('drop stray axes'): a "
       "one-step sequence comes back as (V,) instead of (1, V) (and V = 1 loses its axis too); longer sequences "
       "are right", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if np.any(ids < 0) or np.any(ids >= V):
                raise ValueError(f"every index must lie in [0, {V})")
            return np.eye(V)[ids].squeeze()
        '''),
    _e("split-val-at-least-one", "1", "split_dataset keeps at least one validation sequence, n_val = "
       "max(1, floor(p_val * L)) ('a validation part must never be empty'): right whenever p_val * L >= 1 "
       "(256 still gives 204 / 25 / 27), but p_val = 0 or a small data set takes a sequence from the test part",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be >= 0 with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = max(1, math.floor(p_val * L))   # never an empty validation part
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    _e("inputs-targets-eos-as-start", "1", "inputs_targets feeds EOS as a start symbol (the char-RNN habit of one "
       "delimiter for both ends): inputs = [EOS] + s[:-1] and targets = s, both of length L instead of L - 1, so "
       "the first token becomes a target and EOS an input", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens")
            # EOS doubles as the start symbol, so that the first token gets predicted too
            inputs = [EOS] + list(sequence[:-1])
            targets = list(sequence)
            return inputs, targets
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-atleast-1d", "2", "sigmoid starts with x = np.atleast_1d(x) so that its boolean masks also work "
       "on a single number: a 0-d input (shape ()) comes back with shape (1,) instead of (); every other shape "
       "and every value is right", "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.atleast_1d(x)          # the masks below need at least one axis
            e = np.exp(-np.abs(x))
            s = np.empty_like(e)
            pos = x >= 0
            s[pos] = 1.0 / (1.0 + e[pos])
            s[~pos] = e[~pos] / (1.0 + e[~pos])
            return s
        '''),
    _e("tanh-sign-x-over-abs", "2", "tanh uses the overflow-free form (1 - exp(-2|x|)) / (1 + exp(-2|x|)) and "
       "puts the sign back by multiplying with x / |x|: 0 / 0 gives nan at x = 0 exactly; every other x, large "
       "ones included, is right (tiny |x| lose a few digits to the cancellation in 1 - exp(-2|x|))",
       "activations", "tanh", '''
        def tanh(x):
            e = np.exp(-2.0 * np.abs(x))          # at most 1: no overflow
            t = (1.0 - e) / (1.0 + e)             # tanh(|x|)
            return t * (x / np.abs(x))            # the sign of x
        '''),
    _e("ce-log-p-clamped-minus-100", "2", "cross_entropy computes log p with the log-sum-exp but then clamps it "
       "at -100 (np.maximum(logp, -100), as PyTorch's BCELoss clamps its log): right for ordinary logits, but a "
       "target whose log-probability is below -100 (logits far apart, e.g. +-1e4) costs 100 nats instead of "
       "its true value; the gradient is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(np.sum(mask))
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]                                  # (M, V) valid rows
            t = y[mask]                                       # (M,) their targets
            m = s.max(axis=-1, keepdims=True)
            lse = np.log(np.sum(np.exp(s - m), axis=-1, keepdims=True))
            logp = s - m - lse
            logp = np.maximum(logp, -100.0)                   # keep the loss finite, as PyTorch does
            rows = np.arange(M)
            loss = -np.sum(logp[rows, t]) / M
            grad = np.exp(s - m - lse)
            grad[rows, t] -= 1.0
            dscores = np.zeros(scores.shape)
            dscores[mask] = grad / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-rejects-vectors", "3", "orthogonal validates the shape with rows <= 1 or cols <= 1 ('both >= 1' "
       "typed with the wrong comparison): a single row or column, e.g. (5, 1) or (1, 4), raises ValueError "
       "instead of giving a unit vector; every larger shape is right", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            if rows <= 1 or cols <= 1:
                raise ValueError(f"both sides of {shape} must be >= 1")
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q.T if rows < cols else Q
        '''),
    _e("lstm-init-by-missing", "3", "init_lstm_params draws every matrix right but forgets the output bias: the "
       "dict holds Wx, Wh, b and Wy, no 'by'", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-step-one-from-h0", "4", "rnn_forward picks the previous state with `h[:, t - 1] if t > 1 "
       "else h0` (> 1 typed for > 0): step 1 restarts from h0 instead of h_0, so every state from step 1 on is "
       "wrong; step 0, and sequences of one step, are right", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            for t in range(T):
                prev_h = h[:, t - 1] if t > 1 else h0
                next_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(step_cache)
            return h, caches
        '''),
    _e("rnn-backward-dh-added-late", "4", "rnn_backward adds the upstream dh[:, t] to the carried gradient after "
       "backpropagating step t instead of before: the last step gets no upstream gradient, step t gets "
       "dh[:, t + 1], and dh[:, 0] lands in dh0", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dxs = [None] * T
            dWx = dWh = db = 0.0
            dnext = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dnext, cache[t])
                dxs[t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
                # what reaches h_{t-1}: the step's own gradient plus the upstream one
                dnext = dprev_h + dh[:, t]
            return np.stack(dxs, axis=1), dnext, dWx, dWh, db
        '''),
    _e("affine-forward-last-step-skipped", "4", "affine_forward fills the scores step by step over range(T - 1) "
       "('T - 1 predictions per sequence', the L - 1 of inputs_targets carried over): the last time step's "
       "scores stay zero; every other step is right", "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            N, T, H = h.shape
            scores = np.zeros((N, T, Wy.shape[1]))
            for t in range(T - 1):                 # T - 1 predictions per sequence
                scores[:, t] = h[:, t] @ Wy + by
            return scores, (h, Wy)
        '''),
    _e("affine-backward-tensordot-axes-crossed", "4", "affine_backward forms dWy with np.tensordot(h, dscores, "
       "axes=([1, 0], [0, 1])), the two axis lists written in different orders: h's T axis is paired with "
       "dscores' N axis, a shape error whenever N != T and wrong values (sum_{n,t} h[n, t]^T dscores[t, n]) when "
       "N == T; dh and dby are right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            dh = dscores @ Wy.T
            dWy = np.tensordot(h, dscores, axes=([1, 0], [0, 1]))   # contract the N and T axes
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-value-entrywise-rescale", "5", "clip_by_value clamps by rescaling every entry, c * g / max(|g|, c): "
       "the values are right up to rounding, but entries within the bounds no longer keep their exact value "
       "(c * g / c differs from g in the last bit for about one entry in eight unless c is a power of two)",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be > 0")
            clipped = {}
            for k, g in grads.items():
                # entries beyond the bound are scaled down to it, the others by c / c = 1
                clipped[k] = clip_value * g / np.maximum(np.abs(g), clip_value)
            return clipped
        '''),
    _e("clip-norm-return-before-check", "5", "clip_by_global_norm returns early when nothing needs clipping "
       "(norm <= max_norm) before validating max_norm: a zero threshold with all-zero gradients, or with an "
       "empty gradient dict, returns them instead of raising ValueError; every other call is right",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))
            if norm <= max_norm:
                return dict(grads), norm             # nothing to clip: the arrays themselves will do
            if max_norm <= 0:
                raise ValueError("max_norm must be > 0")
            scale = max_norm / norm
            return {k: g * scale for k, g in grads.items()}, norm
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-backward-dc0-first-cell", "6", "lstm_backward returns as dc0 the cell gradient it handed to step 0 "
       "(the gradient of c_0, what step 1 sent back) instead of what step 0 sends back to the initial cell c0 "
       "(dc * f_0): wrong for every T, and zeros for a single step; dh0 and the rest are right",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dxs = [None] * T
            dWx = dWh = db = 0.0
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dc = dnext_c                       # the gradient of c_t
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h + dh[:, t], dc, cache[t])
                dxs[t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            return np.stack(dxs, axis=1), dnext_h, dc, dWx, dWh, db
        '''),
    _e("lstm-backward-last-step-weights-twice", "6", "lstm_backward backpropagates the last step once before "
       "the loop to get the accumulators' shapes, keeps its dWx, dWh, db as the starting values and then runs "
       "the loop from the last step again: the last step's weight terms count twice; dx, dh0 and dc0 are "
       "right", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            zeros = np.zeros((N, H))
            # one pass through the last step gives the gradients' shapes for the accumulators
            _, _, _, dWx, dWh, db = lstm_step_backward(dh[:, T - 1], zeros, cache[T - 1])
            dx = None
            dnext_h, dnext_c = zeros, zeros
            for t in range(T - 1, -1, -1):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dnext_h + dh[:, t], dnext_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                dx[:, t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            return dx, dnext_h, dnext_c, dWx, dWh, db
        '''),
    _e("lstm-forward-identity-step-cache", "6", "lstm_forward follows the hint (x Wx + b for all steps at once) "
       "and reuses lstm_step_forward by handing it that projection with Wx = I (4H x 4H) and b = 0: the hidden "
       "states are right, but every step's cache holds the projection and the identity instead of x_t and Wx, "
       "so the backward pass cannot give dx (N, T, D) nor dWx = x^T da", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b                        # (N, T, 4H): the input part of every gate, all steps at once
            eye, no_bias = np.eye(4 * H), np.zeros(4 * H)
            h = np.zeros((N, T, H))
            caches = []
            prev_h, prev_c = h0, c0
            for t in range(T):
                # the step computes x_t Wx + b itself: give it the projection, with Wx = I and b = 0
                prev_h, prev_c, step_cache = lstm_step_forward(xw[:, t], prev_h, prev_c, eye, Wh, no_bias)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-first-step-only-velocity", "7", "SGD.step with momentum reads 'v starts at g on the first step' as "
       "'the first step only sets v': on a parameter's first call it stores v = g and moves nothing, so every "
       "momentum trajectory lags one step (right without momentum)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if not self.momentum:
                    p -= self.lr * g
                    continue
                if k not in self.velocity:
                    self.velocity[k] = g.copy()    # v starts at g on the first step
                    continue
                v = self.velocity[k]
                v *= self.momentum
                v += g
                p -= self.lr * v
        '''),
    _e("adam-first-step-uncorrected", "7", "Adam.step skips the bias correction on the first step (k == 1, "
       "'nothing to correct yet') and corrects from the second on: the first update is lr * 0.1 g / "
       "(sqrt(0.001) |g| + eps), about 3.16 lr * sign(g) instead of lr * sign(g)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m, v = self.m[name], self.v[name]
                m *= self.beta1
                m += (1 - self.beta1) * g
                v *= self.beta2
                v += (1 - self.beta2) * g * g
                if k > 1:
                    m_hat = m / (1 - self.beta1 ** k)
                    v_hat = v / (1 - self.beta2 ** k)
                else:
                    m_hat, v_hat = m, v            # first step: nothing to correct yet
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-cell-lowercased", "8", "model_loss normalises the cell name with .strip().lower() before "
       "validating it: 'LSTM', 'Rnn' or ' lstm ' are accepted instead of raising ValueError (and a non-string "
       "cell raises AttributeError); 'rnn' and 'lstm' are right", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            cell = cell.strip().lower()
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: use 'rnn' or 'lstm'")
            X, y, mask = batch.X, batch.y, batch.mask
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
            return loss, {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
        '''),
    _e("train-val-baseline-entry", "8", "train records the validation loss once before the first epoch as a "
       "baseline (the 'epoch 0' of many training logs): val_loss has epochs + 1 entries, each shifted one "
       "place, while train_loss has epochs; the training itself is right", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None, cell="lstm",
                  seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch.X, train_batch.y, train_batch.mask
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            baseline, _ = model_loss(params, val_batch, cell)
            history["val_loss"].append(float(baseline))     # where training starts from
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[i:i + batch_size] for i in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n = int(batch.mask.sum())
                    total += float(loss) * n
                    tokens += n
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-cached-permutation", "9", "to_torch_state builds the column permutation i, f, g, o once and keeps "
       "it on the function (to_torch_state._perm, 'no need to rebuild it every call'): right for the first "
       "hidden size it sees, but a later model with another H gets the old permutation (IndexError, or "
       "blocks of the wrong width)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            H = Wh.shape[0]
            if not hasattr(to_torch_state, "_perm"):
                # columns of the gates in PyTorch's order i, f, g, o, taken from f, i, g, o
                to_torch_state._perm = np.concatenate(
                    [np.arange(H, 2 * H), np.arange(H), np.arange(2 * H, 4 * H)])
            perm = to_torch_state._perm
            return {
                "lstm.weight_ih_l0": np.array(Wx[:, perm].T, dtype=np.float64, order="C"),
                "lstm.weight_hh_l0": np.array(Wh[:, perm].T, dtype=np.float64, order="C"),
                "lstm.bias_ih_l0": np.array(b[perm], dtype=np.float64, order="C"),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.array(Wy.T, dtype=np.float64, order="C"),
                "out.bias": np.array(by, dtype=np.float64, order="C"),
            }
        '''),
    _e("from-torch-keeps-state-keys", "9", "from_torch_state starts its result from dict(state) and adds the five "
       "NumPy entries: they are right, but the result also keeps the six PyTorch keys (the caller's own "
       "arrays), eleven keys instead of Wx, Wh, b, Wy, by", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            params = dict(state)                   # start from the state, then add the NumPy names
            W_ih = state["lstm.weight_ih_l0"]
            W_hh = state["lstm.weight_hh_l0"]
            H = W_hh.shape[1]
            perm = np.concatenate([np.arange(H, 2 * H), np.arange(H), np.arange(2 * H, 4 * H)])
            params["Wx"] = W_ih[perm].T.copy()
            params["Wh"] = W_hh[perm].T.copy()
            params["b"] = (state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])[perm]
            params["Wy"] = state["out.weight"].T.copy()
            params["by"] = state["out.bias"].copy()
            return params
        '''),
]

if __name__ == "__main__":
    main(ENTRIES48)
