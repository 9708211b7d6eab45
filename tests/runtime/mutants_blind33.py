"""Blind set 33: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the mistakes a TA who
graded last year's submissions by hand remembers seeing most often (a Python gotcha, a misplaced
parenthesis, a step done in the wrong order, a check put after an early return, a helper applied to one
array too many, ...). They were written without reading the reference solution, the example submissions,
the grader's judges or its catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another (ada's) function makes or reads:

- ``rnn-step-outside-tanh`` (rnn_step_forward) hands ada's rnn_step_backward the tuple
  ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-forward-stores-preactivation`` (rnn_forward) hands ada's rnn_backward the tuple
  ``(x, h0, h, Wx, Wh, b)``;
- ``affine-backward-batched-dwy-unsummed`` (affine_backward) reads ``h`` and ``Wy`` as the first two items
  of ada's affine_forward cache;
- ``lstm-step-forget-distributed`` (lstm_step_forward) hands ada's lstm_step_backward the tuple
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-forward-step-args-c-h`` (lstm_forward) hands ada's lstm_backward the list of ada's own step caches.

Measured once, before anything was changed after seeing it, at 615a6d5: caught 22/24 (missed:
``decode-range-check-max-empty`` and ``clip-value-empty-return-before-check``: no case decodes an empty list or
clips an empty dict), a named mistake or a pattern on 19/24 (also none: ``data-dedup-sequences``, whose first
line says 5 sequences came back for 64, ``lstm-init-np-array-of-blocks``, whose first line gives both shapes, and
``train-history-fromkeys-shared-list``, whose first line says 6 losses came back for 3).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES33: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-dedup-sequences", "1", "generate_dataset drops repeated sequences ('no duplicates in a data set'): "
       "with n in 1..5 it returns at most 5 distinct sequences instead of num_sequences", "data",
       "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            seen = set()
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequence.append(EOS)
                # the same sequence twice adds nothing to the data set
                key = tuple(sequence)
                if key in seen:
                    continue
                seen.add(key)
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-enumerate-from-one", "1", "build_vocab numbers the words from 1 (enumerate(..., start=1), index 0 "
       "'kept free for padding') while idx_to_word stays the plain list: word_to_idx['UNK'] == V, and "
       "idx_to_word[word_to_idx[w]] is the next word, not w", "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word, start=1)}
            return word_to_idx, idx_to_word
        '''),
    _e("encode-preallocated-float", "1", "encode preallocates the ids with np.zeros(len(tokens)) and fills them "
       "in a loop: the right values, but a float64 array instead of int64 (unusable as an index)", "data",
       "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            ids = np.zeros(len(tokens))
            for position, token in enumerate(tokens):
                ids[position] = word_to_idx.get(token, unk)
            return ids
        '''),
    _e("decode-range-check-max-empty", "1", "decode adds a range check with max(ids) and min(ids): an empty id "
       "list (allowed, L = 0) raises ValueError ('max() arg is an empty sequence') instead of returning []",
       "data", "decode", '''
        def decode(ids: np.ndarray | list[int], idx_to_word: list[str]) -> list[str]:
            V = len(idx_to_word)
            if max(ids) >= V or min(ids) < 0:
                raise ValueError(f"indices must lie in [0, {V})")
            return [idx_to_word[int(i)] for i in ids]
        '''),
    _e("one-hot-seq-array-of-rows-empty", "1", "one_hot_sequence builds np.array([one_hot(i, V) for i in ids]) "
       "(reusing one_hot and its range check): right for every non-empty sequence, but an empty one gives "
       "shape (0,) instead of (0, V)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            # one_hot already rejects indices outside [0, V)
            return np.array([one_hot(int(i), V) for i in ids])
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-python-if-on-array", "2", "sigmoid picks the stable branch with a Python `if x >= 0:` (written "
       "with one number in mind): right for a scalar or a one-entry array, but every array with two or more "
       "entries raises ValueError (ambiguous truth value)", "activations", "sigmoid", '''
        def sigmoid(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            if x >= 0:
                return 1.0 / (1.0 + np.exp(-x))
            e = np.exp(x)
            return e / (1.0 + e)
        '''),
    _e("softmax-mean-shift", "2", "softmax centres the logits on their mean along axis instead of subtracting "
       "the max: the same values for ordinary logits, but some exponents stay positive, so logits of +-1e4 "
       "overflow (inf / inf = nan)", "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x = np.asarray(x, dtype=np.float64)
            centred = x - x.mean(axis=axis, keepdims=True)
            e = np.exp(centred)
            return e / e.sum(axis=axis, keepdims=True)
        '''),
    _e("ce-sanitises-padded-targets-in-place", "2", "cross_entropy makes the padded targets a safe index with "
       "y[~mask] = 0 before gathering on the full (N, T, V) array: loss and gradient are right, but the "
       "caller's y is overwritten on every padded step", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean cross-entropy is undefined")
            # padded steps may hold any target: make them a valid index before gathering
            y[~mask] = 0
            N, T, V = scores.shape
            m = scores.max(axis=-1, keepdims=True)
            shifted = scores - m
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
            picked = log_p[n_idx, t_idx, y]
            loss = -picked[mask].sum() / M
            dscores = np.exp(log_p)
            dscores[n_idx, t_idx, y] -= 1.0
            dscores *= mask[..., None] / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-fixed-seed-42", "3", "init_rnn_params replaces the rng it is given with "
       "np.random.default_rng(42) 'so that runs are reproducible': right shapes and orthogonal matrices, but "
       "always the same draw, whatever rng the caller passes", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            rng = np.random.default_rng(42)  # reproducible runs
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    _e("lstm-init-np-array-of-blocks", "3", "init_lstm_params combines the four gate blocks with np.array([...]) "
       "(a new leading axis) instead of concatenating them side by side: Wx is (4, D, H) and Wh (4, H, H) "
       "instead of (D, 4H) and (H, 4H); the draws, b, Wy and by are right", "initialisation",
       "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.array([orthogonal((D, H), rng) for _ in range(4)])
            Wh = np.array([orthogonal((H, H), rng) for _ in range(4)])
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: vanilla RNN ---------------------------------------------------------------------------
    _e("rnn-step-outside-tanh", "4", "rnn_step_forward closes tanh's parenthesis too early: "
       "next_h = tanh(x Wx + b) + prev_h Wh instead of tanh(x Wx + prev_h Wh + b) (the recurrent term "
       "escapes the squashing; right only when prev_h is zero)", "rnn", "rnn_step_forward", '''
        def rnn_step_forward(
            x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            next_h = np.tanh(x @ Wx + b) + prev_h @ Wh
            cache = (x, prev_h, Wx, Wh, next_h)
            return next_h, cache
        '''),
    _e("rnn-forward-stores-preactivation", "4", "rnn_forward stores the pre-activation a_t in h[:, t] (h[:, t] = a "
       "typed for next_h) while carrying the right state tanh(a_t) to the next step", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = Wh.shape[0]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                a = xw[:, t] + prev_h @ Wh
                next_h = np.tanh(a)
                h[:, t] = a
                prev_h = next_h
            cache = (x, h0, h, Wx, Wh, b)
            return h, cache
        '''),
    _e("affine-backward-batched-dwy-unsummed", "4", "affine_backward forms dWy with a batched matmul, "
       "h.transpose(0, 2, 1) @ dscores, one (H, V) product per sequence, and forgets to sum over the batch: "
       "dWy is (N, H, V) instead of (H, V); dh and dby are right", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            dh = dscores @ Wy.T
            dWy = h.transpose(0, 2, 1) @ dscores
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping ------------------------------------------------------------------------------
    _e("clip-norm-mean-over-gradients", "5", "clip_by_global_norm combines the gradients' sums of squares with "
       "np.mean over the K gradients instead of adding them: the global norm is sqrt(K) times too small, so "
       "gradients are clipped too little or not at all (and the returned norm is wrong)", "clipping",
       "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            squares = [np.sum(g ** 2) for g in grads.values()]
            norm = float(np.sqrt(np.mean(squares))) if squares else 0.0
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-empty-return-before-check", "5", "clip_by_value returns {} for an empty gradient dict before "
       "validating clip_value: clip_value <= 0 with no gradients returns {} instead of raising ValueError "
       "(non-empty dicts are right)", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if not grads:
                return {}
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return {k: np.clip(g, -clip_value, clip_value) for k, g in grads.items()}
        '''),
    # ---- task 6: LSTM ----------------------------------------------------------------------------------
    _e("lstm-step-forget-distributed", "6", "lstm_step_forward brackets the cell update as "
       "c = f * (prev_c + i * g) instead of f * prev_c + i * g: the forget gate also scales the new input",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * (prev_c + i * g)
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-forward-step-args-c-h", "6", "lstm_forward calls lstm_step_forward(x_t, prev_c, prev_h, ...), the two "
       "states passed in the wrong order (the results are unpacked right): from the second step on the "
       "gates read the previous cell and the cell update the previous hidden state", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t], prev_c, prev_h, Wx, Wh, b)
                h[:, t] = next_h
                caches.append(step_cache)
                prev_h, prev_c = next_h, next_c
            return h, caches
        '''),
    # ---- task 7: optimisers ----------------------------------------------------------------------------
    _e("sgd-velocity-starts-at-zero-after-first-step", "7", "SGD.step with momentum steps with g on a "
       "parameter's first step but stores zeros as its velocity: the first gradient never enters the "
       "velocity, so from the second step v = mu v + g is short by mu^(k-1) g_1 (right without momentum)",
       "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = np.zeros_like(g)
                        update = g
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                        update = self.velocity[k]
                else:
                    update = g
                p -= self.lr * update
        '''),
    _e("adam-step-before-moments", "7", "Adam.step moves p with the stored moments and only then folds the new "
       "gradient into m and v: the first step does not move (m = v = 0), and every later step uses the "
       "previous step's moments with this step's bias correction", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
        '''),
    # ---- task 8: training and generation ---------------------------------------------------------------
    _e("model-loss-softmax-before-ce", "8", "model_loss turns the scores into probabilities with softmax before "
       "calling cross_entropy, which applies its own softmax: the loss is that of softmax(softmax(scores)) "
       "(near ln V) and the gradients are wrong", "train", "model_loss", '''
        def model_loss(
            params: dict[str, np.ndarray], batch: Batch, cell: str = "lstm"
        ) -> tuple[float, dict[str, np.ndarray]]:
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            X, y, mask = batch.X, batch.y, batch.mask
            N = X.shape[0]
            H = params["Wh"].shape[0]
            h0 = np.zeros((N, H))
            if cell == "rnn":
                h, cell_cache = rnn_forward(X, h0, params["Wx"], params["Wh"], params["b"])
            else:
                c0 = np.zeros((N, H))
                h, cell_cache = lstm_forward(X, h0, c0, params["Wx"], params["Wh"], params["b"])
            scores, out_cache = affine_forward(h, params["Wy"], params["by"])
            probs = softmax(scores, axis=-1)
            loss, dprobs = cross_entropy(probs, y, mask)
            dh, dWy, dby = affine_backward(dprobs, out_cache)
            if cell == "rnn":
                _, _, dWx, dWh, db = rnn_backward(dh, cell_cache)
            else:
                _, _, _, dWx, dWh, db = lstm_backward(dh, cell_cache)
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            return loss, grads
        '''),
    _e("train-history-fromkeys-shared-list", "8", "train builds its history with dict.fromkeys(('train_loss', "
       "'val_loss'), []): both keys hold the same list, so each list has 2 * epochs entries, training and "
       "validation losses interleaved; the training itself is right", "train", "train", '''
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
            history = dict.fromkeys(("train_loss", "val_loss"), [])
            X, y, mask = train_batch.X, train_batch.y, train_batch.mask
            N = X.shape[0]
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
                    n = int(batch.mask.sum())
                    total += loss * n
                    tokens += n
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-greedy-branches-swapped", "8", "generate's two branches of the greedy test are swapped "
       "(`if not greedy:` takes the argmax): the default greedy call samples with rng=None and raises "
       "AttributeError, and greedy=False decodes greedily", "train", "generate", '''
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
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def feed(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = feed(int(idx), h, c)
            tokens = list(prompt)
            eos = word_to_idx.get(EOS)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if not greedy:
                    idx = int(np.argmax(p))
                else:
                    idx = int(rng.choice(V, p=p))
                tokens.append(idx_to_word[idx])
                if idx == eos:
                    break
                h, c = feed(idx, h, c)
            return tokens
        '''),
    # ---- task 9: the torch map -------------------------------------------------------------------------
    _e("to-torch-swap-tail-left-zero", "9", "to_torch_state's gate-swap helper fills np.zeros_like(a) with the "
       "swapped forget and input blocks and forgets to copy the rest: the candidate and output blocks of "
       "weight_ih, weight_hh and bias_ih are all zeros", "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            def swap_fi(a):
                H = a.shape[-1] // 4
                out = np.zeros_like(a)
                out[..., :H] = a[..., H:2 * H]
                out[..., H:2 * H] = a[..., :H]
                return out

            bias_ih = swap_fi(params["b"])
            return {
                "lstm.weight_ih_l0": swap_fi(params["Wx"]).T.copy(),
                "lstm.weight_hh_l0": swap_fi(params["Wh"]).T.copy(),
                "lstm.bias_ih_l0": bias_ih,
                "lstm.bias_hh_l0": np.zeros_like(bias_ih),
                "out.weight": params["Wy"].T.copy(),
                "out.bias": params["by"].copy(),
            }
        '''),
    _e("from-torch-reorders-output-layer", "9", "from_torch_state runs every entry of the state through its "
       "gate-reorder helper in one loop, out.weight and out.bias included: Wy's columns and by's entries "
       "H..2H-1 and 0..H-1 change places (right shapes; right only when V <= H)", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def to_numpy_order(a):
                # PyTorch stacks i, f, g, o along the first axis; NumPy wants f, i, g, o
                return np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)

            params = {"b": np.zeros(4 * H)}
            for name, value in state.items():
                fixed = to_numpy_order(value)
                if fixed.ndim == 2:
                    fixed = fixed.T.copy()
                if name == "lstm.weight_ih_l0":
                    params["Wx"] = fixed
                elif name == "lstm.weight_hh_l0":
                    params["Wh"] = fixed
                elif name.startswith("lstm.bias"):
                    params["b"] = params["b"] + fixed
                elif name == "out.weight":
                    params["Wy"] = fixed
                elif name == "out.bias":
                    params["by"] = fixed
            return params
        '''),
]

if __name__ == "__main__":
    main(ENTRIES33)
