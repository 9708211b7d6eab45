"""Blind set 53: a student who validates inputs too eagerly or not at all.

Theme: checks that refuse valid inputs, checks in the wrong place, messages right but conditions wrong, and
missing checks the docstring's Raises lines require. Each entry is ONE learner function written in full from
the stub's docstring alone (``exercises/*.py``), correct except for one realistic mistake that none of the
earlier sets (1146 mistakes, listed by id and description) contains. The entries were written without reading
the reference solution, the example submissions, the grader's judges or its catalogues of known mistakes, and
before seeing any grader output; an entry that turns out to be accidentally correct stays in the set.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-forward-checks-weight-rows: returns the cache (x, prev_h, Wx, Wh, next_h) for ada's rnn_step_backward;
- rnn-forward-requires-one-hot: returns the cache (x, h0, Wx, Wh, h) for ada's rnn_backward;
- affine-forward-requires-tanh-range: returns the cache (h, Wy, by) for ada's affine_backward;
- affine-backward-requires-zero-row-sums: reads ada's affine_forward cache as a sequence whose first two
  items are h and Wy;
- lstm-step-forward-bounds-cell: returns the cache (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c,
  tanh(next_c)) for ada's lstm_step_backward;
- lstm-forward-requires-zero-c0: returns the list of ada's lstm_step_forward caches, one per step, for ada's
  lstm_backward.

Measured once, before anything was changed after seeing it, at 38a5927: caught 23/24 (missed:
``rmsprop-refuses-zero-average``), a named mistake or a pattern on 19/24 (also none: ``decode-isinstance-int``,
``affine-backward-requires-zero-row-sums`` and ``sgd-momentum-open-interval``, their own error on a valid input
unexplained; ``model-loss-unknown-cell-not-implemented``, said as not attempted).

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind53
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES53: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("one-hot-batch-requires-sorted", "1", "one_hot_batch insists, as pack_padded_sequence does with its "
       "default enforce_sorted=True, that the sequences come longest first and raises ValueError otherwise: "
       "any batch with a shorter sequence before a longer one (valid: padding handles any order) is refused",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            lengths = [len(seq) for seq in batch]
            if any(a < b for a, b in zip(lengths, lengths[1:])):
                raise ValueError("sequences must be sorted by decreasing length")
            N = len(batch)
            T = max(lengths) if lengths else 0
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, seq in enumerate(batch):
                seq = np.asarray(seq, dtype=np.int64)
                T_i = len(seq)
                X[i, np.arange(T_i), seq] = 1.0
                mask[i, :T_i] = True
            return X, mask
        '''),
    _e("one-hot-seq-check-after-lookup", "1", "one_hot_sequence looks the rows up in np.eye(V) first and "
       "checks the range afterwards: any id >= V (or below -V) raises IndexError from the lookup before the "
       "check is reached, instead of ValueError; ids in -V..-1 are still refused with ValueError",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            ids = np.asarray(ids, dtype=np.int64)
            X = np.eye(V)[ids]
            if np.any((ids < 0) | (ids >= V)):
                raise ValueError(f"index outside [0, {V})")
            return X
        '''),
    _e("vocab-cap-above-vocab-refused", "1", "build_vocab validates max_size against the data as well, "
       "1 <= max_size <= number of distinct words + 1, and raises ValueError for a cap larger than the "
       "vocabulary (valid: the docstring only asks len(idx_to_word) <= max_size), instead of keeping every word",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            counts = Counter(w for seq in sequences for w in seq if w != UNK)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                if max_size < 1 or max_size > len(words) + 1:
                    raise ValueError(f"max_size must lie in [1, {len(words) + 1}], got {max_size}")
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("decode-isinstance-int", "1", "decode checks every id with isinstance(i, int) and raises TypeError "
       "otherwise: numpy integers are not Python ints, so any numpy array of ids (what encode returns) is "
       "refused; plain lists of ints are right", "data", "decode", '''
        def decode(ids: np.ndarray | list[int], idx_to_word: list[str]) -> list[str]:
            tokens = []
            for i in ids:
                if not isinstance(i, int):
                    raise TypeError(f"ids must be integers, got {type(i).__name__}")
                tokens.append(idx_to_word[i])
            return tokens
        '''),
    _e("split-refuses-empty-part", "1", "split_dataset raises ValueError whenever the training or the "
       "validation part would be empty (n_train == 0 or n_val == 0): p_val = 0, p_train = 0 or a short list "
       "(e.g. 5 items with p_val = 0.1) are valid splits but are refused", "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be >= 0 with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            if n_train == 0 or n_val == 0:
                raise ValueError("the split leaves the training or the validation part empty")
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("ce-empty-check-method-not-called", "2", "cross_entropy guards the empty mask with `if not mask.any:` "
       "(the call's parentheses forgotten): a bound method is always true, so the check never fires and an "
       "all-False mask gives a nan loss (0 / 0) instead of ValueError; every other mask is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            if not mask.any:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = y[mask]
            M = s.shape[0]
            z = s - s.max(axis=1, keepdims=True)
            logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -logp[rows, t].sum() / M
            dvalid = np.exp(logp)
            dvalid[rows, t] -= 1.0
            dvalid /= M
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = dvalid
            return float(loss), dscores
        '''),
    _e("softmax-refuses-1d", "2", "softmax validates that it gets a batch of score vectors (x.ndim >= 2) and "
       "raises ValueError for a 1-D vector (valid: any shape) instead of normalising it; 2-D and higher "
       "inputs are right along any axis", "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            if x.ndim < 2:
                raise ValueError("softmax expects a batch of score vectors (at least 2-D)")
            z = x - x.max(axis=axis, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=axis, keepdims=True)
        '''),
    _e("tanh-grad-refuses-unit-range", "2", "tanh_grad guards against being handed tanh's output: it raises "
       "ValueError when every entry of x lies in [-1, 1], so valid pre-activations such as 0, 0.5 or small "
       "random arrays are refused; inputs with any |x| > 1 are right", "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            if np.all(np.abs(x) <= 1.0):
                raise ValueError("tanh_grad takes the pre-activation x, not tanh(x): every entry is in [-1, 1]")
            t = np.tanh(x)
            return 1.0 - t ** 2
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-refuses-wide", "3", "orthogonal reads 'W.T @ W = I when rows >= cols' as a precondition "
       "and raises ValueError for every wide shape (rows < cols, valid: the result is then transposed), so "
       "init_rnn_params / init_lstm_params fail whenever H < V; tall and square shapes are right",
       "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            if rows < cols:
                raise ValueError(f"orthogonal needs rows >= cols so that W.T @ W = I, got {shape}")
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            return Q
        '''),
    _e("rnn-init-requires-d-equals-v", "3", "init_rnn_params checks that D == V ('the inputs are one-hot "
       "words') and raises ValueError otherwise: any model with an input size other than the vocabulary size "
       "(valid) is refused; D == V is right", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            if D != V:
                raise ValueError(f"the inputs are one-hot words, so D must equal V (got D={D}, V={V})")
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-forward-checks-weight-rows", "4", "rnn_step_forward checks that 'Wx and Wh map to the same "
       "H' by comparing their rows, Wx.shape[0] != Wh.shape[0] (D against H), instead of their columns: "
       "every step with D != H raises ValueError; D == H is right", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(
            x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            if Wx.shape[0] != Wh.shape[0]:
                raise ValueError("Wx and Wh must map to the same number of hidden units H")
            a = x @ Wx + prev_h @ Wh + b
            next_h = np.tanh(a)
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-forward-requires-one-hot", "4", "rnn_forward checks that every input row is one-hot "
       "(x.sum(axis=-1) == 1, 'the language model feeds one-hot tokens') and raises ValueError otherwise: "
       "real-valued inputs and the all-zero rows of padded steps (both valid) are refused",
       "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            if not np.all(x.sum(axis=-1) == 1):
                raise ValueError("rnn_forward expects one-hot inputs x of shape (N, T, D)")
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("affine-forward-requires-tanh-range", "4", "affine_forward checks that the hidden states are tanh "
       "outputs (every |h| <= 1) and raises ValueError otherwise: any h with an entry outside [-1, 1] "
       "(valid: h is any (N, T, H) array) is refused; states from the RNN or LSTM are right",
       "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            if np.any(np.abs(h) > 1.0):
                raise ValueError("h must hold hidden states (tanh outputs in [-1, 1])")
            scores = h @ Wy + by
            cache = (h, Wy, by)
            return scores, cache
        '''),
    _e("affine-backward-requires-zero-row-sums", "4", "affine_backward checks that dscores is a softmax "
       "cross-entropy gradient (every row sums to 0 over the vocabulary) and raises ValueError otherwise: any "
       "other upstream gradient (valid, e.g. a random one) is refused; gradients from cross_entropy are right",
       "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            if not np.allclose(dscores.sum(axis=-1), 0.0):
                raise ValueError("dscores must be a softmax gradient: each row sums to 0")
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-falsy-check", "5", "clip_by_global_norm validates with `if not max_norm:`: 0 raises, but a "
       "negative max_norm is accepted instead of raising ValueError (the scale max_norm / norm is then "
       "negative and flips every gradient); positive thresholds are right",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if not max_norm:
                raise ValueError("max_norm must be > 0")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-abs-threshold", "5", "clip_by_value takes the magnitude of the threshold first (c = "
       "abs(clip_value), 'the bounds are symmetric anyway') and only then checks c <= 0: a negative "
       "clip_value is silently used as its magnitude instead of raising ValueError; 0 still raises",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            c = abs(clip_value)
            if c <= 0:
                raise ValueError("clip_value must be > 0")
            return {k: np.clip(g, -c, c) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-forward-bounds-cell", "6", "lstm_step_forward checks that the previous cell state lies in "
       "[-1, 1] (taking c for a squashed state like h) and raises ValueError otherwise: the cell state is "
       "unbounded, so any prev_c with an entry beyond 1 in size (valid) is refused",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            if np.any(np.abs(prev_c) > 1.0):
                raise ValueError("prev_c out of range: the cell state must lie in [-1, 1]")
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:])
            next_c = f * prev_c + i * g
            tc = np.tanh(next_c)
            next_h = o * tc
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c, tc)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-requires-zero-c0", "6", "lstm_forward enforces the language model's zero initial cell "
       "state and raises ValueError for any non-zero c0 (valid: lstm_forward starts from the given c0); "
       "c0 = 0 is right", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            if np.any(c0 != 0):
                raise ValueError("the cell state must start at zero (c0 = 0)")
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-momentum-open-interval", "7", "SGD.step validates the momentum on the open interval (0, 1): the "
       "default momentum 0.0 (plain SGD, valid) raises ValueError on every step; momentum in (0, 1) is right",
       "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            if not 0 < self.momentum < 1:
                raise ValueError(f"momentum must lie in (0, 1), got {self.momentum}")
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    p -= self.lr * self.velocity[k]
                else:
                    p -= self.lr * g
        '''),
    _e("rmsprop-refuses-zero-average", "7", "RMSprop.step guards its division with a check that the running "
       "average has no zero entry and raises ValueError otherwise (eps already keeps the denominator "
       "positive): any gradient with an exact zero entry on the first step, e.g. an unused word's row, is "
       "refused", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p, dtype=np.float64)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                if np.any(s == 0):
                    raise ValueError(f"the running average of {k} has a zero entry: division by zero")
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-unknown-cell-not-implemented", "8", "model_loss rejects an unknown cell with "
       "NotImplementedError ('only rnn and lstm are implemented') instead of the ValueError the docstring asks "
       "for; both cells are right", "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            elif cell == "lstm":
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            else:
                raise NotImplementedError(f"cell {cell!r} is not implemented: use 'rnn' or 'lstm'")
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
        '''),
    _e("generate-empty-check-any", "8", "generate checks for an empty prompt on its encoded ids with "
       "`if not ids.any():`, which tests for a non-zero id, not for emptiness: a prompt whose words all have "
       "index 0 (e.g. ['a'], the most frequent word) raises ValueError; the empty prompt is refused rightly",
       "train", "generate", '''
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
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            ids = encode(prompt, word_to_idx)
            if not ids.any():
                raise ValueError("the prompt is empty")
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

            for idx in ids:
                h, c = feed(idx, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if greedy:
                    idx = int(np.argmax(p))
                else:
                    idx = int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = feed(idx, h, c)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-requires-v-equals-d", "9", "to_torch_state checks that the output layer maps back onto the "
       "inputs (Wy.shape[1] == Wx.shape[0], V == D, true of the one-hot language model) and raises ValueError "
       "otherwise: parameters with D != V (valid) are refused; D == V is right", "torch_port", "to_torch_state",
       '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            if Wy.shape[1] != Wx.shape[0]:
                raise ValueError("Wy must project back onto the one-hot vocabulary: V must equal D")
            H = Wh.shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(Wx).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(Wh).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(b), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.array(Wy.T, dtype=np.float64, order="C"),
                "out.bias": np.array(by, dtype=np.float64),
            }
        '''),
    _e("from-torch-out-bias-vs-columns", "9", "from_torch_state checks that out.bias has one entry per word "
       "but compares it with out.weight.shape[1] (H, the columns of the (V, H) weight) instead of shape[0] "
       "(V): every state with V != H raises ValueError; V == H is right", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            w_ih = state["lstm.weight_ih_l0"]
            w_hh = state["lstm.weight_hh_l0"]
            w_out = state["out.weight"]
            b_out = state["out.bias"]
            if b_out.shape[0] != w_out.shape[1]:
                raise ValueError("out.bias must have one entry per word of out.weight (V, H)")
            H = w_hh.shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            b = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            return {
                "Wx": swap(w_ih.T),
                "Wh": swap(w_hh.T),
                "b": swap(b),
                "Wy": np.array(w_out.T),
                "by": np.array(b_out),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES53)
