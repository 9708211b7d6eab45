"""Blind set 19 of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The entries were
written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before any grader output; an entry that turns out to be accidentally
correct stays in the set. This set leans on the recurrent and training parts (backward passes through time,
caches, optimiser state, the training loop, generation): half of its 24 entries are in tasks 4, 6, 7 and 8.

Entries that guess the layout of a cache made or read by one of ada's functions (ada's code was not read):

- rnn-step-backward-dx-through-Wh reads rnn_step_forward's cache as ``(x, prev_h, Wx, Wh, next_h)``;
- rnn-backward-dWh-unshifted-states and rnn-backward-carry-skips-tanh read rnn_forward's cache as
  ``(x, h0, h, Wx, Wh)``, with h the (N, T, H) hidden states;
- lstm-step-backward-da-stacked-ifgo and lstm-step-backward-dc-drops-dnext-c read lstm_step_forward's cache
  as ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``, the gates already activated;
- lstm-backward-dx-unreversed reads lstm_forward's cache as a list of T step caches (item t is step t's),
  each handed unchanged to lstm_step_backward.

Measured once, before anything was changed after seeing it, at 32e674d: caught 22/24 (no check lost points
for ``data-variant-checked-in-loop``: no case asks for 0 sequences of an unknown variant;
``vocab-rejects-size-one``: no case has max_size = 1), a named mistake or a pattern on 19/24 (also none:
``lstm-init-concat-default-axis``, whose first line gives the shapes, ``clip-norm-early-return-dict``, whose
first line says a dict came back for a pair, and ``torch-swap-drops-candidate``).

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind19
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES19: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-variant-checked-in-loop", "1", "generate_dataset rejects an unknown variant only in the else "
       "branch inside its per-sequence loop: asking for 0 sequences of an unknown variant returns [] instead "
       "of raising ValueError (any positive count raises right)", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbn":
                    sequence = ["a"] * n + ["b"] * n + [EOS]
                elif variant == "anbnan":
                    sequence = ["a"] * n + ["b"] * n + ["a"] * n + [EOS]
                else:
                    raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
                sequences.append(sequence)
            return sequences
    '''),
    _e("vocab-rejects-size-one", "1", "build_vocab raises ValueError for max_size <= 1 instead of < 1: "
       "max_size = 1 (allowed: a vocabulary of UNK alone) is refused", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size <= 1:
                raise ValueError(f"max_size must leave room for a word besides UNK, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("decode-tolist-on-list", "1", "decode converts the indices with ids.tolist(): right for a numpy array, "
       "but a plain Python list of ints (allowed) raises AttributeError", "data", "decode", '''
        def decode(ids, idx_to_word):
            return [idx_to_word[i] for i in ids.tolist()]
    '''),
    _e("one-hot-negative-wraps", "1", "one_hot only rejects idx >= V: a negative index wraps around "
       "(idx = -1 sets the last entry) instead of raising ValueError", "data", "one_hot", '''
        def one_hot(idx, V):
            if idx >= V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
    '''),
    # ---- task 2: activations ------------------------------------------------------------------------------
    _e("softmax-abs-max-shift", "2", "softmax subtracts the largest magnitude max|x| along axis instead of "
       "the max (every exponent is still <= 0): right for ordinary logits, but when every logit along axis "
       "is very negative (e.g. all near -1e4) every exponent underflows and 0 / 0 gives nan",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            m = np.abs(x).max(axis=axis, keepdims=True)
            e = np.exp(x - m)
            return e / e.sum(axis=axis, keepdims=True)
    '''),
    _e("ce-shifts-scores-in-place", "2", "cross_entropy subtracts the row maxima in place (scores -= max) to "
       "save a copy: the loss and gradient are right, but the caller's scores are overwritten with the "
       "shifted logits", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            scores -= scores.max(axis=-1, keepdims=True)
            logp = scores - np.log(np.exp(scores).sum(axis=-1, keepdims=True))
            n_idx, t_idx = np.nonzero(mask)
            targets = y[n_idx, t_idx]
            loss = -logp[n_idx, t_idx, targets].sum() / M
            dscores = np.exp(logp)
            dscores[n_idx, t_idx, targets] -= 1.0
            dscores *= mask[..., None]
            dscores /= M
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation ---------------------------------------------------------------------------
    _e("orthogonal-transpose-condition-inverted", "3", "orthogonal transposes Q when rows > cols instead of "
       "rows < cols: every non-square shape comes out as (cols, rows), the transpose of the one asked for "
       "(square shapes are right)", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows > cols:
                Q = Q.T
            return Q
    '''),
    _e("lstm-init-concat-default-axis", "3", "init_lstm_params stacks the gate blocks with np.concatenate "
       "without axis=1: the blocks go one under the other (axis 0), so Wx is (4D, H) and Wh (4H, H) instead "
       "of (D, 4H) and (H, 4H); the draws, b, Wy and by are right", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)])
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)])
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: vanilla RNN ------------------------------------------------------------------------------
    _e("rnn-step-backward-dx-through-Wh", "4", "rnn_step_backward computes dx = da Wh^T (the dprev_h line "
       "copied, Wh not changed to Wx): dx is (N, H) instead of (N, D), wrong values when D == H; dprev_h, dWx, "
       "dWh and db are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wh.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-dWh-unshifted-states", "4", "rnn_backward forms dWh in one matmul over all steps with the "
       "states h_t themselves instead of the previous states h_{t-1} (h0, h_0, ..., h_{T-2}): dWh sums "
       "h_t^T da_t; dx, dh0, dWx and db are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, h, Wx, Wh = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dnext = np.zeros((N, H))
            for t in reversed(range(T)):
                dcur = dh[:, t] + dnext
                da[:, t] = dcur * (1 - h[:, t] ** 2)
                dnext = da[:, t] @ Wh.T
            dh0 = dnext
            da_flat = da.reshape(N * T, H)
            dx = (da_flat @ Wx.T).reshape(N, T, D)
            dWx = x.reshape(N * T, D).T @ da_flat
            dWh = h.reshape(N * T, H).T @ da_flat
            db = da_flat.sum(axis=0)
            return dx, dh0, dWx, dWh, db
    '''),
    _e("rnn-backward-carry-skips-tanh", "4", "rnn_backward sends back dprev_h = dcur Wh^T, the gradient into "
       "h_t before tanh's derivative, instead of da Wh^T: every carried gradient is wrong, and so are dh0 "
       "and every step but the last (with T = 1 only dh0)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, h, Wx, Wh = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dnext = np.zeros((N, H))
            for t in reversed(range(T)):
                dcur = dh[:, t] + dnext
                da[:, t] = dcur * (1 - h[:, t] ** 2)
                dnext = dcur @ Wh.T
            dh0 = dnext
            prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)
            da_flat = da.reshape(N * T, H)
            dx = (da_flat @ Wx.T).reshape(N, T, D)
            dWx = x.reshape(N * T, D).T @ da_flat
            dWh = prev.reshape(N * T, H).T @ da_flat
            db = da_flat.sum(axis=0)
            return dx, dh0, dWx, dWh, db
    '''),
    # ---- task 5: clipping ---------------------------------------------------------------------------------
    _e("clip-norm-early-return-dict", "5", "clip_by_global_norm returns the gradient dict alone (return grads) "
       "when no clipping is needed, forgetting the norm: only the clipping branch returns the pair "
       "(clipped, norm)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm <= max_norm:
                return grads
            scale = max_norm / norm
            return {k: g * scale for k, g in grads.items()}, norm
    '''),
    _e("clip-value-falsy-check", "5", "clip_by_value validates with `if not clip_value:`: 0 raises, but a "
       "negative clip_value is accepted (np.clip with swapped bounds sets every entry to clip_value) instead "
       "of raising ValueError", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if not clip_value:
                raise ValueError("clip_value must be positive")
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
    '''),
    # ---- task 6: LSTM -------------------------------------------------------------------------------------
    _e("lstm-step-backward-da-stacked-ifgo", "6", "lstm_step_backward computes the four gate gradients right "
       "but stacks da in PyTorch's order i, f, g, o instead of f, i, g, o: the forget and input blocks of "
       "dWx, dWh and db are swapped, and dx and dprev_h are wrong; dprev_c is right",
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
            da_f = df * f * (1 - f)
            da_i = di * i * (1 - i)
            da_g = dg * (1 - g ** 2)
            da_o = do * o * (1 - o)
            da = np.concatenate([da_i, da_f, da_g, da_o], axis=1)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-step-backward-dc-drops-dnext-c", "6", "lstm_step_backward takes the cell gradient from the hidden "
       "path only, dc = dnext_h * o * (1 - tanh(c)^2), leaving out dnext_c: every gradient is wrong whenever "
       "dnext_c is not zero (right when it is, as at a sequence's last step)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_h * o * (1 - tanh_c ** 2)
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
    _e("lstm-backward-dx-unreversed", "6", "lstm_backward walks the steps backwards, appends each step's dx "
       "to a list and stacks the list without reversing it: dx[:, t] holds step T-1-t's gradient (right for "
       "T = 1); dh0, dc0 and the weight gradients are right", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dxs = []
            dWx = dWh = db = 0.0
            for k, step_cache in enumerate(reversed(cache)):
                t = T - 1 - k
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_h, dprev_c, step_cache
                )
                dxs.append(dx_t)
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs, axis=1)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    # ---- task 7: optimisers -------------------------------------------------------------------------------
    _e("rmsprop-bias-corrected", "7", "RMSprop.step adds Adam's bias correction to the running average "
       "(s_hat = s / (1 - alpha^k), k counted in a step attribute of its own): steps about 10 times too "
       "small at first, converging to PyTorch's as alpha^k fades", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            self.k = getattr(self, "k", 0) + 1
            for name, p in params.items():
                g = grads[name]
                s = self.square_avg.get(name)
                if s is None:
                    s = np.zeros_like(p)
                s = self.alpha * s + (1 - self.alpha) * g * g
                self.square_avg[name] = s
                s_hat = s / (1 - self.alpha ** self.k)
                p -= self.lr * g / (np.sqrt(s_hat) + self.eps)
    '''),
    _e("adam-count-incremented-after-update", "7", "Adam.step increments self.t at the end of the call, after "
       "the update: the first step bias-corrects with k = 0 (1 - beta^0 = 0, a division by zero: every "
       "parameter becomes nan), later ones with k one short", "optim", "Adam.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** self.t)
                v_hat = self.v[name] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
            self.t += 1
    '''),
    _e("adam-moments-start-at-gradient", "7", "Adam.step starts the moments at the first gradient (m = g, "
       "v = g^2, as SGD's velocity starts at g) instead of at zeros, then applies the usual update and bias "
       "correction: the first step moves about lr / sqrt(10) per entry instead of lr, and every later step "
       "is off too", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = g.copy()
                    self.v[name] = g ** 2
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** self.t)
                v_hat = self.v[name] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: training and generation ------------------------------------------------------------------
    _e("model-loss-lstm-unpack-dc0-last", "8", "model_loss unpacks lstm_backward's six results as the RNN's "
       "five plus dc0 at the end (_, _, dWx, dWh, db, _) instead of (dx, dh0, dc0, dWx, dWh, db): for the LSTM "
       "grads['Wx'] gets dc0, grads['Wh'] gets dWx and grads['b'] gets dWh; the RNN is right",
       "train", "model_loss", '''
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
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, dWx, dWh, db, _ = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return loss, grads
    '''),
    _e("train-clip-result-not-unpacked", "8", "train writes grads = clip_by_global_norm(grads, max_norm), "
       "keeping the (clipped, norm) pair as the gradients: optimizer.step then indexes a tuple with the "
       "parameter names and raises whenever max_norm is set (right without clipping)",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    order = rng.permutation(N)
                    batches = []
                    for start in range(0, N, batch_size):
                        idx = order[start:start + batch_size]
                        batches.append(Batch(X[idx], y[idx], mask[idx]))
                total, tokens = 0.0, 0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(batch.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    _e("generate-one-extra-token", "8", "generate counts the new tokens with while n_new <= max_new: without "
       "an EOS it adds max_new + 1 tokens instead of max_new (one token even for max_new = 0); sequences "
       "that reach EOS in time are right", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None,
                     cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(index, h, c):
                x = one_hot(int(index), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for index in encode(prompt, word_to_idx):
                h, c = feed(index, h, c)
            tokens = list(prompt)
            n_new = 0
            while n_new <= max_new:
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                n_new += 1
                if idx_to_word[nxt] == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
    '''),
    # ---- task 9: PyTorch port -----------------------------------------------------------------------------
    _e("torch-swap-drops-candidate", "9", "to_torch_state's gate-swap helper slices the tail from 3H "
       "instead of 2H (np.concatenate([a[..., H:2H], a[..., :H], a[..., 3H:]])): the candidate block is "
       "dropped, so weight_ih, weight_hh and bias_ih have 3H gate rows instead of 4H; out.* and bias_hh "
       "are right", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 3 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
    '''),
    _e("from-torch-bias-2d", "9", "from_torch_state swaps the gate blocks with one helper, "
       "w.reshape(4, H, -1)[[1, 0, 2, 3]].reshape(4H, -1), written for the matrices: applied to the folded "
       "bias it returns b as a (4H, 1) column instead of a (4H,) vector (right values); Wx, Wh, Wy, by right",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(w):
                return w.reshape(4, H, -1)[[1, 0, 2, 3]].reshape(4 * H, -1)

            Wx = swap(state["lstm.weight_ih_l0"]).T.copy()
            Wh = swap(state["lstm.weight_hh_l0"]).T.copy()
            b = swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])
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
    main(ENTRIES19)
