"""Blind set 44: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the habits of a student
who learnt Python after MATLAB, Java or PyTorch and NumPy from Stack Overflow answers (index loops,
copies and views confused, 1-based offsets, column vectors, misread shapes, wrong exception types).
They were written without reading the reference solution, the example submissions, the grader's judges
or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-forward-x-shadowed`` makes, and ``rnn-backward-dh0-extra-Wh`` reads, the tuple
  ``(x, h0, Wx, Wh, b, h)`` with h the (N, T, H) states;
- ``rnn-step-backward-dot-square`` reads the step cache ``(x, prev_h, Wx, Wh, next_h)``;
- ``affine-forward-np-inner`` makes ``(h, Wy, by)``;
- ``lstm-step-split-five-pieces`` makes, and ``lstm-step-backward-df-times-f`` reads, the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates activated);
- ``lstm-forward-stack-reshaped`` makes a list of the T step caches returned by ada's lstm_step_forward.

Measured once, before anything was changed after seeing it, at e51475f: caught 24/24, a named mistake or a
pattern on 19/24 (none: ``data-n-size-one-array``, ``one-hot-batch-float-index-buffer``,
``rnn-init-zeros-matlab-args`` and ``rmsprop-squares-grad-in-place``, whose first lines give numpy's or Python's
error, and ``encode-column-vector``, whose first line gives both shapes).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES44: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-n-size-one-array", "1", "generate_dataset draws n with rng.integers(1, MAX_N + 1, size=1) (MATLAB's "
       "randi(5, 1)): n is a one-element array, so ['a'] * n raises TypeError for every non-empty data set",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = rng.integers(1, MAX_N + 1, size=1)
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq = seq + ["a"] * n
                sequences.append(seq + [EOS])
            return sequences
        '''),
    _e("encode-column-vector", "1", "encode returns the ids as a column vector, shape (L, 1) (MATLAB's habit of "
       "sequences as columns), instead of shape (L,): right values and dtype, wrong shape", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            ids = np.array([word_to_idx.get(token, unk) for token in tokens], dtype=np.int64)
            return ids.reshape(-1, 1)
        '''),
    _e("one-hot-batch-float-index-buffer", "1", "one_hot_batch pads the ids into np.zeros((N, T)), a float "
       "buffer, then indexes np.eye(V) with it: IndexError (arrays used as indices must be integers) on "
       "every batch", "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            N = len(batch)
            lengths = [len(seq) for seq in batch]
            T = max(lengths)
            ids = np.zeros((N, T))
            mask = np.zeros((N, T), dtype=bool)
            for i in range(N):
                ids[i, :lengths[i]] = batch[i]
                mask[i, :lengths[i]] = True
            X = np.eye(V)[ids] * mask[:, :, None]
            return X, mask
        '''),
    _e("split-fraction-of-last-index", "1", "split_dataset takes the fractions of the last index, "
       "floor(p * (L - 1)), instead of floor(p * L): the docstring's 256 -> 204 / 25 / 27 still comes out, "
       "but e.g. 10 sequences give 7 / 0 / 3 instead of 8 / 1 / 1", "data", "split_dataset", '''
        def split_dataset(sequences: list, p_train: float = 0.8, p_val: float = 0.1) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative and sum to at most 1")
            L = len(sequences)
            last = L - 1
            n_train = math.floor(p_train * last)
            n_val = math.floor(p_val * last)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-grad-mixed-identities", "2", "sigmoid_grad mixes its two identities, s(x) s(-x) and "
       "s(x) (1 - s(x)), into s(x) (1 - s(-x)), which is s(x)^2", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x: np.ndarray) -> np.ndarray:
            # s'(x) = s(x) * s(-x) = s(x) * (1 - s(x))
            return sigmoid(x) * (1 - sigmoid(-x))
        '''),
    _e("ce-empty-mask-zerodivision", "2", "cross_entropy raises ZeroDivisionError ('division by zero' is what "
       "goes wrong) instead of ValueError when the mask selects no token; everything else is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            M = int(mask.sum())
            if M == 0:
                raise ZeroDivisionError("the mask selects no token: cannot average over 0 tokens")
            x = scores[mask]
            t = y[mask]
            m = x.max(axis=1, keepdims=True)
            logp = x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -logp[rows, t].sum() / M
            p = np.exp(logp)
            p[rows, t] -= 1
            dscores = np.zeros(scores.shape)
            dscores[mask] = p / M
            return float(loss), dscores
        '''),
    _e("ce-gather-chained-index", "2", "cross_entropy picks the targets' log-probabilities with chained "
       "indexing logp[n, t][y[n, t]] (Java's a[i][j][k]): the second index selects rows of the (M, V) "
       "array, so the loss sums whole rows (IndexError when a target is >= M); the gradient is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            M = int(np.count_nonzero(mask))
            if M == 0:
                raise ValueError("the mask selects no token")
            m = scores.max(axis=-1, keepdims=True)
            logp = scores - m - np.log(np.exp(scores - m).sum(axis=-1, keepdims=True))
            n_idx, t_idx = np.nonzero(mask)
            targets = y[n_idx, t_idx]
            picked = logp[n_idx, t_idx][targets]
            loss = -np.sum(picked) / M
            onehot = np.zeros_like(scores, dtype=float)
            onehot[n_idx, t_idx, targets] = 1.0
            dscores = (np.exp(logp) - onehot) * mask[:, :, None] / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-zeros-matlab-args", "3", "init_rnn_params makes the biases with np.zeros(H, 1) and "
       "np.zeros(V, 1) (MATLAB's zeros(H, 1)): NumPy reads the 1 as a dtype and raises TypeError",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            b = np.zeros(H, 1)
            by = np.zeros(V, 1)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
        '''),
    _e("lstm-init-block-offsets-minus-one", "3", "init_lstm_params fills preallocated Wx and Wh with "
       "W[:, (k - 1) * H:k * H] for k in range(4) (MATLAB's (k-1)*H+1:k*H with k kept 0-based): the first "
       "slice is empty and the assignment raises a broadcast ValueError", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.zeros((D, 4 * H))
            Wh = np.zeros((H, 4 * H))
            for k in range(4):
                Wx[:, (k - 1) * H:k * H] = orthogonal((D, H), rng)
            for k in range(4):
                Wh[:, (k - 1) * H:k * H] = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-dot-square", "4", "rnn_step_backward squares next_h with np.dot(next_h, next_h) "
       "(the 'dot product of a vector with itself' habit) in tanh's derivative: a shape error when N != H, a "
       "matrix product instead of the elementwise square when N == H", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - np.dot(next_h, next_h))
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-forward-x-shadowed", "4", "rnn_forward rebinds its input inside the loop (x = x[:, t]): step 0 is "
       "right, but from step 1 on it slices the previous step's (N, D) slice, so T >= 2 raises (or reads the "
       "wrong numbers when N == D)", "rnn", "rnn_forward", '''
        def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                        b: np.ndarray) -> tuple[np.ndarray, Any]:
            inputs = x
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                x = x[:, t]
                prev_h = np.tanh(x @ Wx + prev_h @ Wh + b)
                h[:, t] = prev_h
            cache = (inputs, h0, Wx, Wh, b, h)
            return h, cache
        '''),
    _e("rnn-backward-dh0-extra-Wh", "4", "rnn_backward gets every step right but returns dh0 = dprev_h Wh^T, "
       "one extra multiplication by Wh^T on what step 0 already sent back through Wh", "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, b, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            dx = np.zeros((N, T, D))
            dWx = np.zeros_like(Wx)
            dWh = np.zeros_like(Wh)
            db = np.zeros_like(b)
            dprev_h = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                prev_h = h[:, t - 1] if t > 0 else h0
                da = (dh[:, t] + dprev_h) * (1 - h[:, t] ** 2)
                dx[:, t] = da @ Wx.T
                dWx += x[:, t].T @ da
                dWh += prev_h.T @ da
                db += da.sum(axis=0)
                dprev_h = da @ Wh.T
            dh0 = dprev_h @ Wh.T
            return dx, dh0, dWx, dWh, db
        '''),
    _e("affine-forward-np-inner", "4", "affine_forward projects with np.inner(h, Wy) (inner read as the matrix "
       "product): np.inner contracts the last axes of both, so H != V raises and H == V gives h Wy^T",
       "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            scores = np.inner(h, Wy) + by
            cache = (h, Wy, by)
            return scores, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-returns-list-like-tf", "5", "clip_by_global_norm returns the clipped gradients as a list in "
       "the dict's order (tf.clip_by_global_norm's habit) instead of a dict with the same keys; the norm and "
       "the scaling are right", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads: dict[str, np.ndarray], max_norm: float) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = [g * scale for g in grads.values()]
            else:
                clipped = list(grads.values())
            return clipped, norm
        '''),
    _e("clip-value-keys-as-indices", "5", "clip_by_value loops with enumerate(grads.values()) (a Java index "
       "loop) and stores each clipped array under its position 0, 1, 2, ... instead of its name",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            clipped = {}
            for i, g in enumerate(grads.values()):
                clipped[i] = np.clip(g, -clip_value, clip_value)
            return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-split-five-pieces", "6", "lstm_step_forward splits the gates with np.split(a, [H, 2H, 3H, 4H], "
       "axis=1), the end 4H listed as a cut point: five pieces (the last empty), so unpacking four raises "
       "ValueError", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray,
                              Wh: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            a_f, a_i, a_g, a_o = np.split(a, [H, 2 * H, 3 * H, 4 * H], axis=1)
            f = sigmoid(a_f)
            i = sigmoid(a_i)
            g = np.tanh(a_g)
            o = sigmoid(a_o)
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-df-times-f", "6", "lstm_step_backward writes df = dc * f (the line for dprev_c "
       "copied) instead of dc * c_prev: the forget gate's gradient is wrong, and with it dx, dprev_h, dWx, "
       "dWh and db's forget block; dprev_c is right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tc ** 2)
            df = dc * f
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.hstack([df * f * (1 - f), di * i * (1 - i), dg * (1 - g ** 2), do * o * (1 - o)])
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-forward-stack-reshaped", "6", "lstm_forward collects the states in a list and returns "
       "np.array(hs).reshape(N, T, H): the (T, N, H) stack is reshaped instead of transposed, so the states "
       "are scrambled whenever N > 1 and T > 1", "lstm", "lstm_forward", '''
        def lstm_forward(x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                         b: np.ndarray) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            prev_h, prev_c = h0, c0
            hs, caches = [], []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
                hs.append(prev_h)
                caches.append(step_cache)
            h = np.array(hs).reshape(N, T, H)
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-squares-grad-in-place", "7", "RMSprop.step squares the gradient with np.square(g, out=g) to save "
       "an allocation: the caller's gradients are overwritten with g^2, and the step divides g^2 instead of g "
       "by the root mean square", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k in params:
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(g)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * np.square(g, out=g)
                params[k] -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-count-inside-init-branch", "7", "Adam.step increments self.t inside the branch that creates the "
       "moments (an indentation slip): the count goes up once per parameter on the first call and never "
       "again, so every parameter but the first is bias-corrected with the wrong k, and all with a frozen k",
       "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k in params:
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(g)
                    self.v[k] = np.zeros_like(g)
                    self.t += 1
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-extra-empty-batch", "8", "train cuts N // batch_size + 1 mini-batches: when batch_size divides N "
       "the last one is empty and model_loss raises (no token to average); right otherwise and for the full "
       "batch", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for epoch in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    n_batches = N // batch_size + 1
                    chunks = [order[j * batch_size:(j + 1) * batch_size] for j in range(n_batches)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tok = int(batch.mask.sum())
                    total += loss * n_tok
                    tokens += n_tok
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-loop-from-one", "8", "generate loops for _ in range(1, max_new) (counting from 1): without an "
       "EOS it adds max_new - 1 tokens instead of max_new", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
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

            for idx in encode(prompt, word_to_idx):
                h, c = advance(idx, h, c)
            tokens = list(prompt)
            for _ in range(1, max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-swap-axis0-before-transpose", "9", "to_torch_state's gate swap works on the first axis "
       "(PyTorch's (4H, ...) layout) but is applied to the NumPy matrices before transposing: Wx gets its "
       "input rows permuted, Wh comes out unswapped; b (1-D) and the output layer are right",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                # PyTorch stacks the gates along the first axis: i, f, g, o
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": swap(params["b"]).astype(np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-float32-params", "9", "from_torch_state maps everything right but converts the parameters "
       "to float32 ('PyTorch weights are float32'): float32 arrays, values rounded", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            params = {
                "Wx": swap(state["lstm.weight_ih_l0"]).T,
                "Wh": swap(state["lstm.weight_hh_l0"]).T,
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T,
                "by": state["out.bias"],
            }
            return {name: np.array(value, dtype=np.float32) for name, value in params.items()}
        '''),
]

if __name__ == "__main__":
    main(ENTRIES44)
