"""Blind set 28 of learner mistakes: an ordinary class, the mistakes a TA grading a hundred submissions sees most.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains (checked against the list of
their ids and one-line descriptions only). The entries were written without reading the reference solution,
the example submissions, the grader's judges or its catalogues of known mistakes, and before any grader
output; none is to be changed after the grader has graded it. An entry that turns out to be accidentally
correct stays in the set and in the numbers.

Entries that guess a cache layout another (ada's) function makes or reads:

- ``affine-forward-bias-column`` makes the cache ``(h, Wy, by)`` for ada's ``affine_backward``;
- ``rnn-step-backward-dnext-h-in-place`` reads the step cache ``(x, prev_h, Wx, Wh, next_h)`` from ada's
  ``rnn_step_forward``;
- ``rnn-backward-carry-after-tanh`` reads the cache ``(x, h0, Wx, Wh, h)`` (h the (N, T, H) states) from
  ada's ``rnn_forward``;
- ``lstm-step-backward-db-axis1`` reads the step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``
  (activated gates) from ada's ``lstm_step_forward``;
- ``lstm-forward-stack-axis0`` makes the cache a list of the T step caches of ada's ``lstm_step_forward``
  (for ada's ``lstm_backward``);
- ``lstm-backward-skips-step-0`` reads the cache as that list, ``cache[t]`` handed to ada's
  ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 525ea05: caught 23/24 (no check lost points
for ``generate-unknown-cell-runs-rnn``: no case gives generate an unknown cell), a named mistake or a pattern
on 21/24 (also none: ``orthogonal-float32-draw``, whose first line says float32, and
``lstm-init-cs231n-vocab-keys``, whose first line lists both key sets).

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind28
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES28: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("encode-unk-minus-one", "1", "encode maps an unknown word to index -1 ('UNK is last, so -1', Python's "
       "negative-index habit) instead of word_to_idx['UNK'] = V - 1: an id outside [0, V)", "data", "encode", '''
        def encode(tokens, word_to_idx):
            # UNK always sits last in the vocabulary, so -1 points at it
            return np.array([word_to_idx.get(token, -1) for token in tokens], dtype=np.int64)
        '''),
    _e("vocab-dict-before-cap", "1", "build_vocab builds word_to_idx from the full sorted word list before "
       "applying max_size: under a cap the dict keeps the dropped words (indices >= V) and UNK's index "
       "collides with the first dropped word; without a cap it is right", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            word_to_idx = {word: i for i, word in enumerate(words)}
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx[UNK] = len(idx_to_word) - 1
            return word_to_idx, idx_to_word
        '''),
    _e("vocab-max-size-unvalidated", "1", "build_vocab never validates max_size: max_size = 0 (or a negative "
       "cap) silently slices words[:max_size - 1] from the end instead of raising ValueError",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-batch-loop-to-T", "1", "one_hot_batch fills X with a loop over range(T), the longest length, "
       "for every sequence: IndexError as soon as one sequence is shorter than the longest (right when all "
       "lengths are equal; the mask is filled right)", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(sequence) for sequence in batch)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, sequence in enumerate(batch):
                for t in range(T):
                    X[i, t, sequence[t]] = 1.0
                mask[i, : len(sequence)] = True
            return X, mask
        '''),
    _e("inputs-targets-assert", "1", "inputs_targets rejects short sequences with assert len(sequence) >= 2: "
       "AssertionError instead of ValueError (and no check at all under python -O)", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            assert len(sequence) >= 2, "a sequence needs at least two tokens"
            return list(sequence[:-1]), list(sequence[1:])
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-negative-branch-denominator-unedited", "2", "sigmoid copies the x >= 0 branch's denominator into "
       "the x < 0 branch and edits only the numerator: exp(x) / (1 + exp(-x)) instead of exp(x) / (1 + exp(x)) "
       "(wrong for every negative x, overflow below about -709; x >= 0 right)", "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            s = np.empty_like(x)
            pos = x >= 0
            neg = ~pos
            s[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
            s[neg] = np.exp(x[neg]) / (1.0 + np.exp(-x[neg]))
            return s
        '''),
    _e("ce-grad-divides-p-before-onehot", "2", "cross_entropy divides the probabilities by M and then subtracts 1 "
       "at the targets (grad = p / M; grad[rows, y] -= 1): the target entries are p / M - 1 instead of "
       "(p - 1) / M (right only when M = 1); the loss is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            targets = y[mask]
            shifted = s - s.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
            rows = np.arange(M)
            loss = -np.sum(log_p[rows, targets]) / M
            grad = np.exp(log_p) / M
            grad[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = grad
            return float(loss), dscores
        '''),
    _e("ce-returns-grad-first", "2", "cross_entropy computes the loss and the gradient right but returns them in "
       "the other order, (dscores, loss) instead of (loss, dscores)", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            targets = y[mask]
            shifted = s - s.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
            rows = np.arange(M)
            loss = -np.sum(log_p[rows, targets]) / M
            grad = np.exp(log_p)
            grad[rows, targets] -= 1.0
            grad /= M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = grad
            return dscores, float(loss)
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-float32-draw", "3", "orthogonal draws A with rng.standard_normal(..., dtype=np.float32) "
       "('weights are float32, as in PyTorch'): a float32 result from a different stream of draws, "
       "orthogonal only to about 1e-7, not the specified float64 matrix", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)), dtype=np.float32)
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-cs231n-vocab-keys", "3", "init_lstm_params names the output layer as CS231n's captioning model "
       "does, W_vocab and b_vocab, instead of Wy and by (right arrays, right order of draws)",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            W_vocab = orthogonal((H, V), rng)
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": np.zeros(4 * H),
                "W_vocab": W_vocab,
                "b_vocab": np.zeros(V),
            }
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-bias-column", "4", "affine_forward adds the output bias as a column, by.reshape(-1, 1) "
       "(min-char-rnn's (V, 1) bias): (N, T, V) + (V, 1) is a broadcast error unless T == V (wrong values) "
       "or T == 1 (an (N, V, V) array)", "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            scores = h @ Wy + by.reshape(-1, 1)
            cache = (h, Wy, by)
            return scores, cache
        '''),
    _e("rnn-step-backward-dnext-h-in-place", "4", "rnn_step_backward starts da from dnext_h itself and applies "
       "tanh's derivative in place (da = dnext_h; da *= 1 - next_h ** 2): every gradient is right, but the "
       "caller's dnext_h is overwritten with da", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h
            da *= 1 - next_h ** 2
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-carry-after-tanh", "4", "rnn_backward adds the gradient carried back from step t + 1 after "
       "tanh's derivative, da_t = dh[:, t] * (1 - h_t^2) + dprev, instead of into the gradient of h_t before "
       "it, (dh[:, t] + dprev) * (1 - h_t^2): right for the last step and when T = 1, wrong before",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            dx = np.zeros((N, T, D))
            dWx = np.zeros_like(Wx)
            dWh = np.zeros_like(Wh)
            db = np.zeros(H)
            dprev = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                prev_h = h[:, t - 1] if t > 0 else h0
                da = dh[:, t] * (1 - h[:, t] ** 2) + dprev
                dx[:, t] = da @ Wx.T
                dWx += x[:, t].T @ da
                dWh += prev_h.T @ da
                db += da.sum(axis=0)
                dprev = da @ Wh.T
            return dx, dprev, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-condition-inverted", "5", "clip_by_global_norm rescales when norm < max_norm instead of "
       "norm > max_norm: small gradients are scaled up to max_norm, large ones come back unclipped (and "
       "all-zero gradients divide by zero); the norm returned is right", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm < max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    _e("clip-norm-return-in-loop", "5", "clip_by_global_norm has the return of its scaling loop indented inside "
       "the loop: when clipping is needed it returns after the first gradient, a dict with the first key only "
       "(unclipped gradients and the norm are right)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total += np.sum(g ** 2)
            norm = float(np.sqrt(total))
            if norm <= max_norm:
                return grads, norm
            scale = max_norm / norm
            clipped = {}
            for k, g in grads.items():
                clipped[k] = g * scale
                return clipped, norm
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-backward-db-axis1", "6", "lstm_step_backward sums the bias gradient over the gate axis, "
       "db = da.sum(axis=1): db has shape (N,) instead of (4H,); dx, dprev_h, dprev_c, dWx and dWh are right",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            da = np.concatenate(
                [df * f * (1 - f), di * i * (1 - i), dg * (1 - g ** 2), do * o * (1 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dprev_c = dc * f
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=1)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-forward-stack-axis0", "6", "lstm_forward collects the hidden states in a list and joins them with "
       "np.stack(hs), the default axis 0: h is (T, N, H) instead of (N, T, H) (the states themselves are right)",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            prev_h, prev_c = h0, c0
            hs = []
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
                hs.append(prev_h)
                caches.append(step_cache)
            h = np.stack(hs)
            return h, caches
        '''),
    _e("lstm-backward-skips-step-0", "6", "lstm_backward walks the steps with range(T - 1, 0, -1): step 0 is never "
       "backpropagated (dx[:, 0] stays zero, its weight terms are missing) and dh0, dc0 are the gradients into "
       "h_0 and c_0 instead of h0 and c0 (nothing at all is computed when T = 1)", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in range(T - 1, 0, -1):
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
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-plus-sign", "7", "SGD.step moves the parameters along the update instead of against it, "
       "p += lr * update (gradient ascent), with and without momentum; the velocity itself is right",
       "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    update = self.velocity[k]
                else:
                    update = g
                p += self.lr * update
        '''),
    _e("adam-m-weights-swapped", "7", "Adam.step weights the first moment the other way, "
       "m <- (1 - b1) m + b1 g instead of b1 m + (1 - b1) g (v is right): m_hat is 9 g on the first step, "
       "so every step is far too large", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = (1 - self.beta1) * self.m[name] + self.beta1 * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-batch-slice-end-not-offset", "8", "train cuts the shuffled indices with order[start:batch_size] "
       "(the end not offset by start): every mini-batch after the first is empty, so model_loss fails on it "
       "whenever N > batch_size (right for the full batch or N <= batch_size)", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    batches = [order[start:batch_size] for start in range(0, N, batch_size)]
                total_loss = 0.0
                total_tokens = 0
                for idx in batches:
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
    _e("generate-unknown-cell-runs-rnn", "8", "generate never validates cell: anything but 'lstm' falls into the "
       "else branch and runs the RNN step instead of raising ValueError (an empty prompt and sampling without "
       "rng are rejected)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(token_id, h, c):
                x = one_hot(int(token_id), V)[None, :]
                if cell == "lstm":
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                else:
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                return h, c

            for token_id in encode(prompt, word_to_idx):
                h, c = advance(token_id, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if greedy:
                    nxt = int(np.argmax(p))
                else:
                    nxt = int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-roll-whole-gate-axis", "9", "to_torch_state 'swaps' the forget and input blocks with "
       "np.roll(a, H, axis=-1) over the whole gate axis: every block moves one place, f, i, g, o becomes "
       "o, f, i, g instead of i, f, g, o (Wx, Wh and b alike)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def reorder(a):
                # f, i, g, o -> i, f, g, o: move the blocks along by one gate
                return np.roll(a, H, axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T),
                "lstm.bias_ih_l0": reorder(params["b"]).copy(),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T),
                "out.bias": params["by"].copy(),
            }
        '''),
    _e("from-torch-biases-concatenated", "9", "from_torch_state 'folds' the two PyTorch biases by joining them, "
       "np.concatenate([bias_ih, bias_hh]), instead of adding them: b is (8H,), its first two blocks swapped "
       "as if it were 4H wide; Wx, Wh, Wy and by are right", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            W_ih = state["lstm.weight_ih_l0"]
            W_hh = state["lstm.weight_hh_l0"]
            H = W_hh.shape[1]

            def swap(a):
                # i, f, g, o -> f, i, g, o along the first (gate) axis
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            b = np.concatenate([state["lstm.bias_ih_l0"], state["lstm.bias_hh_l0"]])
            return {
                "Wx": swap(W_ih).T.copy(),
                "Wh": swap(W_hh).T.copy(),
                "b": swap(b),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES28)
