"""Blind set 15: 24 tired-student typos that still run, spread over every task.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the kind a tired
student makes late at night (a wrong variable of the same shape, a copy-pasted line not fully edited,
a wrong constant, an operator-precedence slip, a forgotten output in the return, a loop bound, a
forgotten copy). They were written without reading the reference solution, the example submissions,
the grader's judges or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- rnn-step-backward-square-of-one-minus reads rnn_step_forward's cache as (x, prev_h, Wx, Wh, next_h);
- rnn-forward-loop-from-1 hands ada's rnn_backward the cache (x, h0, Wx, Wh, h);
- affine-backward-forgets-dby reads affine_forward's cache as (h, Wy, ...) (its first two items);
- lstm-step-backward-dg-copy-pasted reads lstm_step_forward's cache as
  (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c), gates already activated;
- lstm-forward-carries-h-as-c hands ada's lstm_backward a list of ada's own lstm_step_forward caches,
  one per time step;
- lstm-backward-dc-into-dh reads lstm_forward's cache as that list of per-step caches and hands each
  to ada's lstm_step_backward.

(model-loss-by-gets-db and train-seed-hardcoded-0 only pass caches between ada's own functions.)

Measured once, before anything was changed after seeing it, at d737008: caught 23/24 (no check lost points
for ``clip-value-writes-callers-dict``: clipping twice gives the same answer, so the second call could not
show the change), a named mistake or a pattern on 19/24 (also none: ``data-anbnan-third-block-b``, whose
first line gives the token, ``sigmoid-grad-one-minus-x``, ``affine-backward-forgets-dby``, whose first
line says 2 values came back for 3, and ``from-torch-bias-ih-twice``).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES15: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-anbnan-third-block-b", "1", "generate_dataset builds 'anbnan' from a copy-pasted line whose third "
       "block was not edited: a^n b^n b^n EOS instead of a^n b^n a^n EOS ('anbn' is right)",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}: expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                if variant == "anbn":
                    seq = ["a"] * n + ["b"] * n + [EOS]
                else:
                    seq = ["a"] * n + ["b"] * n + ["b"] * n + [EOS]
                sequences.append(seq)
            return sequences
        '''),
    _e("vocab-sort-count-ascending", "1", "build_vocab sorts on the key (count, word), the minus sign of "
       "(-count, word) forgotten: least frequent word first (ties still alphabetical), and a cap keeps the "
       "rarest words", "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for seq in sequences for word in seq if word != UNK)
            words = sorted(counts, key=lambda word: (counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("split-val-from-p-train", "1", "split_dataset computes n_val = floor(p_train * L) (the n_train line "
       "copied, p_train not changed to p_val): the validation part takes what the test part should have "
       "(256 gives 204 / 52 / 0); the three parts still concatenate back", "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError(f"bad fractions p_train={p_train}, p_val={p_val}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_train * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
        '''),
    _e("one-hot-batch-mask-full-T", "1", "one_hot_batch fills the mask with mask[i, :T] = True (T, the longest "
       "length, typed for T_i): X is right but every step of every sequence, padding included, is marked "
       "real (right only when all lengths are equal)", "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            N = len(batch)
            T = max((len(ids) for ids in batch), default=0)
            X = np.zeros((N, T, V), dtype=np.float64)
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                Ti = len(ids)
                X[i, np.arange(Ti), ids] = 1.0
                mask[i, :T] = True
            return X, mask
        '''),
    _e("inputs-targets-targets-copy-pasted", "1", "inputs_targets copies the inputs line for the targets and "
       "leaves its slice unedited: targets = s[:-1], the same list as the inputs, instead of s[1:]",
       "data", "inputs_targets", '''
        def inputs_targets(sequence: list) -> tuple[list, list]:
            if len(sequence) < 2:
                raise ValueError(f"a sequence needs at least 2 tokens, got {len(sequence)}")
            inputs = list(sequence[:-1])
            targets = list(sequence[:-1])
            return inputs, targets
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-one-over-one-precedence", "2", "sigmoid writes the x >= 0 branch as 1 / 1 + e (precedence: "
       "(1 / 1) + e = 1 + exp(-x)) instead of 1 / (1 + e): values in (1, 2] for x >= 0, the x < 0 branch right",
       "activations", "sigmoid", '''
        def sigmoid(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-np.abs(x))
            return np.where(x >= 0, 1 / 1 + e, e / (1 + e))
        '''),
    _e("sigmoid-grad-one-minus-x", "2", "sigmoid_grad returns s * (1 - x) (the input typed for s) instead of "
       "s * (1 - s): right at x = 0 only", "activations", "sigmoid_grad", '''
        def sigmoid_grad(x: np.ndarray) -> np.ndarray:
            s = sigmoid(x)
            return s * (1 - x)
        '''),
    _e("ce-loss-sign-dropped", "2", "cross_entropy drops the minus sign of the loss: returns the mean "
       "log-likelihood (a negative number) instead of its negation; the gradient is right",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = np.asarray(y)[mask].astype(np.int64)
            m = s.max(axis=-1, keepdims=True)
            shifted = s - m
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            rows = np.arange(M)
            loss = np.sum(log_p[rows, t]) / M
            d = np.exp(log_p)
            d[rows, t] -= 1.0
            dscores = np.zeros(scores.shape, dtype=np.float64)
            dscores[mask] = d / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-transposes-square", "3", "orthogonal transposes when rows <= cols instead of rows < cols: "
       "square matrices come out as Q.T (still orthogonal, not the specified matrix); tall and wide are right",
       "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows <= cols:
                Q = Q.T
            return Q
        '''),
    _e("lstm-init-wh-blocks-D-rows", "3", "init_lstm_params draws the Wh blocks with the Wx line copied: "
       "orthogonal((D, H)) instead of orthogonal((H, H)), so Wh is (D, 4H) (right only when D == H)",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {
                "Wx": Wx,
                "Wh": Wh,
                "b": np.zeros(4 * H),
                "Wy": Wy,
                "by": np.zeros(V),
            }
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-square-of-one-minus", "4", "rnn_step_backward misplaces the parenthesis of tanh's "
       "derivative: da = dnext_h * (1 - next_h) ** 2 instead of dnext_h * (1 - next_h ** 2) (every gradient "
       "off, right only where next_h = 0)", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1 - next_h) ** 2
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-forward-loop-from-1", "4", "rnn_forward loops over range(1, T): step 0 is skipped (h[:, 0] stays "
       "zero) and step 1 starts from h0, so every state is one step short of input", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(1, T):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("affine-backward-forgets-dby", "4", "affine_backward computes dby but returns only (dh, dWy): the "
       "third output is forgotten, so unpacking three values fails", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-g-times-2", "5", "clip_by_global_norm sums g * 2 instead of g ** 2 (one star missing): the "
       "'norm' is sqrt(2 * sum of all entries), nan when that sum is negative, so clipping is wrong or skipped",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(g * 2))
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm / norm
                clipped = {k: g * scale for k, g in grads.items()}
            else:
                clipped = dict(grads)
            return clipped, norm
        '''),
    _e("clip-value-writes-callers-dict", "5", "clip_by_value starts from clipped = grads (the .copy() "
       "forgotten) and assigns the clipped arrays into it: right values, but the caller's dict now holds "
       "the clipped arrays and is the one returned", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            clipped = grads
            for k, g in clipped.items():
                clipped[k] = np.clip(g, -clip_value, clip_value)
            return clipped
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-backward-dg-copy-pasted", "6", "lstm_step_backward copies the di line for dg and leaves "
       "it unedited: dg = dc * g instead of dc * i (the candidate block of da, and so dx, dprev_h, dWx, dWh "
       "and db, are wrong; dprev_c right)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * g
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
    _e("lstm-forward-carries-h-as-c", "6", "lstm_forward carries the states with prev_h, prev_c = next_h, "
       "next_h (copy-paste slip): from step 1 on the previous cell is the previous hidden state (step 0 right)",
       "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                next_h, next_c, cache_t = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(cache_t)
                prev_h, prev_c = next_h, next_h
            return h, caches
        '''),
    _e("lstm-backward-dc-into-dh", "6", "lstm_backward feeds each step dh[:, t] + dprev_c as the hidden "
       "gradient (dprev_c typed for dprev_h): the recurrent hidden gradient is dropped and the cell carry is "
       "added to it instead (the last step is right)", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dprev_c, dprev_c, cache[t]
                )
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("sgd-momentum-steps-with-g", "7", "SGD.step keeps the velocity right but steps with p -= lr * g (g "
       "typed for v): momentum never reaches the parameters (right without momentum, and on the first step)",
       "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if self.momentum != 0:
                    if k not in self.velocity:
                        v = g.copy()
                    else:
                        v = self.momentum * self.velocity[k] + g
                    self.velocity[k] = v
                p -= self.lr * g
        '''),
    _e("rmsprop-alpha-for-eps", "7", "RMSprop.step adds self.alpha (0.99) to the denominator instead of "
       "self.eps: p -= lr * g / (sqrt(s) + alpha), steps far too small", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += (1 - self.alpha) * g ** 2
                p -= self.lr * g / (np.sqrt(s) + self.alpha)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-by-gets-db", "8", "model_loss builds the gradient dict with 'by': db (the cell's bias "
       "gradient, typed for dby): grads['by'] has shape (H,) or (4H,) instead of (V,); every other key right",
       "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: expected one of {CELLS}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                h, cell_cache = lstm_forward(X, h0, np.zeros((N, H)), params["Wx"], params["Wh"], params["b"])
            scores, affine_cache = affine_forward(h, params["Wy"], params["by"])
            loss, dscores = cross_entropy(scores, y, mask)
            dh, dWy, dby = affine_backward(dscores, affine_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": db}
            return float(loss), grads
        '''),
    _e("train-seed-hardcoded-0", "8", "train creates its shuffling generator with np.random.default_rng(0) "
       "(a constant left from testing) instead of default_rng(seed): right for seed=0 or a full batch, the "
       "same order whatever seed is passed", "train", "train", '''
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
            rng = np.random.default_rng(0)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    perm = rng.permutation(N)
                    chunks = [perm[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    mini = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(mini.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-float-H", "9", "to_torch_state's gate-swap helper computes H = a.shape[-1] / 4 (true "
       "division, a float): slicing with it raises TypeError on every input", "torch_port", "to_torch_state",
       '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            def swap(a):
                H = a.shape[-1] / 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            H4 = params["Wh"].shape[1]
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.ascontiguousarray(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(H4, dtype=np.float64),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-bias-ih-twice", "9", "from_torch_state folds the biases as bias_ih + bias_ih (the second "
       "key not edited to bias_hh): b is twice bias_ih and bias_hh is ignored (wrong even when bias_hh is 0)",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            def swap(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            b = state["lstm.bias_ih_l0"] + state["lstm.bias_ih_l0"]
            return {
                "Wx": swap(np.asarray(state["lstm.weight_ih_l0"]).T),
                "Wh": swap(np.asarray(state["lstm.weight_hh_l0"]).T),
                "b": swap(b),
                "Wy": np.array(state["out.weight"]).T.copy(),
                "by": np.array(state["out.bias"], dtype=np.float64),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES15)
