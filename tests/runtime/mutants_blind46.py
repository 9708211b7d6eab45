"""Blind set 46: the night before the deadline -- copy-paste slips, half-finished edits and mixed-up names.

The theme of this set is the night before the deadline: a line copied from its neighbour and only half edited,
an edit made in one branch and not the other, and names mixed up between similar functions (tan and tanh,
max and maximum, one_hot and one_hot_sequence, rnn_* and lstm_*, Wh and Wx, EOS and UNK).

Each entry is one learner function written in full from the stub's docstring alone (``exercises/*.py``).
It is correct except for one realistic mistake, and none of the earlier sets has that mistake (this was
checked against the ids and one-line descriptions of the 1050 earlier entries). The entries were written
without reading the reference solution, the example submissions, the grader's judges or its catalogues of
known mistakes, and before any grader output.

Some entries guess a cache layout that ada's code makes or reads (ada's code was not read):

- affine-forward-tanh-copied makes the cache ``(h, Wy)`` for ada's affine_backward;
- affine-backward-dby-from-dh reads ``h, Wy`` as the first two items of ada's affine_forward cache;
- rnn-step-backward-dprev-through-Wx reads ada's rnn_step_forward cache as ``(x, prev_h, Wx, Wh, next_h)``;
- lstm-step-candidate-input-slice makes ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` for ada's
  lstm_step_backward;
- lstm-step-backward-dWh-from-x reads that same tuple from ada's lstm_step_forward;
- lstm-backward-dc0-gets-dh0 reads ada's lstm_forward cache as a list of per-step caches indexed by t, and
  hands each one to ada's lstm_step_backward.

model-loss-lstm-backward-via-rnn and generate-lstm-continues-with-rnn-step use only ada's functions and pass
caches between them unopened, so they guess no layout.

Measured once, before anything was changed after seeing it, at 2451aa1: caught 24/24, a named mistake or a
pattern on 20/24 (none: ``tanh-np-tan`` and ``affine-forward-tanh-copied``, numbers only;
``softmax-np-maximum-for-max``, Python's error unexplained; ``to-torch-out-weight-from-Wh``, a shape only).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES46: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-eos-only-in-anbnan-branch", "1", "generate_dataset builds a^n b^n for both variants and appends the "
       "third block together with EOS inside the 'anbnan' branch (the EOS moved there in a half-finished edit): "
       "'anbn' sequences come out as a^n b^n without EOS; 'anbnan' is right", "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}: expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq += ["a"] * n + [EOS]
                sequences.append(seq)
            return sequences
    '''),
    _e("vocab-pops-eos-for-unk", "1", "build_vocab takes UNK out of the counts with counts.pop(EOS, None), EOS "
       "typed for UNK (the two special-token constants mixed up): EOS is missing from the vocabulary, so it "
       "encodes to UNK, and an UNK in the data is listed twice", "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for seq in sequences for word in seq)
            counts.pop(EOS, None)  # UNK always sits last, never counted
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("one-hot-seq-range-checked-against-T", "1", "one_hot_sequence checks the ids against T = len(ids), the "
       "sequence length it just computed, instead of V (ids >= T): a short sequence with a valid id >= T raises "
       "ValueError, and an id >= V in a sequence longer than V gets IndexError instead of ValueError",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            ids = np.asarray(ids, dtype=np.int64)
            T = len(ids)
            if np.any((ids < 0) | (ids >= T)):
                raise ValueError(f"ids must lie in [0, {V})")
            X = np.zeros((T, V))
            X[np.arange(T), ids] = 1.0
            return X
    '''),
    _e("one-hot-batch-calls-one-hot", "1", "one_hot_batch encodes each sequence with one_hot(seq, V), the "
       "single-index function, where one_hot_sequence(seq, V) was meant (the two names mixed up): every sequence "
       "of two or more steps fails inside one_hot (an array where one index is expected)", "data",
       "one_hot_batch", '''
        def one_hot_batch(batch: list[np.ndarray], V: int) -> tuple[np.ndarray, np.ndarray]:
            N = len(batch)
            T = max((len(seq) for seq in batch), default=0)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, seq in enumerate(batch):
                L = len(seq)
                if L == 0:
                    continue
                X[i, :L] = one_hot(np.asarray(seq), V)
                mask[i, :L] = True
            return X, mask
    '''),
    _e("inputs-targets-slice-start-only-edited", "1", "inputs_targets copies the inputs slice s[0:-1] for the "
       "targets and edits only its start: targets = s[1:-1], one token shorter than the inputs, so the last "
       "token (EOS) is never a target (a two-token sequence gets no target at all)", "data", "inputs_targets", '''
        def inputs_targets(sequence: list) -> tuple[list, list]:
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give an input and a target")
            inputs = list(sequence[0:-1])
            targets = list(sequence[1:-1])
            return inputs, targets
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-np-tan", "2", "tanh calls np.tan, the circular tangent, where np.tanh was meant (one letter missing): "
       "close to tanh only near 0, unbounded elsewhere (tan(1) = 1.557, tan(2) = -2.185, poles at pi/2)",
       "activations", "tanh", '''
        def tanh(x: np.ndarray) -> np.ndarray:
            return np.tan(np.asarray(x, dtype=np.float64))
    '''),
    _e("tanh-grad-sigmoid-left-in", "2", "tanh_grad is sigmoid_grad copied and half edited: the formula became "
       "1 - t^2 but t = sigmoid(x) was left unchanged, so it returns 1 - sigmoid(x)^2 instead of 1 - tanh(x)^2 "
       "(0.75 at x = 0 instead of 1)", "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            t = sigmoid(x)
            return 1.0 - t ** 2
    '''),
    _e("softmax-np-maximum-for-max", "2", "softmax takes the shift with np.maximum(x, axis=axis, keepdims=True), "
       "the elementwise two-argument maximum, where the reduction np.max was meant: TypeError on every call",
       "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(x - np.maximum(x, axis=axis, keepdims=True))
            return e / e.sum(axis=axis, keepdims=True)
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-dict-wh-holds-wx", "3", "init_rnn_params draws Wx, Wh and Wy right but builds the returned dict "
       "with 'Wh': Wx (the Wx entry copied, the value not edited): params['Wh'] is the (D, H) input matrix, so it "
       "has the wrong shape when D != H and the wrong values always; the drawn Wh is thrown away",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wx, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("lstm-init-wx-blocks-square", "3", "init_lstm_params draws the Wx gate blocks with the Wh line copied, "
       "orthogonal((H, H)) instead of orthogonal((D, H)): Wx is (H, 4H) instead of (D, 4H), wrong whenever "
       "D != H, and then the later draws shift too, so Wh and Wy also differ (right when D == H)",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-tanh-copied", "4", "affine_forward is rnn_step_forward's line copied and edited to "
       "h Wy + by, but the np.tanh around it was left in: scores = tanh(h Wy + by), squashed into (-1, 1) "
       "instead of the unnormalised h Wy + by", "rnn", "affine_forward", '''
        def affine_forward(h: np.ndarray, Wy: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, Any]:
            scores = np.tanh(h @ Wy + by)
            cache = (h, Wy)
            return scores, cache
    '''),
    _e("affine-backward-dby-from-dh", "4", "affine_backward sums the bias gradient from dh, the line's array "
       "name mixed up with dscores: dby = dh.sum(axis=(0, 1)) has shape (H,) instead of (V,) (wrong values "
       "even when H == V); dh and dWy are right", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dh.sum(axis=(0, 1))
            return dh, dWy, dby
    '''),
    _e("rnn-step-backward-dprev-through-Wx", "4", "rnn_step_backward writes dprev_h = da Wx^T, the dx line "
       "copied and Wx not changed to Wh: dprev_h is (N, D) instead of (N, H), wrong values even when D == H; "
       "dx, dWx, dWh and db are right", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wx.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-leaked-loop-variable", "5", "clip_by_global_norm builds the scaled dict as "
       "{k: g * scale for k in grads}: the g is the variable left over from the loop that summed the squares, "
       "so when clipping happens every key gets the last gradient, scaled (the norm is right, and so is the "
       "unclipped case)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be > 0, got {max_norm}")
            total = 0.0
            for g in grads.values():
                total += float(np.sum(g * g))
            norm = float(np.sqrt(total))
            if norm <= max_norm:
                return dict(grads), norm
            scale = max_norm / norm
            return {k: g * scale for k in grads}, norm
    '''),
    _e("clip-norm-unclipped-returns-threshold", "5", "clip_by_global_norm's early return for gradients "
       "already under the threshold is written return grads, max_norm (the two names mixed up): the second value "
       "is max_norm instead of the measured norm whenever no clipping happens; the clipping branch is right",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be > 0, got {max_norm}")
            norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
            if norm <= max_norm:
                return grads, max_norm
            scale = max_norm / norm
            return {k: g * scale for k, g in grads.items()}, norm
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-candidate-input-slice", "6", "lstm_step_forward copies the input gate's line for the "
       "candidate and edits the function but not the slice: g = tanh(a[:, H:2H]) (the input gate's block) "
       "instead of tanh(a[:, 2H:3H]); the candidate block of the weights is never used", "lstm",
       "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, H:2 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-dWh-from-x", "6", "lstm_step_backward writes dWh = x^T da, the dWx line copied and x "
       "not changed to prev_h: dWh is (D, 4H) instead of (H, 4H), wrong values even when D == H; dx, dprev_h, "
       "dprev_c, dWx and db are right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tc = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tc
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1.0 - f), di * i * (1.0 - i), dg * (1.0 - g ** 2), do * o * (1.0 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = x.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-backward-dc0-gets-dh0", "6", "lstm_backward carries both gradients right through every step but "
       "returns dc0 = dprev_h (the dh0 line copied, dprev_h not changed to dprev_c): dc0 is the gradient that "
       "reaches h0, not c0; dx, dh0 and the weight gradients are right", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            dx = dWx = dWh = db = None
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
                db += db_t
            dh0 = dprev_h
            dc0 = dprev_h
            return dx, dh0, dc0, dWx, dWh, db
    '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("adam-m-from-g-squared", "7", "Adam.step writes the first moment by copying the second moment's line and "
       "editing only the betas: m <- b1 m + (1 - b1) g^2 instead of b1 m + (1 - b1) g, so m_hat >= 0 and every "
       "parameter moves down whatever the sign of its gradient; v is right", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g ** 2
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    _e("rmsprop-numerator-param", "7", "RMSprop.step keeps the running average right but steps with "
       "p -= lr * p / (sqrt(s) + eps), the parameter typed for the gradient in the numerator: the step is the "
       "parameter's own value scaled, not the gradient's", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for name, p in params.items():
                g = grads[name]
                s = self.square_avg.get(name)
                if s is None:
                    s = np.zeros_like(p)
                s = self.alpha * s + (1 - self.alpha) * g * g
                self.square_avg[name] = s
                p -= self.lr * p / (np.sqrt(s) + self.eps)
    '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-lstm-backward-via-rnn", "8", "model_loss's LSTM backward branch is the RNN branch copied and "
       "half edited: the unpacking got dc0's extra slot but the call still reads rnn_backward(dh, cache), so "
       "every LSTM call hands the LSTM cache to the RNN's backward and fails; the loss and the RNN path are right",
       "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}: expected one of {CELLS}")
            X, y, mask = batch.X, batch.y, batch.mask
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
                _, _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return float(loss), grads
    '''),
    _e("generate-lstm-continues-with-rnn-step", "8", "generate reads the prompt with the right cell, but its "
       "generation loop, copied from the RNN version, always steps with rnn_step_forward: for the LSTM the "
       "first new token is right, then the state becomes a (1, 4H) tanh of the gates and the next projection "
       "raises a shape error; the RNN path is right", "train", "generate", '''
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
                raise ValueError(f"unknown cell {cell!r}: expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
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
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                x = one_hot(idx, V)[None, :]
                h, _ = rnn_step_forward(x, h, Wx, Wh, b)
            return tokens
    '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-out-weight-from-Wh", "9", "to_torch_state fills out.weight with the transposed Wh (Wh typed for "
       "Wy in the last matrix line): out.weight is (4H, H) instead of (V, H); the four lstm.* entries and "
       "out.bias are right", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            Wx, Wh, b, Wy, by = (params[k] for k in ("Wx", "Wh", "b", "Wy", "by"))
            H = Wh.shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            def new(a):
                return np.array(a, dtype=np.float64, order="C")

            return {
                "lstm.weight_ih_l0": new(swap(Wx).T),
                "lstm.weight_hh_l0": new(swap(Wh).T),
                "lstm.bias_ih_l0": new(swap(b)),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": new(Wh.T),
                "out.bias": new(by),
            }
    '''),
    _e("from-torch-starts-from-state", "9", "from_torch_state starts its result as state.copy() and adds the "
       "five mapped entries (the step that was to drop the old keys never written): Wx, Wh, b, Wy and by are "
       "right, but the result also keeps the six PyTorch keys (11 keys instead of 5)", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            params = state.copy()
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            params["Wx"] = np.array(swap(state["lstm.weight_ih_l0"]).T, dtype=np.float64, order="C")
            params["Wh"] = np.array(swap(state["lstm.weight_hh_l0"]).T, dtype=np.float64, order="C")
            params["b"] = np.array(swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]), dtype=np.float64)
            params["Wy"] = np.array(state["out.weight"].T, dtype=np.float64, order="C")
            params["by"] = np.array(state["out.bias"], dtype=np.float64)
            return params
    '''),
]


if __name__ == "__main__":
    main(ENTRIES46)
