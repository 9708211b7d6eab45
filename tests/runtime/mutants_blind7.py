"""A seventh blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Twenty entries over tasks 1-9, about two per task (three for tasks 1 and 7). Each is ONE learner function
written in full from the stub's docstring alone (``exercises/*.py``), correct except for one realistic
mistake that none of the earlier blind sets (``mutants_blind.py`` to ``mutants_blind6.py``, whose ids and
descriptions only were read) contains. They were written without reading the reference solution, the
example submissions, the grader's judges or its catalogues of known mistakes, and before seeing any grader
output; none was changed after the grader had graded it. An entry that turns out to be accidentally correct
stays in the set and in the numbers. Functions that take a cache from ada's forward pass
(``rnn_step_backward``, ``affine_backward``, ``lstm_backward``, which expects a list of step caches) or hand
one to ada's backward pass (``lstm_step_forward``) guess its layout (see ``mutants_blind.py``).
The helper who wrote it saw, after planning all twenty and changing nothing, the code of
``mutants_blind.py``'s first ten entries and ``mutants_blind6.py``'s docstring.

Measured once, at the commit that added ``signs-flipped`` and ``slices-permuted`` (written before this set was
seen), before anything was changed after seeing it: caught 19/20 (``inputs-targets-pops-caller``, which pops
the caller's list, is not: no check sees a list argument changed), a named mistake or a pattern on 16/20
(also undescribed: ``data-rng-per-sequence``, ``ce-gathers-padded-targets``, whose IndexError names its line
and an input labelled "must raise nothing", and ``clip-value-rescales``). ``lstm-backward-dc-dropped``
crashed on its guessed cache layout, so its own mistake was not seen.

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind7
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES7: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-rng-per-sequence", "1", "generate_dataset creates default_rng(seed) inside the loop: every "
       "sequence repeats the first draw of n", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            sequences = []
            for _ in range(num_sequences):
                rng = np.random.default_rng(seed)
                n = int(rng.integers(1, MAX_N + 1))
                tokens = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    tokens += ["a"] * n
                sequences.append(tokens + [EOS])
            return sequences
        '''),
    _e("vocab-zero-cap-falsy", "1", "build_vocab tests the cap with `if max_size:`: max_size=0 is taken as "
       "None (no cap, no ValueError)", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            counts = Counter(word for seq in sequences for word in seq if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size:
                if max_size < 1:
                    raise ValueError(f"max_size must be at least 1, got {max_size}")
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("inputs-targets-pops-caller", "1", "inputs_targets pops the last token off the caller's list and returns "
       "that list as the inputs: the sequence is mutated and aliased", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give an input and a target")
            targets = sequence[1:]
            sequence.pop()
            return sequence, targets
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-grad-naive-overflow", "2", "sigmoid_grad computes exp(-x) / (1 + exp(-x))^2 directly: "
       "inf / inf = nan for x below about -709", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            e = np.exp(-np.asarray(x, dtype=np.float64))
            return e / (1.0 + e) ** 2
        '''),
    _e("ce-gathers-padded-targets", "2", "cross_entropy gathers log p at y on every step before masking: a "
       "padded target outside [0, V) (e.g. -100 or V) raises IndexError", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            y = np.asarray(y)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            shifted = scores - scores.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            picked = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
            loss = -np.sum(np.where(mask, picked, 0.0)) / M
            onehot = np.zeros_like(log_p)
            np.put_along_axis(onehot, y[..., None], 1.0, axis=-1)
            dscores = (np.exp(log_p) - onehot) * mask[..., None] / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-uniform-draw", "3", "orthogonal draws A with rng.random (uniform on [0, 1)) instead of "
       "rng.standard_normal: still orthogonal, not the specified matrix", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.random((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q if rows >= cols else Q.T
        '''),
    _e("lstm-init-tiled-gates", "3", "init_lstm_params draws one (D, H) and one (H, H) block and tiles each "
       "four times: all four gates share the same weights", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = np.tile(orthogonal((D, H), rng), (1, 4))
            Wh = np.tile(orthogonal((H, H), rng), (1, 4))
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-dWh-transposed", "4", "rnn_step_backward computes dWh = da^T prev_h instead of "
       "prev_h^T da (right shape, transposed values)", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = da.T @ prev_h
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("affine-backward-dby-mean", "4", "affine_backward averages dby over the N*T rows (mean) instead of "
       "summing them; dh and dWy are right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.reshape(N * T, V).mean(axis=0)
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-last-gradient", "5", "clip_by_global_norm overwrites the running sum in its loop (total = "
       "instead of total +=): the norm is the last gradient's alone", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total = np.sum(g ** 2)
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-rescales", "5", "clip_by_value rescales a gradient by clip_value / max|g| when an entry "
       "exceeds the bound, instead of clamping entries", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for k, g in grads.items():
                peak = float(np.max(np.abs(g))) if g.size else 0.0
                if peak > clip_value:
                    clipped[k] = g * (clip_value / peak)
                else:
                    clipped[k] = g.copy()
            return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-cell-aliases-prev-c", "6", "lstm_step_forward writes next_c = prev_c, then next_c *= f and "
       "next_c += i * g: the caller's prev_c is overwritten with the new cell", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = prev_c
            next_c *= f
            next_c += i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-backward-dc-dropped", "6", "lstm_backward stores each step's dprev_c under another name and "
       "passes dnext_c = 0 to every step: no gradient flows back along the cell", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dc = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                dx_t, dnext_h, dc, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dnext_h, dnext_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx, dWh, db = np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dnext_h, dc, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-velocity-reset-each-call", "7", "SGD.step sets self.velocity = {} at the start of every call: the "
       "velocity restarts at g each step, momentum never builds up", "optim", "SGD.step", '''
        def step(self, params, grads):
            self.velocity = {}
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k in self.velocity:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    else:
                        self.velocity[k] = g.copy()
                    p -= self.lr * self.velocity[k]
                else:
                    p -= self.lr * g
        '''),
    _e("rmsprop-step-before-average", "7", "RMSprop.step moves p with the old running average, then updates it: "
       "the first step divides by eps alone", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                p -= self.lr * g / (np.sqrt(s) + self.eps)
                s *= self.alpha
                s += (1 - self.alpha) * g ** 2
        '''),
    _e("adam-correction-precedence", "7", "Adam.step writes the bias correction as (1 - beta) ** k instead of "
       "1 - beta ** k: right on step 1, wrong from step 2", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1) ** self.t
                v_hat = self.v[k] / (1 - self.beta2) ** self.t
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-val-before-updates", "8", "train measures the epoch's validation loss at the start of the epoch, "
       "before its updates, instead of after them", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None, cell="lstm",
                  seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                val_loss, _ = model_loss(params, val_batch, cell)
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(batch.mask.sum())
                    total += loss * count
                    tokens += count
                history["train_loss"].append(float(total / tokens))
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-state-reset", "8", "generate reads the prompt with carried states, but feeds every generated "
       "token from zero states: each new token sees only the previous one", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator: pass rng")
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            V = len(idx_to_word)
            H = Wh.shape[0]

            def read(token_id, h, c):
                x = one_hot(int(token_id), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
                return h, c

            h0 = np.zeros((1, H))
            c0 = np.zeros((1, H))
            h, c = h0, c0
            for token_id in encode(prompt, word_to_idx):
                h, c = read(token_id, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = read(nxt, h0, c0)
            return tokens
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("torch-b-in-bias-hh", "9", "to_torch_state puts the reordered b in bias_hh and zeros in bias_ih (the sum "
       "is right, the layout is not)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            H = Wh.shape[0]

            def swap(w):
                return np.concatenate([w[..., H:2 * H], w[..., :H], w[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(Wx).T.astype(np.float64, order="C"),
                "lstm.weight_hh_l0": swap(Wh).T.astype(np.float64, order="C"),
                "lstm.bias_ih_l0": np.zeros(4 * H),
                "lstm.bias_hh_l0": swap(b).astype(np.float64),
                "out.weight": Wy.T.astype(np.float64, order="C"),
                "out.bias": by.astype(np.float64),
            }
        '''),
    _e("from-torch-fold-in-place", "9", "from_torch_state folds the biases with b = bias_ih; b += bias_hh: the "
       "caller's bias_ih array is overwritten with the sum", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            w_ih = state["lstm.weight_ih_l0"]
            w_hh = state["lstm.weight_hh_l0"]
            H = w_hh.shape[1]

            def swap(w):
                return np.concatenate([w[H:2 * H], w[:H], w[2 * H:]], axis=0)

            b = state["lstm.bias_ih_l0"]
            b += state["lstm.bias_hh_l0"]
            return {
                "Wx": swap(w_ih).T.copy(),
                "Wh": swap(w_hh).T.copy(),
                "b": swap(b),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES7)
