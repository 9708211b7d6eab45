"""Blind set 39: the mistakes an ordinary class brings to a TA's office hours.

The 24 mistakes a TA who graded last year's submissions by hand remembers seeing most often, across
every task, that none of the earlier sets contains. Each entry is ONE learner function written in full
from the stub's docstring alone (``exercises/*.py``), correct except for one realistic mistake. They were
written without reading the reference solution, the example submissions, the grader's judges or its
catalogues of known mistakes, and before seeing any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-backward-dprev-skips-tanh`` reads ada's ``rnn_step_forward`` cache as a tuple whose first four
  items are (x, prev_h, Wx, Wh) and whose last item is next_h;
- ``rnn-forward-step-result-not-unpacked`` makes the cache (x, h0, Wx, Wh, h) for ada's ``rnn_backward``
  (it raises before returning it);
- ``affine-backward-flattens-dscores-in-place`` reads ada's ``affine_forward`` cache as (h, Wy, ...):
  h first, Wy second;
- ``lstm-step-input-gate-forget-recurrent-block`` makes the cache
  (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c, tanh(next_c)) for ada's ``lstm_step_backward``;
- ``lstm-forward-input-t-minus-one`` makes the cache the list of ada's ``lstm_step_forward`` step caches,
  one per step in time order, for ada's ``lstm_backward``;
- ``lstm-backward-unpacks-dprev-c-first`` reads ada's ``lstm_forward`` cache as that list (``cache[t]`` is
  step t's cache for ada's ``lstm_step_backward``).

Measured once, before anything was changed after seeing it, at d654a7e: caught 22/24 (missed:
``split-test-fraction-rounding``: no case splits 0.8 / 0.2 or 0.9 / 0.1; ``affine-backward-flattens-dscores-in-place``:
the gradient checks do not look at the caller's dscores after the call), a named mistake or a pattern on 21/24 (also
none: ``tanh-grad-sech-not-squared``, whose first line gives the numbers).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES39: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-anbnan-eos-before-third-block", "1", "generate_dataset builds a^n b^n EOS for both variants and "
       "then appends the third block for 'anbnan': a^n b^n EOS a^n instead of a^n b^n a^n EOS ('anbn' is right)",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences: int, variant: str = "anbn", seed: int = 0) -> list[list[str]]:
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n + [EOS]
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequences.append(sequence)
            return sequences
    '''),
    _e("vocab-ties-casefolded", "1", "build_vocab breaks ties in dictionary order, key (-count, word.lower()): "
       "words of equal count that differ in case come out in the wrong order ('a' before 'EOS' instead of "
       "'EOS' before 'a'); right whenever tied words share their case", "data", "build_vocab", '''
        def build_vocab(sequences: list[list[str]], max_size: int | None = None) -> tuple[dict[str, int], list[str]]:
            if max_size is not None and max_size < 1:
                raise ValueError(f"max_size must be at least 1, got {max_size}")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            # most frequent first; equal counts in alphabetical (dictionary) order
            words = sorted(counts, key=lambda word: (-counts[word], word.lower()))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("decode-drops-unk", "1", "decode leaves out every index that maps to UNK ('unknown words carry no "
       "information'): the list is shorter than L whenever an id is UNK's", "data", "decode", '''
        def decode(ids: np.ndarray | list[int], idx_to_word: list[str]) -> list[str]:
            tokens = []
            for i in ids:
                word = idx_to_word[int(i)]
                if word == UNK:
                    continue
                tokens.append(word)
            return tokens
    '''),
    _e("one-hot-seq-range-check-all", "1", "one_hot_sequence checks the range with np.all instead of np.any "
       "(np.all(ids < 0) or np.all(ids >= V)): it raises only when every id is out of range, so one negative id "
       "wraps and one id >= V raises IndexError; and an empty sequence raises ValueError (np.all of nothing is True)",
       "data", "one_hot_sequence", '''
        def one_hot_sequence(ids: np.ndarray, V: int) -> np.ndarray:
            ids = np.asarray(ids)
            if np.all(ids < 0) or np.all(ids >= V):
                raise ValueError(f"indices must lie in [0, {V})")
            return np.eye(V)[ids]
    '''),
    _e("split-test-fraction-rounding", "1", "split_dataset validates through the test fraction "
       "1 - p_train - p_val < 0: floating-point rounding makes it slightly negative for valid splits such as "
       "0.8 / 0.2 or 0.9 / 0.1 (sum exactly 1), which raise ValueError; the cuts themselves are right",
       "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            p_test = 1.0 - p_train - p_val
            if p_train < 0 or p_val < 0 or p_test < 0:
                raise ValueError(f"bad fractions: train {p_train}, val {p_val}, test {p_test}")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, val, test
    '''),

    # ---- task 2: activations and loss --------------------------------------------------------------------
    _e("softmax-clipped-keras-epsilon", "2", "softmax clips the probabilities to [1e-7, 1 - 1e-7] (Keras's "
       "epsilon, 'so that log p stays finite'): right for ordinary logits, but saturated rows (e.g. logits of "
       "+-1e4) give 1e-7 instead of 0, and a row with several clipped entries no longer sums to one",
       "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            shifted = x - np.max(x, axis=axis, keepdims=True)
            e = np.exp(shifted)
            p = e / np.sum(e, axis=axis, keepdims=True)
            # keep the probabilities away from exactly 0 and 1 so that their log stays finite
            return np.clip(p, 1e-7, 1 - 1e-7)
    '''),
    _e("sigmoid-grad-sigmoid-twice", "2", "sigmoid_grad evaluates s = sigmoid(x) and then applies the sigmoid "
       "again inside the formula: sigmoid(s) * (1 - sigmoid(s)) instead of s * (1 - s) (wrong everywhere)",
       "activations", "sigmoid_grad", '''
        def sigmoid_grad(x: np.ndarray) -> np.ndarray:
            s = sigmoid(x)
            return sigmoid(s) * (1 - sigmoid(s))
    '''),
    _e("tanh-grad-sech-not-squared", "2", "tanh_grad returns sech(x) = 1 / cosh(x), the 'derivative of tanh is "
       "sech' half-remembered, instead of sech(x)^2 = 1 - tanh(x)^2 (right at x = 0 and in the far tails only)",
       "activations", "tanh_grad", '''
        def tanh_grad(x: np.ndarray) -> np.ndarray:
            # d/dx tanh(x) = sech(x)
            return 1.0 / np.cosh(x)
    '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-tied-output-weights", "3", "init_rnn_params ties the output layer to the input weights "
       "(Wy = Wx.T, 'one-hot in, one-hot out', weight tying) instead of drawing Wy = orthogonal((H, V)) third: "
       "(H, D) instead of (H, V) when D != V, and when D == V not the specified draw and a view of Wx",
       "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            # the inputs and the outputs are both one-hot words: tie the output projection to the input weights
            Wy = Wx.T
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    _e("lstm-init-wy-vocab-rows", "3", "init_lstm_params draws the output layer as orthogonal((V, H)), one row "
       "per word (nn.Linear's (out, in) weight), instead of orthogonal((H, V)): Wy is (V, H), the transpose of "
       "the specified matrix; the gate blocks and biases are right", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = np.concatenate([orthogonal((D, H), rng) for _ in range(4)], axis=1)
            Wh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=1)
            Wy = orthogonal((V, H), rng)  # output layer: one row per word
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),

    # ---- task 4: vanilla RNN -----------------------------------------------------------------------------
    _e("rnn-step-backward-dprev-skips-tanh", "4", "rnn_step_backward sends dprev_h = dnext_h Wh^T, the "
       "upstream gradient before tanh's derivative, instead of da Wh^T; dx, dWx, dWh and db use da and are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            x, prev_h, Wx, Wh = cache[:4]
            next_h = cache[-1]
            da = dnext_h * (1 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = dnext_h @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-forward-step-result-not-unpacked", "4", "rnn_forward treats rnn_step_forward as returning the new "
       "state alone: next_h = rnn_step_forward(...) is the (next_h, cache) pair, so storing it in h[:, t] "
       "raises on every input", "rnn", "rnn_forward", '''
        def rnn_forward(
            x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                next_h = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
                h[:, t] = next_h
                prev_h = next_h
            cache = (x, h0, Wx, Wh, h)
            return h, cache
    '''),
    _e("affine-backward-flattens-dscores-in-place", "4", "affine_backward flattens the upstream gradient by "
       "assigning dscores.shape = (N*T, V) (no copy): dh, dWy and dby are right, but the caller's dscores "
       "array is left reshaped to 2-D", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dscores.shape = (N * T, V)  # one row per (sequence, step), without copying
            dh = (dscores @ Wy.T).reshape(N, T, H)
            dWy = h.reshape(N * T, H).T @ dscores
            dby = dscores.sum(axis=0)
            return dh, dWy, dby
    '''),

    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-concat-empty-dict", "5", "clip_by_global_norm measures the norm of "
       "np.concatenate([g.ravel() ...]): right for every non-empty gradient dict, but an empty one raises "
       "ValueError (nothing to concatenate) instead of returning ({}, 0.0)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError(f"max_norm must be positive, got {max_norm}")
            flat = np.concatenate([np.ravel(g) for g in grads.values()])
            norm = float(np.sqrt(np.sum(flat ** 2)))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-unit-box-not-rescaled", "5", "clip_by_value clamps in units of the threshold, "
       "np.clip(g / clip_value, -1, 1), and forgets to multiply back by clip_value: every entry is divided by "
       "clip_value (right only for clip_value = 1)", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError(f"clip_value must be positive, got {clip_value}")
            return {k: np.clip(g / clip_value, -1.0, 1.0) for k, g in grads.items()}
    '''),

    # ---- task 6: LSTM ------------------------------------------------------------------------------------
    _e("lstm-step-input-gate-forget-recurrent-block", "6", "lstm_step_forward computes each gate with its own "
       "slices and copies the forget line for the input gate without editing the recurrent slice: "
       "i = sigmoid(x Wx[:, H:2H] + prev_h Wh[:, 0:H] + b[H:2H]) (right whenever prev_h is zero, e.g. the first "
       "step from h0 = 0)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            f = sigmoid(x @ Wx[:, 0:H] + prev_h @ Wh[:, 0:H] + b[0:H])
            i = sigmoid(x @ Wx[:, H:2 * H] + prev_h @ Wh[:, 0:H] + b[H:2 * H])
            g = np.tanh(x @ Wx[:, 2 * H:3 * H] + prev_h @ Wh[:, 2 * H:3 * H] + b[2 * H:3 * H])
            o = sigmoid(x @ Wx[:, 3 * H:4 * H] + prev_h @ Wh[:, 3 * H:4 * H] + b[3 * H:4 * H])
            next_c = f * prev_c + i * g
            tanh_c = np.tanh(next_c)
            next_h = o * tanh_c
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c, tanh_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-forward-input-t-minus-one", "6", "lstm_forward feeds x[:, t - 1] to step t (the t - 1 of "
       "h_{t-1} carried over to the input): every step reads the previous step's input and step 0 reads the "
       "last one", "lstm", "lstm_forward", '''
        def lstm_forward(
            x: np.ndarray, h0: np.ndarray, c0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, Any]:
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            prev_h, prev_c = h0, c0
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t - 1], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, caches
    '''),
    _e("lstm-backward-unpacks-dprev-c-first", "6", "lstm_backward unpacks lstm_step_backward's results as "
       "(dx, dprev_c, dprev_h, ...) (TensorFlow's (c, h) order) instead of (dx, dprev_h, dprev_c, ...): the two "
       "carries are swapped between steps, and so are the returned dh0 and dc0", "lstm", "lstm_backward", '''
        def lstm_backward(dh: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            N, T, H = dh.shape
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            dxs = [None] * T
            dWx = dWh = db = 0.0
            for t in reversed(range(T)):
                dx_t, dnext_c, dnext_h, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dnext_h, dnext_c, cache[t]
                )
                dxs[t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            dx = np.stack(dxs, axis=1)
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),

    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("rmsprop-cumulative-mean-square", "7", "RMSprop.step keeps the plain running mean of the squared "
       "gradients over all steps so far, s <- s + (g^2 - s) / k (k counted in an attribute of its own), "
       "instead of the exponential average alpha s + (1 - alpha) g^2: alpha is never used, the first step is "
       "lr * sign(g)", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.num_steps = getattr(self, "num_steps", 0) + 1
            k = self.num_steps
            for name, p in params.items():
                g = grads[name]
                s = self.square_avg.get(name, np.zeros_like(p))
                # running mean of the squared gradients seen so far
                s = s + (g ** 2 - s) / k
                self.square_avg[name] = s
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-correction-without-power", "7", "Adam.step counts the steps but bias-corrects with the constants "
       "1 - beta1 and 1 - beta2 (the ** k left out): right on the first step, then m_hat and v_hat stay about "
       "10 and 1000 times too large", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1)
                v_hat = self.v[name] / (1 - self.beta2)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),

    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-minibatch-built-but-unused", "8", "train builds each shuffled mini-batch but calls model_loss on "
       "the whole train_batch: every update is a full-batch step (N / batch_size of them per epoch) and the "
       "recorded losses are full-batch losses; right when batch_size is None", "train", "train", '''
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
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    mini = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, train_batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tokens = int(mini.mask.sum())
                    total += float(loss) * n_tokens
                    tokens += n_tokens
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    _e("generate-never-picks-unk", "8", "generate zeroes UNK's probability and renormalises before choosing "
       "('never output the unknown word'): greedy decoding differs whenever UNK has the largest probability, and "
       "sampling draws from the renormalised distribution", "train", "generate", '''
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
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a random generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            unk = V - 1  # UNK always sits last
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(idx, h, c):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = advance(idx, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                p[unk] = 0.0  # never produce the unknown-word token
                p = p / p.sum()
                idx = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[idx]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = advance(idx, h, c)
            return tokens
    '''),

    # ---- task 9: the torch map ---------------------------------------------------------------------------
    _e("to-torch-bias-through-matrix-helper", "9", "to_torch_state's gate-swap helper works on "
       "a.reshape(-1, 4, H) and reshapes back to (-1, 4H): right for Wx and Wh, but the 1-D bias comes back "
       "as a (1, 4H) row, so lstm.bias_ih_l0 has the wrong shape (values and order right)",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap_gates(a):
                # (rows, 4H) -> (rows, 4, H): exchange the forget and input blocks, then back to (rows, 4H)
                return a.reshape(-1, 4, H)[:, [1, 0, 2, 3]].reshape(-1, 4 * H)

            return {
                "lstm.weight_ih_l0": np.array(swap_gates(params["Wx"]).T, dtype=np.float64, order="C"),
                "lstm.weight_hh_l0": np.array(swap_gates(params["Wh"]).T, dtype=np.float64, order="C"),
                "lstm.bias_ih_l0": np.array(swap_gates(params["b"]), dtype=np.float64, order="C"),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.array(params["Wy"].T, dtype=np.float64, order="C"),
                "out.bias": np.array(params["by"], dtype=np.float64, order="C"),
            }
    '''),
    _e("from-torch-swaps-through-transpose-view", "9", "from_torch_state swaps the gate blocks in place on "
       "weight_ih.T and weight_hh.T (views of the state's arrays): the returned values are right, but Wx and Wh "
       "are views, not new arrays, and the caller's weight_ih_l0 and weight_hh_l0 have their input and forget "
       "rows exchanged", "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = state["lstm.weight_hh_l0"].shape[1]

            def swap_gates(a):
                # exchange the first two H-wide blocks of the last axis (i, f -> f, i)
                a[..., :H], a[..., H:2 * H] = a[..., H:2 * H].copy(), a[..., :H].copy()
                return a

            Wx = swap_gates(state["lstm.weight_ih_l0"].T)
            Wh = swap_gates(state["lstm.weight_hh_l0"].T)
            b = swap_gates(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"])
            Wy = state["out.weight"].T.copy()
            by = state["out.bias"].copy()
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
    '''),
]

if __name__ == "__main__":
    main(ENTRIES39)
