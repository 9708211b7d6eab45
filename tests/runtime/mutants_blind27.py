"""Blind set 27: the mistakes a TA hears about at office hours, on every task.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the usual mix of wrong
maths, wrong NumPy usage and docstring details missed. The entries were written without reading the
reference solution, the example submissions, the grader's judges or its catalogues of known mistakes, and
before any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-forward-concatenate-states makes rnn_forward's cache as the tuple (x, h0, Wx, Wh, h) for ada's
  rnn_backward;
- rnn-step-backward-db-mean reads rnn_step_forward's cache as the tuple (x, prev_h, Wx, Wh, next_h);
- affine-forward-returns-probabilities makes affine_forward's cache as the tuple (h, Wy, by) for ada's
  affine_backward;
- lstm-step-gates-fiog makes lstm_step_forward's cache as the tuple
  (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c) for ada's lstm_step_backward;
- lstm-forward-reversed-time makes lstm_forward's cache as the list of the T step caches of ada's
  lstm_step_forward, in time order (cache[t] for step t), for ada's lstm_backward;
- lstm-backward-accumulates-into-dh reads lstm_forward's cache as that same list (cache[t] handed to
  ada's lstm_step_backward).

Measured once, before anything was changed after seeing it, at a6d15c0: caught 22/24 (no check lost points
for ``inputs-targets-zip-tuples``: a tuple is compared as the list it holds; ``clip-norm-decides-per-tensor``:
in every case over the threshold some gradient alone is over it), a named mistake or a pattern on 20/24 (also
none: ``clip-value-return-in-loop``, whose first line lists both key sets, and ``train-epochs-from-one``,
whose first line says 2 losses came back for 3).

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind27
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES27: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-variant-check-or", "1", "generate_dataset validates the variant with `variant != 'anbn' or "
       "variant != 'anbnan'` (De Morgan slip, `or` where `and` is meant): the condition is always true, so "
       "every call raises ValueError, for both valid variants", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant != "anbn" or variant != "anbnan":
                raise ValueError(f"unknown variant {variant!r}, expected 'anbn' or 'anbnan'")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequence.append(EOS)
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-counter-of-sequences", "1", "build_vocab counts with Counter(sequences), the list of "
       "sequences not flattened into its words: each sequence is a list, unhashable, so every non-empty "
       "data set raises TypeError (an empty one gives the right [UNK] vocabulary)", "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(sequences)
            counts.pop(UNK, None)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = list(words) + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-batch-sorted-by-length", "1", "one_hot_batch sorts the sequences longest first "
       "(sorted(batch, key=len, reverse=True), the order pack_padded_sequence wants) before encoding: row i "
       "is no longer the i-th sequence of the batch (right only when the batch is already sorted so)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            batch = sorted(batch, key=len, reverse=True)
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                L = len(ids)
                X[i, np.arange(L), ids] = 1.0
                mask[i, :L] = True
            return X, mask
        '''),
    _e("split-starts-past-boundary", "1", "split_dataset starts the validation and the test part one past "
       "the previous part's end (sequences[n_train + 1:...], as if a slice's end were included): the "
       "sequences at the two boundaries are lost and the validation part is shifted by one (256 gives "
       "204 / 25 / 25)", "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError(f"bad fractions p_train={p_train}, p_val={p_val}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train + 1 : n_train + 1 + n_val]
            test = sequences[n_train + n_val + 2 :]
            return train, val, test
        '''),
    _e("inputs-targets-zip-tuples", "1", "inputs_targets builds the pairs with zip and unzips them with "
       "zip(*pairs): inputs and targets come back as tuples, not the two lists the docstring asks for "
       "(the right tokens in the right order)", "data", "inputs_targets", '''
        def inputs_targets(sequence: list) -> tuple[list, list]:
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give one input and one target")
            pairs = list(zip(sequence[:-1], sequence[1:]))
            inputs, targets = zip(*pairs)
            return inputs, targets
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-float32", "2", "softmax converts its input to float32 first (np.asarray(x, dtype=np.float32), "
       "'what GPUs use'): the probabilities come back float32 and differ from the float64 ones by about "
       "1e-7 relative; tiny probabilities underflow to 0 much earlier", "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float32)
            shifted = x - x.max(axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / e.sum(axis=axis, keepdims=True)
        '''),
    _e("ce-target-minus-keepdims-max", "2", "cross_entropy subtracts the (M, 1) row maxima (kept with "
       "keepdims for the shift) from the gathered (M,) target scores: s[rows, y] - m - lse broadcasts to "
       "(M, M), and the loss -sum / M comes out M times too large (right only when M = 1); the gradient "
       "is right", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            s = scores[mask]
            targets = y[mask]
            rows = np.arange(M)
            m = s.max(axis=-1, keepdims=True)
            lse = np.log(np.sum(np.exp(s - m), axis=-1))
            log_p_target = s[rows, targets] - m - lse
            loss = -np.sum(log_p_target) / M
            p = np.exp(s - m)
            p /= p.sum(axis=-1, keepdims=True)
            p[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape)
            dscores[mask] = p / M
            return float(loss), dscores
        '''),
    _e("tanh-grad-caret-square", "2", "tanh_grad writes 1 - t ^ 2, the maths' square typed with Python's ^ "
       "(bitwise xor, which also binds looser than -): (1 - t) ^ 2 raises TypeError on every float array",
       "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            t = np.tanh(x)
            return 1 - t ^ 2
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-draws-min-by-max", "3", "orthogonal draws A with shape (min(rows, cols), max(rows, cols)) "
       "instead of (max, min): the reduced QR of that wide matrix gives a (min, min) Q, so every non-square "
       "shape comes back (min, min); square shapes are right", "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            A = rng.standard_normal((min(rows, cols), max(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-bias-per-gate-rows", "3", "init_lstm_params makes the gate biases one row per gate, "
       "b = np.zeros((4, H)), instead of the stacked (4H,) vector; the weights and by are right",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            b = np.zeros((4, H))
            by = np.zeros(V)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-forward-concatenate-states", "4", "rnn_forward collects the (N, H) states in a list and joins "
       "them with np.concatenate(hs, axis=1) instead of np.stack(hs, axis=1): h is (N, T*H), the states side "
       "by side, not (N, T, H) (the values of every step are right)", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            xw = x @ Wx + b
            prev_h = h0
            hs = []
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                hs.append(prev_h)
            h = np.concatenate(hs, axis=1)
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-step-backward-db-mean", "4", "rnn_step_backward averages the bias gradient over the batch, "
       "db = da.mean(axis=0), instead of summing it: db is N times too small (right when N = 1); dx, "
       "dprev_h, dWx and dWh are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.mean(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("affine-forward-returns-probabilities", "4", "affine_forward normalises the scores with a softmax "
       "over the vocabulary before returning them: probabilities instead of the unnormalised "
       "log-probabilities h Wy + by", "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            scores = h @ Wy + by
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            cache = (h, Wy, by)
            return scores, cache
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-decides-per-tensor", "5", "clip_by_global_norm measures the global norm and scales by "
       "max_norm / norm, but decides whether to clip by asking if any single gradient's own norm exceeds "
       "max_norm: when the global norm is too large but no gradient alone is, nothing is clipped",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if any(np.linalg.norm(g) > max_norm for g in grads.values()):
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    _e("clip-value-return-in-loop", "5", "clip_by_value has its return statement indented inside the loop: "
       "it returns after the first gradient, so the dict holds the first key only (right for a "
       "one-gradient dict)", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for name, g in grads.items():
                clipped[name] = np.clip(g, -clip_value, clip_value)
                return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-gates-fiog", "6", "lstm_step_forward reads the last two gate blocks in the order o, g "
       "(f, i, o, g) instead of g, o: o = sigmoid(a[:, 2H:3H]) and g = tanh(a[:, 3H:4H]), so the "
       "candidate and output gates are swapped (forget and input right)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            o = sigmoid(a[:, 2 * H:3 * H])
            g = np.tanh(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-reversed-time", "6", "lstm_forward loops over reversed(range(T)) (the loop header of "
       "the backward pass copied): it reads the sequence from its last step to its first, so h[:, t] is "
       "the state after x[:, T-1], ..., x[:, t] instead of after x[:, 0], ..., x[:, t]", "lstm",
       "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = [None] * T
            prev_h, prev_c = h0, c0
            for t in reversed(range(T)):
                prev_h, prev_c, caches[t] = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
            return h, caches
        '''),
    _e("lstm-backward-accumulates-into-dh", "6", "lstm_backward passes the recurrent gradient back by adding "
       "it into the upstream array in place (dh[:, t - 1] += dprev_h): every gradient is right, but the "
       "caller's dh is overwritten with the total gradients into each h_t", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dxs = [None] * T
            dnext_c = np.zeros((N, H))
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dWx = dWh = db = None
            for t in range(T - 1, -1, -1):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t], dnext_c, cache[t])
                if t > 0:
                    dh[:, t - 1] += dprev_h
                dnext_c = dprev_c
                dxs[t] = dx_t
                if dWx is None:
                    dWx, dWh, db = dWx_t.copy(), dWh_t.copy(), db_t.copy()
                else:
                    dWx += dWx_t
                    dWh += dWh_t
                    db += db_t
            dx = np.stack(dxs, axis=1)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-momentum-lr-forgotten", "7", "SGD.step with momentum keeps the velocity right but steps "
       "p -= v, the learning rate left out of the momentum branch (right without momentum)", "optim",
       "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for name, p in params.items():
                g = grads[name]
                if self.momentum:
                    if name not in self.velocity:
                        self.velocity[name] = g.copy()
                    else:
                        self.velocity[name] = self.momentum * self.velocity[name] + g
                    p -= self.velocity[name]
                else:
                    p -= self.lr * g
        '''),
    _e("adam-correction-times-not-power", "7", "Adam.step writes the bias corrections as 1 - beta * k "
       "(a star missing from beta ** k): right on step 1, but from step 2 both denominators are negative, "
       "m_hat flips sign and sqrt(v_hat) is nan", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 * k)
                v_hat = self.v[name] / (1 - self.beta2 * k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-epochs-from-one", "8", "train loops over range(1, epochs) to number the epochs from 1: it runs "
       "epochs - 1 epochs and the history has one entry fewer per list (nothing at all for epochs = 1)",
       "train", "train", '''
        def train(
            params: dict[str, np.ndarray],
            train_batch: Batch,
            val_batch: Batch,
            optimizer,
            epochs: int,
            batch_size: int | None = None,
            max_norm: float | None = None,
            cell: str = "lstm",
            seed: int = 0,
        ) -> dict[str, list[float]]:
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for epoch in range(1, epochs):
                if batch_size is None:
                    order, size = np.arange(N), N
                else:
                    order, size = rng.permutation(N), batch_size
                total, tokens = 0.0, 0
                for start in range(0, N, size):
                    idx = order[start:start + size]
                    mini = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n = int(mini.mask.sum())
                    total += loss * n
                    tokens += n
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-V-from-Wy-rows", "8", "generate takes the vocabulary size from Wy.shape[0], which is H "
       "(Wy is (H, V)): one_hot(idx, H) gives inputs of the wrong length, so reading the prompt raises "
       "(ValueError or a matmul shape error) whenever H != V; right when H == V", "train", "generate", '''
        def generate(
            params: dict[str, np.ndarray],
            prompt: list[str],
            word_to_idx: dict[str, int],
            idx_to_word: list[str],
            max_new: int = 20,
            greedy: bool = True,
            rng: np.random.Generator | None = None,
            cell: str = "lstm",
        ) -> list[str]:
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            H = Wh.shape[0]
            V = Wy.shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def read(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = read(int(idx), h, c)
            tokens = list(prompt)
            eos = word_to_idx.get(EOS)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if nxt == eos:
                    break
                h, c = read(nxt, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-Wh-not-reordered", "9", "to_torch_state swaps the forget and input blocks of Wx and b but "
       "only transposes Wh: weight_hh keeps NumPy's gate order f, i, g, o (the first step, from h0 = 0, "
       "is still right)", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(params["Wh"].T),
                "lstm.bias_ih_l0": swap(params["b"]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T),
                "out.bias": params["by"].copy(),
            }
        '''),
    _e("from-torch-flip-rows", "9", "from_torch_state 'swaps' the input and forget blocks with "
       "np.flip(w[:2H], axis=0), which reverses the 2H rows one by one instead of exchanging the two "
       "H-row blocks: each gate lands in the right block but with its units in reverse order (right only "
       "when H = 1)", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            def swap(w):
                H = w.shape[0] // 4
                out = np.array(w, dtype=np.float64)
                out[: 2 * H] = np.flip(w[: 2 * H], axis=0)
                return out

            bias = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            return {
                "Wx": np.ascontiguousarray(swap(state["lstm.weight_ih_l0"]).T),
                "Wh": np.ascontiguousarray(swap(state["lstm.weight_hh_l0"]).T),
                "b": swap(bias),
                "Wy": np.ascontiguousarray(state["out.weight"].T),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES27)
