"""Blind set 38: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the kind a grader sees many
times over in a class of 200 the week an assignment is due (a hard-coded seed, an off-by-one, a copy slip, an
assert where an exception was asked for, a missing transpose, a step done in the wrong order, ...). They were
written without reading the reference solution, the example submissions, the grader's judges or its catalogues
of known mistakes, and before any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-forward-h-like-x`` makes ``(x, h0, Wx, Wh, h)`` for ada's ``rnn_backward``;
- ``rnn-step-backward-dprev-skips-tanh`` reads ``(x, prev_h, Wx, Wh, next_h)`` from ada's ``rnn_step_forward``;
- ``rnn-backward-carry-Wh-untransposed`` reads ``(x, h0, Wx, Wh, h)`` from ada's ``rnn_forward``;
- ``lstm-forward-hint-bias-forgotten`` makes a list of T step caches
  ``(x_t, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for ada's ``lstm_backward``;
- ``lstm-step-backward-dx-through-Wh`` reads ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` from ada's
  ``lstm_step_forward``;
- ``lstm-backward-dh0-current-step`` reads a list of step caches indexed by t from ada's ``lstm_forward`` and
  hands each one to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at d654a7e: caught 24/24, a named mistake or a
pattern on 23/24 (none: ``generate-appends-indices``, whose first line says an int came back where 'b' was
expected).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES38: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-seed-hardcoded-zero", "1", "generate_dataset creates its generator with np.random.default_rng(0) "
       "(the notebook's fixed seed) instead of default_rng(seed): right for the default seed=0, but every other "
       "seed gives the same data set as seed 0", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(0)  # fixed seed so the data set is reproducible
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq = seq + ["a"] * n
                seq.append(EOS)
                sequences.append(seq)
            return sequences
        '''),
    _e("data-count-loop-from-one", "1", "generate_dataset loops over range(1, num_sequences) (counting the "
       "sequences from 1, the + 1 of the end forgotten): it returns num_sequences - 1 sequences (none for 1); "
       "the ones it returns are the right first ones", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for i in range(1, num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbn":
                    sequences.append(["a"] * n + ["b"] * n + [EOS])
                else:
                    sequences.append(["a"] * n + ["b"] * n + ["a"] * n + [EOS])
            return sequences
        '''),
    _e("vocab-cap-minus-two", "1", "build_vocab keeps words[:max_size - 2] before adding UNK ('UNK takes a slot "
       "and indices end at max_size - 1', subtracted twice): a capped vocabulary has max_size - 1 entries, one "
       "real word too few (and max_size = 1 slices [:-1], keeping every word but the last); uncapped is right",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for seq in sequences for word in seq if word != UNK)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                # UNK needs one slot and the last index is max_size - 1
                words = words[: max_size - 2]
            idx_to_word = words + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-writes-into-tokens", "1", "encode converts the tokens in place, tokens[i] = index, and returns "
       "np.array(tokens): the ids are right (int64), but the caller's token list now holds integers instead "
       "of its words", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            for i, token in enumerate(tokens):
                tokens[i] = word_to_idx.get(token, unk)
            return np.array(tokens, dtype=np.int64)
        '''),
    _e("one-hot-arange-compare-unchecked", "1", "one_hot is the vectorised one-liner (np.arange(V) == idx)"
       ".astype(float) with no range check: in-range indices are right, but an index outside [0, V) (negative "
       "or >= V) gives an all-zero vector instead of raising ValueError", "data", "one_hot", '''
        def one_hot(idx: int, V: int) -> np.ndarray:
            return (np.arange(V) == idx).astype(np.float64)
        '''),

    # ---- task 2: activations ------------------------------------------------------------------------------
    _e("softmax-reshape-column", "2", "softmax restores the reduced axis with .reshape(-1, 1) (the 2-D batch "
       "habit) for both the max and the sum: right for a 2-D input along the last axis, but a 1-D input comes "
       "back (1, V), axis=0 is wrong (or a broadcast error) and 3-D inputs raise a broadcast error",
       "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            shifted = x - np.max(x, axis=axis).reshape(-1, 1)
            e = np.exp(shifted)
            return e / np.sum(e, axis=axis).reshape(-1, 1)
        '''),
    _e("tanh-grad-square-forgotten", "2", "tanh_grad returns 1 - tanh(x), the square of 1 - tanh(x)^2 dropped "
       "(a rushed typo): right at x = 0 only, and above 1 for every negative x", "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            t = np.tanh(x)
            return 1.0 - t
        '''),
    _e("ce-empty-mask-assert", "2", "cross_entropy guards the empty mask with assert M > 0: an all-False mask "
       "raises AssertionError instead of ValueError (and under python -O nothing, then nan); every loss and "
       "gradient is right", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            assert M > 0, "the mask selects no token"
            s = scores[mask]                  # (M, V) valid rows only
            t = y[mask]                       # (M,)
            m = s.max(axis=1, keepdims=True)
            lse = m + np.log(np.sum(np.exp(s - m), axis=1, keepdims=True))
            logp = s - lse
            rows = np.arange(M)
            loss = -np.sum(logp[rows, t]) / M
            dvalid = np.exp(logp)
            dvalid[rows, t] -= 1.0
            dvalid /= M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = dvalid
            return float(loss), dscores
        '''),

    # ---- task 3: initialisation ---------------------------------------------------------------------------
    _e("rnn-init-b-sized-by-D", "3", "init_rnn_params makes the hidden bias np.zeros(D) ('the bias goes with the "
       "input x Wx + b', D typed for H): b has shape (D,) instead of (H,), wrong whenever D != H (in the "
       "language model D = V); the three weight matrices and by are right", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            b = np.zeros(D)
            by = np.zeros(V)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
        '''),
    _e("lstm-init-own-generator", "3", "init_lstm_params replaces the rng it is given with a fresh "
       "np.random.default_rng() (the notebook's first line copied in): right shapes, orthogonal gate blocks and "
       "zero biases, but the weights are neither the specified draw nor reproducible", "initialisation",
       "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            rng = np.random.default_rng()
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),

    # ---- task 4: rnn ---------------------------------------------------------------------------------------
    _e("rnn-forward-h-like-x", "4", "rnn_forward allocates the hidden states with np.zeros_like(x), an (N, T, D) "
       "array: storing each (N, H) state raises a broadcast error whenever D != H (right when D == H)",
       "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            xw = x @ Wx + b                 # input part of every step at once
            h = np.zeros_like(x)
            prev_h = h0
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-step-backward-dprev-skips-tanh", "4", "rnn_step_backward sends dprev_h = dnext_h Wh^T back (dnext_h "
       "typed for da): the gradient to the previous state skips tanh's derivative; dx, dWx, dWh and db use da "
       "and are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = dnext_h @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-carry-Wh-untransposed", "4", "rnn_backward carries the gradient to the previous step as "
       "da_t Wh instead of da_t Wh^T (Wh is square, so no shape error): dh0 is wrong for every T, and dx, dWx, "
       "dWh and db are wrong whenever T > 1 (everything right only for a symmetric Wh)", "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros_like(dh)
            dprev = np.zeros((N, H))
            for t in reversed(range(T)):
                dcur = dh[:, t] + dprev
                da[:, t] = dcur * (1 - h[:, t] ** 2)
                dprev = da[:, t] @ Wh
            dh0 = dprev
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)
            dx = da @ Wx.T
            dWx = x.reshape(-1, D).T @ da.reshape(-1, H)
            dWh = h_prev.reshape(-1, H).T @ da.reshape(-1, H)
            db = da.sum(axis=(0, 1))
            return dx, dh0, dWx, dWh, db
        '''),

    # ---- task 5: clipping ----------------------------------------------------------------------------------
    _e("clip-norm-concatenate-empty", "5", "clip_by_global_norm measures the norm as np.linalg.norm of "
       "np.concatenate of the raveled gradients: right for every non-empty dict, but an empty gradient dict "
       "raises ValueError (nothing to concatenate) instead of returning ({}, 0.0)", "clipping",
       "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            flat = np.concatenate([np.ravel(g) for g in grads.values()])
            norm = float(np.linalg.norm(flat))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-norm-rescaled-to-one", "5", "clip_by_global_norm divides every gradient by the global norm when it "
       "exceeds max_norm (g / norm, the * max_norm forgotten): clipped gradients come out with norm 1 instead "
       "of max_norm (right only for max_norm = 1); the returned norm and the unclipped case are right",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                return {k: g / norm for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),

    # ---- task 6: lstm --------------------------------------------------------------------------------------
    _e("lstm-forward-hint-bias-forgotten", "6", "lstm_forward follows the hint and precomputes the input part "
       "for all steps, but as x Wx without + b, and never adds b in the loop: the gates ignore the bias (right "
       "only when b = 0, e.g. fresh parameters)", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx                       # (N, T, 4H), input part of every step at once
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            cache = []
            for t in range(T):
                a = xw[:, t] + prev_h @ Wh
                f = sigmoid(a[:, 0:H])
                i = sigmoid(a[:, H:2 * H])
                g = np.tanh(a[:, 2 * H:3 * H])
                o = sigmoid(a[:, 3 * H:4 * H])
                next_c = f * prev_c + i * g
                next_h = o * np.tanh(next_c)
                cache.append((x[:, t], prev_h, prev_c, Wx, Wh, f, i, g, o, next_c))
                h[:, t] = next_h
                prev_h, prev_c = next_h, next_c
            return h, cache
        '''),
    _e("lstm-step-backward-dx-through-Wh", "6", "lstm_step_backward computes dx = da Wh^T (the dprev_h line "
       "copied, Wh not changed to Wx): dx is (N, H) instead of (N, D) and wrong even when D == H; dprev_h, "
       "dprev_c, dWx, dWh and db are right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1 - f), di * i * (1 - i), dg * (1 - g ** 2), do * o * (1 - o)], axis=1
            )
            dx = da @ Wh.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-backward-dh0-current-step", "6", "lstm_backward returns as dh0 the gradient it handed to step 0 "
       "(dh[:, 0] plus what step 1 sent back, the loop's dnext_h) instead of what step 0 sends back through Wh "
       "(dprev_h); dc0, dx and the weight gradients are right", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                dnext_h = dh[:, t] + dprev_h
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dprev_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            dh0 = dnext_h
            dc0 = dprev_c
            return dx, dh0, dc0, dWx, dWh, db
        '''),

    # ---- task 7: optimisers --------------------------------------------------------------------------------
    _e("adam-amsgrad", "7", "Adam.step adds AMSGrad's fix (divides by the running maximum of v_hat, kept in an "
       "attribute of its own) where the docstring's rule, torch.optim.Adam's default amsgrad=False, divides by "
       "the current v_hat: right while v_hat grows, steps too small once a gradient shrinks",
       "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            if not hasattr(self, "v_max"):
                self.v_max = {}
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                    self.v_max[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                # AMSGrad: never let the denominator shrink
                self.v_max[name] = np.maximum(self.v_max[name], v_hat)
                p -= self.lr * m_hat / (np.sqrt(self.v_max[name]) + self.eps)
        '''),
    _e("rmsprop-dot-square", "7", "RMSprop.step squares the gradient with np.dot(g, g) (g^2 read as g . g) "
       "instead of the elementwise g * g: a bias's average gets its whole sum of squares in every entry, a square "
       "matrix gets a matrix product and any other matrix a shape error (0-d parameters are right)",
       "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                s = self.square_avg.get(k)
                if s is None:
                    s = np.zeros_like(p)
                s = self.alpha * s + (1 - self.alpha) * np.dot(g, g)
                self.square_avg[k] = s
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),

    # ---- task 8: training and generation -------------------------------------------------------------------
    _e("train-clip-after-step", "8", "train calls optimizer.step(params, grads) first and clips the gradients "
       "afterwards: the update always uses the unclipped gradients (right when max_norm is None or never "
       "exceeded)", "train", "train", '''
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
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for epoch in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total_loss = 0.0
                total_tokens = 0
                for idx in chunks:
                    mb = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mb, cell)
                    optimizer.step(params, grads)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    n_tokens = int(mb.mask.sum())
                    total_loss += loss * n_tokens
                    total_tokens += n_tokens
                history["train_loss"].append(total_loss / total_tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-appends-indices", "8", "generate appends the chosen index itself to the output "
       "(tokens.append(idx)) instead of its word idx_to_word[idx]: the prompt comes back as words followed by "
       "integers; the choices and the stop at EOS are right", "train", "generate", '''
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
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                if greedy:
                    idx = int(np.argmax(p))
                else:
                    idx = int(rng.choice(V, p=p))
                tokens.append(idx)
                if idx_to_word[idx] == EOS:
                    break
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            return tokens
        '''),

    # ---- task 9: torch port --------------------------------------------------------------------------------
    _e("to-torch-starts-from-params", "9", "to_torch_state starts the state as dict(params) and adds the six "
       "mapped entries: they are right, but the state also keeps the five NumPy keys Wx, Wh, b, Wy, by (the "
       "caller's own arrays), so load_state_dict reports unexpected keys", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            state = dict(params)
            state["lstm.weight_ih_l0"] = np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64)
            state["lstm.weight_hh_l0"] = np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64)
            state["lstm.bias_ih_l0"] = swap(params["b"]).astype(np.float64)
            state["lstm.bias_hh_l0"] = np.zeros(4 * H)
            state["out.weight"] = np.ascontiguousarray(params["Wy"].T, dtype=np.float64)
            state["out.bias"] = params["by"].astype(np.float64)
            return state
        '''),
    _e("from-torch-lstm-only", "9", "from_torch_state maps the three LSTM entries back (transpose, gate swap, "
       "folded biases, all right) but forgets the output layer: the result has Wx, Wh and b only, no Wy and "
       "by", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            Wx = swap(state["lstm.weight_ih_l0"].T)
            Wh = swap(state["lstm.weight_hh_l0"].T)
            b = swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])
            return {"Wx": Wx, "Wh": Wh, "b": b}
        '''),
]

if __name__ == "__main__":
    main(ENTRIES38)
