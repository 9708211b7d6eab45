"""Blind set 47: a student strong in the maths and new to numpy (axis, broadcasting, views, dtype, shape conventions).

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``), correct
except for one realistic mistake that none of the earlier sets contains: the habits of someone who knows the
mathematics well and meets NumPy for the first time (an index along the wrong axis, a 1-D array broadcast as a row
where a column was meant, a view taken for a copy, a dtype inferred from a fill value, ``ndim`` or ``size`` read as a
length, a library routine whose name promises the maths). The entries were written without reading the reference
solution, the example submissions, the grader's judges or its catalogues of known mistakes, and before seeing any
grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``affine-forward-broadcast-sum-wrong-axis`` makes ``cache = (h, Wy, by)`` for ada's ``affine_backward`` (only
  reached when H == V; otherwise the forward pass raises first);
- ``rnn-step-backward-tensordot-axes-0`` reads ``(x, prev_h, Wx, Wh, next_h)`` from ada's ``rnn_step_forward``;
- ``rnn-backward-prev-states-roll-batch-axis`` reads ``(x, h0, Wx, Wh, h)`` from ada's ``rnn_forward``, h being
  the (N, T, H) hidden states;
- ``lstm-step-column-convention-bias-row`` makes ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (activated
  gates) for ada's ``lstm_step_backward``;
- ``lstm-step-backward-da-stack-last-axis`` reads that same 10-tuple from ada's ``lstm_step_forward``;
- ``lstm-backward-grads-summed-axis-1`` reads a list of T step caches (``cache[t]``) from ada's ``lstm_forward``
  and hands each one to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 50dbe9d (the grading code of 2451aa1): caught
23/24 (missed: ``clip-value-abs-identity-rounding``, last-bit differences), a named mistake or a pattern on 22/24
(also none: ``tanh-grad-np-gradient``, numpy's error unexplained).

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind47
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES47: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-eos-truncated-by-unicode-width", "1", "generate_dataset builds each sequence in a NumPy array "
       "np.full(L, 'a') and writes 'b' and EOS into it: the array's dtype is '<U1' (one character, inferred from "
       "'a'), so EOS is silently truncated to 'E' and every sequence ends with 'E' instead of 'EOS'",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            blocks = 3 if variant == "anbnan" else 2
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                # one vector of length blocks * n + 1: start all 'a', then overwrite the b block and the end
                seq = np.full(blocks * n + 1, "a")
                seq[n:2 * n] = "b"
                seq[-1] = EOS
                sequences.append(seq.tolist())
            return sequences
        '''),
    _e("one-hot-seq-T-from-ndim", "1", "one_hot_sequence takes the sequence length as T = ids.ndim (the "
       "'dimension' of the vector ids, which NumPy means as its number of axes, 1): X is (1, V) with a 1 at every "
       "id of the sequence in its single row; right only for sequences of length 1 (an empty one gives (1, V))",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids)
            if np.any(ids < 0) or np.any(ids >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            T = ids.ndim  # ids is a vector in Z^T
            X = np.zeros((T, V))
            X[np.arange(T), ids] = 1.0
            return X
        '''),
    _e("one-hot-batch-mask-lengths-no-newaxis", "1", "one_hot_batch builds the mask as np.arange(T) < lengths, "
       "comparing the (T,) step numbers with the (N,) lengths without a new axis on lengths: a broadcast error "
       "unless N == T or one of them is 1, and even then a 1-D mask instead of the (N, T) one (X is right)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            lengths = np.array([len(seq) for seq in batch], dtype=np.int64)
            T = int(lengths.max()) if N > 0 else 0
            X = np.zeros((N, T, V))
            for n, seq in enumerate(batch):
                seq = np.asarray(seq, dtype=np.int64)
                X[n, np.arange(len(seq)), seq] = 1.0
            mask = np.arange(T) < lengths
            return X, mask
        '''),
    _e("split-L-from-np-size", "1", "split_dataset counts the items with L = np.size(sequences) (MATLAB's "
       "numel): right for a list of plain items such as list(range(256)), but NumPy first turns a list of "
       "sequences into an array, so sequences of different lengths raise ValueError and sequences of equal length "
       "k count k times each (the training part swallows everything)",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = np.size(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    _e("vocab-np-unique-empty-data", "1", "build_vocab counts vectorised, np.unique(np.concatenate(sequences), "
       "return_counts=True), then ranks with np.lexsort((words, -counts)): right for any non-empty data, but an "
       "empty list of sequences raises ValueError (nothing to concatenate) instead of giving the vocabulary [UNK]",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            words, counts = np.unique(np.concatenate(sequences), return_counts=True)
            keep = words != UNK
            words, counts = words[keep], counts[keep]
            order = np.lexsort((words, -counts))  # last key first: count down, then the word
            ranked = [str(w) for w in words[order]]
            if max_size is not None:
                ranked = ranked[:max_size - 1]
            idx_to_word = ranked + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("ce-take-along-axis-trailing-one", "2", "cross_entropy gathers the targets' log-probabilities with "
       "np.take_along_axis(logp, y[..., None], axis=-1), which keeps the trailing axis (N, T, 1), and multiplies "
       "by the (N, T) mask: a broadcast error unless N == T, a (N, N, T) sum (wrong loss) when N == T; right only "
       "for N = T = 1 (the gradient, masked with mask[..., None], is right)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            V = scores.shape[-1]
            m = scores.max(axis=-1, keepdims=True)
            lse = np.log(np.exp(scores - m).sum(axis=-1, keepdims=True))
            logp = scores - m - lse
            safe_y = np.where(mask, y, 0)  # padded targets may hold anything
            picked = np.take_along_axis(logp, safe_y[..., None], axis=-1)
            loss = -float(np.sum(picked * mask)) / M
            p = np.exp(logp)
            onehot = np.eye(V)[safe_y]
            dscores = (p - onehot) * mask[..., None] / M
            return loss, dscores
        '''),
    _e("tanh-grad-np-gradient", "2", "tanh_grad differentiates with np.gradient(np.tanh(x), x), taken for 'the "
       "derivative': NumPy's finite differences between neighbouring entries of x, only an approximation for a "
       "sorted 1-D x, garbage for an unsorted one, and an error or an empty result for 2-D and 0-d inputs",
       "activations", "tanh_grad", '''
        def tanh_grad(x):
            # d tanh(x) / dx, evaluated at the points x
            return np.gradient(np.tanh(x), x)
        '''),
    _e("softmax-l2-normalised", "2", "softmax shifts by the max along axis and then normalises the exponentials "
       "with np.linalg.norm(e, axis=axis, keepdims=True), the Euclidean norm (the maths' 'normalise a vector'), "
       "instead of their sum: entries in [0, 1] but each slice along axis sums to more than 1 (unit L2 norm)",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / np.linalg.norm(e, axis=axis, keepdims=True)
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-into-diag-view", "3", "orthogonal computes the signs in place as d = np.diag(R); "
       "d /= np.abs(d) (sign(d) = d / |d|): np.diag of a matrix returns a read-only view of its diagonal, so every "
       "call raises ValueError (output array is read-only)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            d = np.diag(R)
            d /= np.abs(d)  # the sign of each diagonal entry
            Q = Q * d
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-np-append-flattens", "3", "init_lstm_params grows Wx and Wh gate by gate with np.append "
       "(MATLAB's W = [W, block]) without axis=1: np.append flattens, so the blocks are joined as one long vector "
       "and then reshaped to (D, 4H) and (H, 4H): right shapes, but the gate blocks are scrambled row-major "
       "(each block fills D/4 rows instead of H columns); Wy, b and by are right",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.empty((D, 0))
            for _ in range(4):  # forget, input, candidate, output
                Wx = np.append(Wx, orthogonal((D, H), rng))
            Wh = np.empty((H, 0))
            for _ in range(4):
                Wh = np.append(Wh, orthogonal((H, H), rng))
            Wx = Wx.reshape(D, 4 * H)
            Wh = Wh.reshape(H, 4 * H)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-broadcast-sum-wrong-axis", "4", "affine_forward writes scores_v = sum_j h_j Wy_jv as the "
       "broadcast product h[..., :, None] * Wy, shape (N, T, H, V), and sums over axis=-1 (v) instead of axis=-2 "
       "(j): (N, T, H) + by raises a broadcast error unless H == V, and gives h_j times Wy's row sums when H == V",
       "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            # scores[n, t, v] = sum_j h[n, t, j] Wy[j, v] + by[v]
            prod = h[..., :, None] * Wy
            scores = prod.sum(axis=-1) + by
            cache = (h, Wy, by)
            return scores, cache
        '''),
    _e("rnn-step-backward-tensordot-axes-0", "4", "rnn_step_backward forms dWx and dWh with np.tensordot(x, da, "
       "axes=0) and np.tensordot(prev_h, da, axes=0), meaning 'contract over axis 0, the batch': axes=0 is the "
       "tensor (outer) product with no contraction, so dWx is (N, D, N, H) and dWh (N, H, N, H); dx, dprev_h and "
       "db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            # sum over the examples n of x_n^T da_n: contract the batch axis 0
            dWx = np.tensordot(x, da, axes=0)
            dWh = np.tensordot(prev_h, da, axes=0)
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-prev-states-roll-batch-axis", "4", "rnn_backward builds the previous states for dWh with "
       "np.roll(h, 1, axis=0) ('shift by one step') and then sets prev[:, 0] = h0: axis 0 is the batch, not time, "
       "so from step 1 on each step is paired with another sequence's state at the same step (with N = 1, the "
       "current state h_t) instead of h_{t-1}; dx, dh0, dWx and db are right",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            das = np.zeros((N, T, H))
            dprev = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                da = (dh[:, t] + dprev) * (1 - h[:, t] ** 2)
                das[:, t] = da
                dprev = da @ Wh.T
            dh0 = dprev
            dx = das @ Wx.T
            dWx = x.reshape(-1, D).T @ das.reshape(-1, H)
            prev = np.roll(h, 1, axis=0)  # h_{t-1} at position t
            prev[:, 0] = h0
            dWh = prev.reshape(-1, H).T @ das.reshape(-1, H)
            db = das.sum(axis=(0, 1))
            return dx, dh0, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-keepdims-shapes", "5", "clip_by_global_norm adds up np.linalg.norm(g, keepdims=True) ** 2 "
       "(keepdims kept 'so the shapes broadcast', the softmax habit): the norm comes back as a (1, 1) array (a (1,) "
       "one with vectors only), and when clipping the (1, 1) scale turns every 1-D gradient into a (1, H) row",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total = total + np.linalg.norm(g, keepdims=True) ** 2
            norm = np.sqrt(total)
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-abs-identity-rounding", "5", "clip_by_value clamps with the branch-free identity "
       "clamp(g) = (|g + c| - |g - c|) / 2: exact in real arithmetic, but in floating point about half the entries "
       "within the bounds change in their last bits (tiny ones, e.g. 1e-20, become 0) and some clipped entries "
       "land an ulp beyond +-clip_value",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            c = clip_value
            return {k: (np.abs(g + c) - np.abs(g - c)) / 2 for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-column-convention-bias-row", "6", "lstm_step_forward computes the gates in the lecture notes' "
       "column convention, (Wx^T x^T + Wh^T h^T + b).T, with the 1-D bias added to the (4H, N) block as it is: "
       "NumPy broadcasts b along the last axis (the examples), so it raises unless N == 4H (then wrong values) or "
       "N == 1 (then a (4H, 4H) block and wrong shapes)",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            # a = Wx^T x + Wh^T h + b, one column per example, transposed back to (N, 4H)
            a = (Wx.T @ x.T + Wh.T @ prev_h.T + b).T
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-da-stack-last-axis", "6", "lstm_step_backward joins the four gate gradients with "
       "np.stack([..], axis=-1).reshape(N, 4H): stacking on a new LAST axis and flattening interleaves the gates "
       "unit by unit (f_0, i_0, g_0, o_0, f_1, ...) instead of placing the four H-wide blocks side by side, so "
       "dx, dprev_h, dWx, dWh and db are wrong unless H == 1 (dprev_c is right)",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            N, H = dnext_h.shape
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
            da = np.stack([da_f, da_i, da_g, da_o], axis=-1).reshape(N, 4 * H)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-backward-grads-summed-axis-1", "6", "lstm_backward collects each step's dWx, dWh and db in lists and "
       "sums them with np.sum(..., axis=1), 'time is axis 1' (true of dh and dx, which it stacks right): on the "
       "list of T gradients time is axis 0, so dWx is (T, 4H), dWh (T, 4H) and db (T,); dx, dh0 and dc0 are right",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dxs, dWxs, dWhs, dbs = [], [], [], []
            for t in range(T - 1, -1, -1):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dnext_h, dnext_c,
                                                                                cache[t])
                dxs.append(dx_t)
                dWxs.append(dWx_t)
                dWhs.append(dWh_t)
                dbs.append(db_t)
            dx = np.stack(dxs[::-1], axis=1)  # time is axis 1
            dWx = np.sum(dWxs, axis=1)  # sum over time
            dWh = np.sum(dWhs, axis=1)
            db = np.sum(dbs, axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-average-int-buffer", "7", "RMSprop.step creates the running average with np.full(p.shape, 0), "
       "whose dtype is inferred from the fill value 0 (int64), and updates it in place with s[...] = ...: every "
       "update is truncated to an integer, so s stays 0 for ordinary gradients and the steps are lr * g / eps",
       "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.full(p.shape, 0)
                s = self.square_avg[k]
                s[...] = self.alpha * s + (1 - self.alpha) * g ** 2
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-moments-zeros-len", "7", "Adam.step starts the moments at np.zeros(len(p)), len taken for the size: "
       "right for 1-D parameters, and for square matrices (the (H,) zeros broadcast into the first update), but a "
       "broadcast error for every rectangular matrix such as Wx (D, 4H) or Wy (H, V) (TypeError for a 0-d one)",
       "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros(len(p))
                    self.v[k] = np.zeros(len(p))
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-batches-by-reshape", "8", "train cuts the shuffled order into mini-batches with "
       "order.reshape(-1, batch_size), one row per mini-batch: right when batch_size divides N, but any other "
       "batch size raises ValueError (cannot reshape), the last, smaller mini-batch having no row; the full batch "
       "(batch_size None) is right",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None, cell="lstm",
                  seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = order.reshape(-1, batch_size)  # one row per mini-batch
                total, tokens = 0.0, 0
                for idx in chunks:
                    mb = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mb, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tok = int(mb.mask.sum())
                    total += float(loss) * n_tok
                    tokens += n_tok
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-input-buffer-not-cleared", "8", "generate allocates one (1, V) input row before reading the "
       "prompt and sets x[0, idx] = 1 at every step without zeroing it first: the inputs become multi-hot (every "
       "token read or generated so far is 1), so only the first step sees the right one-hot input",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator: pass rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))
            x = np.zeros((1, V))  # the input row, reused at every step
            for idx in encode(prompt, word_to_idx):
                x[0, idx] = 1.0
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[idx])
                if idx_to_word[idx] == EOS:
                    break
                x[0, idx] = 1.0
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-bias-hh-aliases-bias-ih", "9", "to_torch_state makes bias_hh 'the same shape as bias_ih, zeroed' "
       "with bias_hh = bias_ih; bias_hh[:] = 0 (assignment taken for a copy): both names are one array, so "
       "lstm.bias_ih_l0 is zeroed too and the two entries share memory; right values only while b is zero",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                # f, i, g, o -> i, f, g, o along the last axis
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            bias_ih = swap(params["b"]).astype(np.float64)
            bias_hh = bias_ih
            bias_hh[:] = 0.0
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": bias_ih,
                "lstm.bias_hh_l0": bias_hh,
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-np-matrix", "9", "from_torch_state builds the parameters as np.matrix objects ('they are "
       "matrices': .T and @ as in linear algebra): Wx, Wh and Wy have the right values but are np.matrix, and the "
       "biases become (1, 4H) and (1, V) row matrices instead of 1-D arrays (and * on np.matrix is a matrix "
       "product, so the NumPy LSTM cannot use them)",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap_rows(w):
                # PyTorch's i, f, g, o back to f, i, g, o along the first axis
                return np.concatenate([w[H:2 * H], w[:H], w[2 * H:]], axis=0)

            W_ih = np.matrix(swap_rows(state["lstm.weight_ih_l0"]))
            W_hh = np.matrix(swap_rows(state["lstm.weight_hh_l0"]))
            b = np.matrix(swap_rows(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]))
            W_out = np.matrix(state["out.weight"])
            b_out = np.matrix(state["out.bias"])
            return {"Wx": W_ih.T, "Wh": W_hh.T, "b": b, "Wy": W_out.T, "by": b_out}
        '''),
]

if __name__ == "__main__":
    main(ENTRIES47)
