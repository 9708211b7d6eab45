"""A third blind set of learner mistakes: 20 more, none repeating one of the first two sets' entries.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake: numpy's legacy global generator instead of ``default_rng``, padding
at the front, ``UNK`` counted twice, the textbook tanh that overflows, a gradient not averaged over the mask's
count, ``reshape`` where a transpose was meant, a forget-gate bias of one, a forgotten output bias, the
caller's initial state overwritten in place, a squared norm taken for the norm, PyTorch's ``1e-6`` in the
clipping factor, forget and input gates swapped in the cell update, the gate bias added twice, a momentum
buffer that starts at g and is then updated, Adam's step counted once per parameter, a shuffle re-seeded every
epoch, unknown prompt words skipped, any unknown cell run as an LSTM, float32 arrays for PyTorch, the linear
layer's weight left untransposed.

How it was written: from the stubs' docstrings, the task manifest and the ``Entry`` / ``_e`` / ``build`` /
``main`` helpers (and the ids and descriptions of the first two sets' entries, so as not to repeat them),
without reading the reference solution, the example submissions, the grader's comparisons, judges, expected
values or its catalogues of known mistakes, and before seeing any grader output. No entry was changed after
the grader had graded it; an entry that turns out to be accidentally correct stays in the set and in the
numbers. ``torch_model`` holds only given code (no graded function), so task 9's entries are in ``torch_port``.

Forward functions of tasks 4 and 6 hand a cache to ada's backward pass, whose layout was guessed (ada's code
was not read): a mismatch shows up as a second failing check of the same task, which changes neither "caught"
nor "diagnosed".

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind3
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES3: list[Entry] = [
    # ---- task 1: data -------------------------------------------------------------------------------
    _e("data-legacy-global-rng", "1", "generate_dataset seeds numpy's global generator (np.random.seed + "
       "np.random.randint) instead of drawing from default_rng(seed)",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            np.random.seed(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(np.random.randint(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequences.append(sequence + [EOS])
            return sequences
        '''),
    _e("one-hot-batch-left-pad", "1", "one_hot_batch pads at the front (real steps right-aligned), not at the end",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, T, V), dtype=np.float64)
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                start = T - len(ids)
                X[i, start:, :] = one_hot_sequence(np.asarray(ids), V)
                mask[i, start:] = True
            return X, mask
        '''),
    _e("vocab-unk-counted-twice", "1", "build_vocab counts an UNK found in the data like any word, then appends "
       "UNK again: UNK listed twice, one real word fewer under a cap",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    # ---- task 2: activations ------------------------------------------------------------------------
    _e("tanh-textbook-overflow", "2", "tanh with the textbook formula (e^x - e^-x) / (e^x + e^-x): nan for |x| > 710",
       "activations", "tanh", '''
        def tanh(x):
            x = np.asarray(x, dtype=np.float64)
            ep = np.exp(x)
            em = np.exp(-x)
            return (ep - em) / (ep + em)
        '''),
    _e("ce-grad-not-over-M", "2", "cross_entropy averages the loss over M but returns the gradient summed "
       "(not divided by M)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            valid = scores[mask]
            targets = y[mask]
            shifted = valid - valid.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -log_p[rows, targets].sum() / M
            dvalid = np.exp(log_p)
            dvalid[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = dvalid
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation ---------------------------------------------------------------------
    _e("orthogonal-reshape-wide", "3", "orthogonal reshapes Q to (rows, cols) when rows < cols instead of "
       "transposing it",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.reshape(rows, cols)
            return Q
        '''),
    _e("lstm-init-forget-bias-one", "3", "init_lstm_params sets the forget-gate bias block to 1 (a common trick), "
       "not zeros",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            b = np.zeros(4 * H)
            b[0:H] = 1.0  # forget gate open at the start, so the cell remembers
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn --------------------------------------------------------------------------------
    _e("affine-forward-no-bias", "4", "affine_forward forgets the output bias: scores = h Wy",
       "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            scores = h @ Wy
            cache = (h, Wy, by)
            return scores, cache
        '''),
    _e("rnn-forward-h0-in-place", "4", "rnn_forward carries the state in h0's own buffer (prev_h[:] = next_h): "
       "the caller's h0 is overwritten",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            prev_h = h0
            for t in range(T):
                next_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                caches.append(step_cache)
                h[:, t, :] = next_h
                prev_h[:] = next_h
            return h, caches
        '''),
    # ---- task 5: clipping ---------------------------------------------------------------------------
    _e("clip-norm-squared", "5", "clip_by_global_norm forgets the square root: compares and scales with the sum "
       "of squares",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(sum(np.sum(g * g) for g in grads.values()))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-torch-eps", "5", "clip_by_global_norm scales by max_norm / (norm + 1e-6), as torch's clip_grad_norm_ "
       "does, whenever that factor is below 1",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
            scale = max_norm / (norm + 1e-6)
            if scale < 1.0:
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    # ---- task 6: lstm -------------------------------------------------------------------------------
    _e("lstm-cell-f-i-swapped", "6", "lstm_step_forward slices the gates right but updates the cell as "
       "c = i * c_prev + f * g",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = i * prev_c + f * g
            tanh_c = np.tanh(next_c)
            next_h = o * tanh_c
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c, tanh_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-bias-twice", "6", "lstm_forward precomputes x Wx + b, then adds b again inside the loop",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                a = xw[:, t, :] + prev_h @ Wh + b
                f = sigmoid(a[:, 0:H])
                i = sigmoid(a[:, H:2 * H])
                g = np.tanh(a[:, 2 * H:3 * H])
                o = sigmoid(a[:, 3 * H:4 * H])
                next_c = f * prev_c + i * g
                tanh_c = np.tanh(next_c)
                next_h = o * tanh_c
                caches.append((x[:, t, :], prev_h, prev_c, Wx, Wh, f, i, g, o, next_c, tanh_c))
                h[:, t, :] = next_h
                prev_h, prev_c = next_h, next_c
            return h, caches
        '''),
    # ---- task 7: optim ------------------------------------------------------------------------------
    _e("sgd-velocity-init-then-update", "7", "SGD.step starts the velocity at g and then also applies "
       "v <- mu v + g on the first step: v = (1 + mu) g",
       "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum == 0.0:
                    p -= self.lr * g
                    continue
                if k not in self.velocity:
                    self.velocity[k] = g.copy()
                v = self.velocity[k]
                v *= self.momentum
                v += g
                p -= self.lr * v
        '''),
    _e("adam-step-count-per-param", "7", "Adam.step increments the step count once per parameter, not once "
       "per call",
       "optim", "Adam.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.t += 1
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train ------------------------------------------------------------------------------
    _e("model-loss-any-cell-is-lstm", "8", "model_loss runs the LSTM for any cell other than 'rnn' instead of "
       "raising ValueError",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            X, y, mask = batch.X, batch.y, batch.mask
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
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
        '''),
    _e("train-rng-reseeded-each-epoch", "8", "train creates default_rng(seed) inside the epoch loop: the same "
       "permutation every epoch",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            history = {"train_loss": [], "val_loss": []}
            N = train_batch.X.shape[0]
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    rng = np.random.default_rng(seed)
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(batch.mask.sum())
                    total += loss * count
                    tokens += count
                history["train_loss"].append(float(total / tokens))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-skips-unknown-prompt", "8", "generate skips prompt words not in the vocabulary instead of "
       "reading them as UNK",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if not prompt:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
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

            tokens = list(prompt)
            for word in prompt:
                if word in word_to_idx:
                    feed(word_to_idx[word])
            for _ in range(max_new):
                p = softmax(state["h"] @ params["Wy"] + params["by"])[0]
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                feed(idx)
            return tokens
        '''),
    # ---- task 9: torch_port -------------------------------------------------------------------------
    _e("torch-state-float32", "9", "to_torch_state converts every array to float32 (PyTorch's default dtype) "
       "instead of keeping float64",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap_first_two(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            def as_torch(a):
                return np.ascontiguousarray(a, dtype=np.float32)

            return {
                "lstm.weight_ih_l0": as_torch(swap_first_two(params["Wx"]).T),
                "lstm.weight_hh_l0": as_torch(swap_first_two(params["Wh"]).T),
                "lstm.bias_ih_l0": as_torch(swap_first_two(params["b"])),
                "lstm.bias_hh_l0": np.zeros(params["b"].shape, dtype=np.float32),
                "out.weight": as_torch(params["Wy"].T),
                "out.bias": as_torch(params["by"]),
            }
        '''),
    _e("from-torch-Wy-untransposed", "9", "from_torch_state transposes the LSTM matrices but takes Wy = out.weight "
       "as is: (V, H)",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap_first_two(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            def arr(key):
                return np.asarray(state[key], dtype=np.float64)

            return {
                "Wx": np.ascontiguousarray(swap_first_two(arr("lstm.weight_ih_l0").T)),
                "Wh": np.ascontiguousarray(swap_first_two(arr("lstm.weight_hh_l0").T)),
                "b": swap_first_two(arr("lstm.bias_ih_l0") + arr("lstm.bias_hh_l0")),
                "Wy": arr("out.weight").copy(),
                "by": arr("out.bias").copy(),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES3)
