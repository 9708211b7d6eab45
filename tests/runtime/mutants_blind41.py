"""Blind set 41: the mistakes an ordinary class brings to a TA's office hours.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: a misremembered
identity, a derivative applied one time too many, an any/all mix-up, a "defensive" clamp where the docstring
asks for an error, a dict assumed to keep a given key order, a running total divided by the wrong count.
They were written without reading the reference solution, the example submissions, the grader's judges or
its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``affine-forward-shifts-scores`` makes the cache ``(h, Wy)`` for ada's ``affine_backward``;
- ``affine-backward-tanh-derivative`` reads ``cache[0], cache[1]`` as ``h, Wy`` (ada's ``affine_forward``);
- ``rnn-step-backward-identity-path`` reads ``cache[:4]`` as ``(x, prev_h, Wx, Wh)`` and ``cache[-1]`` as
  ``next_h`` (ada's ``rnn_step_forward``);
- ``rnn-backward-dh0-extra-tanh`` reads ``(x, h0, Wx, Wh, h)``, whole arrays (ada's ``rnn_forward``);
- ``lstm-step-backward-tanh-grad-from-h`` and ``lstm-step-backward-gate-derivative-twice`` read
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (ada's ``lstm_step_forward``);
- ``lstm-backward-dh-added-late`` reads ada's ``lstm_forward`` cache as a list of per-step caches,
  ``cache[t]``, each handed to ada's own ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at d654a7e: caught 19/24 (missed:
``data-variant-normalised`` (no case names 'ANBN'), ``softmax-vector-unshifted`` (the 1-d case has small logits),
``rmsprop-average-float32`` (about 1e-7 off per step, inside the optimiser's tolerance), ``adam-skips-zero-gradients``
(no step has an all-zero gradient) and ``model-loss-grads-zipped-by-order`` (every case's params are built in the
docstring's key order)), a named mistake or a pattern on 16/24 (also none: ``sigmoid-grad-quarter-tanh-grad``,
``affine-forward-shifts-scores`` and ``from-torch-bias-difference``, whose first lines give the numbers).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES41: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-ties-case-insensitive", "1", "build_vocab breaks ties in dictionary order, key (-count, "
       "word.lower()), instead of by the word itself: 'EOS' sorts after 'a' and 'b' when their counts tie "
       "(right whenever no tie mixes upper- and lower-case words)", "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            # most frequent first; equal counts in alphabetical (dictionary) order
            words = sorted(counts, key=lambda word: (-counts[word], word.lower()))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: index for index, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("one-hot-seq-clamps-ids", "1", "one_hot_sequence clamps the ids into [0, V) with np.clip before the "
       "lookup ('so that it cannot fail') instead of raising ValueError: an id of V or more gets the last row, "
       "a negative id the first; in-range sequences are right", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            ids = np.asarray(ids, dtype=np.int64)
            # keep every index inside the vocabulary so that the row lookup below is always valid
            safe = np.clip(ids, 0, V - 1)
            return np.eye(V)[safe]
    '''),
    _e("encode-rewrites-unknown-in-place", "1", "encode first replaces every unknown token by 'UNK' in the "
       "caller's token list (tokens[i] = UNK), then looks the tokens up: the ids are right, but the caller's "
       "list has lost its unknown words", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            for position, token in enumerate(tokens):
                if token not in word_to_idx:
                    tokens[position] = UNK
            return np.array([word_to_idx[token] for token in tokens], dtype=np.int64)
    '''),
    _e("data-variant-normalised", "1", "generate_dataset normalises the variant with .strip().lower() before "
       "checking it: 'ANBN' or ' anbnan ' are accepted instead of raising ValueError, and a non-string "
       "variant raises AttributeError instead of ValueError", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            variant = variant.strip().lower()
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
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

    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-grad-quarter-tanh-grad", "2", "sigmoid_grad takes the sigmoid for tanh rescaled to (0, 1), "
       "s = (1 + tanh(x)) / 2, and returns a quarter of tanh's slope, (1 - tanh(x)^2) / 4, instead of "
       "s(x)(1 - s(x)) = (1 - tanh(x/2)^2) / 4 (right at x = 0 only)", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x: np.ndarray) -> np.ndarray:
            # the sigmoid is tanh squeezed from (-1, 1) into (0, 1): s = (1 + tanh) / 2,
            # so its slope is a quarter of tanh's, and np.tanh never overflows
            t = np.tanh(x)
            return 0.25 * (1.0 - t * t)
    '''),
    _e("softmax-vector-unshifted", "2", "softmax has a separate path for a 1-D vector that exponentiates the "
       "raw logits (the max is subtracted only on the batched path): right for 2-D and higher inputs, but a "
       "vector with large logits overflows to inf / inf = nan", "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            if x.ndim == 1:
                e = np.exp(x)
                return e / e.sum()
            shifted = x - x.max(axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / e.sum(axis=axis, keepdims=True)
    '''),
    _e("ce-empty-check-all", "2", "cross_entropy checks for an empty selection with `if not mask.all()` (all "
       "typed for any): every batch with a padded step raises ValueError; batches without padding are right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            if not mask.all():
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            M = int(mask.sum())
            s = scores[mask]                      # (M, V)
            targets = y[mask]                     # (M,)
            m = s.max(axis=1, keepdims=True)
            lse = np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            logp = s - m - lse
            rows = np.arange(M)
            loss = -logp[rows, targets].sum() / M
            grad = np.exp(logp)
            grad[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = grad / M
            return float(loss), dscores
    '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("lstm-init-wy-from-gates", "3", "init_lstm_params sizes the output layer on the stacked gates: "
       "Wy = orthogonal((4H, V)) instead of orthogonal((H, V)), so the model's scores read a (N, T, H) state "
       "with a (4H, V) matrix; Wx, Wh and the biases are right", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            G = 4 * H   # the four gates side by side
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((G, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(G), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("rnn-init-bias-sized-D", "3", "init_rnn_params makes the hidden bias one entry per input, "
       "b = np.zeros(D), instead of np.zeros(H): right only when D == H; the weights and by are right",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(D), "Wy": Wy, "by": np.zeros(V)}
    '''),

    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-shifts-scores", "4", "affine_forward subtracts each step's maximum score (the "
       "softmax's stability shift, applied one layer early): the returned scores are h Wy + by minus their "
       "row max; the loss and gradients downstream are unchanged, the scores are not", "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            scores = h @ Wy + by
            # keep the scores in a safe range for the softmax that follows
            scores = scores - scores.max(axis=-1, keepdims=True)
            cache = (h, Wy)
            return scores, cache
    '''),
    _e("affine-backward-tanh-derivative", "4", "affine_backward multiplies dh by tanh's derivative "
       "(1 - h^2), as if the projection owned the RNN's activation: dh = (dscores Wy^T) * (1 - h^2) instead "
       "of dscores Wy^T; dWy and dby are right", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            # h came out of a tanh, so the gradient goes back through it
            dh = (dscores @ Wy.T) * (1.0 - h ** 2)
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
    '''),
    _e("rnn-step-backward-identity-path", "4", "rnn_step_backward adds dnext_h to dprev_h as if prev_h also "
       "reached next_h directly (a residual path): dprev_h = da Wh^T + dnext_h instead of da Wh^T; dx, dWx, "
       "dWh and db are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh = cache[:4]
            next_h = cache[-1]
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T + dnext_h
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-dh0-extra-tanh", "4", "rnn_backward sends the gradient one tanh further than the "
       "first step: dh0 = (da_0 Wh^T) * (1 - h0^2), as if h0 were a tanh output too, instead of da_0 Wh^T; "
       "right when h0 = 0, wrong for any other initial state (dx and the weight gradients are right)",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            carried = np.zeros((N, H))
            for t in reversed(range(T)):
                da_t = (dh[:, t] + carried) * (1.0 - h[:, t] ** 2)
                da[:, t] = da_t
                carried = da_t @ Wh.T
            prev = np.concatenate([h0[:, None, :], h[:, :-1, :]], axis=1)   # h_{t-1} for every t
            flat_da = da.reshape(N * T, H)
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ flat_da
            dWh = prev.reshape(N * T, H).T @ flat_da
            db = flat_da.sum(axis=0)
            # h0 is a hidden state like every other one: back through its tanh as well
            dh0 = carried * (1.0 - h0 ** 2)
            return dx, dh0, dWx, dWh, db
    '''),

    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-largest-entry", "5", "clip_by_global_norm measures the gradients by their largest absolute "
       "entry over all of them (the max norm) instead of the L2 norm of all entries together: the norm is "
       "too small, so gradients are clipped too late and by too little", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            norm = max((float(np.max(np.abs(g))) for g in grads.values() if np.size(g)), default=0.0)
            if norm > max_norm:
                scale = max_norm / norm
                return {name: g * scale for name, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-skips-biases", "5", "clip_by_value clamps only the weight matrices (ndim >= 2) and copies "
       "the 1-D bias gradients unclipped ('biases are small'): right whenever every bias gradient lies "
       "within the bounds", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = {}
            for name, g in grads.items():
                if np.ndim(g) < 2:
                    clipped[name] = np.array(g, copy=True)     # biases: nothing to clip
                else:
                    clipped[name] = np.clip(g, -clip_value, clip_value)
            return clipped
    '''),

    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-backward-tanh-grad-from-h", "6", "lstm_step_backward writes the derivative of tanh(c) in "
       "the RNN's output form with the hidden state, 1 - next_h^2 where next_h = o tanh(c), instead of "
       "1 - tanh(c)^2: dc, and so every gradient but do, is wrong whenever dnext_h is non-zero",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            next_h = o * np.tanh(next_c)
            # tanh's derivative from its output: 1 - out^2
            dc = dnext_c + dnext_h * o * (1.0 - next_h ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * np.tanh(next_c)
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1.0 - f), di * i * (1.0 - i), dg * (1.0 - g ** 2), do * o * (1.0 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-step-backward-gate-derivative-twice", "6", "lstm_step_backward already multiplies each gate's "
       "gradient by its activation's derivative (df = dc c_prev f (1 - f), ...) and multiplies by it again "
       "when stacking da: every block of da carries the derivative squared; dprev_c is right",
       "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)
            dprev_c = dc * f
            # gradients of the four gates' pre-activations
            df = dc * prev_c * f * (1.0 - f)
            di = dc * g * i * (1.0 - i)
            dg = dc * i * (1.0 - g ** 2)
            do = dnext_h * tanh_c * o * (1.0 - o)
            # stack them in the order f, i, g, o, each through its activation's derivative
            da = np.concatenate(
                [df * f * (1.0 - f), di * i * (1.0 - i), dg * (1.0 - g ** 2), do * o * (1.0 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-backward-dh-added-late", "6", "lstm_backward adds the upstream dh[:, t] to the carried hidden "
       "gradient after backpropagating step t instead of before: step t receives dh[:, t + 1] (the last step "
       "nothing from above) and dh0 includes dh[:, 0]", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dx_steps = [None] * T
            dWx = dWh = db = 0.0
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h, dnext_c, cache[t])
                dx_steps[t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
                # what reaches h_{t-1}: the recurrent gradient plus the gradient from above
                dnext_h = dprev_h + dh[:, t]
                dnext_c = dprev_c
            dx = np.stack(dx_steps, axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),

    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-average-float32", "7", "RMSprop.step keeps the running average of g^2 in float32 (np.zeros("
       "p.shape, dtype=np.float32), 'half the memory'): the average is rounded to float32 on every update, "
       "so each step differs from the float64 rule by about 1e-7 relative (a small numeric difference)",
       "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for name, p in params.items():
                g = grads[name]
                if name not in self.square_avg:
                    self.square_avg[name] = np.zeros(p.shape, dtype=np.float32)
                s = self.square_avg[name]
                s *= self.alpha
                s += (1.0 - self.alpha) * g * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-skips-zero-gradients", "7", "Adam.step skips every parameter whose gradient is all zeros "
       "(`if not np.any(g): continue`, the translation of PyTorch's `if p.grad is None`): its moments are "
       "not decayed and it does not move, although its momentum should still carry it; right while no "
       "gradient is exactly zero", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if not np.any(g):
                    continue   # no gradient for this parameter
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m = self.m[name]
                v = self.v[name]
                m *= self.beta1
                m += (1.0 - self.beta1) * g
                v *= self.beta2
                v += (1.0 - self.beta2) * g * g
                m_hat = m / (1.0 - self.beta1 ** k)
                v_hat = v / (1.0 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),

    # ---- task 8: training loop ---------------------------------------------------------------------------
    _e("model-loss-grads-zipped-by-order", "8", "model_loss builds the gradient dict with dict(zip(params, "
       "(dWx, dWh, db, dWy, dby))), assuming params lists its keys in the docstring's order: right for a dict "
       "built as Wx, Wh, b, Wy, by, gradients under the wrong names for any other key order",
       "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}; expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = dict(zip(params, (dWx, dWh, db, dWy, dby)))
            return float(loss), grads
    '''),
    _e("train-weighted-sum-over-batches", "8", "train adds up loss * tokens over the epoch's mini-batches "
       "but divides by the number of mini-batches instead of the number of tokens: every training loss is "
       "about the mean tokens per batch times too large (the validation loss is right)", "train", "train", '''
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
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                weighted = 0.0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    weighted += loss * int(batch.mask.sum())
                history["train_loss"].append(weighted / len(chunks))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),

    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("to-torch-bias-one-row", "9", "to_torch_state reuses its matrix gate-swap helper for the bias by "
       "turning b into a one-row matrix (b[None, :]) and never flattens it back: lstm.bias_ih_l0 is (1, 4H) "
       "instead of (4H,); its values, the matrices and the other entries are right", "torch_port",
       "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            Wx = np.asarray(params["Wx"], dtype=np.float64)
            Wh = np.asarray(params["Wh"], dtype=np.float64)
            b = np.asarray(params["b"], dtype=np.float64)
            Wy = np.asarray(params["Wy"], dtype=np.float64)
            by = np.asarray(params["by"], dtype=np.float64)
            H = Wh.shape[0]

            def swap(a):
                # a is (rows, 4H): exchange the forget and input column blocks
                return np.concatenate([a[:, H:2 * H], a[:, :H], a[:, 2 * H:]], axis=1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(Wx).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(Wh).T),
                "lstm.bias_ih_l0": swap(b[None, :]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(Wy.T),
                "out.bias": by.copy(),
            }
    '''),
    _e("from-torch-bias-difference", "9", "from_torch_state folds the two PyTorch biases as bias_ih - "
       "bias_hh (undoing to_torch_state's 'b and zeros' by a subtraction) instead of their sum: right while "
       "bias_hh is zero, wrong for any state with a non-zero bias_hh", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            weight_ih = np.asarray(state["lstm.weight_ih_l0"], dtype=np.float64)
            weight_hh = np.asarray(state["lstm.weight_hh_l0"], dtype=np.float64)
            H = weight_hh.shape[1]

            def swap(a):
                # exchange the first two H-wide blocks of the last axis (i, f <-> f, i)
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            b = state["lstm.bias_ih_l0"] - state["lstm.bias_hh_l0"]
            return {
                "Wx": swap(weight_ih.T),
                "Wh": swap(weight_hh.T),
                "b": swap(np.asarray(b, dtype=np.float64)),
                "Wy": np.array(state["out.weight"], dtype=np.float64).T.copy(),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES41)
