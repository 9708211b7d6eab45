"""A tenth blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Twenty-four entries over tasks 1-9 (three each for tasks 1, 2, 4, 6, 7 and 8, two each for tasks 3, 5
and 9). Each is ONE learner function written in full from the stub's docstring alone
(``exercises/*.py``), correct except for one realistic mistake that none of the earlier blind sets
(``mutants_blind.py`` to ``mutants_blind9.py``, whose ids and one-line descriptions only were read)
contains. They were written without reading the reference solution, the example submissions, the
grader's judges or its catalogues of known mistakes, and before seeing any grader output; none was
changed after the grader had graded it. An entry that turns out to be accidentally correct stays in the
set and in the numbers.

Entries that hand a cache to ada's code or read one from it guess its layout (ada's code was not read):

- ``rnn-step-backward-db-from-dnext`` reads the step cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-backward-skips-step-0`` and ``rnn-backward-no-carry`` read rnn_forward's cache as
  ``(x, h0, Wx, Wh, h)``;
- ``lstm-gates-cs231n-ifog`` writes, and ``lstm-step-backward-df-new-cell`` reads, the LSTM step cache
  as ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-backward-dc0-zero`` reads lstm_forward's cache as the list of step caches, indexed by t, and
  hands each to ada's lstm_step_backward.

For a forward entry a wrong guess shows up as a second failing check of the same task; for a backward
entry it may turn the intended mistake into a crash.

Measured once, before anything was changed after seeing it, with every description of the session that added
it: caught 24/24, a named mistake or a pattern on 19/24 (none: ``softmax-sum-no-keepdims``, an error naming
its line; ``tanh-grad-square-inside``; ``lstm-init-joint-xh-blocks``; ``torch-keys-no-prefix``, whose first
line lists both sets of keys; ``from-torch-reshape-not-transpose``). ``lstm-backward-dc0-zero`` crashed on its
guessed cache layout, so its own mistake was not seen.

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind10
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES10: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-unk-first", "1", "build_vocab puts UNK first (index 0, a common tutorial convention) and the "
       "counted words after it, instead of UNK last at V - 1", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = [UNK] + words
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-unk-as-V", "1", "encode maps an unknown word to len(word_to_idx) (V, one past the last index) "
       "instead of word_to_idx['UNK'] (V - 1)", "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = len(word_to_idx)
            return np.array([word_to_idx.get(token, unk) for token in tokens], dtype=np.int64)
        '''),
    _e("split-negative-unchecked", "1", "split_dataset checks only p_train + p_val > 1: a negative fraction is "
       "accepted (negative cut points, overlapping or lost parts) instead of raising ValueError",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train + p_val > 1:
                raise ValueError(f"p_train + p_val must be at most 1, got {p_train + p_val}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-sum-no-keepdims", "2", "softmax keeps the dims for the max but not for the sum: e / e.sum(axis) "
       "broadcasts wrongly (crash, or wrong values for square inputs) unless x is 1-D or axis is 0",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / np.sum(e, axis=axis)
        '''),
    _e("ce-mean-per-sequence", "2", "cross_entropy averages each sequence over its own valid tokens, then over "
       "the sequences, instead of over all M valid tokens (right only when the lengths are equal)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            m = np.max(scores, axis=-1, keepdims=True)
            log_p = scores - m - np.log(np.sum(np.exp(scores - m), axis=-1, keepdims=True))
            p = np.exp(log_p)
            y_safe = np.where(mask, y, 0).astype(np.int64)
            picked = np.take_along_axis(log_p, y_safe[..., None], axis=-1)[..., 0]   # (N, T)
            lengths = mask.sum(axis=1)                                                 # (N,)
            used = lengths > 0
            per_sequence = np.where(mask, -picked, 0.0).sum(axis=1) / np.maximum(lengths, 1)
            loss = float(per_sequence[used].mean())
            weight = np.where(mask, 1.0 / (np.maximum(lengths, 1)[:, None] * used.sum()), 0.0)
            onehot = np.zeros_like(scores)
            np.put_along_axis(onehot, y_safe[..., None], 1.0, axis=-1)
            dscores = (p - onehot) * weight[..., None]
            return loss, dscores
        '''),
    _e("tanh-grad-square-inside", "2", "tanh_grad misplaces the parenthesis: 1 - tanh(x ** 2) instead of "
       "1 - tanh(x) ** 2 (right at 0 only)", "activations", "tanh_grad", '''
        def tanh_grad(x):
            return 1.0 - np.tanh(x ** 2)
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-wide-before-sign-fix", "3", "orthogonal returns Q.T for a wide shape (rows < cols) before "
       "the sign fix: wide matrices come out without the sign(diag(R)) correction, tall and square ones are right",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            if rows < cols:
                return Q.T
            return Q * np.sign(np.diag(R))
        '''),
    _e("lstm-init-joint-xh-blocks", "3", "init_lstm_params draws each gate as one orthogonal((D + H, H)) block "
       "acting on [x, h] and splits its rows into the Wx and Wh blocks, instead of drawing four (D, H) blocks "
       "then four (H, H) blocks", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx_blocks, Wh_blocks = [], []
            for _ in range(4):                       # forget, input, candidate, output
                W = orthogonal((D + H, H), rng)      # one gate acting on the stacked [x, h]
                Wx_blocks.append(W[:D])
                Wh_blocks.append(W[D:])
            return {
                "Wx": np.concatenate(Wx_blocks, axis=1),
                "Wh": np.concatenate(Wh_blocks, axis=1),
                "b": np.zeros(4 * H),
                "Wy": orthogonal((H, V), rng),
                "by": np.zeros(V),
            }
        '''),
    # ---- task 4: vanilla RNN -----------------------------------------------------------------------------
    _e("rnn-step-backward-db-from-dnext", "4", "rnn_step_backward sums dnext_h for db instead of da (skips "
       "the tanh derivative for the bias only); dx, dprev_h, dWx and dWh are right", "rnn", "rnn_step_backward",
       '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = dnext_h.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-skips-step-0", "4", "rnn_backward loops over range(T - 1, 0, -1): step 0 is never "
       "backpropagated (dx[:, 0] = 0, its weight terms missing) and dh0 is the gradient into h_0, not h0",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)   # h_{t-1} for every t
            da = np.zeros((N, T, H))
            dnext = np.zeros((N, H))
            for t in range(T - 1, 0, -1):
                da[:, t] = (dh[:, t] + dnext) * (1 - h[:, t] ** 2)
                dnext = da[:, t] @ Wh.T
            dh0 = dnext
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ da.reshape(N * T, H)
            dWh = prev.reshape(N * T, H).T @ da.reshape(N * T, H)
            db = da.sum(axis=(0, 1))
            return dx, dh0, dWx, dWh, db
        '''),
    _e("rnn-backward-no-carry", "4", "rnn_backward computes each step's dprev_h but never adds it to the "
       "gradient of the step before: every h_t gets dh[:, t] only (BPTT truncated to one step)",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)   # h_{t-1} for every t
            da = np.zeros((N, T, H))
            dprev_h = np.zeros((N, H))
            for t in reversed(range(T)):
                da[:, t] = dh[:, t] * (1 - h[:, t] ** 2)
                dprev_h = da[:, t] @ Wh.T
            dh0 = dprev_h
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ da.reshape(N * T, H)
            dWh = prev.reshape(N * T, H).T @ da.reshape(N * T, H)
            db = da.sum(axis=(0, 1))
            return dx, dh0, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-max-unchecked", "5", "clip_by_global_norm never checks max_norm > 0: max_norm = 0 zeroes the "
       "gradients and a negative one flips their sign, instead of raising ValueError",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-norm-mean-squares", "5", "clip_by_global_norm sums each gradient's mean of squares (np.mean(g ** 2)) "
       "instead of its sum of squares: the norm is too small, large gradients are clipped too little or not at all",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total += np.mean(g ** 2)
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    # ---- task 6: LSTM ------------------------------------------------------------------------------------
    _e("lstm-gates-cs231n-ifog", "6", "lstm_step_forward slices the gates in CS231n's order i, f, o, g instead "
       "of f, i, g, o (input and forget swapped, output and candidate swapped)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            i = sigmoid(a[:, 0:H])
            f = sigmoid(a[:, H:2 * H])
            o = sigmoid(a[:, 2 * H:3 * H])
            g = np.tanh(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-df-new-cell", "6", "lstm_step_backward takes the forget gate's gradient as dc * c_t "
       "(the new cell) instead of dc * c_{t-1}; every other term is right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tc ** 2)
            df = dc * next_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1 - f), di * i * (1 - i), dg * (1 - g ** 2), do * o * (1 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-backward-dc0-zero", "6", "lstm_backward carries the cell gradient between steps but returns dc0 as "
       "zeros (c0 taken for a constant) instead of what step 0 sends back", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx = dWx = dWh = db = None
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            for t in reversed(range(T)):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dnext_h, dnext_c, cache[t]
                )
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx, dWh, db = np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            dh0 = dnext_h
            dc0 = np.zeros_like(dh0)     # c0 is not learned
            return dx, dh0, dc0, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-rebinds-loop-variable", "7", "SGD.step writes p = p - lr * v on the loop variable: a new local array, "
       "the parameters are never updated (the velocity is kept right)", "optim", "SGD.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    g = self.velocity[k]
                p = p - self.lr * g
        '''),
    _e("rmsprop-no-sqrt", "7", "RMSprop.step divides by the running mean square itself, without the square "
       "root: p -= lr * g / (s + eps)", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g ** 2
                p -= self.lr * g / (s + self.eps)
        '''),
    _e("adam-k-off-by-one", "7", "Adam.step increments self.t and then corrects with k = self.t + 1: every step is "
       "bias-corrected as the next one (step 1 as step 2)", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            t = self.t + 1
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** t)
                v_hat = self.v[name] / (1 - self.beta2 ** t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-val-on-train-batch", "8", "train computes the epoch's validation loss with model_loss on "
       "train_batch (a copy-paste slip) instead of val_batch", "train", "train", '''
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
                total, tokens = 0.0, 0
                for idx in chunks:
                    mini = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(mini.mask.sum())
                    total += loss * count
                    tokens += count
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, train_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("train-tokens-y-nonzero", "8", "train counts a mini-batch's valid tokens as np.count_nonzero(y) (padding "
       "is 0) instead of mask.sum(): targets of index 0, the most frequent word, are not counted in the weights",
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
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    mini = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    count = int(np.count_nonzero(mini.y))    # padded targets are 0
                    total += loss * count
                    tokens += count
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-prompt-echo-unk", "8", "generate returns the prompt as decoded from its encoding: prompt words "
       "not in the vocabulary come back as 'UNK' instead of as written", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))
            ids = [int(i) for i in encode(prompt, word_to_idx)]
            tokens = [idx_to_word[i] for i in ids]

            def advance(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in ids:
                h, c = advance(idx, h, c)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: PyTorch port ----------------------------------------------------------------------------
    _e("torch-keys-no-prefix", "9", "to_torch_state names the LSTM entries as nn.LSTM's own state dict does "
       "(weight_ih_l0, ...) without the 'lstm.' prefix; values and the out.* keys are right",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-reshape-not-transpose", "9", "from_torch_state turns (4H, D), (4H, H) and (V, H) into (D, 4H), "
       "(H, 4H) and (H, V) with reshape instead of a transpose: right shapes, scrambled entries",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            W_ih = state["lstm.weight_ih_l0"]
            W_hh = state["lstm.weight_hh_l0"]
            H = W_hh.shape[1]
            D = W_ih.shape[1]
            V = state["out.weight"].shape[0]

            def swap(a):        # the gate blocks are the rows here
                return np.concatenate([a[H:2 * H], a[0:H], a[2 * H:]], axis=0)

            return {
                "Wx": swap(W_ih).reshape(D, 4 * H),
                "Wh": swap(W_hh).reshape(H, 4 * H),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].reshape(H, V).copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES10)
