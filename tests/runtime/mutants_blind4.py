"""A fourth blind set of learner mistakes: 20 more, none repeating an entry of the first three sets.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake: ties sorted in reverse alphabetical order by ``reverse=True``, a
cumulative second cut point, an off-by-one range check, a softmax that ignores its ``axis``, ``log(softmax)``
instead of log-sum-exp, an SVD instead of the specified QR, biases shaped as rows, a time-major reshape of
batch-major data, scores left flattened, clipping each gradient by its own norm, a missing argument check,
the hidden state read from the previous cell, a swapped tuple unpacking, a velocity that aliases the caller's
gradient, parameters rebound instead of updated in place, a dropped last mini-batch, ``max_new`` counted on
the whole output, inputs and targets shifted a second time, transposed (non-contiguous) arrays handed out,
and the hidden size read from the wrong axis.

How it was written: from the stubs' docstrings (maths, shapes, named edge cases) and the task manifest only,
without reading the reference solution, the example submissions, the grader's judges, its comparison code,
its expected values or its catalogues of known mistakes, and before seeing any grader output. The only
fixes made before the single graded run were typos and crashes that were not the intended mistake; no entry
was changed after the grader had graded it. An entry that turns out to be accidentally correct (for instance
a bug that only shows when two sizes differ) stays in the set and in the numbers.

``build`` (in ``mutants_blind``) copies ada's submission and splices each entry's function over the function
of the same name (``Class.method`` for the optimisers: the entry is a top-level ``def`` indented into the
class). Forward functions hand a cache to ada's backward pass and guess its layout, since ada's code was not
read: a mismatch shows up as another failing check of the same task, which changes neither "caught" nor
"diagnosed".

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind4
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES4: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-ties-reverse-alpha", "1", "build_vocab sorts on (count, word) with reverse=True: ties come in "
       "reverse alphabetical order", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            ordered = [word for word, _ in sorted(counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)]
            if max_size is not None:
                ordered = ordered[: max_size - 1]
            idx_to_word = ordered + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("split-cumulative-cut", "1", "split_dataset cuts the validation part at floor((p_train + p_val) * L), "
       "not n_train + floor(p_val * L) (256 gives 204 / 26 / 26)", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            end_val = math.floor((p_train + p_val) * L)
            return list(sequences[:n_train]), list(sequences[n_train:end_val]), list(sequences[end_val:])
        '''),
    _e("one-hot-bound-off-by-one", "1", "one_hot checks idx > V instead of idx >= V: idx == V raises "
       "IndexError, not ValueError", "data", "one_hot", '''
        def one_hot(idx, V):
            if idx < 0 or idx > V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-ignores-axis", "2", "softmax always normalises along the last axis, whatever axis is passed",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x, axis=-1, keepdims=True)
            e = np.exp(shifted)
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _e("ce-log-of-softmax", "2", "cross_entropy takes np.log of softmax probabilities (no log-sum-exp): "
       "inf loss when the target's probability underflows", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(np.sum(mask))
            if M == 0:
                raise ValueError("the mask selects no token")
            p = softmax(scores, axis=-1)
            n_idx, t_idx = np.nonzero(mask)
            targets = y[n_idx, t_idx]
            loss = -np.sum(np.log(p[n_idx, t_idx, targets])) / M
            dscores = p.copy()
            dscores[n_idx, t_idx, targets] -= 1.0
            dscores *= mask[..., None]
            dscores /= M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-via-svd", "3", "orthogonal takes the polar factor U V^T of the draw's SVD instead of the "
       "sign-corrected Q of its QR", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            U, _, Vt = np.linalg.svd(A, full_matrices=False)
            W = U @ Vt
            return W.T if rows < cols else W
        '''),
    _e("rnn-init-bias-rows", "3", "init_rnn_params makes the biases row vectors: b (1, H) and by (1, V)",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros((1, H)), "Wy": Wy, "by": np.zeros((1, V))}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-reshape-TN", "4", "rnn_forward reshapes the (N*T, H) input projection to (T, N, H) and reads "
       "step t as xw[t]: batch-major rows read as time-major", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = (x.reshape(N * T, D) @ Wx + b).reshape(T, N, H)
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                next_h = np.tanh(xw[t] + prev_h @ Wh)
                h[:, t] = next_h
                prev_h = next_h
            cache = (x, h0, Wx, Wh, b, h)
            return h, cache
        '''),
    _e("affine-forward-flat-scores", "4", "affine_forward flattens h to (N*T, H) and returns the scores as "
       "(N*T, V), never reshaped back to (N, T, V)", "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            N, T, H = h.shape
            scores = h.reshape(N * T, H) @ Wy + by
            cache = (h, Wy, by)
            return scores, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-per-tensor", "5", "clip_by_global_norm returns the global norm but rescales each gradient by its "
       "own norm (max_norm / ||g_k||)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
            clipped = {}
            for k, g in grads.items():
                g_norm = float(np.linalg.norm(g))
                clipped[k] = g * (max_norm / g_norm) if g_norm > max_norm else g
            return clipped, norm
        '''),
    _e("clip-value-no-check", "5", "clip_by_value never raises for clip_value <= 0 (np.clip with swapped bounds)",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-h-from-prev-c", "6", "lstm_step_forward computes next_h = o * tanh(prev_c), from the previous cell "
       "instead of the new one", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(prev_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-unpack-swapped", "6", "lstm_forward unpacks the step's result as (next_c, next_h, cache): "
       "stores the cell states as h and carries h and c swapped", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                next_c, next_h, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(step_cache)
                prev_h, prev_c = next_h, next_c
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-velocity-aliases-grad", "7", "SGD.step stores the first gradient array itself as the velocity, then "
       "updates it in place (v *= mu; v += g): the caller's old gradient is overwritten", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = g
                    else:
                        v = self.velocity[k]
                        v *= self.momentum
                        v += g
                    p -= self.lr * self.velocity[k]
                else:
                    p -= self.lr * g
        '''),
    _e("adam-rebinds-params", "7", "Adam.step writes params[k] = params[k] - ...: new arrays in the dict, the "
       "caller's parameter arrays are never updated in place", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k in params:
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(g)
                    self.v[k] = np.zeros_like(g)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                params[k] = params[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-shifts-again", "8", "model_loss shifts the batch again (X[:, :-1] against y[:, 1:], "
       "mask[:, 1:]), as if y held the inputs", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            X, y, mask = batch.X[:, :-1], batch.y[:, 1:], batch.mask[:, 1:]
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            N = X.shape[0]
            H = Wh.shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, Wx, Wh, b)
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), Wx, Wh, b)
            scores, out_cache = affine_forward(h, Wy, by)
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            return float(loss), {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
        '''),
    _e("train-drops-last-batch", "8", "train slices mini-batches with range(0, N - batch_size + 1, batch_size): "
       "the last, smaller mini-batch of every epoch is dropped", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    order = rng.permutation(N)
                    batches = []
                    for start in range(0, N - batch_size + 1, batch_size):
                        idx = order[start:start + batch_size]
                        batches.append(Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx]))
                total, tokens = 0.0, 0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(batch.mask.sum())
                    total += loss * count
                    tokens += count
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-max-new-total", "8", "generate stops when the whole output (prompt included) reaches max_new "
       "tokens, not after max_new new tokens", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if not prompt:
                raise ValueError("the prompt is empty")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            V = len(idx_to_word)
            H = Wh.shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = advance(idx, h, c)
            tokens = list(prompt)
            while len(tokens) < max_new:
                p = softmax(h @ Wy + by, axis=-1)[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("torch-state-transposed-views", "9", "to_torch_state returns the swapped matrices' .T: new arrays but "
       "Fortran-ordered, not contiguous", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(params["Wx"]).T,
                "lstm.weight_hh_l0": swap(params["Wh"]).T,
                "lstm.bias_ih_l0": swap(params["b"]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["by"].copy(),
            }
        '''),
    _e("from-torch-H-from-D", "9", "from_torch_state takes H from weight_ih_l0.shape[1] (that is D): the gate "
       "blocks are swapped with the wrong width when D != H", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_ih_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[H:2 * H], a[0:H], a[2 * H:]], axis=0)

            return {
                "Wx": np.ascontiguousarray(swap(state["lstm.weight_ih_l0"]).T),
                "Wh": np.ascontiguousarray(swap(state["lstm.weight_hh_l0"]).T),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": np.ascontiguousarray(state["out.weight"].T),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES4)
