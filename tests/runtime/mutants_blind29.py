"""Blind set 29: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the usual mix of wrong
maths, wrong NumPy usage and docstring details missed. The entries were written without reading the
reference solution, the example submissions, the grader's judges or its catalogues of known mistakes, and
before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-backward-da-in-place`` reads rnn_step_forward's cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-backward-dx-time-major-slot`` and ``rnn-backward-dh0-zeros`` read rnn_forward's cache as the list
  of the T step caches (``cache[t]`` handed to rnn_step_backward);
- ``affine-backward-tensordot-axes-2`` reads affine_forward's cache as ``(h, Wy, ...)`` (its first two items);
- ``lstm-cell-output-gate-as-input`` makes, and ``lstm-step-backward-do-without-tanh`` reads, the LSTM step
  cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates already activated);
- ``lstm-backward-dh0-dc0-swapped`` reads lstm_forward's cache as the list of the T step caches
  (``cache[t]`` handed to lstm_step_backward).

Measured once, before anything was changed after seeing it, at 525ea05: caught 24/24, a named mistake or a
pattern on 20/24 (none: ``decode-returns-map``, refused as a map, ``sigmoid-grad-symmetry-twice``,
``ce-lse-shift-axis0`` and ``affine-backward-tensordot-axes-2``, whose first line gives numpy's ValueError).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES29: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-unk-index-after-append", "1", "build_vocab appends UNK to idx_to_word first and then sets "
       "word_to_idx['UNK'] = len(idx_to_word): UNK's index is V (one past the end) instead of V - 1; every "
       "other word and the list are right", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = list(words)
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            idx_to_word.append(UNK)
            word_to_idx[UNK] = len(idx_to_word)
            return word_to_idx, idx_to_word
    '''),
    _e("encode-unk-minus-one", "1", "encode maps an unknown word to -1 ('UNK sits last, so index -1') with "
       "word_to_idx.get(t, -1) instead of word_to_idx['UNK'] (V - 1): known words are right, unknown ones "
       "come out as -1", "data", "encode", '''
        def encode(tokens, word_to_idx):
            return np.array([word_to_idx.get(token, -1) for token in tokens], dtype=np.int64)
    '''),
    _e("one-hot-batch-max-without-key", "1", "one_hot_batch takes the longest length as len(max(batch)), "
       "key=len forgotten: max compares the index arrays themselves, which raises ValueError (ambiguous "
       "truth value or a broadcast error) for any batch of two or more sequences longer than one step; "
       "right for a batch of one", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = len(max(batch))
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                length = len(ids)
                X[i, np.arange(length), ids] = 1.0
                mask[i, :length] = True
            return X, mask
    '''),
    _e("decode-returns-map", "1", "decode returns map(lambda i: idx_to_word[int(i)], ids), the list() around "
       "it forgotten: a lazy map object instead of a list of L words (no len, no indexing, not == a list)",
       "data", "decode", '''
        def decode(ids, idx_to_word):
            return map(lambda i: idx_to_word[int(i)], ids)
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-abs-form-sign-lost", "2", "tanh uses the overflow-free form (1 - exp(-2|x|)) / (1 + exp(-2|x|)), "
       "like the sigmoid's exp(-|x|) trick, but never puts the sign of x back: returns tanh(|x|), wrong for "
       "every negative input", "activations", "tanh", '''
        def tanh(x):
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-2.0 * np.abs(x))
            return (1.0 - e) / (1.0 + e)
    '''),
    _e("sigmoid-grad-symmetry-twice", "2", "sigmoid_grad mixes the two forms s(x) (1 - s(x)) and s(x) s(-x): "
       "returns s(x) * (1 - s(-x)) = s(x)^2 instead of s(x) * (1 - s(x)) (right at x = 0 only)",
       "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            s = sigmoid(x)
            return s * (1.0 - sigmoid(-x))
    '''),
    _e("ce-lse-shift-axis0", "2", "cross_entropy shifts the log-sum-exp by the maximum over axis 0 of the "
       "(M, V) valid rows (a per-word column maximum) instead of each row's maximum over the vocabulary: "
       "the shift no longer cancels, so log p, the loss and the gradient are wrong (even for M = 1, where every "
       "shifted score becomes 0 and p is uniform)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            targets = y[mask]
            m = s.max(axis=0, keepdims=True)
            z = s - m
            log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
            rows = np.arange(M)
            loss = -log_p[rows, targets].sum() / M
            d_valid = np.exp(log_p)
            d_valid[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = d_valid / M
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-biases-zeros-like-int", "3", "init_rnn_params makes the biases with np.zeros_like(H) and "
       "np.zeros_like(V) (zeros_like taken for zeros): b and by are 0-d integer arrays, shape () instead of "
       "(H,) and (V,); the weights are right", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros_like(H), "Wy": Wy, "by": np.zeros_like(V)}
    '''),
    _e("lstm-init-wh-blocks-first", "3", "init_lstm_params draws the four (H, H) Wh blocks before the four "
       "(D, H) Wx blocks (the recurrent weights first): right shapes and orthogonal blocks, but Wx and Wh "
       "come from the wrong part of the rng's stream (Wy is right)", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-da-in-place", "4", "rnn_step_backward forms da with da = dnext_h; da *= 1 - next_h**2: "
       "every gradient is right, but the caller's dnext_h is overwritten with da", "rnn", "rnn_step_backward",
       '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h
            da *= 1.0 - next_h ** 2
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-dx-time-major-slot", "4", "rnn_backward stores each step's input gradient in dx[t] "
       "(time-major indexing) instead of dx[:, t]: IndexError or a broadcast error unless N == T, wrong "
       "values when N == T; dh0, dWx, dWh and db are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dx = None
            dprev_h = np.zeros((N, H))
            for t in reversed(range(T)):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-dh0-zeros", "4", "rnn_backward carries the gradient right through every step but returns "
       "dh0 as zeros (the initial state taken for a constant) instead of what step 0 sends back through Wh; "
       "dx, dWx, dWh and db are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dx = None
            dprev_h = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            dh0 = np.zeros((N, H))
            return dx, dh0, dWx, dWh, db
    '''),
    _e("affine-backward-tensordot-axes-2", "4", "affine_backward forms dWy with np.tensordot(h, dscores, axes=2), "
       "meaning 'contract the two (N, T) axes', but axes=2 pairs h's LAST two axes (T, H) with dscores' "
       "first two (N, T): a shape error unless N == T == H (wrong values then); dh and dby are right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            dh = dscores @ Wy.T
            dWy = np.tensordot(h, dscores, axes=2)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-linalg-norm-of-list", "5", "clip_by_global_norm measures the global norm with "
       "np.linalg.norm(list(grads.values())): NumPy must first stack the list into one array, which raises "
       "ValueError (inhomogeneous shape) as soon as the gradients differ in shape; right only when they all "
       "share one shape", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.linalg.norm(list(grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-flattened", "5", "clip_by_value clamps a flattened copy of each gradient (g.flatten(), "
       "then two masked assignments) and never reshapes it back: the right values, the caller's arrays "
       "untouched, but every matrix comes back 1-D instead of with its own shape", "clipping",
       "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for k, g in grads.items():
                flat = g.flatten()
                flat[flat > clip_value] = clip_value
                flat[flat < -clip_value] = -clip_value
                clipped[k] = flat
            return clipped
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-cell-output-gate-as-input", "6", "lstm_step_forward writes the cell update with the output gate "
       "where the input gate belongs (o and i mixed up): c = f * prev_c + o * g instead of f * prev_c + i * g; "
       "the gates themselves are right", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + o * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-do-without-tanh", "6", "lstm_step_backward takes the output gate's gradient as "
       "dnext_h * c (the new cell itself) instead of dnext_h * tanh(c): the o block of da, and so dx, dprev_h, "
       "dWx, dWh and db, are wrong; dprev_c is right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * next_c
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
    _e("lstm-backward-dh0-dc0-swapped", "6", "lstm_backward computes every gradient right but returns the two "
       "initial-state gradients in the other order, (dx, dc0, dh0, ...) instead of (dx, dh0, dc0, ...)",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx = None
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
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
            return dx, dprev_c, dprev_h, dWx, dWh, db
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-average-plus-equals", "7", "RMSprop.step updates the running average with s += alpha * s + "
       "(1 - alpha) * g^2 (+= typed for =): s becomes (1 + alpha) s + (1 - alpha) g^2 and keeps growing; "
       "right on the first step only, steps shrink from the second on", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s += self.alpha * s + (1.0 - self.alpha) * g * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-update-added", "7", "Adam.step computes update = lr * m_hat / (sqrt(v_hat) + eps) right but "
       "applies it with p += update: every step climbs the loss (gradient ascent) instead of descending",
       "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1.0 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1.0 - self.beta2) * g * g
                m_hat = self.m[k] / (1.0 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1.0 - self.beta2 ** self.t)
                update = self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
                p += update
    '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-loss-per-batch", "8", "train appends every mini-batch's loss to history['train_loss'] inside the "
       "batch loop instead of one token-weighted mean per epoch: the list holds one entry per update "
       "(right only for the full batch, batch_size=None); val_loss is right", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch.X, train_batch.y, train_batch.mask
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                for idx in chunks:
                    loss, grads = model_loss(params, Batch(X[idx], y[idx], mask[idx]), cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    history["train_loss"].append(float(loss))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    _e("generate-scores-without-by", "8", "generate turns the hidden state into probabilities with "
       "softmax(h Wy), the output bias by left out: right while by is zero (fresh parameters), other "
       "tokens once by has been trained", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None,
                     cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = advance(int(idx), h, c)
            tokens = list(prompt)
            eos = word_to_idx.get(EOS)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"])[0]
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[idx])
                if idx == eos:
                    break
                h, c = advance(idx, h, c)
            return tokens
    '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-swap-indexes-columns", "9", "to_torch_state reorders the gates with a[..., [1, 0, 2, 3]], the "
       "gate numbers used as column indices: it picks 4 single columns instead of the four H-wide blocks, so "
       "the LSTM entries are 4 wide (right only when H == 1); out.* are right", "torch_port",
       "to_torch_state", '''
        def to_torch_state(params):
            gate_order = [1, 0, 2, 3]

            def reorder(a):
                return a[..., gate_order]

            H = params["Wh"].shape[0]
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(reorder(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
    '''),
    _e("from-torch-Wh-not-transposed", "9", "from_torch_state swaps the gate blocks back in every LSTM entry "
       "but transposes only weight_ih (the recurrent matrix taken for square): Wh comes back (4H, H) in "
       "PyTorch's orientation instead of (H, 4H); Wx, b, Wy and by are right", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            return {
                "Wx": swap(state["lstm.weight_ih_l0"]).T.copy(),
                "Wh": swap(state["lstm.weight_hh_l0"]).copy(),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES29)
