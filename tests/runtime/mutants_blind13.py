"""Blind set 13: mistakes made while REWRITING working code to be faster, vectorised or "cleaner".

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The theme of this set is
what goes wrong when a student rewrites a function that already worked: broadcasting slips, reshapes and
transposes that pair the wrong rows, fancy indexing that writes into a copy, in-place operators on arrays
the caller still owns, reused buffers, cached state, dtype shortcuts and one-liners that drop an edge case
the docstring states. The entries were written without reading the reference solution, the example
submissions, the grader's judges or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-stacked-weights-order`` makes the step cache ``(x, prev_h, Wx, Wh, next_h)`` for ada's
  ``rnn_step_backward``;
- ``rnn-backward-accumulates-into-dh`` reads ada's ``rnn_forward`` cache as ``(x, h0, Wx, Wh, h)``;
- ``affine-backward-transpose-tn`` reads ada's ``affine_forward`` cache as ``(h, Wy, ...)`` (its first two
  items);
- ``lstm-step-gates-reshape-nh4`` makes the step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``
  for ada's ``lstm_step_backward``;
- ``lstm-step-backward-dnext-c-in-place`` reads ada's ``lstm_step_forward`` cache in that same layout;
- ``lstm-forward-reused-state-buffers`` makes the ``lstm_forward`` cache a list of ada's own step caches,
  one per time step, for ada's ``lstm_backward``.

Measured once, before anything was changed after seeing it, at 895f2dc: caught 20/24 (no check lost
points for ``vocab-unique-unstable-argsort``, no case has ties among 4 or more words;
``encode-fromiter-int32``, int arrays were compared by value only; ``sgd-zip-values-by-order``, every
case's gradients list their keys in the parameters' order; ``from-torch-cached-permutation``, one hidden
size per case), a named mistake or a pattern on 17/24 (also none: ``rnn-init-bias-from-column`` and
``to-torch-stacked-split-at-h``, whose first lines give the shapes, ``lstm-forward-reused-state-buffers``, a
ValueError from unpacking its own cache).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES13: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-unique-unstable-argsort", "1", "build_vocab vectorised with np.unique(return_counts=True) and "
       "np.argsort(-counts): the default sort is not stable, so words of equal count lose the alphabetical "
       "order np.unique gave them (right for up to 3 words or no ties)", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            tokens = [token for sequence in sequences for token in sequence if token != UNK]
            words, counts = np.unique(np.array(tokens, dtype=str), return_counts=True)
            # np.unique returns the words sorted, so sorting on -count alone keeps ties alphabetical
            order = np.argsort(-counts)
            ranked = [str(words[j]) for j in order]
            if max_size is not None:
                ranked = ranked[: max_size - 1]
            idx_to_word = ranked + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-fromiter-int32", "1", "encode builds the ids with np.fromiter(..., dtype=np.int32) to avoid the "
       "intermediate list: right values, but an int32 array instead of int64", "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = word_to_idx[UNK]
            return np.fromiter((word_to_idx.get(token, unk) for token in tokens), dtype=np.int32,
                               count=len(tokens))
        '''),
    _e("one-hot-eye-one-row", "1", "one_hot returns the one-liner np.eye(1, V, idx): the right entries, but a "
       "2-D (1, V) row instead of a (V,) vector", "data", "one_hot", '''
        def one_hot(idx, V):
            if not 0 <= idx < V:
                raise ValueError(f"index {idx} outside [0, {V})")
            return np.eye(1, V, idx)
        '''),
    _e("one-hot-seq-column-fancy-index", "1", "one_hot_sequence sets X[:, ids] = 1 instead of "
       "X[np.arange(T), ids] = 1: every row gets a 1 at every id of the sequence (right only when all ids "
       "are equal)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if np.any(ids < 0) or np.any(ids >= V):
                raise ValueError(f"an index lies outside [0, {V})")
            X = np.zeros((ids.shape[0], V))
            X[:, ids] = 1.0
            return X
        '''),
    _e("one-hot-batch-mask-broadcast-tn", "1", "one_hot_batch builds the mask by broadcasting "
       "np.arange(T)[:, None] < lengths: the (T, N) transpose of the mask (a wrong shape when N != T, wrong "
       "values when N == T unless the mask is symmetric); X is right", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            lengths = np.array([len(ids) for ids in batch], dtype=np.int64)
            T = int(lengths.max())
            X = np.zeros((N, T, V))
            for n, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                X[n, np.arange(len(ids)), ids] = 1.0
            mask = np.arange(T)[:, None] < lengths
            return X, mask
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-out-in-place", "2", "tanh saves an allocation with np.tanh(x, out=x) after np.asarray: right "
       "values, but the caller's float64 array is overwritten with its tanh", "activations", "tanh", '''
        def tanh(x):
            x = np.asarray(x, dtype=np.float64)
            np.tanh(x, out=x)
            return x
        '''),
    _e("softmax-moveaxis-not-restored", "2", "softmax moves axis to the end with np.moveaxis, normalises there "
       "and returns without moving it back: right for the last axis (and 1-D), transposed shape and layout "
       "for any other axis", "activations", "softmax", '''
        def softmax(x, axis=-1):
            z = np.moveaxis(np.asarray(x, dtype=np.float64), axis, -1)
            z = z - z.max(axis=-1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=-1, keepdims=True)
        '''),
    _e("ce-grad-onehot-into-copy", "2", "cross_entropy subtracts the one-hot from the gradient with chained "
       "fancy indexing, dscores[mask][rows, y] -= 1 / M, which writes into a copy: the gradient is p / M on "
       "the valid steps, the -1 at the target is lost (the loss is right)", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            x = scores[mask]                                   # (M, V)
            targets = y[mask]                                  # (M,)
            shifted = x - x.max(axis=1, keepdims=True)
            logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -logp[rows, targets].sum() / M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = np.exp(logp) / M
            dscores[mask][rows, targets] -= 1.0 / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-fix-rows", "3", "orthogonal broadcasts the sign fix as a column, "
       "Q * sign(diag(R))[:, None], flipping rows instead of columns: wrong entries for square shapes, a "
       "broadcasting ValueError for any other shape with more than one column", "initialisation",
       "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))[:, None]
            return Q.T if rows < cols else Q
        '''),
    _e("rnn-init-bias-from-column", "3", "init_rnn_params makes the biases with np.zeros_like of a column, "
       "Wh[:, 0] and Wy[:, 0]: b is right but by has shape (H,) instead of (V,) (right only when H == V)",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros_like(Wh[:, 0]), "Wy": Wy, "by": np.zeros_like(Wy[:, 0])}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-stacked-weights-order", "4", "rnn_step_forward does one matmul on [x, prev_h] but stacks the "
       "weights as vstack([Wh, Wx]) instead of vstack([Wx, Wh]): the rows pair with the wrong inputs "
       "(no error, since the shapes always fit)", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            xh = np.concatenate([x, prev_h], axis=1)           # (N, D + H)
            W = np.vstack([Wh, Wx])                            # (H + D, H)
            next_h = np.tanh(xh @ W + b)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-backward-accumulates-into-dh", "4", "rnn_backward adds the carried gradient in place into a view "
       "of the upstream array (dcur = dh[:, t]; dcur += dprev): right gradients, but the caller's dh is "
       "overwritten (a second call with the same dh is wrong)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.empty((N, T, H))
            dprev = np.zeros((N, H))
            for t in reversed(range(T)):
                dcur = dh[:, t]
                dcur += dprev
                da[:, t] = dcur * (1.0 - h[:, t] ** 2)
                dprev = da[:, t] @ Wh.T
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ da.reshape(N * T, H)
            dWh = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
            db = da.sum(axis=(0, 1))
            return dx, dprev, dWx, dWh, db
        '''),
    _e("affine-backward-transpose-tn", "4", "affine_backward flattens h for dWy with h.transpose(2, 1, 0)"
       ".reshape(H, N*T) (columns in (t, n) order) against dscores.reshape(N*T, V) (rows in (n, t) order): "
       "dWy pairs the wrong steps, right only when N == 1 or T == 1; dh and dby are right", "rnn",
       "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.transpose(2, 1, 0).reshape(H, N * T) @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-squares-ravel-view", "5", "clip_by_global_norm squares each gradient in place through "
       "g.ravel() (a view): the norm is right, but the caller's gradients are replaced by their squares and "
       "the returned ones are the (scaled) squares", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                flat = g.ravel()
                flat *= flat                     # square without a temporary
                total += float(flat.sum())
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    _e("clip-value-float32", "5", "clip_by_value casts each gradient to float32 before np.clip (half the "
       "memory): float32 arrays, and entries within the bounds no longer keep their exact value",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return {k: np.clip(g.astype(np.float32), -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-gates-reshape-nh4", "6", "lstm_step_forward splits the gates with a.reshape(N, H, 4) and "
       "a4[..., k] instead of a.reshape(N, 4, H) and a4[:, k]: each gate reads every fourth column (right "
       "only for H == 1)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            N, H = prev_h.shape
            a = x @ Wx + prev_h @ Wh + b                       # (N, 4H)
            a4 = a.reshape(N, H, 4)
            f = sigmoid(a4[..., 0])
            i = sigmoid(a4[..., 1])
            g = np.tanh(a4[..., 2])
            o = sigmoid(a4[..., 3])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-dnext-c-in-place", "6", "lstm_step_backward accumulates the cell gradient in place "
       "(dc = dnext_c; dc += dnext_h * o * (1 - tanh(c)^2)): right gradients, but the caller's dnext_c is "
       "overwritten with dc", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c
            dc += dnext_h * o * (1.0 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            da = np.hstack([df * f * (1.0 - f), di * i * (1.0 - i), dg * (1.0 - g ** 2), do * o * (1.0 - o)])
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dprev_c = dc * f
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-forward-reused-state-buffers", "6", "lstm_forward carries h and c in two buffers updated in place "
       "(prev_h[:] = next_h; prev_c[:] = next_c): the hidden states are right, but every step's cache holds "
       "those same buffers, so the backward pass sees the last states as every step's previous ones",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.empty((N, T, H))
            prev_h = h0.copy()
            prev_c = c0.copy()
            caches = []
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(step_cache)
                prev_h[:] = next_h                             # reuse the buffers, no new arrays per step
                prev_c[:] = next_c
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-zip-values-by-order", "7", "SGD.step pairs parameters and gradients with "
       "zip(params.items(), grads.values()): right when both dicts list their keys in the same order, the "
       "wrong gradient (or a broadcasting error) for each parameter otherwise", "optim", "SGD.step", '''
        def step(self, params, grads):
            for (name, p), g in zip(params.items(), grads.values()):
                if self.momentum:
                    if name not in self.velocity:
                        self.velocity[name] = np.array(g, dtype=np.float64)
                    else:
                        v = self.velocity[name]
                        v *= self.momentum
                        v += g
                    p -= self.lr * self.velocity[name]
                else:
                    p -= self.lr * g
        '''),
    _e("adam-folded-bias-correction", "7", "Adam.step folds both bias corrections into the step size "
       "(lr * sqrt(1 - b2^k) / (1 - b1^k), then m / (sqrt(v) + eps)), the paper's faster form: eps is "
       "effectively scaled by sqrt(1 - b2^k), a small difference from PyTorch's update", "optim",
       "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            step_size = self.lr * np.sqrt(1.0 - self.beta2 ** k) / (1.0 - self.beta1 ** k)
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m, v = self.m[name], self.v[name]
                m *= self.beta1
                m += (1.0 - self.beta1) * g
                v *= self.beta2
                v += (1.0 - self.beta2) * g * g
                p -= step_size * m / (np.sqrt(v) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-shuffles-data-cumulatively", "8", "train shuffles the training arrays themselves each epoch "
       "(X, y, mask = X[perm], y[perm], mask[perm]) and slices them: the permutations compound, so from the "
       "second epoch on the order is not rng.permutation(N) of the data", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch.X, train_batch.y, train_batch.mask
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [Batch(X, y, mask)]
                else:
                    perm = rng.permutation(N)
                    X, y, mask = X[perm], y[perm], mask[perm]
                    batches = [Batch(X[s:s + batch_size], y[s:s + batch_size], mask[s:s + batch_size])
                               for s in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for mb in batches:
                    loss, grads = model_loss(params, mb, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n = int(mb.mask.sum())
                    total += loss * n
                    tokens += n
                history["train_loss"].append(float(total / tokens))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-sample-2d-probs", "8", "generate keeps the batch axis of size 1 throughout and passes the "
       "(1, V) probabilities to rng.choice(V, p=p): greedy decoding is right, sampling raises ValueError "
       "(p must be 1-dimensional)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            state = {"h": np.zeros((1, H)), "c": np.zeros((1, H))}

            def feed(idx):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    state["h"], _ = rnn_step_forward(x, state["h"], params["Wx"], params["Wh"], params["b"])
                else:
                    state["h"], state["c"], _ = lstm_step_forward(
                        x, state["h"], state["c"], params["Wx"], params["Wh"], params["b"])

            for idx in encode(prompt, word_to_idx):
                feed(idx)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(state["h"] @ params["Wy"] + params["by"])      # (1, V)
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                feed(nxt)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-stacked-split-at-h", "9", "to_torch_state reorders Wx and Wh in one fancy index on "
       "vstack([Wx, Wh]) and splits the rows back at H instead of D: right only when D == H, wrong shapes "
       "for weight_ih and weight_hh otherwise", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b = params["Wx"], params["Wh"], params["b"]
            H = Wh.shape[0]
            perm = np.r_[H:2 * H, 0:H, 2 * H:4 * H]            # f, i, g, o -> i, f, g, o
            W = np.vstack([Wx, Wh])[:, perm]                   # (D + H, 4H), both at once
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(W[:H].T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(W[H:].T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(b[perm], dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-cached-permutation", "9", "from_torch_state builds the gate permutation once and caches it "
       "on the function (from_torch_state._perm): right for the first H it sees, wrong shapes or an "
       "IndexError for a later call with another hidden size", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            W_ih = state["lstm.weight_ih_l0"]
            W_hh = state["lstm.weight_hh_l0"]
            H = W_hh.shape[1]
            perm = getattr(from_torch_state, "_perm", None)
            if perm is None:                                   # build it once, reuse it on later calls
                perm = np.r_[H:2 * H, 0:H, 2 * H:4 * H]
                from_torch_state._perm = perm
            bias = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            return {
                "Wx": np.ascontiguousarray(W_ih[perm].T, dtype=np.float64),
                "Wh": np.ascontiguousarray(W_hh[perm].T, dtype=np.float64),
                "b": np.array(bias[perm], dtype=np.float64),
                "Wy": np.ascontiguousarray(state["out.weight"].T, dtype=np.float64),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES13)
