"""Blind set 40: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The learner imagined here
learnt Python from other languages and numpy from Stack Overflow answers: index loops, copies where views
are meant (and views where copies are meant), habits from MATLAB (1-based ranges, ``end``, ``eps``,
``repmat``, ``cat(3, ...)``, ``qr(A, 0)``, ``randsample``), Java (``a[i][j]``, lists of lists, per-element
functions, case-insensitive ordering, reused buffers), Keras or TensorFlow (kernel layout, ``(c, h)`` state
order), and misread shapes. The entries were written without reading the reference solution, the example
submissions, the grader's judges or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``affine-forward-tile-bias``: makes the cache ``(h, Wy)`` for ada's affine_backward (the forward
  raises for almost every shape before returning it).
- ``rnn-forward-dstack-steps``: makes the cache as a list of the T caches of rnn_step_forward, one per
  step, for ada's rnn_backward.
- ``rnn-backward-dx-chained-index``: reads the cache as that same list of step caches and hands
  ``cache[t]`` to ada's rnn_step_backward.
- ``lstm-forward-list-of-lists-aliased``: makes the cache as a list of the T caches of lstm_step_forward.
- ``lstm-backward-unpacks-c-before-h``: reads the cache as that same list of step caches and hands
  ``cache[t]`` to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at d654a7e: caught 23/24 (missed:
``one-hot-reused-buffer``: no check keeps one call's vector past the next call), a named mistake or a pattern on
23/24.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES40: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-anbnan-eos-before-third-block", "1", "generate_dataset appends EOS right after the b block (the "
       "'anbn' code written first) and only then adds the third a block for 'anbnan': a^n b^n EOS a^n instead "
       "of a^n b^n a^n EOS ('anbn' is right)", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n
                seq.append(EOS)
                if variant == "anbnan":
                    seq += ["a"] * n
                sequences.append(seq)
            return sequences
        '''),
    _e("vocab-ties-ignore-case", "1", "build_vocab breaks ties in case-insensitive dictionary order (key "
       "(-count, word.lower()), Java's compareToIgnoreCase) instead of by the word itself: a tie between "
       "'EOS' and 'a' or 'b' puts EOS after them instead of first (uppercase sorts first)",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter()
            for seq in sequences:
                for word in seq:
                    if word != UNK:
                        counts[word] += 1
            # most frequent first, ties in alphabetical (dictionary) order
            words = sorted(counts, key=lambda w: (-counts[w], w.lower()))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-zeros-like-tokens", "1", "encode preallocates the ids with np.zeros_like(tokens) (MATLAB's "
       "zeros(size(tokens))) and fills them in an index loop: zeros_like of a list of strings is a string "
       "array, so the ids come back as strings ('3', and truncated to the longest token's width) instead of "
       "int64", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            ids = np.zeros_like(tokens)
            for i in range(len(tokens)):
                ids[i] = word_to_idx.get(tokens[i], unk)
            return ids
        '''),
    _e("one-hot-reused-buffer", "1", "one_hot allocates its vector once per V and keeps it on the function "
       "(one_hot._buffer, 'it runs at every generation step'), zeroing and refilling it on each call: every "
       "call returns the same array, so a vector kept from an earlier call changes to the latest index",
       "data", "one_hot", '''
        def one_hot(idx: int, V: int) -> np.ndarray:
            if idx < 0 or idx >= V:
                raise ValueError(f"index {idx} outside [0, {V})")
            buf = getattr(one_hot, "_buffer", None)
            if buf is None or buf.shape[0] != V:
                buf = np.zeros(V)
                one_hot._buffer = buf
            buf[:] = 0.0
            buf[idx] = 1.0
            return buf
        '''),
    _e("one-hot-batch-matlab-range-end", "1", "one_hot_batch fills each sequence with for t in range(0, T_i - "
       "1) (MATLAB's t = 1:T_i shifted down at both ends): the last real step of every sequence gets an "
       "all-zero row and mask False", "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            N = len(batch)
            T = max(len(seq) for seq in batch)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i in range(N):
                T_i = len(batch[i])
                for t in range(0, T_i - 1):
                    X[i, t, batch[i][t]] = 1.0
                    mask[i, t] = True
            return X, mask
        '''),
    _e("split-test-end-minus-one", "1", "split_dataset slices the test part as sequences[n_train + n_val:-1], "
       "MATLAB's end typed as -1: the last sequence is lost (256 gives 204 / 25 / 26)",
       "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[0:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:-1]
            return train, val, test
        '''),
    # ---- task 2: activations -------------------------------------------------------------------------------
    _e("softmax-loops-over-rows", "2", "softmax loops over the first axis, one 'example row' at a time, and "
       "normalises each x[i] as a whole, never using axis: right for 2-D input with axis=-1, but a 1-D input "
       "gives all ones, axis=0 is ignored and a 3-D input is normalised over each (T, V) slab",
       "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            p = np.empty_like(x)
            for i in range(x.shape[0]):
                row = x[i]
                e = np.exp(row - np.max(row))
                p[i] = e / np.sum(e)
            return p
        '''),
    _e("sigmoid-grad-sigmoid-twice", "2", "sigmoid_grad computes s = sigmoid(x) and then returns "
       "sigmoid(s) * (1 - sigmoid(s)), the sigmoid applied a second time, instead of s * (1 - s)",
       "activations", "sigmoid_grad", '''
        def sigmoid_grad(x: np.ndarray) -> np.ndarray:
            s = sigmoid(x)
            return sigmoid(s) * (1 - sigmoid(s))
        '''),
    _e("ce-onehot-eye-columns", "2", "cross_entropy builds the targets' one-hot rows as np.eye(V)[:, t] "
       "(MATLAB's I(:, t), columns of the identity): a (V, M) array against the (M, V) log-probabilities, a "
       "broadcast error unless M == V (then a transposed one-hot and wrong values)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            scores = np.asarray(scores, dtype=np.float64)
            mask = np.asarray(mask, dtype=bool)
            N, T, V = scores.shape
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            s = scores[mask]
            t = np.asarray(y)[mask]
            m = s.max(axis=1, keepdims=True)
            lse = np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            logp = s - m - lse
            onehot = np.eye(V)[:, t]
            loss = -np.sum(logp * onehot) / M
            dvalid = (np.exp(logp) - onehot) / M
            dscores = np.zeros_like(scores)
            dscores[mask] = dvalid
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation ----------------------------------------------------------------------------
    _e("orthogonal-qr-matlab-economy", "3", "orthogonal asks for the reduced QR with MATLAB's economy flag, "
       "np.linalg.qr(A, 0): numpy's mode is a string, so every call raises ValueError (unrecognized mode "
       "'0')", "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A, 0)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-gate-loop-from-one", "3", "init_lstm_params fills preallocated Wx and Wh gate by gate with "
       "for k in range(1, 4) (MATLAB's k = 1:4 with the end not moved up): only three blocks are drawn per "
       "matrix, the output gate's block stays zero, and Wh and Wy come from the wrong part of the rng's "
       "stream", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.zeros((D, 4 * H))
            Wh = np.zeros((H, 4 * H))
            for k in range(1, 4):
                Wx[:, (k - 1) * H:k * H] = orthogonal((D, H), rng)
            for k in range(1, 4):
                Wh[:, (k - 1) * H:k * H] = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn ---------------------------------------------------------------------------------------
    _e("affine-forward-tile-bias", "4", "affine_forward expands the bias by hand with np.tile(by, (N, T)) "
       "(MATLAB's repmat) instead of letting it broadcast: an (N, T*V) array, so adding it to the (N, T, V) "
       "scores is a broadcast error (or an (N, N, V) result when T == 1); right only for N == T == 1",
       "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            N, T, H = h.shape
            scores = h @ Wy + np.tile(by, (N, T))
            cache = (h, Wy)
            return scores, cache
        '''),
    _e("rnn-forward-dstack-steps", "4", "rnn_forward joins the (N, H) states with np.dstack (MATLAB's "
       "cat(3, ...), one page per time step): h is (N, H, T) instead of (N, T, H)", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            prev_h = h0
            hs = []
            caches = []
            for t in range(T):
                next_h, cache_t = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                hs.append(next_h)
                caches.append(cache_t)
                prev_h = next_h
            h = np.dstack(hs)
            return h, caches
        '''),
    _e("rnn-backward-dx-chained-index", "4", "rnn_backward stores each step's input gradient with "
       "dx[:][t] = dx_t (Java's dx[n][t]): dx[:] is all of dx, so it writes sequence t's (T, D) slot, a "
       "broadcast error or IndexError unless N == T (then the wrong entries)", "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in range(T - 1, -1, -1):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:][t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dWx, dWh, db
        '''),
    # ---- task 5: clipping ----------------------------------------------------------------------------------
    _e("clip-norm-keys-from-one", "5", "clip_by_global_norm sums the squares in an index loop over the keys "
       "written for i in range(1, len(keys)) (MATLAB's 1:numel): the first gradient is left out of the "
       "norm, so the norm is too small and clipping too weak (a single gradient is never clipped)",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            keys = list(grads.keys())
            total = 0.0
            for i in range(1, len(keys)):
                total += float(np.sum(grads[keys[i]] ** 2))
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = grads
            return clipped, norm
        '''),
    _e("clip-value-vectorize-scalar-rule", "5", "clip_by_value writes the clamp for one number and applies "
       "it with np.vectorize: the output dtype is taken from the first entry's result, so with an integer "
       "threshold and a first entry out of bounds the whole gradient is truncated to integers, and an empty "
       "gradient raises ValueError", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")

            def clamp(v):
                if v > clip_value:
                    return clip_value
                if v < -clip_value:
                    return -clip_value
                return v

            clamp_all = np.vectorize(clamp)
            return {k: clamp_all(g) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm --------------------------------------------------------------------------------------
    _e("lstm-forward-list-of-lists-aliased", "6", "lstm_forward collects the states in hs = [[None] * T] * N "
       "(a Java new Object[N][T]) and fills hs[n][t] = next_h[n]: the N rows are one and the same list, so "
       "every sequence gets the last sequence's states (right only for N == 1)", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            hs = [[None] * T] * N
            caches = []
            prev_h, prev_c = h0, c0
            for t in range(T):
                next_h, next_c, cache_t = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
                for n in range(N):
                    hs[n][t] = next_h[n]
                caches.append(cache_t)
                prev_h, prev_c = next_h, next_c
            h = np.array(hs)
            return h, caches
        '''),
    _e("lstm-backward-unpacks-c-before-h", "6", "lstm_backward unpacks each step's result as (dx, dprev_c, "
       "dprev_h, ...), TensorFlow's (c, h) state order, while lstm_step_backward returns (dx, dprev_h, "
       "dprev_c, ...): the hidden and cell carries are swapped between steps, and dh0 and dc0 with them",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                dx_t, dprev_c, dprev_h, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t, :] + dprev_h, dprev_c, cache[t]
                )
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t, :] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optimisers --------------------------------------------------------------------------------
    _e("sgd-updates-flatten-copy", "7", "SGD.step updates each parameter through p.flatten() ('any shape': "
       "work on the flat vector, MATLAB's p(:)), but flatten returns a copy: the parameters never move (the "
       "velocity is kept right)", "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if self.momentum != 0:
                    if k in self.velocity:
                        v = self.momentum * self.velocity[k] + g
                    else:
                        v = g.copy()
                    self.velocity[k] = v
                    update = v
                else:
                    update = g
                p_flat = p.flatten()
                p_flat -= self.lr * update.flatten()
        '''),
    _e("rmsprop-matlab-machine-eps", "7", "RMSprop.step adds MATLAB's eps, np.finfo(float).eps = 2.2e-16, "
       "to the denominator instead of self.eps (1e-8): tiny differences for ordinary gradients, steps far "
       "too large for gradients near 1e-8 or below", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g * g
                p -= self.lr * g / (np.sqrt(s) + np.finfo(float).eps)
        '''),
    # ---- task 8: training and generation -------------------------------------------------------------------
    _e("train-batches-start-at-one", "8", "train cuts the shuffled order with for start in range(1, N + 1, "
       "batch_size) and order[start:start + batch_size] (MATLAB's start = 1:batch_size:N, the slice not "
       "shifted): order[0] is never visited, one random sequence is left out of every epoch, and when N - 1 "
       "is a multiple of batch_size (e.g. batch_size=1) the last mini-batch is empty and model_loss raises; "
       "the full batch is right", "train", "train", '''
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
            X, y, mask = train_batch
            N = X.shape[0]
            rng = np.random.default_rng(seed)
            history = {"train_loss": [], "val_loss": []}
            for epoch in range(epochs):
                if batch_size is None:
                    batches = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    batches = [order[start:start + batch_size] for start in range(1, N + 1, batch_size)]
                total_loss = 0.0
                total_tokens = 0
                for idx in batches:
                    mini = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(mini.mask.sum())
                    total_loss += float(loss) * n_tokens
                    total_tokens += n_tokens
                history["train_loss"].append(total_loss / total_tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-sample-size-one-array", "8", "generate samples with rng.choice(V, 1, p=p) (MATLAB's "
       "randsample(V, 1, true, p)): a one-entry array instead of an integer, so idx_to_word[idx] raises "
       "TypeError whenever it samples; greedy decoding is right", "train", "generate", '''
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
                raise ValueError("the prompt is empty")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            Wx, Wh, b, Wy, by = params["Wx"], params["Wh"], params["b"], params["Wy"], params["by"]
            V = Wy.shape[1]
            H = Wh.shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "lstm":
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
                else:
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = feed(int(idx), h, c)
            tokens = list(prompt)
            eos = word_to_idx.get(EOS)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                if greedy:
                    idx = int(np.argmax(p))
                else:
                    idx = rng.choice(V, 1, p=p)
                tokens.append(idx_to_word[idx])
                if idx == eos:
                    break
                h, c = feed(idx, h, c)
            return tokens
        '''),
    # ---- task 9: torch port --------------------------------------------------------------------------------
    _e("to-torch-keras-kernel-layout", "9", "to_torch_state swaps the gate blocks but keeps the LSTM "
       "matrices in Keras's kernel layout (input, 4H), transposing only the nn.Linear weight: weight_ih is "
       "(D, 4H) and weight_hh (H, 4H) instead of (4H, D) and (4H, H); the biases and out.* are right",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]), dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]), dtype=np.float64),
                "lstm.bias_ih_l0": np.ascontiguousarray(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-bias-filter-catches-out-bias", "9", "from_torch_state folds the biases with "
       "sum(v for k, v in state.items() if 'bias' in k): the filter also matches 'out.bias', so b adds the "
       "(V,) output bias to the two (4H,) gate biases, a broadcast error unless V == 4H or V == 1 (then "
       "wrong values)", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            b = sum(v for k, v in state.items() if "bias" in k)
            return {
                "Wx": swap(state["lstm.weight_ih_l0"]).T.copy(),
                "Wh": swap(state["lstm.weight_hh_l0"]).T.copy(),
                "b": swap(b),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES40)
