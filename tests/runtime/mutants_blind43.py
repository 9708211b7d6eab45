"""Blind set 43: the mistakes an ordinary class brings to a TA's office hours.

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the mistakes a TA who graded
last year's submissions by hand remembers seeing most often. They were written without reading the reference
solution, the example submissions, the grader's judges or its catalogues of known mistakes, and before any
grader output.

Entries that guess a cache layout another function (ada's) makes or reads:

- rnn-step-backward-dx-skips-tanh reads the step cache as (x, prev_h, Wx, Wh, next_h);
- rnn-forward-loops-len-x makes the cache (x, h0, Wx, Wh, h) for ada's rnn_backward;
- rnn-backward-prev-states-zero-start reads the cache as (x, h0, Wx, Wh, h);
- lstm-forward-h0-ignored makes the cache a list of ada's lstm_step_forward caches, one per step;
- lstm-step-backward-do-from-dc reads the step cache as (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c);
- lstm-backward-db-summed-twice reads the cache as a list of per-step caches and hands each to ada's
  lstm_step_backward.

Measured once, before anything was changed after seeing it, at e51475f: caught 22/24 (missed:
``tanh-via-sigmoid-cancellation`` (1e-7 off near 0) and ``clip-norm-rejects-int-threshold``), a named mistake or a
pattern on 21/24 (also none: ``to-torch-out-bias-from-b``, whose first line gives both shapes).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES43: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("vocab-dict-from-counter-order", "1", "build_vocab sorts idx_to_word right but numbers word_to_idx in "
       "the Counter's first-seen order: the two disagree whenever first-seen order is not frequency order",
       "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            kept = set(words)
            word_to_idx = {word: i for i, word in enumerate(w for w in counts if w in kept)}
            word_to_idx[UNK] = len(word_to_idx)
            idx_to_word = words + [UNK]
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-seq-float32", "1", "one_hot_sequence indexes np.eye(V, dtype=np.float32) (the deep-learning "
       "habit): right ones and zeros, but a float32 array instead of float64",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            ids = np.asarray(ids, dtype=np.int64)
            if ids.size and (ids.min() < 0 or ids.max() >= V):
                raise ValueError(f"ids must lie in [0, {V})")
            return np.eye(V, dtype=np.float32)[ids]
        '''),
    _e("inputs-targets-raises-indexerror", "1", "inputs_targets rejects sequences shorter than 2 with "
       "IndexError instead of ValueError", "data", "inputs_targets", '''
        def inputs_targets(sequence: list) -> tuple[list, list]:
            if len(sequence) < 2:
                raise IndexError("a sequence needs at least 2 tokens to give one target")
            return sequence[:-1], sequence[1:]
        '''),
    _e("one-hot-batch-T-plus-one", "1", "one_hot_batch pads to the longest length plus one ('room for the "
       "end'): X is (N, T + 1, V) and mask (N, T + 1), one extra all-padding step", "data", "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            N = len(batch)
            T = max(len(ids) for ids in batch) + 1
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                L = len(ids)
                X[i, np.arange(L), ids] = 1.0
                mask[i, :L] = True
            return X, mask
        '''),
    _e("split-val-takes-remainder", "1", "split_dataset floors the test part, floor((1 - p_train - p_val) L), "
       "and gives the remainder to validation instead of to test (256 gives 204 / 27 / 25, not 204 / 25 / 27)",
       "data", "split_dataset", '''
        def split_dataset(sequences: list, p_train: float = 0.8, p_val: float = 0.1) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_test = math.floor((1 - p_train - p_val) * L)
            n_val = L - n_train - n_test
            return sequences[:n_train], sequences[n_train:n_train + n_val], sequences[n_train + n_val:]
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-via-sigmoid-cancellation", "2", "tanh computed as 2 sigmoid(2x) - 1: finite everywhere, but the "
       "subtraction cancels near 0 (tanh(1e-10) comes out 1.00000008e-10, relative error ~1e-7 and worse below)",
       "activations", "tanh", '''
        def tanh(x: np.ndarray) -> np.ndarray:
            return 2.0 * sigmoid(2.0 * x) - 1.0
        '''),
    _e("softmax-default-axis-0", "2", "softmax written with the default axis=0 (lecture notes' column "
       "convention) instead of axis=-1: right whenever axis is passed, wrong along the first axis when it is not",
       "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = 0) -> np.ndarray:
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            return e / np.sum(e, axis=axis, keepdims=True)
        '''),
    _e("ce-empty-mask-zerodivision", "2", "cross_entropy has no explicit empty-mask check and divides by the "
       "Python int M: an all-False mask raises ZeroDivisionError instead of ValueError",
       "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            s = scores[mask]
            targets = y[mask]
            m = s.max(axis=1, keepdims=True)
            logp = s - m - np.log(np.exp(s - m).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            loss = -float(logp[rows, targets].sum()) / M
            p = np.exp(logp)
            p[rows, targets] -= 1.0
            dscores = np.zeros(scores.shape)
            dscores[mask] = p / M
            return loss, dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-wx-rows-V", "3", "init_rnn_params draws Wx as orthogonal((V, H)) (one-hot inputs: 'the input "
       "size is the vocabulary'): right when D == V, wrong shape otherwise", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((V, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    _e("lstm-init-gates-sorted-names", "3", "init_lstm_params keeps the gate blocks in dicts keyed 'f', 'i', "
       "'g', 'o' and stacks them in sorted(key) order f, g, i, o: the input and candidate blocks are swapped",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            gates = ["f", "i", "g", "o"]
            wx = {gate: orthogonal((D, H), rng) for gate in gates}
            wh = {gate: orthogonal((H, H), rng) for gate in gates}
            Wy = orthogonal((H, V), rng)
            Wx = np.concatenate([wx[gate] for gate in sorted(wx)], axis=1)
            Wh = np.concatenate([wh[gate] for gate in sorted(wh)], axis=1)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-dx-skips-tanh", "4", "rnn_step_backward computes dx = dnext_h Wx^T (the tanh "
       "derivative left out of dx only); dprev_h and the weight gradients use da", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = dnext_h @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-forward-loops-len-x", "4", "rnn_forward loops over range(len(x)), which is N, not T: trailing steps "
       "stay zero when N < T, IndexError when N > T (right when N == T)", "rnn", "rnn_forward", '''
        def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                        b: np.ndarray) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(len(x)):
                prev_h = np.tanh(xw[:, t] + prev_h @ Wh)
                h[:, t] = prev_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-backward-prev-states-zero-start", "4", "rnn_backward forms dWh with the previous states "
       "[0, h_0, ..., h_{T-2}] (zeros for h_{-1}) instead of [h0, h_0, ...]: right only when h0 = 0",
       "rnn", "rnn_backward", '''
        def rnn_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            da = np.zeros_like(dh)
            dnext = np.zeros((N, H))
            for t in reversed(range(T)):
                da_t = (dh[:, t] + dnext) * (1.0 - h[:, t] ** 2)
                da[:, t] = da_t
                dnext = da_t @ Wh.T
            dh0 = dnext
            h_prev = np.concatenate([np.zeros((N, 1, H)), h[:, :-1]], axis=1)
            dx = da @ Wx.T
            dWx = np.einsum("ntd,nth->dh", x, da)
            dWh = np.einsum("ntk,nth->kh", h_prev, da)
            db = da.sum(axis=(0, 1))
            return dx, dh0, dWx, dWh, db
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-rejects-int-threshold", "5", "clip_by_global_norm validates with isinstance(max_norm, float): "
       "an int threshold such as 1 or 5 raises ValueError", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads: dict[str, np.ndarray], max_norm: float) -> tuple[dict[str, np.ndarray], float]:
            if not isinstance(max_norm, float) or max_norm <= 0:
                raise ValueError("max_norm must be a positive float")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-sorted-keys-zip", "5", "clip_by_value clips grads.values() in insertion order and zips them "
       "with sorted(grads): arrays land under the wrong keys unless the keys were inserted sorted",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            clipped = [np.clip(g, -clip_value, clip_value) for g in grads.values()]
            return dict(zip(sorted(grads), clipped))
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-forward-h0-ignored", "6", "lstm_forward starts the hidden state from zeros (np.zeros_like(h0)) and "
       "only the cell from c0: right only when h0 = 0", "lstm", "lstm_forward", '''
        def lstm_forward(x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                         b: np.ndarray) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h = np.zeros_like(h0)
            prev_c = c0
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
        '''),
    _e("lstm-step-backward-do-from-dc", "6", "lstm_step_backward takes the output gate's gradient as "
       "dc * tanh(c) (the pattern of df, di, dg) instead of dnext_h * tanh(c)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dc * tc
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
    _e("lstm-backward-db-summed-twice", "6", "lstm_backward accumulates db += db_t.sum(axis=0) on the step's "
       "already-summed (4H,) bias gradient: every entry of db gets the total of all of them",
       "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dx = dWx = dWh = db = None
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("adam-squares-grad-in-place", "7", "Adam.step reuses the gradient variable for its square (g **= 2): "
       "the parameters move right, but the caller's gradient arrays are left holding g^2",
       "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                g **= 2
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    _e("rmsprop-eps-as-floor", "7", "RMSprop.step divides by max(sqrt(s), eps) instead of sqrt(s) + eps: "
       "tiny differences, large only for gradients near or below eps",
       "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                s = self.square_avg.get(k)
                if s is None:
                    s = np.zeros_like(p)
                s = self.alpha * s + (1 - self.alpha) * g * g
                self.square_avg[k] = s
                p -= self.lr * g / np.maximum(np.sqrt(s), self.eps)
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-rnn-unpack-dWh-dWx", "8", "model_loss unpacks rnn_backward's outputs as (dx, dh0, dWh, dWx, "
       "db): the RNN's Wx and Wh gradients are swapped (the LSTM path is right)", "train", "model_loss", '''
        def model_loss(params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm") -> tuple[float,
                       dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
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
                _, _, dWh, dWx, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
        '''),
    _e("train-val-per-batch", "8", "train computes and appends the validation loss inside the mini-batch loop: "
       "one val entry per update instead of one per epoch (right for the full batch)", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
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
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(batch.mask.sum())
                    total += loss * n_tokens
                    tokens += n_tokens
                    val_loss, _ = model_loss(params, val_batch, cell)
                    history["val_loss"].append(float(val_loss))
                history["train_loss"].append(total / tokens)
            return history
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-out-bias-from-b", "9", "to_torch_state fills out.bias with a copy of b (the LSTM bias, typed "
       "for by): shape (4H,) instead of (V,); every other entry is right", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": swap(params["Wx"]).T.copy(),
                "lstm.weight_hh_l0": swap(params["Wh"]).T.copy(),
                "lstm.bias_ih_l0": swap(params["b"]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["b"].copy(),
            }
        '''),
    _e("from-torch-Wy-view", "9", "from_torch_state returns Wy = state['out.weight'].T: a transposed view of "
       "the caller's array, not a new one (values right)", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(state["lstm.weight_ih_l0"].T),
                "Wh": swap(state["lstm.weight_hh_l0"].T),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T,
                "by": state["out.bias"].copy(),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES43)
