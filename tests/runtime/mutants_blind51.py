"""Blind set 51: a student porting code from a PyTorch or MATLAB tutorial, conventions carried over.

Twenty-four entries over tasks 1-9 (4, 3, 2, 4, 2, 3, 2, 2, 2), roughly in proportion to each task's number of
functions. Each entry is ONE learner function written in full from the stub's docstring alone
(``exercises/*.py``), correct except for one realistic mistake that none of the earlier sets contains. The theme
is a student porting a PyTorch or MATLAB tutorial who carries its conventions over: row versus column vectors and
MATLAB's column-major reshape, gate order and PyTorch's (num_layers, N, H) state layout, reduction and indexing
defaults (``x.max(dim)[0]``, ``F.one_hot``'s inferred width, ``ignore_index``, ``running_loss``), in-place
operators (``mul_``/``add_`` buffers, ``orthogonal_`` on chunks) and 1-based habits (``randi``, ``s(2:end)``,
``a(:, H+1:2*H)``, ``[2 1 3 4]``). They were written without reading the reference solution, the example
submissions, the grader's judges or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- affine-forward-fortran-flatten: affine_forward returns the cache ``(h, Wy, by)`` for ada's affine_backward.
- rnn-forward-h0-layer-axis: rnn_forward calls ada's rnn_step_forward and returns the list of its T step caches.
- rnn-backward-matlab-size-zeros: rnn_backward reads the cache as that list of T step caches and hands each to
  ada's rnn_step_backward.
- rnn-step-backward-matlab-star: rnn_step_backward unpacks the cache as ``(x, prev_h, Wx, Wh, next_h)``.
- lstm-step-matlab-block-starts, lstm-step-torch-two-biases: lstm_step_forward returns the cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``.
- lstm-backward-dx-time-pages: lstm_backward reads the cache as a list of T lstm_step_forward caches and hands
  each to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at bceb2c1 (the grading code of 38a5927): caught
23/24 (missed: ``clip-norm-skips-zero-grads``), a named mistake or a pattern on 22/24 (also none:
``clip-value-matlab-two-arg-max``, Python's error unexplained).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES51: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-randi-zero-based", "1", "generate_dataset draws n with rng.integers(MAX_N), read as MATLAB's "
       "randi(MAX_N) (1..MAX_N): NumPy's single bound is exclusive and starts at 0, so n is in 0..4 (every "
       "sequence one a, one b shorter than specified, and n = 0 gives ['EOS'] alone)", "data", "generate_dataset",
       '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(MAX_N))  # randi(MAX_N) in the MATLAB tutorial
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequence.append(EOS)
                sequences.append(sequence)
            return sequences
        '''),
    _e("one-hot-seq-torch-inferred-width", "1", "one_hot_sequence translates F.one_hot(ids) with its default "
       "num_classes=-1: np.eye(ids.max() + 1)[ids], as wide as the largest id + 1 instead of V (right only when "
       "the sequence holds V - 1; an empty sequence raises ValueError from max)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if np.any((ids < 0) | (ids >= V)):
                raise ValueError(f"ids must lie in [0, {V})")
            # F.one_hot(torch.as_tensor(ids)).double()
            return np.eye(ids.max() + 1)[ids]
        '''),
    _e("one-hot-batch-matlab-columns", "1", "one_hot_batch lays each sequence out MATLAB-style, one one-hot "
       "column per step (X[i, ids, t] = 1): X is (N, V, T) instead of (N, T, V); the mask is right",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, V, T))
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                T_i = len(ids)
                X[i, ids, np.arange(T_i)] = 1.0  # column t is the one-hot vector of step t
                mask[i, :T_i] = True
            return X, mask
        '''),
    _e("inputs-targets-matlab-end-slice", "1", "inputs_targets converts MATLAB's s(1:end-1) to s[0:-1] but "
       "copies s(2:end) as s[2:]: the targets start one token late and are one shorter than the inputs "
       "(L - 2 instead of L - 1)", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give one input and one target")
            inputs = list(sequence[0:-1])   # s(1:end-1)
            targets = list(sequence[2:])    # s(2:end)
            return inputs, targets
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-matlab-colon-flat", "2", "sigmoid works on x.ravel() (MATLAB's x(:)) for the branch masks and "
       "returns that flat vector, never reshaped: right for 1-D input, wrong shape for 2-D and higher (and "
       "(1,) for a 0-d input)", "activations", "sigmoid", '''
        def sigmoid(x):
            z = np.asarray(x, dtype=np.float64).ravel()  # x(:)
            s = np.empty_like(z)
            e = np.exp(-np.abs(z))
            pos = z >= 0
            s[pos] = 1.0 / (1.0 + e[pos])
            s[~pos] = e[~pos] / (1.0 + e[~pos])
            return s
        '''),
    _e("softmax-torch-max-index-zero", "2", "softmax ports torch's x.max(dim, keepdim=True)[0] (the values of the "
       "(values, indices) pair): in NumPy [0] takes the first slice along axis 0, so every slice is shifted by "
       "the first one's maxima; exact in real arithmetic, but overflow or 0/0 gives nan when other slices' logits "
       "lie far above or below the first one's (e.g. rows [0, 1] and [800, 801])", "activations", "softmax", '''
        def softmax(x, axis=-1):
            m = x.max(axis=axis, keepdims=True)[0]
            e = np.exp(x - m)
            return e / e.sum(axis=axis, keepdims=True)
        '''),
    _e("ce-ignore-index-pad-zero", "2", "cross_entropy also drops every step whose target is 0, PyTorch's "
       "ignore_index set to the padding id (make_batch pads y with 0): valid = mask & (y != 0), so real steps "
       "whose target is word 0, the most frequent one, are left out of the loss, the gradient and M",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            PAD = 0  # F.cross_entropy(..., ignore_index=PAD)
            valid = mask & (y != PAD)
            M = int(valid.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[valid]
            t = y[valid]
            m = s.max(axis=-1, keepdims=True)
            lse = np.log(np.exp(s - m).sum(axis=-1, keepdims=True))
            logp = s - m - lse
            rows = np.arange(M)
            loss = -logp[rows, t].sum() / M
            grad = np.exp(logp)
            grad[rows, t] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[valid] = grad / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-matlab-times-diag", "3", "orthogonal ports MATLAB's Q * diag(sign(diag(R))) with NumPy's "
       "elementwise *: Q times a (min, min) diagonal matrix keeps only Q's diagonal for square shapes and fails "
       "to broadcast for tall or wide ones (single rows and columns come out right)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.diag(np.sign(np.diag(R)))  # Q * diag(sign(diag(R))) in MATLAB
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-split-views-rebound", "3", "init_lstm_params ports PyTorch's `for w in W.chunk(4): "
       "nn.init.orthogonal_(w)` as a loop over np.split(W, 4, axis=1) that rebinds the loop variable "
       "(block = orthogonal(...)): the draws are made, but nothing is written, so Wx and Wh stay all zeros "
       "(Wy, drawn after them, and the biases are right)", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.zeros((D, 4 * H))
            Wh = np.zeros((H, 4 * H))
            for block in np.split(Wx, 4, axis=1):  # forget, input, candidate, output
                block = orthogonal((D, H), rng)
            for block in np.split(Wh, 4, axis=1):
                block = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-h0-layer-axis", "4", "rnn_forward starts from h0[0], as if h0 had nn.RNN's "
       "(num_layers, N, H) layout: every sequence starts from the first sequence's initial state (broadcast), "
       "right only when all rows of h0 are equal, e.g. zero", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, _ = x.shape
            H = Wh.shape[0]
            h = np.zeros((N, T, H))
            prev_h = h0[0]  # layer 0 of the (num_layers, N, H) initial state
            cache = []
            for t in range(T):
                prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
                h[:, t] = prev_h
                cache.append(step_cache)
            return h, cache
        '''),
    _e("rnn-step-backward-matlab-star", "4", "rnn_step_backward ports MATLAB's dWx = x' * da and dWh = h' * da "
       "with NumPy's elementwise *: x.T * da and prev_h.T * da fail to broadcast for batches of more than one "
       "(right only for N = 1, where they are the outer products); dx, dprev_h and db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T * da        # x' * da
            dWh = prev_h.T * da   # h' * da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-matlab-size-zeros", "4", "rnn_backward starts the carried gradient as "
       "np.zeros(np.size(dh[:, 0])), MATLAB's zeros(size(...)): np.size is the number of entries, so the carry "
       "is a flat (N*H,) vector and adding it to dh[:, T-1] fails to broadcast unless N = 1",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dprev_h = np.zeros(np.size(dh[:, 0]))  # zeros(size(dh(:, 1, :)))
            dx = dWx = dWh = db = None
            for t in range(T - 1, -1, -1):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx, dWh, db = np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("affine-forward-fortran-flatten", "4", "affine_forward flattens h with MATLAB's column-major reshape "
       "(order='F', as reshape(h, [], H)) but reshapes the scores back in NumPy's default C order: the rows are "
       "scrambled across sequences and steps (right only when N = 1 or T = 1)", "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            N, T, H = h.shape
            V = Wy.shape[1]
            flat = h.reshape(N * T, H, order="F")  # reshape(h, [], H), as in the MATLAB code
            scores = (flat @ Wy + by).reshape(N, T, V)
            cache = (h, Wy, by)
            return scores, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-skips-zero-grads", "5", "clip_by_global_norm ports torch's `[p for p in parameters if p.grad "
       "is not None]` as a filter on all-zero gradients: when clipping happens, the scaled dict lacks every key "
       "whose gradient is all zeros (the norm, and the unclipped case, are right)",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be > 0, got {max_norm}")
            present = {k: g for k, g in grads.items() if np.any(g)}  # only parameters that have a gradient
            norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in present.values())))
            if norm <= max_norm:
                return grads, norm
            scale = max_norm / norm
            return {k: g * scale for k, g in present.items()}, norm
        '''),
    _e("clip-value-matlab-two-arg-max", "5", "clip_by_value ports MATLAB's min(max(g, -c), c) as "
       "np.min(np.max(g, -c), c): NumPy's second argument is an axis, so a float threshold raises TypeError "
       "and an integer one reduces along (or overflows) an axis, AxisError", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be > 0, got {clip_value}")
            return {k: np.min(np.max(g, -clip_value), clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-matlab-block-starts", "6", "lstm_step_forward half-converts MATLAB's gate ranges a(:, 1:H), "
       "a(:, H+1:2*H), ...: the first becomes [0:H] but the others keep their +1 start ([H+1:2H], [2H+1:3H], "
       "[3H+1:4H]), so i, g and o are H - 1 wide and the cell update fails to broadcast (wrong values for H = 2)",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H + 1:2 * H])
            g = np.tanh(a[:, 2 * H + 1:3 * H])
            o = sigmoid(a[:, 3 * H + 1:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-torch-two-biases", "6", "lstm_step_forward copies nn.LSTMCell's gates, x W_ih^T + b_ih + "
       "h W_hh^T + b_hh, with the one bias b in both places: a = x Wx + b + prev_h Wh + b, the bias counted "
       "twice (right only while b = 0, e.g. fresh parameters)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = (x @ Wx + b) + (prev_h @ Wh + b)  # input part + recurrent part, each with its bias
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-backward-dx-time-pages", "6", "lstm_backward stores the input gradients MATLAB-style with time as "
       "the last dimension, dx[:, :, t] in an (N, D, T) array, instead of dx[:, t] in (N, T, D); dh0, dc0 and "
       "the weight gradients are right", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in range(T - 1, -1, -1):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dnext_h, dnext_c,
                                                                                cache[t])
                if dx is None:
                    dx = np.zeros((N, dx_t.shape[1], T))  # dx(:, :, t): one page per time step
                    dWx, dWh, db = np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)
                dx[:, :, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dnext_h, dnext_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-momentum-buffer-not-stored", "7", "SGD.step ports torch's in-place buf.mul_(momentum).add_(grad) as "
       "v = momentum * v + g on a local name, never stored: the kept velocity stays the first gradient, so from "
       "the third step on v = mu g_1 + g_k instead of the running sum (right without momentum and for two steps)",
       "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum != 0:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                        v = self.velocity[k]
                    else:
                        v = self.velocity[k]
                        v = self.momentum * v + g  # buf.mul_(momentum).add_(grad)
                    p -= self.lr * v
                else:
                    p -= self.lr * g
        '''),
    _e("rmsprop-decay-after-add", "7", "RMSprop.step translates torch's square_avg.mul_(alpha).addcmul_(g, g, "
       "value=1 - alpha) into two in-place lines in the wrong order (add, then decay): s <- alpha (s + (1 - "
       "alpha) g^2), the new square weighted alpha (1 - alpha) instead of 1 - alpha (steps about 0.5% too large)",
       "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s += (1 - self.alpha) * g * g
                s *= self.alpha
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-running-loss-summed", "8", "train records the PyTorch tutorial's running_loss (the sum of the "
       "epoch's mini-batch losses) as the epoch's training loss, never divided: right for the full batch (one "
       "batch per epoch), about N / batch_size times too large with mini-batches", "train", "train", '''
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
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                running_loss = 0.0
                for idx in chunks:
                    loss, grads = model_loss(params, Batch(X[idx], y[idx], mask[idx]), cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    running_loss += loss
                history["train_loss"].append(float(running_loss))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-argmax-dim1-array", "8", "generate picks the greedy token as np.argmax(p, axis=1) on the (1, V) "
       "probabilities, torch's p.argmax(dim=1) without the .item(): a (1,) array, so idx_to_word[idx] raises "
       "TypeError on every greedy step (sampling and max_new = 0 are right)", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
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
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"], axis=-1)
                if greedy:
                    idx = np.argmax(p, axis=1)  # p.argmax(dim=1)
                else:
                    idx = int(rng.choice(V, p=p[0]))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(idx, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-gate-order-one-based", "9", "to_torch_state writes PyTorch's gate order as NumPy's gate numbers "
       "the MATLAB way, [2, 1, 3, 4] (1-based), and indexes the four split blocks with them: blocks[4] raises "
       "IndexError on every call", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            order = [2, 1, 3, 4]  # i, f, g, o in terms of NumPy's f, i, g, o

            def reorder(a):
                blocks = np.split(a, 4, axis=-1)
                return np.concatenate([blocks[k] for k in order], axis=-1)

            b = reorder(params["b"])
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(b, dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros_like(b, dtype=np.float64),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-transpose-0-1", "9", "from_torch_state transposes with w.transpose(0, 1), torch's 'swap "
       "dims 0 and 1', which in NumPy is the identity permutation: Wx, Wh and Wy keep PyTorch's (4H, D), "
       "(4H, H) and (V, H) layouts (gates swapped right along the rows; b and by are right)",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap_gates(w):  # PyTorch's gate blocks are the rows: i, f, g, o -> f, i, g, o
                return np.concatenate([w[H:2 * H], w[:H], w[2 * H:]], axis=0)

            return {
                "Wx": swap_gates(state["lstm.weight_ih_l0"]).transpose(0, 1).copy(),
                "Wh": swap_gates(state["lstm.weight_hh_l0"]).transpose(0, 1).copy(),
                "b": swap_gates(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].transpose(0, 1).copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES51)
