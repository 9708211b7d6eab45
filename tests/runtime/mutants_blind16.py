"""Blind set 16: learner mistakes the grader was not tuned on, made by students who learnt from a textbook or a
blog post with slightly different conventions.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: another formula for the same
quantity, another initialisation, another order of operations, another normalisation, or a different but
plausible reading of a sentence of the docstring. The entries were written without reading the reference
solution, the example submissions, the grader's judges or its catalogues of known mistakes, and before any
grader output; an entry that turns out to be accidentally correct stays in the set.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-bias-column makes a step cache ``(x, prev_h, Wx, Wh, next_h)`` for ada's rnn_step_backward;
- rnn-step-backward-tanh-grad-prev-h reads a step cache ``(x, prev_h, Wx, Wh, next_h)`` from ada's
  rnn_step_forward;
- rnn-forward-returns-h0-too makes a sequence cache ``(x, h0, Wx, Wh, h)`` (h with h0 in front, (N, T+1, H))
  for ada's rnn_backward;
- rnn-backward-truncated-wildml reads a sequence cache ``(x, h0, Wx, Wh, h)`` (h of shape (N, T, H)) from
  ada's rnn_forward;
- lstm-step-split-axis0 makes a step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (it raises
  before returning it for every batch size);
- lstm-step-backward-tanh-grad-raw-cell reads a step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``
  from ada's lstm_step_forward;
- lstm-backward-no-dc0-cs231n reads ada's lstm_forward cache as a sequence of T step caches, ``cache[t]``
  handed to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at 760cc91: caught 22/24 (no check lost points
for ``sigmoid-symmetry-cancellation``: no case holds only very negative inputs, where a norm-relative error
sees it; ``rnn-backward-truncated-wildml``: no case has more than 5 steps), a named mistake or a pattern on
21/24 (also none: ``clip-value-returns-pair``, whose first line says a tuple came back for a dict).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES16: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-cap-before-sort", "1", "build_vocab applies max_size before sorting: it keeps the first max_size - 1 "
       "words in the order they were first seen (Counter's order) and only then sorts the survivors, instead of "
       "keeping the max_size - 1 most frequent words (right without a cap, or when the cap keeps every word)",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter()
            for sequence in sequences:
                counts.update(word for word in sequence if word != UNK)
            items = list(counts.items())
            if max_size is not None:
                items = items[: max_size - 1]
            items.sort(key=lambda item: (-item[1], item[0]))
            idx_to_word = [word for word, _ in items] + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("encode-lowercases-tokens", "1", "encode normalises every token to lower case before the lookup (the usual "
       "text-preprocessing step of NLP tutorials): 'EOS' is looked up as 'eos' and encodes to UNK, as does any "
       "vocabulary word with a capital letter", "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = word_to_idx[UNK]
            return np.array([word_to_idx.get(token.lower(), unk) for token in tokens], dtype=np.int64)
    '''),
    _e("decode-skips-pad-zero", "1", "decode treats index 0 as padding (the Keras Tokenizer convention) and "
       "drops it: the most frequent word (index 0) never comes back, the list is shorter than L",
       "data", "decode", '''
        def decode(ids, idx_to_word):
            return [idx_to_word[int(i)] for i in ids if int(i) != 0]
    '''),
    _e("one-hot-batch-mask-marks-padding", "1", "one_hot_batch returns the mask in PyTorch's key_padding_mask "
       "convention, True on the padded steps and False on the real ones (X is right)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, T, V), dtype=np.float64)
            mask = np.ones((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                L = len(ids)
                if L:
                    X[i, :L] = one_hot_sequence(np.asarray(ids), V)
                mask[i, :L] = False
            return X, mask
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-symmetry-cancellation", "2", "sigmoid computes the x < 0 branch with the symmetry identity "
       "s(x) = 1 - s(-x) = 1 - 1 / (1 + exp(x)) instead of exp(x) / (1 + exp(x)): no overflow, but catastrophic "
       "cancellation: a relative error that grows as x decreases, and exactly 0 below about x = -37 (absolute "
       "errors stay below 1e-16)", "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-np.abs(x))
            return np.where(x >= 0, 1.0 / (1.0 + e), 1.0 - 1.0 / (1.0 + e))
    '''),
    _e("ce-loss-in-bits", "2", "cross_entropy reports the loss in bits (log base 2, the information-theory "
       "convention): the nats loss divided by ln 2, about 1.44 times too large; the gradient is the nats one",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = np.asarray(y)[mask]
            m = s.max(axis=1, keepdims=True)
            log_p = s - m - np.log(np.sum(np.exp(s - m), axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -np.sum(log_p[rows, t]) / M / np.log(2.0)
            d = np.exp(log_p)
            d[rows, t] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = d / M
            return float(loss), dscores
    '''),
    _e("ce-lse-global-max", "2", "cross_entropy shifts the log-sum-exp by one maximum over every valid logit "
       "(m = s.max()) instead of each row's maximum: right for ordinary logits, but a row whose logits all lie "
       "some 745 below the global maximum underflows to log(0): a -inf loss and an inf gradient",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = np.asarray(y)[mask]
            m = s.max()
            log_p = s - m - np.log(np.sum(np.exp(s - m), axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -np.sum(log_p[rows, t]) / M
            d = np.exp(log_p)
            d[rows, t] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = d / M
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-square-draw", "3", "orthogonal follows the Saxe / Lasagne recipe: draws a square "
       "(max, max) Gaussian, QR, sign fix, and keeps the top-left (rows, cols) block of Q, instead of drawing "
       "(max(rows, cols), min(rows, cols)): still (semi-)orthogonal and right for square shapes, other values "
       "for rectangular ones", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            n = max(rows, cols)
            A = rng.standard_normal((n, n))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return np.ascontiguousarray(Q[:rows, :cols])
    '''),
    _e("rnn-init-minchar-scale", "3", "init_rnn_params scales the three orthogonal matrices by 0.01 "
       "(min-char-rnn's small random weights): right draws and shapes, but W.T W = 1e-4 I instead of I",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            scale = 0.01
            Wx = orthogonal((D, H), rng) * scale
            Wh = orthogonal((H, H), rng) * scale
            Wy = orthogonal((H, V), rng) * scale
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-bias-column", "4", "rnn_step_forward adds the bias as a column vector, b.reshape(-1, 1) (the "
       "textbook's column convention a = Wx x + Wh h + b): broadcast error when N != H, a (H, H) result when "
       "N == 1, wrong values when N == H", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wh + b.reshape(-1, 1)
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
    '''),
    _e("rnn-step-backward-tanh-grad-prev-h", "4", "rnn_step_backward takes tanh's derivative at the previous "
       "state, da = dnext_h * (1 - prev_h^2) (the s[t-1] of the WildML tutorial's inner BPTT loop), instead of "
       "1 - next_h^2", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - prev_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-forward-returns-h0-too", "4", "rnn_forward returns the textbook's state sequence h_0..h_T with the "
       "initial state in front: h has shape (N, T + 1, H) and h[:, 0] = h0 (the T real states sit at 1..T)",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T + 1, H), dtype=np.float64)
            h[:, 0] = h0
            for t in range(T):
                h[:, t + 1] = np.tanh(xw[:, t] + h[:, t] @ Wh)
            cache = (x, h0, Wx, Wh, h)
            return h, cache
    '''),
    _e("rnn-backward-truncated-wildml", "4", "rnn_backward is the WildML tutorial's truncated BPTT "
       "(bptt_truncate = 4): each step's upstream gradient is carried back at most 4 steps and then dropped; "
       "right when T <= 5, gradients too small from T = 6 on (dh0 gets nothing from steps t >= 5)",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            bptt_truncate = 4
            dx = np.zeros_like(x, dtype=np.float64)
            dh0 = np.zeros_like(h0, dtype=np.float64)
            dWx = np.zeros_like(Wx, dtype=np.float64)
            dWh = np.zeros_like(Wh, dtype=np.float64)
            db = np.zeros(H, dtype=np.float64)
            for t in range(T):
                da = dh[:, t] * (1.0 - h[:, t] ** 2)
                for s in range(t, max(-1, t - bptt_truncate - 1), -1):
                    prev = h[:, s - 1] if s > 0 else h0
                    dx[:, s] += da @ Wx.T
                    dWx += x[:, s].T @ da
                    dWh += prev.T @ da
                    db += da.sum(axis=0)
                    dprev = da @ Wh.T
                    if s == 0:
                        dh0 += dprev
                    else:
                        da = dprev * (1.0 - h[:, s - 1] ** 2)
            return dx, dh0, dWx, dWh, db
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-weights-only", "5", "clip_by_global_norm measures and rescales only the weight matrices "
       "(arrays with ndim >= 2), leaving the biases out as weight-decay code does: the norm misses the 1-D "
       "gradients and they are never scaled", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            weights = [k for k, g in grads.items() if np.ndim(g) >= 2]
            norm = float(np.sqrt(sum(np.sum(np.asarray(grads[k], dtype=np.float64) ** 2) for k in weights)))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: (g * scale if k in weights else g) for k, g in grads.items()}
                return clipped, norm
            return grads, norm
    '''),
    _e("clip-value-returns-pair", "5", "clip_by_value mirrors clip_by_global_norm's interface and returns a "
       "pair (clipped, largest |g| before clipping) instead of the dict alone", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            largest = max((float(np.max(np.abs(g))) for g in grads.values() if np.size(g)), default=0.0)
            clipped = {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
            return clipped, largest
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-split-axis0", "6", "lstm_step_forward splits the gate pre-activations with "
       "np.split(a, 4, axis=0), the axis of the textbook's (4H, N) column layout, instead of the columns: "
       "ValueError unless N is a multiple of 4, and then (N/4, 4H) blocks that do not broadcast with prev_c",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wh + b
            a_f, a_i, a_g, a_o = np.split(a, 4, axis=0)
            f = sigmoid(a_f)
            i = sigmoid(a_i)
            g = np.tanh(a_g)
            o = sigmoid(a_o)
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-tanh-grad-raw-cell", "6", "lstm_step_backward takes tanh's derivative on the cell "
       "as 1 - c^2 (the output form written with the cell itself) instead of 1 - tanh(c)^2: "
       "dc = dnext_c + dnext_h * o * (1 - c^2); do and the gate derivatives are right",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - next_c ** 2)
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
    _e("lstm-backward-no-dc0-cs231n", "6", "lstm_backward returns CS231n's five gradients (dx, dh0, dWx, dWh, db) "
       "without dc0: the cell gradient is carried right between steps but never returned (unpacking six "
       "values fails)", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx = None
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dWx = dWh = db = None
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_h, dprev_c, cache[t]
                )
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            dh0 = dprev_h
            return dx, dh0, dWx, dWh, db
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-rho-0.9-hardcoded", "7", "RMSprop.step uses the decay 0.9 of Hinton's lecture and Keras "
       "(s <- 0.9 s + 0.1 g^2) written into the update instead of self.alpha (0.99 by default): the running "
       "average forgets ten times faster and the first steps are about 3 times smaller", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p, dtype=np.float64)
                s = self.square_avg[k]
                s *= 0.9
                s += 0.1 * g * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-v-hat-sqrt-correction", "7", "Adam.step bias-corrects v with sqrt(1 - beta2^k) (the factor of the "
       "folded step-size form lr sqrt(1 - b2^k) / (1 - b1^k)) instead of 1 - beta2^k: early steps about "
       "(1 - beta2^k)^(-1/4) times too large (5.6 times on step 1)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p, dtype=np.float64)
                    self.v[name] = np.zeros_like(p, dtype=np.float64)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / np.sqrt(1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: training and generation ----------------------------------------------------------------
    _e("model-loss-returns-perplexity", "8", "model_loss returns the perplexity exp(loss) (what language-model "
       "tutorials report) instead of the mean cross-entropy in nats; the gradients are the cross-entropy's",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: expected 'rnn' or 'lstm'")
            X, y, mask = batch.X, batch.y, batch.mask
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                c0 = np.zeros((N, H))
                h, cell_cache = lstm_forward(X, h0, c0, params["Wx"], params["Wh"], params["b"])
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(np.exp(loss)), grads
    '''),
    _e("generate-returns-new-only", "8", "generate returns only the generated tokens (as min-char-rnn's sample "
       "does), not the prompt followed by them", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: expected 'rnn' or 'lstm'")
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
            generated = []
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                generated.append(word)
                if word == EOS:
                    break
                h, c = feed(nxt, h, c)
            return generated
    '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("torch-bias-split-halves", "9", "to_torch_state splits the reordered b evenly between the two PyTorch "
       "biases (bias_ih = bias_hh = b / 2) instead of b and zeros: the sum is right, the layout is not "
       "(and the frozen bias_hh then holds half of it)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            bias = swap(np.asarray(params["b"], dtype=np.float64))
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": bias / 2,
                "lstm.bias_hh_l0": bias / 2,
                "out.weight": np.ascontiguousarray(np.asarray(params["Wy"]).T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64, copy=True),
            }
    '''),
    _e("from-torch-lstmcell-keys", "9", "from_torch_state reads nn.LSTMCell's state-dict keys "
       "(lstm.weight_ih, lstm.weight_hh, lstm.bias_ih, lstm.bias_hh, without nn.LSTM's _l0 suffix): "
       "KeyError on every valid state", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            W_ih = np.asarray(state["lstm.weight_ih"], dtype=np.float64)
            W_hh = np.asarray(state["lstm.weight_hh"], dtype=np.float64)
            bias = np.asarray(state["lstm.bias_ih"], dtype=np.float64) + np.asarray(
                state["lstm.bias_hh"], dtype=np.float64
            )
            H = W_hh.shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": np.ascontiguousarray(swap(W_ih.T)),
                "Wh": np.ascontiguousarray(swap(W_hh.T)),
                "b": swap(bias),
                "Wy": np.array(np.asarray(state["out.weight"], dtype=np.float64).T, copy=True),
                "by": np.array(state["out.bias"], dtype=np.float64, copy=True),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES16)
