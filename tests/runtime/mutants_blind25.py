"""Blind set 25: the mistakes students of an ordinary class bring to a TA's office hours, on every task.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the usual mix
of wrong maths (a parenthesis left out, a term dropped, a numerator typed as the gradient), wrong NumPy
usage (``*`` for ``@`` and back, ``np.split`` with a count taken for a size, ``np.empty`` taken for zeros,
``np.sum`` over a list, Python's ``min``/``max`` and ``^`` on arrays, a reduced axis restored at the end)
and missed docstring details (a wrong axis, an alias of the caller's list, the wrong variable reused). The
entries were written without reading the reference solution, the example submissions, the grader's
judges or its catalogues of known mistakes, and before seeing any grader output; an entry that turns out
to be accidentally correct stays in the set and in the numbers.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-prev-h-elementwise-Wh`` makes the step cache ``(x, prev_h, Wx, Wh, next_h)`` for ada's
  ``rnn_step_backward``;
- ``rnn-step-backward-tanh-grad-no-parens`` reads that same step cache ``(x, prev_h, Wx, Wh, next_h)``
  from ada's ``rnn_step_forward``;
- ``rnn-forward-step-args-Wh-Wx`` makes the sequence cache a list of ada's per-step caches, one per time
  step, for ada's ``rnn_backward``;
- ``lstm-step-output-gate-slice-minus-one`` makes the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (it raises before returning it for H >= 3);
- ``lstm-step-backward-dc-without-o`` reads the step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``
  from ada's ``lstm_step_forward``;
- ``lstm-backward-range-T-to-1`` reads the sequence cache as a list of per-step caches (``cache[t]``) for ada's
  ``lstm_step_backward``; its IndexError comes before any cache is read.

``model-loss-cache-name-reused`` hands ada's own caches around (the mistake is which one) and guesses nothing.

Measured once, before anything was changed after seeing it, at 5badc8c: caught 23/24 (no check lost points
for ``generate-appends-to-callers-prompt``: a call given a random generator was never compared with its
arguments as it left them), a named mistake or a pattern on 20/24 (also none: ``orthogonal-sign-fix-matmul``,
whose first line gives the shapes, ``rmsprop-caret-for-square``, whose first line gives numpy's TypeError, and
``from-torch-np-sum-of-list``, whose first line says a number came back for an array).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES25: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-two-sorts-wrong-order", "1", "build_vocab sorts by count and then sorts again by word (the two "
       "passes of a stable multi-key sort done in the wrong order): the second sort undoes the first, so the "
       "vocabulary is plain alphabetical (uppercase first, 'EOS' before 'a') and a cap keeps the alphabetically "
       "first words, not the most frequent", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            # most frequent first, then alphabetical for the ties
            words = sorted(counts, key=lambda word: counts[word], reverse=True)
            words.sort()
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("decode-loop-counter-as-id", "1", "decode loops over range(len(ids)) and looks up the loop counter, "
       "idx_to_word[int(i)], instead of the id ids[i]: returns the first L words of the vocabulary whatever the "
       "ids (right only when ids == 0..L-1; IndexError when L > V)", "data", "decode", '''
        def decode(ids, idx_to_word):
            tokens = []
            for i in range(len(ids)):
                tokens.append(idx_to_word[int(i)])
            return tokens
    '''),
    _e("one-hot-seq-range-check-precedence", "1", "one_hot_sequence checks the range with "
       "np.any(ids < 0 | ids >= V), the parentheses around the comparisons left out: | binds tighter than < "
       "and >=, so Python builds the chained comparison ids < (0 | ids) >= V and asks for the truth value of an "
       "array: every valid sequence of two or more ids raises ValueError (a one-id sequence is encoded but "
       "never range-checked)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if np.any(ids < 0 | ids >= V):
                raise ValueError(f"ids must lie in [0, {V})")
            return np.eye(V)[ids]
    '''),
    _e("one-hot-batch-mask-summed-over-time", "1", "one_hot_batch derives the mask from X as X.sum(axis=1) > 0, "
       "summing over the time axis instead of the vocabulary axis (axis=2): the mask is (N, V), 'which words "
       "occur in sequence i', instead of (N, T) real steps (a wrong shape unless T == V, then wrong values); "
       "X is right", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, T, V))
            for i, ids in enumerate(batch):
                X[i, : len(ids)] = one_hot_sequence(np.asarray(ids), V)
            # a real step has a one in its row, a padded step is all zeros
            mask = X.sum(axis=1) > 0
            return X, mask
    '''),
    _e("split-via-np-split", "1", "split_dataset cuts with np.split(sequences, [n_train, n_train + n_val]): "
       "NumPy first turns the list into an array, so a list of sequences of different lengths raises "
       "ValueError (inhomogeneous shape), and any other list comes back as three arrays, not three lists "
       "(the cut points are right)", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError(f"bad fractions p_train={p_train}, p_val={p_val}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train, val, test = np.split(sequences, [n_train, n_train + n_val])
            return train, val, test
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-negative-branch-denominator-unmasked", "2", "sigmoid masks the numerator of the x < 0 branch but "
       "not its denominator, np.exp(x[neg]) / (1 + np.exp(x)): the (k,) numerator meets the full-shape "
       "denominator, a broadcast or assignment error for every input of 2 or more dimensions and for every "
       "vector that is not all negative; right only for an all-negative vector or a single entry", "activations",
       "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            s = np.empty_like(x)
            pos = x >= 0
            neg = ~pos
            s[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
            s[neg] = np.exp(x[neg]) / (1.0 + np.exp(x))
            return s
    '''),
    _e("softmax-reduced-axis-restored-at-end", "2", "softmax restores the reduced axis with [..., None] "
       "(a new axis at the end) instead of keepdims=True: right along the last axis (and for 1-D input), but "
       "along any other axis the max and the sum broadcast against the wrong axis, a broadcast error (or wrong "
       "values when the shapes happen to line up, e.g. square inputs)", "activations", "softmax", '''
        def softmax(x, axis=-1):
            x = np.asarray(x, dtype=np.float64)
            m = x.max(axis=axis)[..., None]
            e = np.exp(x - m)
            return e / e.sum(axis=axis)[..., None]
    '''),
    _e("ce-grad-probabilities-unshifted", "2", "cross_entropy computes the loss with the shifted log-sum-exp "
       "as the docstring asks, but the gradient's probabilities as exp(s) / sum exp(s) with no shift: right "
       "for ordinary logits, but the gradient is nan (the loss stays right) on every row with a logit above "
       "about 709 or with all logits below about -745", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]                      # (M, V)
            t = np.asarray(y)[mask].astype(np.int64)
            rows = np.arange(M)
            m = s.max(axis=1, keepdims=True)
            log_p = s - m - np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            loss = -log_p[rows, t].sum() / M
            p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
            ds = p.copy()
            ds[rows, t] -= 1.0
            ds /= M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = ds
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-fix-matmul", "3", "orthogonal applies the sign fix with Q @ sign(diag(R)), a matrix "
       "product, instead of the broadcast Q * sign(diag(R)): the result is a 1-D vector of length "
       "max(rows, cols), the signed sum of Q's columns, instead of a (rows, cols) matrix", "initialisation",
       "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q @ np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
    '''),
    _e("rnn-init-biases-np-empty", "3", "init_rnn_params allocates the biases with np.empty(H) and np.empty(V), "
       "taken for 'an empty (zero) array': the weights are right, but b and by hold whatever the memory held "
       "(often the +-1 entries of an earlier sign array, or denormals) instead of zeros", "initialisation",
       "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            b = np.empty(H)
            by = np.empty(V)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
    '''),
    # ---- task 4: vanilla RNN -----------------------------------------------------------------------------
    _e("rnn-step-prev-h-elementwise-Wh", "4", "rnn_step_forward multiplies the previous state elementwise, "
       "prev_h * Wh (the maths' juxtaposition typed as *), instead of the matrix product prev_h @ Wh: a "
       "broadcast error unless N == H (then silently wrong values) or N == 1 (then an (H, H) 'state')",
       "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = np.dot(x, Wx) + prev_h * Wh + b
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
    '''),
    _e("rnn-step-backward-tanh-grad-no-parens", "4", "rnn_step_backward writes da = dnext_h * 1 - next_h ** 2, "
       "the parentheses of dnext_h * (1 - next_h ** 2) left out: da = dnext_h - next_h^2, so dx, dprev_h, dWx, "
       "dWh and db are all wrong (right only where next_h is 0)", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * 1 - next_h ** 2
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-forward-step-args-Wh-Wx", "4", "rnn_forward calls rnn_step_forward(x_t, prev_h, Wh, Wx, b), the two "
       "weight matrices passed in the wrong order: x_t is multiplied by Wh and prev_h by Wx, a shape error "
       "whenever D != H and silently wrong states when D == H", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            prev_h = h0
            for t in range(T):
                prev_h, cache_t = rnn_step_forward(x[:, t, :], prev_h, Wh, Wx, b)
                h[:, t, :] = prev_h
                caches.append(cache_t)
            return h, caches
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-fro-on-vectors", "5", "clip_by_global_norm measures each gradient with "
       "np.linalg.norm(g, 'fro'), the Frobenius norm asked for by name: NumPy refuses 'fro' for 1-D arrays "
       "and any array of 3 or more dimensions (ValueError), so every dict holding a bias raises; right for "
       "dicts of matrices only", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.linalg.norm(g, "fro") ** 2 for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return clipped, norm
    '''),
    _e("clip-value-builtin-min-max", "5", "clip_by_value clamps with Python's builtin min(max(g, -c), c) "
       "instead of np.clip / np.minimum / np.maximum: comparing an array with a number inside max asks for its "
       "truth value, so every gradient with more than one entry raises ValueError (a one-entry gradient may "
       "come back as a bare float)", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return {k: min(max(g, -clip_value), clip_value) for k, g in grads.items()}
    '''),
    # ---- task 6: LSTM ------------------------------------------------------------------------------------
    _e("lstm-step-output-gate-slice-minus-one", "6", "lstm_step_forward slices the output gate as "
       "a[:, 3H:-1], -1 taken for 'to the end': the last column is lost, o is (N, H - 1), and o * tanh(c) "
       "raises a broadcast error for H >= 3 (H = 2 broadcasts one column over both, wrong values)", "lstm",
       "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:-1])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-dc-without-o", "6", "lstm_step_backward drops the output gate from the hidden path "
       "into the cell: dc = dnext_c + dnext_h * (1 - tanh(c)^2) instead of dnext_c + dnext_h * o * "
       "(1 - tanh(c)^2); do is right, but df, di, dg, dprev_c and every gradient through them are wrong "
       "whenever dnext_h is non-zero", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * (1 - tanh_c ** 2)
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
    _e("lstm-backward-range-T-to-1", "6", "lstm_backward walks the steps with range(T, 0, -1), both ends of "
       "range(T - 1, -1, -1) shifted by one: the first step reads dh[:, T] and raises IndexError on every "
       "input", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in range(T, 0, -1):
                dnext_h = dh[:, t] + dprev_h
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dprev_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-caret-for-square", "7", "RMSprop.step writes the new square as (1 - alpha) * g ^ 2, the maths' "
       "g^2 typed with Python's ^ (bitwise xor, which also binds looser than *): TypeError on float gradients "
       "at the first step", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g ^ 2
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-numerator-raw-gradient", "7", "Adam.step keeps and corrects both moments right but steps with the "
       "raw gradient, p -= lr * g / (sqrt(v_hat) + eps), instead of lr * m_hat / (...): right on the first "
       "step (m_hat = g there) and for a constant gradient, wrong from the second step on whenever the "
       "gradient changes (no momentum)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * g / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("model-loss-cache-name-reused", "8", "model_loss stores both the cell's cache and the output layer's "
       "cache in one variable, cache: affine_forward's overwrites the cell's, so rnn_backward / lstm_backward "
       "receive the affine cache (an unpacking error or nonsense gradients); the loss is right", "train",
       "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"cell must be 'rnn' or 'lstm', got {cell!r}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                c0 = np.zeros((N, H))
                h, cache = lstm_forward(X, h0, c0, params["Wx"], params["Wh"], params["b"])
            scores, cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return loss, grads
    '''),
    _e("generate-appends-to-callers-prompt", "8", "generate starts its output with tokens = prompt (no copy) "
       "and appends the new tokens to it: the returned list is right, but the caller's prompt list grows with "
       "every call (so a second call with the same prompt reads a longer prompt)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"cell must be 'rnn' or 'lstm', got {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = feed(idx, h, c)
            tokens = prompt
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = feed(nxt, h, c)
            return tokens
    '''),
    # ---- task 9: PyTorch port ----------------------------------------------------------------------------
    _e("to-torch-np-split-H-sections", "9", "to_torch_state's gate-swap helper cuts the gate axis with "
       "np.split(a, H, axis=-1), H taken for the block width, but np.split's integer is the number of "
       "sections: H pieces 4 wide, of which it keeps four, so the result is right only when H == 4 "
       "(IndexError for H < 4, 16 columns instead of 4H for H > 4)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap_first_two(a):
                blocks = np.split(a, H, axis=-1)
                return np.concatenate([blocks[1], blocks[0], blocks[2], blocks[3]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap_first_two(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap_first_two(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap_first_two(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
    '''),
    _e("from-torch-np-sum-of-list", "9", "from_torch_state folds the two biases with "
       "np.sum([bias_ih, bias_hh]) (no axis): NumPy adds up every entry of both, so b is one scalar, the total, "
       "instead of their (4H,) elementwise sum; the weights are right", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            w_ih = np.asarray(state["lstm.weight_ih_l0"], dtype=np.float64)
            w_hh = np.asarray(state["lstm.weight_hh_l0"], dtype=np.float64)
            H = w_hh.shape[1]

            def swap_first_two(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            Wx = swap_first_two(w_ih.T)
            Wh = swap_first_two(w_hh.T)
            b = np.sum([swap_first_two(state["lstm.bias_ih_l0"]), swap_first_two(state["lstm.bias_hh_l0"])])
            Wy = np.array(state["out.weight"], dtype=np.float64).T.copy()
            by = np.array(state["out.bias"], dtype=np.float64)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
    '''),
]

if __name__ == "__main__":
    main(ENTRIES25)
