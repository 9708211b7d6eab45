"""A sixth blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Twenty entries over tasks 1-9, about two per task (three for tasks 1 and 8). Each is ONE learner function
written in full from the stub's docstring alone (``exercises/*.py``), correct except for one realistic
mistake that none of the earlier blind sets (``mutants_blind.py`` to ``mutants_blind5.py``, whose ids and
descriptions only were read) contains. They were written without reading the reference solution, the
example submissions, the grader's judges or its catalogues of known mistakes, and before seeing any grader
output; none was changed after the grader had graded it. An entry that turns out to be accidentally correct
stays in the set and in the numbers. Forward functions that hand a cache to ada's backward pass, and the
one backward function here (``affine_backward``, which takes ada's forward cache), guess its layout (see
``mutants_blind.py``).

Measured once, at 03277e9, before anything was changed after seeing it: caught 20/20, a named mistake or a
pattern on 19/20; read one by one, 16/20 in words that are right (``orthogonal-sign-from-q`` and
``lstm-init-stack-reshape`` were told "other random draws", ``one-hot-seq-int-dtype`` "float32 rounding"
under its right first line, ``ce-targets-column-index`` got no pattern).

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind6
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES6: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-counts-per-sequence", "1", "build_vocab counts each word once per sequence (Counter.update(set(s))): "
       "ranks words by how many sequences hold them, not by their number of occurrences", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter()
            for sequence in sequences:
                counts.update(set(sequence))
            counts.pop(UNK, None)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-seq-int-dtype", "1", "one_hot_sequence indexes np.eye(V, dtype=int): right ones and zeros, "
       "but an int64 array instead of float64", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            ids = np.asarray(ids, dtype=np.int64)
            if ids.size and (ids.min() < 0 or ids.max() >= V):
                raise ValueError(f"indices must lie in [0, {V}), got {ids.min()}..{ids.max()}")
            return np.eye(V, dtype=int)[ids]
        '''),
    _e("inputs-targets-one-token", "1", "inputs_targets rejects only the empty sequence: a one-token sequence "
       "gives two empty lists instead of ValueError", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) == 0:
                raise ValueError("an empty sequence has no inputs and no targets")
            return sequence[:-1], sequence[1:]
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-sum-whole-array", "2", "softmax shifts by the max along axis but divides by the sum of the "
       "whole array (e.sum()), not the sum along axis", "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / e.sum()
        '''),
    _e("ce-targets-column-index", "2", "cross_entropy picks the targets with [:, y] instead of [arange(M), y]: "
       "the loss averages every row's log-probability of every target, the gradient subtracts 1 in every "
       "target column of every row", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            t = y[mask]
            shifted = s - s.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            loss = -np.mean(log_p[:, t])
            p = np.exp(log_p)
            p[:, t] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = p / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-from-q", "3", "orthogonal fixes the column signs with sign(diag(Q)) instead of "
       "sign(diag(R))", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(Q))
            return Q.T if rows < cols else Q
        '''),
    _e("lstm-init-stack-reshape", "3", "init_lstm_params stacks the four gate blocks with np.stack(axis=2) and "
       "reshapes to (D, 4H): the gates' columns interleave instead of sitting side by side", "initialisation",
       "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.stack([orthogonal((D, H), rng) for _ in range(4)], axis=2).reshape(D, 4 * H)
            Wh = np.stack([orthogonal((H, H), rng) for _ in range(4)], axis=2).reshape(H, 4 * H)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-carries-preactivation", "4", "rnn_forward stores h_t = tanh(a_t) but carries the "
       "pre-activation a_t (not h_t) into the next step's a_{t+1}", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            a = np.zeros((N, T, H))
            prev = h0
            for t in range(T):
                a[:, t] = xw[:, t] + prev @ Wh
                h[:, t] = np.tanh(a[:, t])
                prev = a[:, t]
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("affine-backward-reshape-not-transpose", "4", "affine_backward forms dWy from h.reshape(H, N*T) (a "
       "reshape taken for a transpose) instead of h.reshape(N*T, H).T", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(H, N * T) @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-square-of-sum", "5", "clip_by_global_norm squares each gradient's sum (np.sum(g) ** 2) instead "
       "of summing its squares", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.sum(g) ** 2 for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-zero-allowed", "5", "clip_by_value raises only for clip_value < 0: clip_value == 0 is "
       "accepted and zeroes every gradient instead of raising ValueError", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value < 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-cell-from-prev-h", "6", "lstm_step_forward forgets from the previous hidden state: "
       "c = f * prev_h + i * g instead of f * prev_c + i * g", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:])
            next_c = f * prev_h + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-c0-ignored", "6", "lstm_forward ignores c0 and starts the cell state from zeros "
       "(h0 is used)", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, np.zeros_like(h0)
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-step-before-velocity", "7", "SGD.step with momentum moves p with the velocity before updating it "
       "(p -= lr v; then v <- mu v + g): each step uses the previous step's velocity", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum == 0:
                    p -= self.lr * g
                    continue
                if k not in self.velocity:
                    self.velocity[k] = g.copy()
                v = self.velocity[k]
                p -= self.lr * v
                v *= self.momentum
                v += g
        '''),
    _e("rmsprop-starts-at-g2", "7", "RMSprop.step starts the running average at g^2 on the first step instead "
       "of updating it from 0 (first step lr * sign(g), not about 10 lr * sign(g))", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = g * g
                else:
                    s = self.square_avg[k]
                    s *= self.alpha
                    s += (1 - self.alpha) * g * g
                p -= self.lr * g / (np.sqrt(self.square_avg[k]) + self.eps)
        '''),
    # ---- task 8: training --------------------------------------------------------------------------------
    _e("model-loss-mask-of-ones", "8", "model_loss passes an all-True mask to cross_entropy: padded steps "
       "(target 0) are scored and averaged in", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, np.ones_like(mask, dtype=bool))
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            return float(loss), {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
        '''),
    _e("train-weights-by-sequences", "8", "train weights each mini-batch's loss by its number of sequences, "
       "not its number of valid tokens, in the epoch's training loss", "train", "train", '''
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
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, weight = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    total += loss * len(idx)
                    weight += len(idx)
                history["train_loss"].append(float(total / weight))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-sampling-fresh-rng", "8", "generate samples from a fresh np.random.default_rng() when rng is "
       "None instead of raising ValueError", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: expected one of {CELLS}")
            if not greedy and rng is None:
                rng = np.random.default_rng()
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            V = len(idx_to_word)
            H = Wh.shape[0]

            def advance(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
                return h, c

            h, c = np.zeros((1, H)), np.zeros((1, H))
            for idx in encode(prompt, word_to_idx):
                h, c = advance(int(idx), h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("torch-bias-not-reordered", "9", "to_torch_state swaps the gate blocks of Wx and Wh but copies b into "
       "bias_ih in NumPy's gate order f, i, g, o", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(params["Wx"]).T.astype(np.float64).copy(),
                "lstm.weight_hh_l0": swap(params["Wh"]).T.astype(np.float64).copy(),
                "lstm.bias_ih_l0": np.array(params["b"], dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": params["Wy"].T.astype(np.float64).copy(),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-bias-mean", "9", "from_torch_state folds the two biases as their mean "
       "(bias_ih + bias_hh) / 2 instead of their sum", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(state["lstm.weight_ih_l0"].T),
                "Wh": swap(state["lstm.weight_hh_l0"].T),
                "b": swap((state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]) / 2),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES6)
