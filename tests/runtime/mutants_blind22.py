"""Blind set 22: an ordinary class, the mistakes a TA grading a hundred submissions sees most often.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains (wrong formulas, axes,
shapes, state handling, edge cases). They were written without reading the reference solution, the example
submissions, the grader's judges or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-forward-prev-h-times-Wx`` makes, and ``rnn-step-backward-dWh-from-next-h`` reads, the step
  cache ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-forward-returns-last-state`` makes, and ``rnn-backward-dx-unreversed`` reads, a sequence cache that
  is the list of the T step caches of ``rnn_step_forward`` (each handed to ``rnn_step_backward`` unopened);
- ``lstm-step-returns-c-first`` makes the step cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-forward-h-like-x`` makes, and ``lstm-backward-no-h-carry`` reads, a sequence cache that is the list
  of the T step caches of ``lstm_step_forward`` (each handed to ``lstm_step_backward`` unopened).

Measured once, before anything was changed after seeing it, at 7716804: caught 23/24 (no check lost points
for ``clip-value-rejects-int-threshold``: every case's threshold is a float), a named mistake or a pattern
on 21/24 (also none: ``ce-gather-aranges-not-broadcast``, whose first line gives numpy's IndexError, and
``rnn-init-orthogonal-Wh-only``).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES22: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("encode-unk-default-zero", "1", "encode looks tokens up with word_to_idx.get(t, 0): an unknown word maps "
       "to index 0 (the most frequent word) instead of word_to_idx['UNK'] (V - 1)", "data", "encode", '''
        def encode(tokens, word_to_idx):
            return np.array([word_to_idx.get(token, 0) for token in tokens], dtype=np.int64)
        '''),
    _e("split-val-slice-end-n-val", "1", "split_dataset slices the validation part as sequences[n_train:n_val] "
       "(the count n_val used as the end index): the validation part is empty whenever n_val <= n_train and "
       "the n_val sequences after the training part are lost (256 gives 204 / 0 / 27)", "data", "split_dataset",
       '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be >= 0 with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    _e("inputs-targets-returned-swapped", "1", "inputs_targets builds both slices right but returns them as "
       "(targets, inputs): the first list is s[1:] and the second s[:-1]", "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give one input and one target")
            inputs = sequence[:-1]
            targets = sequence[1:]
            return targets, inputs
        '''),
    _e("one-hot-batch-id-0-as-padding", "1", "one_hot_batch pads the ids with 0 and then treats every id 0 as "
       "padding (the Keras convention): real steps holding word 0, the most frequent word, get an all-zero row "
       "and mask False", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(seq) for seq in batch)
            ids = np.zeros((N, T), dtype=np.int64)
            for i, seq in enumerate(batch):
                ids[i, : len(seq)] = seq
            mask = ids != 0
            X = np.eye(V)[ids] * mask[:, :, None]
            return X, mask
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-grad-sign-flipped", "2", "sigmoid_grad returns s * (s - 1) instead of s * (1 - s): the "
       "derivative with the wrong sign (every entry <= 0)", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x):
            s = sigmoid(x)
            return s * (s - 1)
        '''),
    _e("ce-grad-precedence-onehot-over-M", "2", "cross_entropy writes the gradient as p - onehot / M (the "
       "parentheses of (p - onehot) / M left out): only the one-hot is divided by M, the probabilities are not; "
       "the loss is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores[mask]
            targets = y[mask]
            m = s.max(axis=1, keepdims=True)
            log_p = s - m - np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -log_p[rows, targets].sum() / M
            p = np.exp(log_p)
            onehot = np.zeros_like(p)
            onehot[rows, targets] = 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = p - onehot / M
            return float(loss), dscores
        '''),
    _e("ce-gather-aranges-not-broadcast", "2", "cross_entropy works on the full (N, T, V) array and picks the "
       "targets with [np.arange(N), np.arange(T), y] (no [:, None] on the first): IndexError (shape mismatch) "
       "whenever 1 < N != T > 1, a wrong loss and gradient when N == T or T == 1; right only when N == 1",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            N, T, V = scores.shape
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            m = scores.max(axis=-1, keepdims=True)
            log_p = scores - m - np.log(np.exp(scores - m).sum(axis=-1, keepdims=True))
            y_safe = np.where(mask, y, 0)
            n_idx = np.arange(N)
            t_idx = np.arange(T)
            loss = -np.sum(log_p[n_idx, t_idx, y_safe] * mask) / M
            dscores = np.exp(log_p)
            dscores[n_idx, t_idx, y_safe] -= 1.0
            dscores = dscores * mask[:, :, None] / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-global-np-random", "3", "orthogonal draws A with np.random.randn (numpy's global generator) "
       "instead of the rng it is given: still orthogonal, but not the specified matrix and not reproducible "
       "from rng", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = np.random.randn(max(rows, cols), min(rows, cols))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("rnn-init-orthogonal-Wh-only", "3", "init_rnn_params makes only the recurrent Wh orthogonal and draws Wx "
       "and Wy Xavier-normal (rng.standard_normal / sqrt(fan_in)) instead of orthogonal((D, H)) and "
       "orthogonal((H, V))", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = rng.standard_normal((D, H)) / np.sqrt(D)
            Wh = orthogonal((H, H), rng)
            Wy = rng.standard_normal((H, V)) / np.sqrt(H)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-forward-prev-h-times-Wx", "4", "rnn_step_forward multiplies the previous state by Wx (the x "
       "term copied): a = x Wx + prev_h Wx + b instead of x Wx + prev_h Wh + b; a shape error when D != H, "
       "wrong values when D == H", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wx + b
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-step-backward-dWh-from-next-h", "4", "rnn_step_backward forms dWh = next_h^T da (the new state, "
       "kept in the cache for tanh's derivative) instead of prev_h^T da; dx, dprev_h, dWx and db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = next_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-forward-returns-last-state", "4", "rnn_forward runs every step right but returns only the last "
       "hidden state h_{T-1}, (N, H), as a many-to-one RNN would, instead of the (N, T, H) states of every step",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            prev_h = h0
            caches = []
            for t in range(T):
                prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                caches.append(step_cache)
            return prev_h, caches
        '''),
    _e("rnn-backward-dx-unreversed", "4", "rnn_backward walks the steps backwards, appends each step's dx to a "
       "list and stacks it without reversing: dx[:, t] holds step T-1-t's input gradient (dh0 and the weight "
       "gradients are right; right for T == 1)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dxs = []
            dprev_h = np.zeros((N, H))
            dWx, dWh, db = 0.0, 0.0, 0.0
            for t in reversed(range(T)):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t, :] + dprev_h, cache[t])
                dxs.append(dx_t)
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs, axis=1)
            return dx, dprev_h, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-builtin-sum-of-arrays", "5", "clip_by_global_norm sums the squared gradients with Python's "
       "sum(g ** 2 for g in ...) without an inner np.sum: the arrays are added elementwise (a broadcast error "
       "where their shapes do not broadcast), the 'norm' is an array and `norm > max_norm` raises ValueError "
       "(ambiguous truth value); right only when every gradient has one entry", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be > 0")
            norm = np.sqrt(sum(g ** 2 for g in grads.values()))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return clipped, norm
        '''),
    _e("clip-value-rejects-int-threshold", "5", "clip_by_value validates the threshold with isinstance(clip_value, "
       "float): a valid integer threshold such as 1 or 5 raises ValueError; float thresholds are right",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if not isinstance(clip_value, float) or clip_value <= 0:
                raise ValueError("clip_value must be a positive float")
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-returns-c-first", "6", "lstm_step_forward computes both states right but returns them as "
       "(next_c, next_h, cache), TensorFlow's LSTMStateTuple (c, h) order, instead of (next_h, next_c, cache)",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_c, next_h, cache
        '''),
    _e("lstm-forward-h-like-x", "6", "lstm_forward allocates the output with np.zeros_like(x), an (N, T, D) "
       "array: storing each (N, H) state raises a broadcast error whenever D != H (right when D == H)",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            h = np.zeros_like(x)
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
                h[:, t, :] = prev_h
                caches.append(step_cache)
            return h, caches
        '''),
    _e("lstm-backward-no-h-carry", "6", "lstm_backward carries the cell gradient between steps but hands each "
       "step dh[:, t] alone as dnext_h: the hidden-state gradient sent back through Wh never reaches the step "
       "before (dh0 is what step 0 sends back from its own dh[:, 0] only)", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dxs = [None] * T
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dWx, dWh, db = 0.0, 0.0, 0.0
            for t in reversed(range(T)):
                dnext_h = dh[:, t, :]
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dprev_c, cache[t])
                dxs[t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs, axis=1)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-g-times-two", "7", "RMSprop.step writes the new square as (1 - alpha) * g * 2 (one star missing "
       "from g ** 2): the running average follows 2 g, goes negative for negative gradients and sqrt gives nan",
       "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * 2
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-eps-outside-denominator", "7", "Adam.step writes p -= lr * m_hat / np.sqrt(v_hat) + eps (the "
       "parentheses around sqrt(v_hat) + eps left out): eps is added to every step instead of the denominator "
       "(each entry moves eps too far; 0 / 0 = nan where a gradient is still exactly 0)", "optim", "Adam.step",
       '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / np.sqrt(v_hat) + self.eps
        '''),
    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-step-args-swapped", "8", "train calls optimizer.step(grads, params), the two dicts swapped: the "
       "optimiser updates the fresh gradient dict in place with the parameters as 'gradients' and params never "
       "change (the losses stay flat)", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(grads, params)
                    n_tokens = int(batch.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-lstm-cell-not-carried", "8", "generate (LSTM) carries the hidden state but drops the new cell "
       "state (h, _, _ = lstm_step_forward(...)): every step starts from c = 0; the RNN path is right",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            V = len(idx_to_word)
            H = Wh.shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))
            for idx in encode(prompt, word_to_idx):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, _, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                if greedy:
                    nxt = int(np.argmax(p))
                else:
                    nxt = int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                x = one_hot(nxt, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, _, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            return tokens
        '''),
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-no-bias-hh", "9", "to_torch_state leaves lstm.bias_hh_l0 out of the state (NumPy has one bias, "
       "so only bias_ih is written): five keys instead of six, load_state_dict fails on the missing key",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-no-gate-swap", "9", "from_torch_state only transposes and folds the biases, never swapping "
       "the gate blocks back: Wx, Wh and b keep PyTorch's order i, f, g, o instead of f, i, g, o",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            return {
                "Wx": np.array(state["lstm.weight_ih_l0"].T, dtype=np.float64),
                "Wh": np.array(state["lstm.weight_hh_l0"].T, dtype=np.float64),
                "b": np.array(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"], dtype=np.float64),
                "Wy": np.array(state["out.weight"].T, dtype=np.float64),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES22)
