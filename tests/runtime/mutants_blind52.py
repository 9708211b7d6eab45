"""Blind set 52: backpropagation slips -- a gradient term missing, doubled, taken at the wrong time step, with the
wrong sign or through the wrong nonlinearity, while the forward passes stay right.

Set 52 of the blind mistakes (see ``tests/runtime/mutants_blind.py``). Each entry is one learner function written in
full from the stub's docstring alone (``exercises/*.py``), correct except for one realistic mistake that none of the
earlier sets (1146 mistakes) contains. The entries were written without reading the reference solution, the example
submissions, the grader's judges or its catalogues of known mistakes, and before any grader output. Most of them sit
in the backward functions of tasks 2, 4, 6 and 8; the other tasks carry two entries each, in the same spirit where
the task allows it (gradients handled, an output layer that blocks the gradient, ...).

Entries that guess a cache layout another function makes or reads (ada's, not read):

- rnn-step-backward-dprev-through-prev-tanh, rnn-step-backward-tanh-grad-sign-flipped: rnn_step_forward's cache
  unpacked as ``x, prev_h, Wx, Wh, next_h = cache``;
- rnn-backward-dWh-step-one-from-h0: rnn_forward's cache unpacked as ``x, h0, Wx, Wh, h = cache`` (h of shape
  (N, T, H));
- affine-backward-dWy-previous-state: affine_forward's cache read as ``h, Wy = cache[0], cache[1]``;
- lstm-step-backward-dprev-c-no-forget, lstm-step-backward-cell-tanh-sigmoid-form: lstm_step_forward's cache
  unpacked as ``x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache`` (gates already activated);
- lstm-backward-last-step-doubled, lstm-backward-dc-carry-accumulates: lstm_forward's cache taken as a sequence of
  T per-step caches, ``cache[t]``, each handed to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at 14a2fc3 (the grading code of 38a5927): caught
24/24, a named mistake or a pattern on 22/24 (none: ``clip-value-decides-by-max`` and
``from-torch-pinv-for-transpose``, numbers only).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES52: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-eos-split-into-chars", "1", "generate_dataset builds each sequence as a string ('a' * n + 'b' * n "
       "(+ 'a' * n) + EOS) and turns it into tokens with list(): one-letter tokens are right, but EOS is split into "
       "the three tokens 'E', 'O', 'S'", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                text = "a" * n + "b" * n
                if variant == "anbnan":
                    text += "a" * n
                sequences.append(list(text + EOS))
            return sequences
    '''),
    _e("vocab-cap-keeps-ties-at-cut", "1", "build_vocab under a cap keeps every word whose count ties with the "
       "last kept one ('ties must not be cut arbitrarily'): when a tie straddles the cut, more than max_size - 1 "
       "words are kept and len(idx_to_word) exceeds max_size (right when no tie straddles it, and uncapped)",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None and len(words) > max_size - 1:
                if max_size == 1:
                    words = []
                else:
                    last_count = counts[words[max_size - 2]]
                    words = [word for word in words if counts[word] >= last_count]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("ce-grad-softmax-jacobian-diagonal", "2", "cross_entropy chains dL/dp_y = -1/p_y through the diagonal of "
       "the softmax's Jacobian only (dp_y/ds_y = p_y (1 - p_y)): the target entries get (p_y - 1) / M, right, but "
       "the off-diagonal term is missing, so every other entry of dscores is 0 instead of p_k / M; the loss is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            targets = y[mask]
            rows = np.arange(M)
            m = s.max(axis=-1, keepdims=True)
            logp = s - m - np.log(np.exp(s - m).sum(axis=-1, keepdims=True))
            loss = -logp[rows, targets].sum() / M
            p_y = np.exp(logp[rows, targets])
            dlogits = np.zeros_like(s)
            # dL/dp_y = -1 / p_y, then through the softmax: dp_y / ds_y = p_y (1 - p_y)
            dlogits[rows, targets] = (-1.0 / p_y) * p_y * (1.0 - p_y) / M
            dscores = np.zeros(scores.shape)
            dscores[mask] = dlogits
            return float(loss), dscores
    '''),
    _e("ce-grad-mask-divides-by-M-again", "2", "cross_entropy divides the valid rows' gradient by M, scatters it "
       "back and then applies the docstring's formula mask * (...) / M once more: the gradient is M times too small "
       "(right only when M = 1); the loss is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            targets = y[mask]
            rows = np.arange(M)
            m = s.max(axis=-1, keepdims=True)
            logp = s - m - np.log(np.exp(s - m).sum(axis=-1, keepdims=True))
            loss = -logp[rows, targets].sum() / M
            grad = np.exp(logp)
            grad[rows, targets] -= 1.0
            grad /= M
            dscores = np.zeros(scores.shape)
            dscores[mask] = grad
            dscores = mask[..., None] * dscores / M
            return float(loss), dscores
    '''),
    _e("tanh-grad-exp2x-overflow", "2", "tanh_grad computes sech^2 as 4 e^{2x} / (1 + e^{2x})^2: right for "
       "ordinary x, but e^{2x} overflows for x above about 355, so inf / inf gives nan instead of 0",
       "activations", "tanh_grad", '''
        def tanh_grad(x):
            e = np.exp(2.0 * np.asarray(x, dtype=np.float64))
            return 4.0 * e / (1.0 + e) ** 2
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-copysign-columns", "3", "orthogonal applies the sign fix with np.copysign(Q, diag(R)), taken "
       "for 'flip column j by the sign of R_jj': copysign gives every entry of column j the sign of R_jj, so the "
       "columns are no longer orthogonal (W.T W != I)", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = np.copysign(Q, np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
    '''),
    _e("rnn-init-wy-zeros", "3", "init_rnn_params starts the output layer at zero, Wy = np.zeros((H, V)) ('zero "
       "the last layer', as for logistic regression), instead of drawing orthogonal((H, V)): Wx and Wh are right, "
       "but Wy is all zeros, so no gradient reaches h (dh = dscores Wy^T = 0) on the first update",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = np.zeros((H, V))
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-dprev-through-prev-tanh", "4", "rnn_step_backward also multiplies the gradient sent "
       "back by the previous step's tanh derivative, dprev_h = (da Wh^T) * (1 - prev_h^2), as if dprev_h were the "
       "gradient of a_{t-1}: dprev_h is wrong (and rnn_backward applies that derivative a second time); dx, dWx, "
       "dWh and db are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = (da @ Wh.T) * (1 - prev_h ** 2)
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-step-backward-tanh-grad-sign-flipped", "4", "rnn_step_backward writes tanh's derivative as "
       "next_h^2 - 1 (the -(tanh^2 - 1) remembered without its minus) instead of 1 - next_h^2: every gradient "
       "(dx, dprev_h, dWx, dWh, db) has the wrong sign", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (next_h ** 2 - 1)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-dWh-step-one-from-h0", "4", "rnn_backward picks the state entering step t for dWh with "
       "`h[:, t - 1] if t > 1 else h0` (> 1 typed for > 0): step 1's term pairs da_1 with h0 instead of h_0, so "
       "dWh is wrong whenever T >= 2; dx, dh0, dWx and db are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            dx = np.zeros(x.shape)
            dWx = np.zeros_like(Wx)
            dWh = np.zeros_like(Wh)
            db = np.zeros(H)
            dprev_h = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                prev_h = h[:, t - 1] if t > 1 else h0
                da = (dh[:, t] + dprev_h) * (1 - h[:, t] ** 2)
                dx[:, t] = da @ Wx.T
                dWx += x[:, t].T @ da
                dWh += prev_h.T @ da
                db += da.sum(axis=0)
                dprev_h = da @ Wh.T
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("affine-backward-dWy-previous-state", "4", "affine_backward, written step by step after the RNN's "
       "backward, pairs each step's dscores_t with the previous hidden state h_{t-1} (h[:, t - 1], the dWh habit; "
       "at t = 0 the index wraps to the last step) instead of h_t: dWy is wrong whenever T >= 2; dh and dby are "
       "right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, V = dscores.shape
            dh = np.zeros(h.shape)
            dWy = np.zeros_like(Wy)
            dby = np.zeros(V)
            for t in range(T):
                dh[:, t] = dscores[:, t] @ Wy.T
                dWy += h[:, t - 1].T @ dscores[:, t]
                dby += dscores[:, t].sum(axis=0)
            return dh, dWy, dby
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-eps-in-sqrt", "5", "clip_by_global_norm measures the norm as sqrt(sum of squares + 1e-8) ('no "
       "square root of zero'): all-zero gradients report a norm of 1e-4 instead of 0, small gradients a norm "
       "visibly too large (and clip a little too early); ordinary norms differ by about 5e-9 relative",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(g * g))
            norm = float(np.sqrt(total + 1e-8))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-decides-by-max", "5", "clip_by_value clips a gradient only when its largest entry exceeds the "
       "bound (g.max() > clip_value, the abs forgotten) and copies it otherwise: a gradient whose only "
       "out-of-range entries are below -clip_value comes back unclipped", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            clipped = {}
            for k, g in grads.items():
                if g.max() > clip_value:
                    clipped[k] = np.clip(g, -clip_value, clip_value)
                else:
                    clipped[k] = g.copy()
            return clipped
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-backward-dprev-c-no-forget", "6", "lstm_step_backward sends the whole cell gradient back, "
       "dprev_c = dc, the forget gate's factor missing (dc * f): dprev_c is wrong; dx, dprev_h and the weight "
       "gradients are right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dc
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
    _e("lstm-step-backward-cell-tanh-sigmoid-form", "6", "lstm_step_backward takes the derivative of tanh(c) on "
       "the hidden path in the sigmoid's output form, tanh(c) (1 - tanh(c)), instead of 1 - tanh(c)^2: dc = "
       "dnext_c + dnext_h * o * tanh(c) (1 - tanh(c)) is wrong whenever dnext_h != 0, and with it every gradient but "
       "the output gate's block", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * tanh_c * (1 - tanh_c)
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
    _e("lstm-backward-last-step-doubled", "6", "lstm_backward seeds the hidden carry with the last step's "
       "upstream gradient dh[:, T-1] and then adds dh[:, t] at every step, the last one included: the last step's "
       "upstream gradient counts twice, and so do its contributions to every output (right only when "
       "dh[:, T-1] = 0)", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = dh[:, T - 1].copy()
            dnext_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in range(T - 1, -1, -1):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h + dh[:, t], dnext_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
                dnext_h, dnext_c = dprev_h, dprev_c
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),
    _e("lstm-backward-dc-carry-accumulates", "6", "lstm_backward accumulates the cell carry (dnext_c += dprev_c) "
       "instead of replacing it: each step receives the sum of what every later step sent back along the cell; "
       "dc0 is wrong whenever T >= 2, and from T >= 3 so are dh0, dx and the weight gradients (the hidden carry is "
       "replaced as it should be)",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h + dh[:, t], dnext_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
                dnext_h = dprev_h
                dnext_c += dprev_c
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-velocity-stores-gradient", "7", "SGD.step with momentum steps with v = mu * stored + g but stores g "
       "itself, not v: the momentum remembers only the previous gradient (v_t = mu g_{t-1} + g_t), so the first two "
       "steps are right and every later one is wrong (right without momentum)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    previous = self.velocity.get(k)
                    v = g if previous is None else self.momentum * previous + g
                    self.velocity[k] = g
                    p -= self.lr * v
                else:
                    p -= self.lr * g
    '''),
    _e("adam-lr-decay-sqrt-t", "7", "Adam.step decays the step size as lr / sqrt(k), the alpha_t = alpha / sqrt(t) "
       "of the Adam paper's convergence analysis, on top of the bias-corrected update: the first step is right, "
       "every later one is sqrt(k) times too small", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            lr_t = self.lr / np.sqrt(k)
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= lr_t * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-rnn-dh-through-tanh", "8", "model_loss (RNN) multiplies the hidden-state gradient by tanh's "
       "derivative, dh * (1 - h^2), before rnn_backward, which applies it again: the RNN's Wx, Wh and b gradients "
       "go through tanh twice; the loss, dWy, dby and the whole LSTM path are right", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
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
                dh = dh * (1 - h ** 2)
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
    '''),
    _e("model-loss-grads-accumulated-across-calls", "8", "model_loss adds each call's gradients into buffers kept "
       "on the function (like PyTorch's .grad, reallocated only when the shapes change) and never zeroes them: the "
       "first call is right, every later call with the same shapes returns the sum of all gradients so far (the "
       "same dict each time); the loss is right", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
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
            step_grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            grads = getattr(model_loss, "grads", None)
            if grads is None or any(grads[k].shape != np.shape(v) for k, v in step_grads.items()):
                grads = {k: np.zeros(np.shape(v)) for k, v in step_grads.items()}
                model_loss.grads = grads
            for k, v in step_grads.items():
                grads[k] += v
            return float(loss), grads
    '''),
    _e("train-grads-token-weighted", "8", "train weights each mini-batch's gradients by its share of the epoch's "
       "valid tokens (tokens / total, as for the epoch's training loss) before clipping and the optimiser step: "
       "mini-batch updates are scaled down by about batch_size / N (right for the full batch, where the share is "
       "1); the recorded losses follow the wrongly trained parameters", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None, cell="lstm",
                  seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            total_tokens = int(mask.sum())
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    order = rng.permutation(N)
                    batches = [
                        Batch(X[idx], y[idx], mask[idx])
                        for idx in (order[start:start + batch_size] for start in range(0, N, batch_size))
                    ]
                weighted = 0.0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    tokens = int(batch.mask.sum())
                    share = tokens / total_tokens
                    grads = {k: g * share for k, g in grads.items()}
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    weighted += loss * tokens
                history["train_loss"].append(weighted / total_tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-swaps-blocks-1-2", "9", "to_torch_state swaps 'gate blocks 1 and 2' with 0-based indices "
       "blocks[1], blocks[2] (the first and second block counted from 1): input and candidate trade places, so the "
       "order becomes f, g, i, o instead of i, f, g, o in weight_ih, weight_hh and bias_ih", "torch_port",
       "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            H = Wh.shape[0]

            def reorder(a):
                blocks = [a[..., k * H:(k + 1) * H] for k in range(4)]
                blocks[1], blocks[2] = blocks[2], blocks[1]
                return np.concatenate(blocks, axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(Wx).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(Wh).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(reorder(b), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(Wy.T, dtype=np.float64),
                "out.bias": np.array(by, dtype=np.float64),
            }
    '''),
    _e("from-torch-pinv-for-transpose", "9", "from_torch_state undoes the transposes of 'the inverse map' with "
       "np.linalg.pinv (the matrix inverse of a rectangular matrix) instead of .T: right shapes, but Wx, Wh and Wy "
       "equal the transposes only for matrices with orthonormal rows or columns (Wh from init_lstm_params comes out "
       "a quarter of the right one); the gate swap and the folded bias are right", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state):
            w_ih = np.asarray(state["lstm.weight_ih_l0"], dtype=np.float64)
            w_hh = np.asarray(state["lstm.weight_hh_l0"], dtype=np.float64)
            bias = np.asarray(state["lstm.bias_ih_l0"], dtype=np.float64) + np.asarray(
                state["lstm.bias_hh_l0"], dtype=np.float64
            )
            H = w_hh.shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(np.linalg.pinv(w_ih)),
                "Wh": swap(np.linalg.pinv(w_hh)),
                "b": swap(bias),
                "Wy": np.linalg.pinv(np.asarray(state["out.weight"], dtype=np.float64)),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES52)
