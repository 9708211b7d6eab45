"""Blind set 49: a student who refactors working code into 'cleaner' code and breaks one thing each time
(state kept across calls, in-place updates, reused buffers, loops turned into vectorised expressions).

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains. The story behind every
entry is the same: the function once worked, and a "cleanup" (a cache kept on the function, an ``out=``
buffer, an alias taken for a copy, a loop folded into one NumPy expression) broke exactly one thing. The
entries were written without reading the reference solution, the example submissions, the grader's judges
or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- affine-forward-reused-output-buffer: makes the affine cache ``(h, Wy)`` for ada's affine_backward.
- rnn-step-matmul-out-overwrites: makes the step cache ``(x, prev_h, Wx, Wh, next_h)`` for ada's
  rnn_step_backward.
- rnn-step-backward-fused-split-halves: reads the step cache as ``(x, prev_h, Wx, Wh, next_h)``.
- rnn-backward-prev-states-time-major: reads rnn_forward's cache as ``(x, h0, Wx, Wh, h)``.
- lstm-step-candidate-2sigmoid-minus-1: makes the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for ada's lstm_step_backward.
- lstm-forward-float32-buffer: makes lstm_forward's cache as a list of T step caches from ada's
  lstm_step_forward (ada's lstm_backward must read ``cache[t]``).
- lstm-backward-accumulators-never-zeroed: reads lstm_forward's cache as a sequence of T step caches,
  ``cache[t]``, each handed to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at 50dbe9d (the grading code of 2451aa1): caught
20/24 (missed: ``data-rng-kept-between-calls``, ``rnn-init-biases-one-buffer``,
``affine-forward-reused-output-buffer`` and ``from-torch-unpacks-values-in-order``), a named mistake or a pattern
on 19/24 (also none: ``rnn-backward-prev-states-time-major``, numpy's error unexplained).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES49: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-rng-kept-between-calls", "1", "generate_dataset keeps its generator on the function and "
       "re-creates it only when the seed changes ('no need to rebuild it every call'): the first call is right, "
       "but a second call with the same seed continues the stream and returns a different data set",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            # cleanup: build the generator once per seed instead of on every call
            if not hasattr(generate_dataset, "_rng") or generate_dataset._seed != seed:
                generate_dataset._rng = np.random.default_rng(seed)
                generate_dataset._seed = seed
            rng = generate_dataset._rng
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq += ["a"] * n
                seq.append(EOS)
                sequences.append(seq)
            return sequences
        '''),
    _e("vocab-flatten-extends-first-sequence", "1", "build_vocab flattens the data 'without copying' as "
       "words = sequences[0], then words.extend(seq) for the others: the counts and the vocabulary are right, "
       "but the caller's first sequence is left holding every token of the data set",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            # cleanup: one flat list of words instead of two nested loops
            words = sequences[0] if sequences else []
            for seq in sequences[1:]:
                words.extend(seq)
            counts = Counter(w for w in words if w != UNK)
            ordered = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                ordered = ordered[: max_size - 1]
            idx_to_word = ordered + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-seq-identity-cache-grown-only", "1", "one_hot_sequence keeps np.eye on the function and "
       "rebuilds it only when a larger V comes along: after a call with a larger vocabulary, a smaller V gets "
       "rows of the old, wider identity, shape (T, V_old) instead of (T, V)",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            ids = np.asarray(ids, dtype=np.int64)
            if ids.size and (ids.min() < 0 or ids.max() >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            # cleanup: the identity is the same every time, build it once (and grow it when needed)
            eye = getattr(one_hot_sequence, "_eye", None)
            if eye is None or eye.shape[0] < V:
                eye = one_hot_sequence._eye = np.eye(V)
            return eye[ids]
        '''),
    _e("inputs-targets-chained-assignment-alias", "1", "inputs_targets makes 'one copy' with inputs = targets "
       "= list(sequence) and trims each end (inputs.pop(), targets.pop(0)): both names are the same list, so "
       "both results are s[1:-1], of length L - 2", "data", "inputs_targets", '''
        def inputs_targets(sequence: list) -> tuple[list, list]:
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give one prediction")
            # cleanup: one copy, trimmed at each end, instead of two slices
            inputs = targets = list(sequence)
            inputs.pop()      # EOS is never an input
            targets.pop(0)    # the first token is never a target
            return inputs, targets
        '''),

    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-exp-buffer-0d", "2", "sigmoid computes exp(-|x|) in one buffer (e = np.abs(x), then "
       "np.negative and np.exp with out=e): right for arrays of rank >= 1, but np.abs of a 0-d input returns a "
       "NumPy scalar and out=e raises TypeError", "activations", "sigmoid", '''
        def sigmoid(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x)
            # cleanup: one buffer for exp(-|x|) instead of three temporaries
            e = np.abs(x)
            np.negative(e, out=e)
            np.exp(e, out=e)
            return np.where(x >= 0, 1.0, e) / (1.0 + e)
        '''),
    _e("tanh-grad-asarray-in-place", "2", "tanh_grad reuses 'its own copy' t = np.asarray(x, dtype=float64) "
       "for tanh and the square (np.tanh(t, out=t); t **= 2): right values, but asarray does not copy a "
       "float64 array, so the caller's x is overwritten with tanh(x)^2", "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            # cleanup: work in one buffer instead of allocating tanh(x) and its square
            t = np.asarray(x, dtype=np.float64)
            np.tanh(t, out=t)
            t **= 2
            return 1.0 - t
        '''),
    _e("ce-exp-overwrites-shifted-logits", "2", "cross_entropy takes exp of the shifted logits in their own "
       "buffer (np.exp(z, out=z)) and then forms log p = z - log(sum): z now holds exp(z), so the loss is "
       "wrong; the gradient, built from exp(z) / sum, is right", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            if not mask.any():
                raise ValueError("the mask selects no token: the mean is undefined")
            M = int(mask.sum())
            z = scores[mask]                       # (M, V), a copy
            z -= z.max(axis=1, keepdims=True)
            # cleanup: reuse z's memory for the exponentials
            e = np.exp(z, out=z)
            s = e.sum(axis=1, keepdims=True)
            log_p = z - np.log(s)
            rows = np.arange(M)
            targets = y[mask]
            loss = -log_p[rows, targets].sum() / M
            p = e / s
            p[rows, targets] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = p / M
            return float(loss), dscores
        '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-memoised-by-shape", "3", "orthogonal memoises its result on the function by shape ('QR is "
       "the slow part'): a repeated shape returns the same array object without drawing, so the four LSTM gate "
       "blocks are identical, later draws shift, and a new rng or seed changes nothing",
       "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            # cleanup: init asks for the same shapes again and again, so keep the results
            cache = getattr(orthogonal, "_cache", None)
            if cache is None:
                cache = orthogonal._cache = {}
            if (rows, cols) in cache:
                return cache[(rows, cols)]
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            W = Q.T if rows < cols else Q
            cache[(rows, cols)] = W
            return W
        '''),
    _e("rnn-init-biases-one-buffer", "3", "init_rnn_params allocates one zero buffer for both biases and "
       "returns slices of it (b = zeros[:H], by = zeros[:V]): right values and shapes, but b and by share "
       "memory, so an in-place update of one moves the other", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            # cleanup: one allocation for both biases
            zeros = np.zeros(max(H, V))
            return {"Wx": Wx, "Wh": Wh, "b": zeros[:H], "Wy": Wy, "by": zeros[:V]}
        '''),

    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-reused-output-buffer", "4", "affine_forward keeps its scores buffer on the function "
       "and reuses it whenever the shape matches (np.matmul(h, Wy, out=buf); buf += by): each call's values are "
       "right, but every call returns the same array, so the previous call's scores are overwritten",
       "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            out_shape = h.shape[:-1] + (Wy.shape[1],)
            # cleanup: no new (N, T, V) array for every batch, keep one and refill it
            buf = getattr(affine_forward, "_out", None)
            if buf is None or buf.shape != out_shape:
                buf = affine_forward._out = np.empty(out_shape)
            np.matmul(h, Wy, out=buf)
            buf += by
            return buf, (h, Wy)
        '''),
    _e("rnn-step-matmul-out-overwrites", "4", "rnn_step_forward 'accumulates' the recurrent term with "
       "np.matmul(prev_h, Wh, out=a) after a = x @ Wx, taking out= for +=: the input term is overwritten, so "
       "next_h = tanh(prev_h Wh + b) never sees x", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(
            x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            # cleanup: build the pre-activation in one buffer instead of x Wx + prev_h Wh + b temporaries
            a = x @ Wx
            np.matmul(prev_h, Wh, out=a)
            a += b
            next_h = np.tanh(a)
            return next_h, (x, prev_h, Wx, Wh, next_h)
        '''),
    _e("rnn-step-backward-fused-split-halves", "4", "rnn_step_backward fuses dWx and dWh into one matmul, "
       "[x, prev_h]^T da, and splits its D + H rows with np.split(dW, 2) into two equal halves: right only "
       "when D == H (ValueError or wrong shapes otherwise); dx, dprev_h and db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            # cleanup: one matmul for both weight gradients on the stacked input [x, prev_h]
            dW = np.concatenate([x, prev_h], axis=1).T @ da
            dWx, dWh = np.split(dW, 2)
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-prev-states-time-major", "4", "rnn_backward builds the states entering each step for "
       "its vectorised dWh with np.concatenate([h0[None], h[:-1]]), a time-major habit on the batch-major "
       "(N, T, H) array: ValueError unless N == T, and then states shifted along the batch; the rest is right",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.empty_like(dh, dtype=np.float64)
            dcarry = np.zeros((N, H))
            for t in reversed(range(T)):
                da[:, t] = (dh[:, t] + dcarry) * (1.0 - h[:, t] ** 2)
                dcarry = da[:, t] @ Wh.T
            dh0 = dcarry
            # cleanup: every weight gradient in one matmul over all steps
            h_prev = np.concatenate([h0[None], h[:-1]])
            dx = da @ Wx.T
            dWx = x.reshape(-1, D).T @ da.reshape(-1, H)
            dWh = h_prev.reshape(-1, H).T @ da.reshape(-1, H)
            db = da.sum(axis=(0, 1))
            return dx, dh0, dWx, dWh, db
        '''),

    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-map-exhausted", "5", "clip_by_global_norm walks the gradients through one lazy "
       "map(np.asarray, grads.values()) (Python 2's list-returning map assumed) for the norm and again for the "
       "scaling: the norm is right and unclipped gradients come back right, but a clipped result is an empty dict",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            # cleanup: no list of copies, one lazy pass over the arrays
            arrays = map(np.asarray, grads.values())
            norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in arrays)))
            if norm <= max_norm:
                return dict(grads), norm
            scale = max_norm / norm
            return dict(zip(grads, (g * scale for g in arrays))), norm
        '''),
    _e("clip-value-reused-result-dict", "5", "clip_by_value keeps its result dict on the function and refills "
       "it on every call: each call returns the same dict, the previous result is overwritten, and keys from "
       "earlier calls stay in it (more keys than grads)", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            # cleanup: reuse one result dict instead of building a new one at every training step
            if not hasattr(clip_by_value, "_out"):
                clip_by_value._out = {}
            out = clip_by_value._out
            for k, g in grads.items():
                out[k] = np.clip(g, -clip_value, clip_value)
            return out
        '''),

    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-candidate-2sigmoid-minus-1", "6", "lstm_step_forward runs one sigmoid over all 4H columns "
       "and turns the candidate block into tanh with tanh = 2 sigmoid - 1 (the 2 inside, tanh(z) = "
       "2 sigmoid(2z) - 1, dropped): g = tanh(a_g / 2); f, i and o are right", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            # cleanup: one activation call for the four blocks; tanh from the same sigmoid
            s = sigmoid(a)
            f = s[:, :H]
            i = s[:, H:2 * H]
            g = 2.0 * s[:, 2 * H:3 * H] - 1.0
            o = s[:, 3 * H:]
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-float32-buffer", "6", "lstm_forward preallocates the hidden states as "
       "np.empty((N, T, H), dtype=np.float32) ('half the memory') and carries prev_h = h[:, t] from it: h is "
       "float32 and every step reads a rounded state, off by about 1e-8 instead of float64",
       "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, _ = x.shape
            H = h0.shape[1]
            # cleanup: fill one preallocated array instead of stacking a list at the end
            h = np.empty((N, T, H), dtype=np.float32)
            caches = []
            prev_h, prev_c = h0, c0
            for t in range(T):
                next_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                prev_h = h[:, t]
                caches.append(step_cache)
            return h, caches
        '''),
    _e("lstm-backward-accumulators-never-zeroed", "6", "lstm_backward keeps its dWx, dWh, db accumulators on "
       "the function (allocated once per shape) and never zeroes them, like PyTorch's .grad without zero_grad: "
       "the first call is right, later calls add onto the earlier calls' weight gradients",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dxs = [None] * T
            # cleanup: allocate the weight-gradient accumulators once, not on every backward pass
            acc = getattr(lstm_backward, "_acc", None)
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_h, dprev_c, cache[t]
                )
                if acc is None or acc[0].shape != dWx_t.shape or acc[1].shape != dWh_t.shape:
                    acc = lstm_backward._acc = [np.zeros_like(dWx_t), np.zeros_like(dWh_t), np.zeros_like(db_t)]
                acc[0] += dWx_t
                acc[1] += dWh_t
                acc[2] += db_t
                dxs[t] = dx_t
            dx = np.stack(dxs, axis=1)
            return dx, dprev_h, dprev_c, acc[0], acc[1], acc[2]
        '''),

    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-velocity-scaled-in-place", "7", "SGD.step with momentum scales the stored velocity in place to "
       "make the step (v *= lr; p -= v) instead of allocating lr * v: the first step is right, but the kept "
       "velocity is lr * v, so later steps use mu * lr * v + g (right without momentum)", "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, g in grads.items():
                p = params[k]
                if self.momentum:
                    v = self.velocity.get(k)
                    if v is None:
                        v = self.velocity[k] = np.array(g, dtype=np.float64)
                    else:
                        v *= self.momentum
                        v += g
                    # cleanup: scale the velocity buffer itself instead of allocating lr * v
                    v *= self.lr
                    p -= v
                else:
                    p -= self.lr * g
        '''),
    _e("adam-flat-split-by-sizes", "7", "Adam.step vectorises the update over one flattened vector of all "
       "parameters and cuts it back with np.split(update, sizes), torch.split's sizes where NumPy wants cut "
       "points: right for a one-parameter dict, ValueError (reshape) otherwise", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            keys = list(params)
            sizes = [params[k].size for k in keys]
            # cleanup: one vectorised update over all parameters instead of a loop over the dict
            g = np.concatenate([np.ravel(grads[k]) for k in keys])
            if not isinstance(self.m, np.ndarray):
                self.m = np.zeros_like(g, dtype=np.float64)
                self.v = np.zeros_like(g, dtype=np.float64)
            self.m = self.beta1 * self.m + (1 - self.beta1) * g
            self.v = self.beta2 * self.v + (1 - self.beta2) * g * g
            m_hat = self.m / (1 - self.beta1 ** self.t)
            v_hat = self.v / (1 - self.beta2 ** self.t)
            update = self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
            for k, piece in zip(keys, np.split(update, sizes)):
                params[k] -= piece.reshape(params[k].shape)
        '''),

    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-dispatch-keyerror", "8", "model_loss replaces its if/elif on the cell with a dispatch "
       "dict {'rnn': ..., 'lstm': ...}[cell]: both cells are right, but an unknown cell raises KeyError "
       "instead of ValueError", "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            # cleanup: one table instead of two if/elif ladders
            forward, backward, n_states = {
                "rnn": (rnn_forward, rnn_backward, 1),
                "lstm": (lstm_forward, lstm_backward, 2),
            }[cell]
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            states = [np.zeros((N, H)) for _ in range(n_states)]
            h, cell_cache = forward(X, *states, params["Wx"], params["Wh"], params["b"])
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            dWx, dWh, db = backward(dh, cell_cache)[-3:]
            return loss, {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
        '''),
    _e("generate-input-buffer-never-cleared", "8", "generate keeps one (1, V) input buffer and sets "
       "x[0, idx] = 1 for each token fed in, never clearing the previous one: the inputs become multi-hot "
       "(every token seen so far), right only while a single distinct token has been fed",
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
            if not prompt:
                raise ValueError("the prompt needs at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            V = Wy.shape[1]
            H = Wh.shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))
            # cleanup: one input buffer for every step instead of a fresh one-hot per token
            x = np.zeros((1, V))

            def feed(idx):
                nonlocal h, c
                x[0, idx] = 1.0
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, Wx, Wh, b)
                else:
                    h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)

            for idx in encode(prompt, word_to_idx):
                feed(int(idx))
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ Wy + by)[0]
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[idx])
                if idx_to_word[idx] == EOS:
                    break
                feed(idx)
            return tokens
        '''),

    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-bias-hh-zeros-cached", "9", "to_torch_state makes the zero bias_hh once and keeps it on the "
       "function ('it is always zeros'): every state shares that one array, and after a first call with "
       "another H it has the old length 4H_old instead of 4H", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            # cleanup: bias_hh is always zeros, make them once
            zeros = getattr(to_torch_state, "_bias_hh", None)
            if zeros is None:
                zeros = to_torch_state._bias_hh = np.zeros(4 * H)
            return {
                "lstm.weight_ih_l0": np.array(swap(params["Wx"]).T, dtype=np.float64, order="C"),
                "lstm.weight_hh_l0": np.array(swap(params["Wh"]).T, dtype=np.float64, order="C"),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64, order="C"),
                "lstm.bias_hh_l0": zeros,
                "out.weight": np.array(params["Wy"].T, dtype=np.float64, order="C"),
                "out.bias": np.array(params["by"], dtype=np.float64, order="C"),
            }
        '''),
    _e("from-torch-unpacks-values-in-order", "9", "from_torch_state unpacks the six entries by position, "
       "w_ih, w_hh, b_ih, b_hh, w_out, b_out = state.values(): right for a dict in the docstring's (and "
       "nn.LSTM's) key order, wrong entries or shapes for the same keys in any other order",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            # cleanup: one unpacking line instead of six lookups by key
            w_ih, w_hh, b_ih, b_hh, w_out, b_out = state.values()
            H = np.asarray(w_hh).shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(np.asarray(w_ih).T),
                "Wh": swap(np.asarray(w_hh).T),
                "b": swap(np.asarray(b_ih) + np.asarray(b_hh)),
                "Wy": np.array(np.asarray(w_out).T),
                "by": np.array(b_out),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES49)
