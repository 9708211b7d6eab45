"""A fifth blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Eighteen entries, two per task 1-9. Each is ONE learner function written in full from the stub's
docstring alone (``exercises/*.py``), correct except for one realistic mistake that none of the earlier
blind sets (``mutants_blind.py`` to ``mutants_blind4.py``, whose ids and descriptions only were read)
contains. They were written without reading the reference solution, the example submissions, the
grader's judges or its catalogues of known mistakes, and before seeing any grader output; none was
changed after the grader had graded it. An entry that turns out to be accidentally correct stays in the
set and in the numbers. Forward functions that hand a cache to ada's backward pass guess its layout
(see ``mutants_blind.py``).

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind5
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES5: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-variant-unchecked", "1", "generate_dataset never validates the variant: anything but 'anbnan' "
       "silently gives a^n b^n", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                tokens = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    tokens += ["a"] * n
                tokens.append(EOS)
                sequences.append(tokens)
            return sequences
        '''),
    _e("encode-unknown-keyerror", "1", "encode indexes word_to_idx[t] directly: an unknown word raises "
       "KeyError instead of mapping to UNK", "data", "encode", '''
        def encode(tokens, word_to_idx):
            return np.array([word_to_idx[token] for token in tokens], dtype=np.int64)
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-no-max-shift", "2", "softmax exponentiates the raw logits (no max subtracted): overflow, "
       "nan for large logits", "activations", "softmax", '''
        def softmax(x, axis=-1):
            e = np.exp(x)
            return e / np.sum(e, axis=axis, keepdims=True)
        '''),
    _e("ce-empty-mask-no-raise", "2", "cross_entropy never checks M == 0: an all-False mask gives a nan "
       "loss and gradient instead of ValueError", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = mask.astype(bool)
            M = mask.sum()
            safe_y = np.where(mask, y, 0)
            m = scores.max(axis=-1, keepdims=True)
            z = scores - m
            log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
            picked = np.take_along_axis(log_p, safe_y[..., None], axis=-1)[..., 0]
            loss = -(picked * mask).sum() / M
            dscores = np.exp(log_p)
            onehot = np.zeros_like(dscores)
            np.put_along_axis(onehot, safe_y[..., None], 1.0, axis=-1)
            dscores = (dscores - onehot) * mask[..., None] / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-wh-first", "3", "init_rnn_params draws Wh before Wx (order Wh, Wx, Wy): right shapes, "
       "other matrices", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wh = orthogonal((H, H), rng)
            Wx = orthogonal((D, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    _e("lstm-init-bias-H", "3", "init_lstm_params copies the RNN's bias: b = zeros(H), not zeros(4H)",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-bias-outside-tanh", "4", "rnn_step_forward adds the bias after the tanh: "
       "next_h = tanh(x Wx + prev_h Wh) + b", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            next_h = np.tanh(x @ Wx + prev_h @ Wh) + b
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-forward-skips-last-step", "4", "rnn_forward loops over range(T - 1): the last hidden state "
       "stays zero", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T - 1):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-always-rescale", "5", "clip_by_global_norm always multiplies by max_norm / norm: small "
       "gradients are scaled up to max_norm", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            scale = max_norm / norm
            clipped = {k: g * scale for k, g in grads.items()}
            return clipped, norm
        '''),
    _e("clip-value-upper-only", "5", "clip_by_value clamps from above only (np.minimum(g, c)): large "
       "negative entries are kept", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            return {k: np.minimum(g, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-cell-no-input-gate", "6", "lstm_step_forward forgets the input gate in the cell update: "
       "c = f * prev_c + g", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-stores-cells", "6", "lstm_forward writes the cell state c_t into the output h[:, t] "
       "(carries the right states)", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_c
                caches.append(step_cache)
                prev_h, prev_c = next_h, next_c
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-alpha-swapped", "7", "RMSprop.step weights the two terms the other way: "
       "s <- (1 - alpha) s + alpha g^2", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if name not in self.square_avg:
                    self.square_avg[name] = np.zeros_like(p)
                s = self.square_avg[name]
                s *= 1 - self.alpha
                s += self.alpha * g * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-corrects-stored-moments", "7", "Adam.step stores the bias-corrected m_hat, v_hat back into "
       "self.m, self.v: the correction compounds", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            b1, b2 = self.beta1, self.beta2
            for name, p in params.items():
                g = grads[name]
                m = self.m.get(name, np.zeros_like(p))
                v = self.v.get(name, np.zeros_like(p))
                m = b1 * m + (1 - b1) * g
                v = b2 * v + (1 - b2) * g * g
                m = m / (1 - b1 ** self.t)
                v = v / (1 - b2 ** self.t)
                self.m[name] = m
                self.v[name] = v
                p -= self.lr * m / (np.sqrt(v) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-shuffle-once", "8", "train draws rng.permutation(N) once before the epoch loop: every epoch "
       "visits the batches in the same order", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            order = rng.permutation(N) if batch_size is not None else np.arange(N)
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
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
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-ignores-eos", "8", "generate never stops at EOS: it always adds max_new tokens",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("empty prompt")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
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
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                h, c = feed(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("torch-bias-hh-copies-b", "9", "to_torch_state puts the reordered b in both bias_ih and bias_hh: "
       "PyTorch adds it twice", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            b = swap(params["b"]).astype(np.float64)
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": b.copy(),
                "lstm.bias_hh_l0": b.copy(),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-swap-tuple-views", "9", "from_torch_state swaps the gate blocks with a, b = b, a on "
       "slices (views): both blocks end up the input gate", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                a = np.array(a, dtype=np.float64)
                a[..., :H], a[..., H:2 * H] = a[..., H:2 * H], a[..., :H]
                return a

            return {
                "Wx": swap(state["lstm.weight_ih_l0"].T),
                "Wh": swap(state["lstm.weight_hh_l0"].T),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": np.array(state["out.weight"].T, dtype=np.float64),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES5)
