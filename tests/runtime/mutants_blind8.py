"""An eighth blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Twenty entries over tasks 1-9 (three for tasks 1 and 7, two for every other task). Each is ONE learner
function written in full from the stub's docstring alone (``exercises/*.py``), correct except for one
realistic mistake that none of the earlier blind sets (``mutants_blind.py`` to ``mutants_blind7.py``,
whose ids and one-line descriptions only were read) contains. They were written without reading the
reference solution, the example submissions, the grader's judges or its catalogues of known mistakes,
and before seeing any grader output; none was changed after the grader had graded it. An entry that
turns out to be accidentally correct stays in the set and in the numbers.

Most entries sit in functions whose inputs and outputs the docstrings fix. Tasks 4 and 6 have no such
function, so two entries guess a cache layout that ada's code never documents: the two
``affine_backward`` entries read ``h, Wy = cache[0], cache[1]``, and the two ``lstm_step_forward``
entries hand ada's ``lstm_step_backward`` the cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``.
If that guess is wrong, the backward checks of the same task fail for a reason the entry's ``about``
does not describe.

Measured once, before anything was changed after seeing it (at the commit that added it; the descriptions of
this session's earlier commits were written before it was seen): caught 20/20, a named mistake or a pattern on
18/20 (``encode-empty-float`` and ``clip-value-sign-lost`` got none). Read one by one, 16/20 in words that say
where or how: the two task-6 forward mistakes (``lstm-candidate-tanh-of-sigmoid``, ``lstm-step-no-bias``) count
only through the backward check's "both are wrong", their forward checks got numbers alone.

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind8
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES8: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("encode-empty-float", "1", "encode builds np.array(list) with no dtype: an empty token list gives a "
       "float64 array of shape (0,), not int64", "data", "encode", '''
        def encode(tokens: list[str], word_to_idx: dict[str, int]) -> np.ndarray:
            unk = word_to_idx[UNK]
            return np.array([word_to_idx.get(token, unk) for token in tokens])
        '''),
    _e("decode-stops-at-eos", "1", "decode stops at the first EOS: drops EOS and every token after it "
       "instead of mapping all L indices", "data", "decode", '''
        def decode(ids: np.ndarray | list[int], idx_to_word: list[str]) -> list[str]:
            tokens = []
            for i in ids:
                word = idx_to_word[int(i)]
                if word == EOS:
                    break
                tokens.append(word)
            return tokens
        '''),
    _e("split-val-of-remainder", "1", "split_dataset takes the validation part as floor(p_val * (L - n_train)), "
       "a fraction of what training left, not of L (256 gives 204 / 5 / 47)", "data", "split_dataset", '''
        def split_dataset(
            sequences: list, p_train: float = 0.8, p_val: float = 0.1
        ) -> tuple[list, list, list]:
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative and sum to at most 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * (L - n_train))
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return list(train), list(val), list(test)
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("softmax-in-place", "2", "softmax works in the caller's array (x -= max; np.exp(x, out=x); x /= sum) and "
       "returns it: right values, but the input logits are overwritten", "activations", "softmax", '''
        def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
            x -= x.max(axis=axis, keepdims=True)
            np.exp(x, out=x)
            x /= x.sum(axis=axis, keepdims=True)
            return x
        '''),
    _e("ce-logsumexp-unshifted", "2", "cross_entropy computes log p = x - log(sum(exp(x))) without subtracting "
       "the max first: overflow, inf and nan for large logits", "activations", "cross_entropy", '''
        def cross_entropy(scores: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token")
            valid = scores[mask]
            targets = y[mask]
            rows = np.arange(M)
            log_p = valid - np.log(np.exp(valid).sum(axis=1, keepdims=True))
            loss = -log_p[rows, targets].sum() / M
            dvalid = np.exp(log_p)
            dvalid[rows, targets] -= 1.0
            dscores = np.zeros_like(scores, dtype=np.float64)
            dscores[mask] = dvalid / M
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-tanh-gain", "3", "orthogonal multiplies its result by PyTorch's tanh gain 5/3: W.T W = "
       "(25/9) I instead of I", "initialisation", "orthogonal", '''
        def orthogonal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows < cols:
                Q = Q.T
            gain = 5.0 / 3.0  # torch.nn.init.calculate_gain("tanh")
            return gain * Q
        '''),
    _e("rnn-init-identity-Wh", "3", "init_rnn_params sets Wh to the identity (the IRNN trick) instead of "
       "orthogonal((H, H)): Wy then takes the rng's second draw", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D: int, H: int, V: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
            Wx = orthogonal((D, H), rng)
            Wh = np.eye(H)  # identity recurrence: gradients neither explode nor vanish at the start
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn ---------------------------------------------------------------------------------------
    _e("affine-backward-outer-of-sums", "4", "affine_backward forms dWy as the outer product of the summed h and "
       "the summed dscores (sum, then multiply) instead of summing h_t^T dscores_t", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            dh = dscores @ Wy.T
            dWy = np.outer(h.sum(axis=(0, 1)), dscores.sum(axis=(0, 1)))
            dby = dscores.sum(axis=(0, 1))
            return dh, dWy, dby
        '''),
    _e("affine-backward-dWy-last-step", "4", "affine_backward loops over t and assigns dWy = h_t^T dscores_t "
       "instead of adding it: dWy holds the last step's term only", "rnn", "affine_backward", '''
        def affine_backward(dscores: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
            h, Wy = cache[0], cache[1]
            N, T, V = dscores.shape
            dh = np.zeros((N, T, Wy.shape[0]))
            dWy = np.zeros_like(Wy)
            dby = np.zeros(V)
            for t in range(T):
                dh[:, t] = dscores[:, t] @ Wy.T
                dWy = h[:, t].T @ dscores[:, t]
                dby += dscores[:, t].sum(axis=0)
            return dh, dWy, dby
        '''),
    # ---- task 5: clipping ----------------------------------------------------------------------------------
    _e("clip-norm-spectral", "5", "clip_by_global_norm measures each gradient with np.linalg.norm(g, 2): the "
       "spectral norm (largest singular value) of a matrix, not its Frobenius norm",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(
            grads: dict[str, np.ndarray], max_norm: float
        ) -> tuple[dict[str, np.ndarray], float]:
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.linalg.norm(g, 2) ** 2 for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
        '''),
    _e("clip-value-sign-lost", "5", "clip_by_value replaces every entry with |g| > clip_value by +clip_value: "
       "large negative entries flip to the positive bound", "clipping", "clip_by_value", '''
        def clip_by_value(grads: dict[str, np.ndarray], clip_value: float) -> dict[str, np.ndarray]:
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            return {k: np.where(np.abs(g) > clip_value, clip_value, g) for k, g in grads.items()}
        '''),
    # ---- task 6: lstm --------------------------------------------------------------------------------------
    _e("lstm-candidate-tanh-of-sigmoid", "6", "lstm_step_forward applies sigmoid to all of a, then tanh to the "
       "candidate's sigmoid: g = tanh(sigmoid(a_g)) instead of tanh(a_g)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            s = sigmoid(a)
            f = s[:, 0:H]
            i = s[:, H:2 * H]
            g = np.tanh(s[:, 2 * H:3 * H])
            o = s[:, 3 * H:4 * H]
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-no-bias", "6", "lstm_step_forward leaves the bias out of the pre-activation: "
       "a = x Wx + prev_h Wh (right when b = 0 only)", "lstm", "lstm_step_forward", '''
        def lstm_step_forward(
            x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray, Any]:
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    # ---- task 7: optimisers --------------------------------------------------------------------------------
    _e("sgd-scales-grad-in-place", "7", "SGD.step without momentum scales the caller's gradient in place "
       "(g *= lr; p -= g): right parameters, grads[k] left holding lr * g", "optim", "SGD.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                if self.momentum:
                    if k not in self.velocity:
                        self.velocity[k] = g.copy()
                    else:
                        self.velocity[k] = self.momentum * self.velocity[k] + g
                    p -= self.lr * self.velocity[k]
                else:
                    g *= self.lr
                    p -= g
        '''),
    _e("rmsprop-average-not-stored", "7", "RMSprop.step updates the running average in a local variable and "
       "never stores it: every step starts again from s = 0", "optim", "RMSprop.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            for k, p in params.items():
                g = grads[k]
                s = self.square_avg.get(k, np.zeros_like(p))
                s = self.alpha * s + (1 - self.alpha) * g ** 2
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-v-corrected-with-beta1", "7", "Adam.step bias-corrects v with beta1 (v / (1 - beta1^k)), a "
       "copy-paste slip, instead of beta2", "optim", "Adam.step", '''
        def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta1 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),
    # ---- task 8: training and generation -------------------------------------------------------------------
    _e("train-loss-last-batch", "8", "train records the epoch's last mini-batch loss as its training loss "
       "(epoch_loss = loss) instead of the token-weighted mean over the epoch", "train", "train", '''
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
            history: dict[str, list[float]] = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    batches = [train_batch]
                else:
                    order = rng.permutation(N)
                    batches = []
                    for start in range(0, N, batch_size):
                        idx = order[start:start + batch_size]
                        batches.append(Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx]))
                epoch_loss = 0.0
                for batch in batches:
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    epoch_loss = loss
                val_loss, _ = model_loss(params, val_batch, cell)
                history["train_loss"].append(float(epoch_loss))
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-skips-last-prompt-token", "8", "generate reads only prompt[:-1] before the first prediction: "
       "the prompt's last token is never fed in (a one-token prompt predicts from zero states)",
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
            if len(prompt) == 0:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            state = {"h": np.zeros((1, H)), "c": np.zeros((1, H))}

            def feed(idx: int) -> None:
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    state["h"], _ = rnn_step_forward(x, state["h"], params["Wx"], params["Wh"], params["b"])
                else:
                    state["h"], state["c"], _ = lstm_step_forward(
                        x, state["h"], state["c"], params["Wx"], params["Wh"], params["b"]
                    )

            ids = encode(prompt, word_to_idx)
            for idx in ids[:-1]:
                feed(int(idx))
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(state["h"] @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                tokens.append(idx_to_word[nxt])
                if idx_to_word[nxt] == EOS:
                    break
                feed(nxt)
            return tokens
        '''),
    # ---- task 9: torch port --------------------------------------------------------------------------------
    _e("to-torch-swaps-in-place", "9", "to_torch_state swaps the gate blocks inside params' own arrays "
       "(a[..., :2H] = concatenate(...)): right state, but the caller's Wx, Wh and b are left in order i, f, g, o",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            H = params["Wh"].shape[0]

            def swap(a: np.ndarray) -> np.ndarray:
                a[..., :2 * H] = np.concatenate([a[..., H:2 * H], a[..., :H]], axis=-1)
                return a

            Wx = swap(params["Wx"])
            Wh = swap(params["Wh"])
            b = swap(params["b"])
            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(Wx.T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(Wh.T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(b, dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-Wh-not-reordered", "9", "from_torch_state reorders the gates of weight_ih and of the folded "
       "bias but only transposes weight_hh: Wh keeps PyTorch's gate order i, f, g, o",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            w_ih = state["lstm.weight_ih_l0"]
            w_hh = state["lstm.weight_hh_l0"]
            H = w_hh.shape[1]

            def swap(a: np.ndarray) -> np.ndarray:
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(w_ih.T),
                "Wh": w_hh.T.copy(),
                "b": swap(state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES8)
