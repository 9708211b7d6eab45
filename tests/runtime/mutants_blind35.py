"""Blind set 35: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the mistakes a TA who graded
last year's submissions by hand remembers seeing most often, across all nine tasks. They were written without
reading the reference solution, the example submissions, the grader's judges or its catalogues of known
mistakes, and before seeing any grader output; an entry that turns out to be accidentally correct stays in
the set and in the numbers.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-tanh-out-prev-h`` and ``rnn-step-column-convention`` (rnn_step_forward) make the step cache
  ``(x, prev_h, Wx, Wh, next_h)`` for ada's rnn_step_backward;
- ``affine-forward-flatten-by-V`` (affine_forward) makes the cache ``(h, Wy)`` for ada's affine_backward;
- ``lstm-step-gates-reshape-4nh`` and ``lstm-step-gate-products-np-dot`` (lstm_step_forward) make the step
  cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for ada's lstm_step_backward;
- ``lstm-forward-stack-dot-T`` (lstm_forward) makes the cache a list of T step caches (from ada's
  lstm_step_forward) for ada's lstm_backward.

Measured once, before anything was changed after seeing it, at 2bda4d1: caught 22/24 (missed:
``data-variants-tuple-missing-comma``: no case names a variant that is a piece of 'anbnanbnan';
``encode-caches-unk-index``: no two calls of one process give vocabularies with UNK at different places), a named
mistake or a pattern on 21/24 (also none: ``clip-value-clips-the-dict``, whose first line gives numpy's
TypeError).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES35: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-variants-tuple-missing-comma", "1", "generate_dataset validates the variant against "
       "('anbn' 'anbnan'), a tuple whose comma is missing: Python joins the two literals into the one string "
       "'anbnanbnan', so `not in` is a substring test and variants such as '', 'a', 'nb' or 'bna' are accepted "
       "(built as a^n b^n) instead of raising ValueError; 'anbn', 'anbnan' and most wrong names are right",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in ("anbn" "anbnan"):
                raise ValueError(f"unknown variant {variant!r}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbnan":
                    sequences.append(["a"] * n + ["b"] * n + ["a"] * n + [EOS])
                else:
                    sequences.append(["a"] * n + ["b"] * n + [EOS])
            return sequences
        '''),
    _e("vocab-cap-cuts-unk", "1", "build_vocab appends UNK to the sorted words first and then cuts the list to "
       "max_size: whenever the data holds max_size words or more, UNK itself is cut off (max_size real words, "
       "no UNK in the list or the dict); right without a cap and when fewer words than max_size remain",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            idx_to_word = words + [UNK]
            if max_size is not None:
                idx_to_word = idx_to_word[:max_size]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-caches-unk-index", "1", "encode looks UNK's index up once and keeps it on the function "
       "(encode.unk_id, 'encode runs for every sequence'): every later call maps unknown words to the UNK "
       "index of the first vocabulary it saw, wrong for any other vocabulary size; known words are right",
       "data", "encode", '''
        def encode(tokens, word_to_idx):
            # look UNK's index up once: encode runs for every sequence of the data set
            if not hasattr(encode, "unk_id"):
                encode.unk_id = word_to_idx[UNK]
            return np.array([word_to_idx.get(token, encode.unk_id) for token in tokens], dtype=np.int64)
        '''),
    _e("one-hot-seq-range-check-and", "1", "one_hot_sequence joins its two range tests with `and` instead of "
       "`or` (np.any(ids < 0) and np.any(ids >= V)): it raises only when a sequence has both a negative and a "
       "too-large id, so a negative id wraps to a row from the end and an id >= V raises IndexError, not "
       "ValueError; valid sequences are right", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if np.any(ids < 0) and np.any(ids >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            return np.eye(V)[ids]
        '''),
    _e("one-hot-batch-mask-negative-zero", "1", "one_hot_batch starts the mask at all True and clears the padded "
       "tail with mask[i, -(T - T_i):] = False: for every sequence of the longest length T_i == T the slice is "
       "[-0:] = [0:], so its whole mask is cleared (all False); shorter sequences and X are right",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(ids) for ids in batch)
            X = np.zeros((N, T, V))
            mask = np.ones((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                L = len(ids)
                X[i, np.arange(L), ids] = 1.0
                mask[i, -(T - L):] = False  # the padded tail
            return X, mask
        '''),
    # ---- task 2: activations and loss --------------------------------------------------------------------
    _e("tanh-from-sigmoid-no-double", "2", "tanh reuses the overflow-free sigmoid through tanh(x) = 2 s(2x) - 1 but "
       "drops the 2 inside: returns 2 s(x) - 1 = tanh(x / 2), finite and in [-1, 1], right at x = 0 only",
       "activations", "tanh", '''
        def tanh(x):
            # tanh(x) = 2 sigmoid(2x) - 1, and our sigmoid never overflows
            return 2.0 * sigmoid(x) - 1.0
        '''),
    _e("sigmoid-grad-tanh-identity-half", "2", "sigmoid_grad differentiates s(x) = (1 + tanh(x / 2)) / 2 and keeps "
       "the outer 1/2 but forgets the inner chain-rule factor 1/2: returns (1 - tanh(x/2)^2) / 2, twice "
       "s(x) (1 - s(x)) everywhere", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            # s(x) = (1 + tanh(x / 2)) / 2, so s'(x) = (1 - tanh(x / 2) ** 2) / 2
            t = np.tanh(np.asarray(x, dtype=np.float64) / 2)
            return 0.5 * (1.0 - t ** 2)
        '''),
    _e("ce-grad-over-all-rows", "2", "cross_entropy flattens (N, T) into N*T rows and divides the gradient by the "
       "number of rows (CS231n's softmax_loss dx /= N) while the loss is divided by M: the gradient is M / (N*T) "
       "times too small whenever the mask has padding (right for an all-True mask); the loss is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            N, T, V = scores.shape
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores.reshape(N * T, V)
            targets = y.reshape(N * T)
            valid = mask.reshape(N * T)
            m = s.max(axis=1, keepdims=True)
            lse = np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            log_p = s - m - lse
            rows = np.flatnonzero(valid)
            loss = -log_p[rows, targets[rows]].sum() / M
            dflat = np.exp(log_p)
            dflat[rows, targets[rows]] -= 1.0
            dflat[~valid] = 0.0
            dflat /= dflat.shape[0]
            return float(loss), dflat.reshape(N, T, V)
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-draws-column-by-column", "3", "orthogonal fills A column by column, one "
       "rng.standard_normal(max) call per column stacked with np.column_stack, instead of one "
       "standard_normal((max, min)) call: A holds the same numbers in column order, so the result is still "
       "orthogonal but not the specified matrix (right for single-column and single-row shapes)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            big, small = max(rows, cols), min(rows, cols)
            A = np.column_stack([rng.standard_normal(big) for _ in range(small)])
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q.T if rows < cols else Q
        '''),
    _e("lstm-init-wh-list-repeat", "3", "init_lstm_params builds Wx with a list comprehension (four draws) but Wh "
       "with list repetition, [orthogonal((H, H), rng)] * 4: one (H, H) draw copied into all four gate blocks, "
       "and Wy then takes the rng's sixth draw instead of its ninth; Wx and the biases are right",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng)] * 4, axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: vanilla RNN -----------------------------------------------------------------------------
    _e("rnn-step-tanh-out-prev-h", "4", "rnn_step_forward saves an allocation with np.tanh(..., out=prev_h): "
       "next_h has the right values, but it is the caller's prev_h array, overwritten with the new state (and "
       "the cache's prev_h is next_h)", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            next_h = np.tanh(x @ Wx + prev_h @ Wh + b, out=prev_h)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-step-column-convention", "4", "rnn_step_forward computes in the lecture notes' column convention, "
       "a = Wx^T x^T + Wh^T h^T + b[:, None], one column per example, and returns that (H, N) state without "
       "transposing it back to (N, H) (wrong shape unless N == H, transposed values when N == H)",
       "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            # column convention: a = Wx^T x + Wh^T h + b, one column per example
            a = Wx.T @ x.T + Wh.T @ prev_h.T + b[:, None]
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("affine-forward-flatten-by-V", "4", "affine_forward flattens h with h.reshape(N * T, V), V typed for H: "
       "the (N*T, V) rows then meet Wy (H, V) in the matmul, a reshape or shape error whenever V != H (right "
       "when V == H)", "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            N, T, H = h.shape
            V = Wy.shape[1]
            scores = (h.reshape(N * T, V) @ Wy + by).reshape(N, T, V)
            cache = (h, Wy)
            return scores, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-sum-axis0", "5", "clip_by_global_norm sums each gradient's squares with np.sum(g ** 2, axis=0) "
       "(the batch-axis habit): matrices give vectors, so the running total becomes an array, a broadcast error "
       "for mixed shapes or an ambiguous truth value in norm > max_norm (right when every gradient is 1-D)",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total = total + np.sum(g ** 2, axis=0)
            norm = np.sqrt(total)
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-clips-the-dict", "5", "clip_by_value writes np.clip(grads, ...) inside its dict comprehension "
       "(grads typed for g): NumPy wraps the whole dict in an object array and the comparison with a number "
       "raises TypeError for every non-empty gradient dict; the check of clip_value is right",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            return {k: np.clip(grads, -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: LSTM ------------------------------------------------------------------------------------
    _e("lstm-step-gates-reshape-4nh", "6", "lstm_step_forward splits the (N, 4H) pre-activations into the four "
       "gates with a.reshape(4, N, H) instead of slicing columns: right for a single sequence (N = 1), but for "
       "N > 1 the gates mix rows of different sequences and different blocks", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            N = x.shape[0]
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            a_f, a_i, a_g, a_o = a.reshape(4, N, H)
            f = sigmoid(a_f)
            i = sigmoid(a_i)
            g = np.tanh(a_g)
            o = sigmoid(a_o)
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-gate-products-np-dot", "6", "lstm_step_forward writes the gate products with np.dot (taken for "
       "the elementwise product): next_c = dot(f, prev_c) + dot(i, g), next_h = dot(o, tanh(c)), matrix products "
       "of (N, H) arrays: a shape error unless N == H, wrong values when N == H", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = np.dot(f, prev_c) + np.dot(i, g)
            next_h = np.dot(o, np.tanh(next_c))
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-stack-dot-T", "6", "lstm_forward collects the states in a list and returns np.array(hs).T to "
       "turn (T, N, H) into (N, T, H): .T on a 3-D array reverses all three axes, so h is (H, N, T); the states "
       "themselves and the carried h and c are right", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            prev_h, prev_c = h0, c0
            hs, caches = [], []
            for t in range(T):
                prev_h, prev_c, cache_t = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                hs.append(prev_h)
                caches.append(cache_t)
            h = np.array(hs).T  # (T, N, H) -> (N, T, H)
            return h, caches
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-momentum-keeps-plain-step", "7", "SGD.step keeps the plain step p -= lr * g from its first version and "
       "adds the momentum step after it, not in an else branch: with momentum every call moves p by lr * (g + v) "
       "(right without momentum)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                p -= self.lr * g
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    p -= self.lr * self.velocity[k]
        '''),
    _e("rmsprop-sqrt-in-place", "7", "RMSprop.step takes the square root with np.sqrt(s, out=s) to avoid a "
       "temporary: the stored running average is replaced by its root, so the first step is right and every "
       "later one averages sqrt(s) with g^2", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                denom = np.sqrt(s, out=s) + self.eps
                p -= self.lr * g / denom
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("model-loss-or-always-true", "8", "model_loss picks the cell with `if cell == 'lstm' or 'LSTM':`, a "
       "non-empty string that is always true: every call runs the LSTM, so cell='rnn' fails on the RNN's "
       "parameters and an unknown cell runs the LSTM instead of raising ValueError; the LSTM path is right",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            X, y, mask = batch
            N, T, V = X.shape
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            H = Wh.shape[0]
            h0 = np.zeros((N, H))
            if cell == "lstm" or "LSTM":
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), Wx, Wh, b)
            elif cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, Wx, Wh, b)
            else:
                raise ValueError(f"unknown cell {cell!r}")
            scores, out_cache = affine_forward(h, Wy, by)
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "lstm" or "LSTM":
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            else:
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            return loss, {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
        '''),
    _e("generate-argmax-of-first-entry", "8", "generate flattens p to (V,) for sampling but keeps the greedy line "
       "written for the (1, V) row, np.argmax(p[0]): the argmax of one number, so greedy decoding always picks "
       "word 0; sampling is right", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if not prompt:
                raise ValueError("the prompt is empty")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            H = Wh.shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "lstm":
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
                else:
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = feed(idx, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by).ravel()
                if greedy:
                    idx = int(np.argmax(p[0]))  # the one row of p
                else:
                    idx = int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(idx, h, c)
            return tokens
        '''),
    # ---- task 9: the PyTorch map -------------------------------------------------------------------------
    _e("to-torch-lstm-entries-only", "9", "to_torch_state maps only the nn.LSTM part (the four lstm.* entries, "
       "right) and leaves out out.weight and out.bias: four keys instead of six", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b = params["Wx"], params["Wh"], params["b"]
            H = Wh.shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(Wx).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(Wh).T, dtype=np.float64),
                "lstm.bias_ih_l0": swap(b).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
            }
        '''),
    _e("from-torch-swap-helper-ravels", "9", "from_torch_state swaps the first two gate blocks with a helper "
       "written for the bias, a.reshape(4, -1)[[1, 0, 2, 3]].ravel(): right for b, but it flattens the (4H, D) "
       "and (4H, H) matrices too, so Wx and Wh come back 1-D ((4HD,) and (4HH,)); Wy and by are right",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap(a):
                # exchange the first two gate blocks: PyTorch's i, f <-> NumPy's f, i
                return a.reshape(4, -1)[[1, 0, 2, 3]].ravel()

            Wx = swap(state["lstm.weight_ih_l0"]).T.copy()
            Wh = swap(state["lstm.weight_hh_l0"]).T.copy()
            b = swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])
            Wy = state["out.weight"].T.copy()
            by = state["out.bias"].copy()
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
        '''),
]

if __name__ == "__main__":
    main(ENTRIES35)
