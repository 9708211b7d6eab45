"""A second blind set of learner mistakes: 20 more, none repeating one of ``mutants_blind.ENTRIES``.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake: a vocabulary cap off by one, negative indices that wrap, a float
mask, a derivative taken of the output, a gradient that ignores the mask, a random draw of the wrong shape,
draws in the wrong order, the wrong initial state, states shifted by one step, a sum of norms instead of the
norm of the sum, the caller's dict mutated, a missing tanh, eps inside the square root, two optimiser states
sharing one array, a gradient averaged twice, a clipping result thrown away, a token read twice, gate blocks
swapped along the wrong axis, a folded bias left in the wrong gate order.

How it was written: from the stubs' docstrings, the task manifest and the ``Entry`` / ``_e`` / ``build`` /
``main`` helpers (and the ids and descriptions of the first set's entries, so as not to repeat them), without
reading the reference solution, the example submissions, the grader's comparisons, judges, expected values or
its catalogues of known mistakes, and before seeing any grader output. No entry was changed after the grader
had graded it; an entry that turns out to be accidentally correct stays in the set and in the numbers.
``torch_model`` holds only given code (no graded function), so task 9's entries are in ``torch_port``.

Forward functions of tasks 4 and 6 hand a cache to ada's backward pass, whose layout was guessed (ada's code
was not read): a mismatch shows up as a second failing check of the same task, which changes neither "caught"
nor "diagnosed".

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind2
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES2: list[Entry] = [
    # ---- task 1: data -------------------------------------------------------------------------------
    _e("vocab-cap-plus-unk", "1", "build_vocab keeps the max_size most frequent words, then adds UNK "
       "(max_size + 1 words)",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[:max_size]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-seq-negative-wraps", "1", "one_hot_sequence only rejects ids >= V: negative ids wrap around",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if np.any(ids >= V):
                raise ValueError(f"index out of range [0, {V})")
            return np.eye(V)[ids]
        '''),
    _e("one-hot-batch-float-mask", "1", "one_hot_batch returns the mask as float64 zeros/ones, not bool",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T))
            for i, ids in enumerate(batch):
                L = len(ids)
                X[i, :L] = one_hot_sequence(np.asarray(ids), V)
                mask[i, :L] = 1
            return X, mask
        '''),
    # ---- task 2: activations ------------------------------------------------------------------------
    _e("sigmoid-grad-of-output", "2", "sigmoid_grad treats x as the sigmoid's output: returns x * (1 - x)",
       "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            return x * (1 - x)
        '''),
    _e("ce-grad-unmasked", "2", "cross_entropy masks the loss but not the gradient: padded steps get p - onehot / M",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            shifted = scores - scores.max(axis=-1, keepdims=True)
            logp = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            targets = np.where(mask, y, 0)[..., None]
            picked = np.take_along_axis(logp, targets, axis=-1)[..., 0]
            loss = -(picked * mask).sum() / M
            dscores = np.exp(logp)
            np.put_along_axis(dscores, targets, np.take_along_axis(dscores, targets, axis=-1) - 1, axis=-1)
            dscores /= M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation ---------------------------------------------------------------------
    _e("orthogonal-draws-target-shape", "3", "orthogonal draws standard_normal((rows, cols)) and transposes it "
       "when rows < cols, instead of drawing (max, min)",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((rows, cols))
            wide = rows < cols
            if wide:
                A = A.T
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q.T if wide else Q
        '''),
    _e("lstm-init-interleaved", "3", "init_lstm_params draws each gate's Wx block then its Wh block, alternately, "
       "instead of all Wx blocks first",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            wx_blocks, wh_blocks = [], []
            for _ in range(4):
                wx_blocks.append(orthogonal((D, H), rng))
                wh_blocks.append(orthogonal((H, H), rng))
            return {
                "Wx": np.concatenate(wx_blocks, axis=1),
                "Wh": np.concatenate(wh_blocks, axis=1),
                "b": np.zeros(4 * H),
                "Wy": orthogonal((H, V), rng),
                "by": np.zeros(V),
            }
        '''),
    # ---- task 4: rnn --------------------------------------------------------------------------------
    _e("rnn-forward-zero-start", "4", "rnn_forward ignores h0 and starts every sequence from zeros",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, _ = x.shape
            H = Wh.shape[0]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = np.zeros((N, H))
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, h, Wx, Wh)
            return h, cache
        '''),
    _e("rnn-forward-stores-previous", "4", "rnn_forward stores h_{t-1} at step t (h[:, 0] = h0): states shifted "
       "by one step",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, _ = x.shape
            H = Wh.shape[0]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                h[:, t] = prev_h
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
            cache = (x, h0, h, Wx, Wh)
            return h, cache
        '''),
    # ---- task 5: clipping ---------------------------------------------------------------------------
    _e("clip-sum-of-norms", "5", "clip_by_global_norm takes the global norm as the sum of each gradient's L2 norm",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(sum(np.linalg.norm(g) for g in grads.values()))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-rebinds-callers-dict", "5", "clip_by_global_norm writes the scaled arrays into the caller's dict "
       "and returns that dict",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                for k in grads:
                    grads[k] = grads[k] * scale
            return grads, norm
        '''),
    # ---- task 6: lstm -------------------------------------------------------------------------------
    _e("lstm-h-without-tanh", "6", "lstm_step_forward sets next_h = o * next_c (no tanh on the cell)",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:])
            next_c = f * prev_c + i * g
            next_h = o * next_c
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-c-from-h0", "6", "lstm_forward starts the cell state from h0 instead of c0",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, h0
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
        '''),
    # ---- task 7: optim ------------------------------------------------------------------------------
    _e("rmsprop-eps-in-sqrt", "7", "RMSprop.step divides by sqrt(s + eps) instead of sqrt(s) + eps",
       "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                p -= self.lr * g / np.sqrt(s + self.eps)
        '''),
    _e("adam-m-v-one-array", "7", "Adam.step initialises m[k] = v[k] = np.zeros_like(p): both moments share "
       "one array, updated in place",
       "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = self.v[k] = np.zeros_like(p)
                m, v = self.m[k], self.v[k]
                m *= self.beta1
                m += (1 - self.beta1) * g
                v *= self.beta2
                v += (1 - self.beta2) * g * g
                m_hat = m / (1 - self.beta1 ** self.t)
                v_hat = v / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train ------------------------------------------------------------------------------
    _e("model-loss-grads-over-N", "8", "model_loss divides every gradient by the batch size N again "
       "(cross_entropy already averages)",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            grads = {k: g / N for k, g in grads.items()}
            return float(loss), grads
        '''),
    _e("train-clip-discarded", "8", "train calls clip_by_global_norm but throws its result away "
       "(steps with the unclipped gradients)",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[i:i + batch_size] for i in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(batch.mask.sum())
                    total += loss * count
                    tokens += count
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-last-prompt-twice", "8", "generate reads the whole prompt, then feeds its last token again "
       "before the first prediction",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if not prompt:
                raise ValueError("the prompt is empty")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            ids = encode(prompt, word_to_idx)
            for idx in ids:
                h, c = advance(idx, h, c)
            tokens = list(prompt)
            current = int(ids[-1])
            for _ in range(max_new):
                h, c = advance(current, h, c)
                p = softmax(h @ params["Wy"] + params["by"])[0]
                current = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[current])
                if idx_to_word[current] == EOS:
                    break
            return tokens
        '''),
    # ---- task 9: torch_port -------------------------------------------------------------------------
    _e("torch-swap-after-transpose", "9", "to_torch_state transposes first, then swaps the first two blocks of "
       "the last axis (D or H wide, not 4H)",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            b = np.array(swap(params["b"]), dtype=np.float64)
            return {
                "lstm.weight_ih_l0": np.array(swap(params["Wx"].T), dtype=np.float64),
                "lstm.weight_hh_l0": np.array(swap(params["Wh"].T), dtype=np.float64),
                "lstm.bias_ih_l0": b,
                "lstm.bias_hh_l0": np.zeros_like(b),
                "out.weight": np.array(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("torch-folded-bias-not-reordered", "9", "from_torch_state reorders the weights but leaves the folded bias "
       "bias_ih + bias_hh in PyTorch's gate order",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(np.array(state["lstm.weight_ih_l0"], dtype=np.float64).T),
                "Wh": swap(np.array(state["lstm.weight_hh_l0"], dtype=np.float64).T),
                "b": np.array(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"], dtype=np.float64),
                "Wy": np.array(state["out.weight"], dtype=np.float64).T.copy(),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES2)
