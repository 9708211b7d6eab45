"""Blind set 17: twenty-four more learner mistakes, written the same way as the earlier blind sets.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The mistakes are those of a
student who writes defensive or over-general code (validation that rejects valid inputs, conversions that
change a type or a shape, None handling, copies made where the caller expects its own arrays to change, an
early exit from a loop, constants taken for the options) and of one who writes by hand the loops numpy would
vectorise (loop bounds, hand indexing, preallocated buffers of the wrong shape). They were written without
reading the reference solution, the example submissions, the grader's judges or its catalogues of known
mistakes, and before any grader output; none is to be changed after the grader has graded it. An entry that
turns out to be accidentally correct stays in the set and in the numbers.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``affine-forward-scores-like-h`` hands ada's ``affine_backward`` the cache ``(h, Wy)``;
- ``rnn-forward-h0-or-default`` would hand ada's ``rnn_backward`` ``(x, h0, Wx, Wh, h)`` (it raises before);
- ``rnn-step-backward-db-keepdims`` reads ada's step cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``lstm-step-cell-clipped`` hands ada's ``lstm_step_backward``
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-forward-loops-len-x`` hands ada's ``lstm_backward`` the list of ada's step caches, one per step;
- ``lstm-backward-dh-negative-index`` reads ada's ``lstm_forward`` cache as that list of step caches, each
  passed unopened to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 760cc91: caught 20/24 (no check lost points
for ``split-open-interval``: no case has p_val = 0 or p_train = 1; ``one-hot-isinstance-int``: no case passes
a numpy integer; ``softmax-atleast-2d``: no 1-D case; ``ce-loop-prefix-mask``: every mask is a prefix), a named
mistake or a pattern on 18/24 (also none: ``lstm-init-block-slice-k`` and ``sgd-velocity-not-v``, whose first
line gives numpy's 'truth value ... is ambiguous').

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind17
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES17: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-zero-sequences-rejected", "1", "generate_dataset validates num_sequences < 1 instead of < 0: "
       "asking for 0 sequences (allowed, >= 0) raises ValueError instead of returning []",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            if num_sequences < 1:
                raise ValueError(f"num_sequences must be a positive integer, got {num_sequences}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequences.append(sequence + [EOS])
            return sequences
    '''),
    _e("vocab-break-on-unk", "1", "build_vocab skips UNK in its counting loop with break instead of continue: "
       "every word after an UNK in the same sequence goes uncounted (right for data without UNK)",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = {}
            for sequence in sequences:
                for word in sequence:
                    if word == UNK:
                        break  # UNK is not counted: it always sits last
                    counts[word] = counts.get(word, 0) + 1
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("split-open-interval", "1", "split_dataset validates each fraction on the open interval (0, 1): "
       "p_val = 0 or p_train = 1 (allowed, fractions in [0, 1]) raise ValueError",
       "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            for name, p in (("p_train", p_train), ("p_val", p_val)):
                if not 0 < p < 1:
                    raise ValueError(f"{name} must lie between 0 and 1, got {p}")
            if p_train + p_val > 1:
                raise ValueError(f"p_train + p_val must not exceed 1, got {p_train + p_val}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = list(sequences[:n_train])
            val = list(sequences[n_train:n_train + n_val])
            test = list(sequences[n_train + n_val:])
            return train, val, test
    '''),
    _e("one-hot-batch-asarray-ragged", "1", "one_hot_batch first converts the batch with "
       "np.asarray(batch, dtype=np.int64) to accept lists or arrays: sequences of different lengths raise "
       "ValueError (inhomogeneous shape); equal lengths are right", "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            batch = np.asarray(batch, dtype=np.int64)  # accept a list of lists as well as arrays
            N = len(batch)
            lengths = [len(sequence) for sequence in batch]
            T = max(lengths) if N else 0
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, sequence in enumerate(batch):
                X[i, np.arange(len(sequence)), sequence] = 1.0
                mask[i, : len(sequence)] = True
            return X, mask
    '''),
    _e("one-hot-isinstance-int", "1", "one_hot checks isinstance(idx, int) before the range: numpy integers "
       "(np.int64 from an array or argmax) are rejected with ValueError although they are valid indices",
       "data", "one_hot", '''
        def one_hot(idx: int, V: int) -> np.ndarray:
            if not isinstance(idx, int) or isinstance(idx, bool):
                raise ValueError(f"idx must be an int, got {type(idx).__name__}")
            if not 0 <= idx < V:
                raise ValueError(f"idx {idx} outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-loop-first-axis", "2", "sigmoid loops by hand over range(len(x)) with a scalar branch per "
       "entry: right for 1-D arrays, ValueError (ambiguous truth value) for 2-D ones, TypeError for 0-d",
       "activations", "sigmoid", '''
        def sigmoid(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            s = np.empty_like(x)
            for i in range(len(x)):
                if x[i] >= 0:
                    s[i] = 1.0 / (1.0 + np.exp(-x[i]))
                else:
                    e = np.exp(x[i])
                    s[i] = e / (1.0 + e)
            return s
    '''),
    _e("softmax-atleast-2d", "2", "softmax runs np.atleast_2d on its input so that one vector is a batch of "
       "one: a 1-D input comes back as (1, V) (and with axis=0 every entry is 1); 2-D and higher are right",
       "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.atleast_2d(np.asarray(x, dtype=np.float64))  # a single vector is a batch of one
            shifted = x - x.max(axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / e.sum(axis=axis, keepdims=True)
    '''),
    _e("ce-loop-prefix-mask", "2", "cross_entropy loops by hand over t in range(mask[n].sum()) for each "
       "sequence, taking the mask for a prefix (padding at the end): right for such masks, wrong for a mask "
       "with holes or leading False entries", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            N, T, V = scores.shape
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            loss = 0.0
            dscores = np.zeros((N, T, V))
            for n in range(N):
                length = int(mask[n].sum())  # the real steps of sequence n
                for t in range(length):
                    row = scores[n, t]
                    shifted = row - row.max()
                    log_p = shifted - np.log(np.exp(shifted).sum())
                    loss -= log_p[y[n, t]]
                    dscores[n, t] = np.exp(log_p)
                    dscores[n, t, y[n, t]] -= 1.0
            return float(loss / M), dscores / M
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-sign-loop-cols", "3", "orthogonal fixes the signs in a loop over range(cols), the requested "
       "shape's columns, instead of Q's min(rows, cols) columns: IndexError for every wide shape (tall and "
       "square shapes are right)", "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            for j in range(cols):
                if R[j, j] < 0:
                    Q[:, j] = -Q[:, j]
            if rows < cols:
                Q = Q.T
            return Q
    '''),
    _e("lstm-init-block-slice-k", "3", "init_lstm_params fills the preallocated Wx and Wh gate by gate with "
       "W[:, k:k + H] (k typed for k * H): the blocks overlap, each overwriting the last, and the columns "
       "past H + 3 stay zero", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.zeros((D, 4 * H))
            Wh = np.zeros((H, 4 * H))
            for k in range(4):  # forget, input, candidate, output
                Wx[:, k:k + H] = orthogonal((D, H), rng)
            for k in range(4):
                Wh[:, k:k + H] = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-scores-like-h", "4", "affine_forward fills the scores step by step into "
       "np.zeros_like(h), an (N, T, H) buffer: a broadcast error whenever V != H (right when V == H)",
       "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            N, T, H = h.shape
            scores = np.zeros_like(h)
            for t in range(T):
                scores[:, t, :] = h[:, t, :] @ Wy + by
            cache = (h, Wy)
            return scores, cache
    '''),
    _e("rnn-forward-h0-or-default", "4", "rnn_forward lets a missing h0 default to zeros with "
       "prev_h = h0 or np.zeros((N, H)): the truth value of an array is ambiguous, so every h0 with more "
       "than one entry raises ValueError", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = Wh.shape[0]
            prev_h = h0 or np.zeros((N, H))  # no initial state given: start from zeros
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            for t in range(T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
    '''),
    _e("rnn-step-backward-db-keepdims", "4", "rnn_step_backward sums the bias gradient with "
       "da.sum(axis=0, keepdims=True): db has shape (1, H) instead of (H,); dx, dprev_h, dWx and dWh are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0, keepdims=True)
            return dx, dprev_h, dWx, dWh, db
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-early-exit", "5", "clip_by_global_norm stops summing the squares as soon as the running norm "
       "exceeds max_norm (no need to look further): the returned norm and the scale come from the first "
       "gradients only, so clipped gradients are too large", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(np.square(g)))
                if np.sqrt(total) > max_norm:
                    break  # already over the threshold: we will clip anyway
            norm = float(np.sqrt(total))
            if norm <= max_norm:
                return dict(grads), norm
            scale = max_norm / norm
            return {k: g * scale for k, g in grads.items()}, norm
    '''),
    _e("clip-value-matrix-loop", "5", "clip_by_value clamps entry by entry in two nested loops over "
       "rows, cols = g.shape: right for matrices, but every 1-D gradient (a bias) raises ValueError "
       "(not enough values to unpack)", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for name, g in grads.items():
                out = g.copy()
                rows, cols = out.shape
                for i in range(rows):
                    for j in range(cols):
                        if out[i, j] > clip_value:
                            out[i, j] = clip_value
                        elif out[i, j] < -clip_value:
                            out[i, j] = -clip_value
                clipped[name] = out
            return clipped
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-cell-clipped", "6", "lstm_step_forward clips the new cell state to [-1, 1] "
       "(np.clip(next_c, -1, 1)) to keep it from blowing up: next_c and next_h are wrong wherever "
       "|f * prev_c + i * g| > 1, right elsewhere", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_c = np.clip(next_c, -1.0, 1.0)  # keep the cell state from exploding
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-forward-loops-len-x", "6", "lstm_forward loops over range(len(x)), the batch size N, instead of "
       "the T steps: when N < T the last steps stay zero, when N > T it raises IndexError (right when N == T)",
       "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            H = h0.shape[1]
            h = np.zeros(x.shape[:2] + (H,))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(len(x)):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
    '''),
    _e("lstm-backward-dh-negative-index", "6", "lstm_backward walks the steps from the end with negative "
       "indices and takes step -k-1's cache but dh[:, -k] as its upstream gradient: the last step gets "
       "dh[:, 0], every other step its successor's gradient", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dxs = [None] * T
            dWx = dWh = db = 0.0
            for k in range(T):
                step_cache = cache[-k - 1]
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dnext_h + dh[:, -k], dnext_c, step_cache
                )
                dxs[-k - 1] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs, axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),
    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-velocity-not-v", "7", "SGD.step tests the stored velocity with `if not v:` (a None check written "
       "for scalars): the first momentum step works, the second raises ValueError (ambiguous truth value) for "
       "any parameter with more than one entry; right without momentum", "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for name, p in params.items():
                g = grads[name]
                if self.momentum:
                    v = self.velocity.get(name)
                    if not v:
                        v = g.copy()
                    else:
                        v = self.momentum * v + g
                    self.velocity[name] = v
                    p -= self.lr * v
                else:
                    p -= self.lr * g
    '''),
    _e("adam-paper-constants", "7", "Adam.step copies the constants of the paper's algorithm box "
       "(lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) instead of reading self.lr, self.beta1, "
       "self.beta2 and self.eps: right with the default options only", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8
            self.t += 1
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = beta1 * self.m[name] + (1 - beta1) * g
                self.v[name] = beta2 * self.v[name] + (1 - beta2) * g * g
                m_hat = self.m[name] / (1 - beta1 ** self.t)
                v_hat = self.v[name] / (1 - beta2 ** self.t)
                p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    '''),
    # ---- task 8: training --------------------------------------------------------------------------------
    _e("model-loss-grads-is-params", "8", "model_loss starts its gradient dict from params itself "
       "(grads = params, 'same keys') and overwrites the entries: the right gradients are returned, but the "
       "caller's params dict now holds the gradients instead of the parameters", "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(
                    X, np.zeros((N, H)), np.zeros((N, H)), params["Wx"], params["Wh"], params["b"]
                )
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = params  # same keys as params
            grads["Wx"] = dWx
            grads["Wh"] = dWh
            grads["b"] = db
            grads["Wy"] = dWy
            grads["by"] = dby
            return float(loss), grads
    '''),
    _e("train-copies-params", "8", "train works on a copy of the parameters "
       "({k: v.copy() ...}, to avoid side effects): the history is right, but the caller's params are never "
       "updated", "train", "train", '''
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
            params = {name: value.copy() for name, value in params.items()}  # no side effects on the caller
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
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm:
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
    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("torch-shape-check-square-input", "9", "to_torch_state validates Wx and Wh in one loop with "
       "shape[1] == 4 * shape[0] (written with Wh in mind): every model with D != H raises ValueError",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            for name in ("Wx", "Wh"):
                rows, cols = params[name].shape
                if cols != 4 * rows:
                    raise ValueError(f"{name} should have 4H columns, got shape {params[name].shape}")
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
    '''),
    _e("from-torch-name-table-bias-assigned", "9", "from_torch_state loops over the state through a name "
       "table that maps both biases to 'b' and assigns instead of adding: b is the reordered bias that comes "
       "last (bias_hh in PyTorch's order), not the sum", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            names = {
                "lstm.weight_ih_l0": "Wx",
                "lstm.weight_hh_l0": "Wh",
                "lstm.bias_ih_l0": "b",
                "lstm.bias_hh_l0": "b",
                "out.weight": "Wy",
                "out.bias": "by",
            }

            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            params = {}
            for key, value in state.items():
                value = np.array(value, dtype=np.float64)
                name = names[key]
                if name in ("Wx", "Wh"):
                    params[name] = swap(value.T)
                elif name == "b":
                    params[name] = swap(value)
                elif name == "Wy":
                    params[name] = value.T.copy()
                else:
                    params[name] = value
            return params
    '''),
]


if __name__ == "__main__":
    main(ENTRIES17)
