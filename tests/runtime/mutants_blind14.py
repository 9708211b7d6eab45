"""Blind set 14 of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets (1 to 13) contains. This set leans
on two sources of mistakes: habits a student brings from PyTorch, TensorFlow/Keras, scikit-learn or
well-known tutorials (axis and layout conventions, in-place updates, defaults, reductions, gate handling,
key names), and the parts of each docstring that state edge cases (empty inputs, 0-d arrays, square
shapes, one-step sequences, an empty prompt). The entries were written without reading the reference
solution, the example submissions, the grader's judges or its catalogues of known mistakes, and before
any grader output; an entry that turns out to be accidentally correct stays in the set.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-step-backward-dprev-untransposed`` reads the step cache as ``(x, prev_h, Wx, Wh, next_h)``;
- ``rnn-backward-forward-loop`` reads rnn_forward's cache as a list of step caches, one per t
  (``cache[t]``), handed to ada's rnn_step_backward;
- ``affine-forward-linear-transpose`` makes the cache ``(h, Wy, by)`` (it raises before that when H != V);
- ``lstm-step-tf-forget-bias`` makes, and ``lstm-step-backward-dprev-c-dnext-only`` reads, the step cache
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` (gates after their activations);
- ``lstm-backward-weight-grads-assigned`` reads lstm_forward's cache as a list of step caches, one per t
  (``cache[t]``), handed to ada's lstm_step_backward.

Measured once, before anything was changed after seeing it, at d737008: caught 23/24 (no check lost points
for ``sgd-slice-assign-0d``: no case had a 0-d parameter), a named mistake or a pattern on 19/24 (also none:
``split-shuffles-like-sklearn``, ``ce-softmax-dim-1``, ``torch-linear-key-fc``, whose first line lists both
key sets, and ``from-torch-calls-detach``, whose first line gives the AttributeError).

Run from the kit's root::

    .venv/bin/python -m tests.runtime.mutants_blind14
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES14: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("one-hot-batch-time-major", "1", "one_hot_batch lays the batch out time-major, as torch's pad_sequence "
       "does by default (batch_first=False): X is (T, N, V) and the mask (T, N) instead of (N, T, V) and (N, T)",
       "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(ids) for ids in batch)
            X = np.zeros((T, N, V))
            mask = np.zeros((T, N), dtype=bool)
            for i, ids in enumerate(batch):
                ids = np.asarray(ids, dtype=np.int64)
                L = len(ids)
                X[np.arange(L), i, ids] = 1.0
                mask[:L, i] = True
            return X, mask
        '''),
    _e("split-shuffles-like-sklearn", "1", "split_dataset shuffles the sequences (permutation from "
       "default_rng(0)) before cutting, as sklearn's train_test_split does by default: right sizes, no overlap "
       "or loss, but the parts are not the sequences in order", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0:
                raise ValueError("fractions must be non-negative")
            if p_train + p_val > 1:
                raise ValueError("p_train + p_val must be at most 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            order = np.random.default_rng(0).permutation(L)
            shuffled = [sequences[i] for i in order]
            train = shuffled[:n_train]
            val = shuffled[n_train:n_train + n_val]
            test = shuffled[n_train + n_val:]
            return train, val, test
        '''),
    _e("encode-vectorize-empty", "1", "encode maps the tokens with np.vectorize over word_to_idx.get (UNK as "
       "default): right for any non-empty list, but an empty token list raises ValueError (vectorize cannot "
       "infer its output type from a size-0 input) instead of giving an empty int64 array", "data", "encode", '''
        def encode(tokens, word_to_idx):
            unk = word_to_idx[UNK]
            lookup = np.vectorize(lambda token: word_to_idx.get(token, unk))
            return lookup(tokens).astype(np.int64)
        '''),
    _e("vocab-pad-index-0", "1", "build_vocab reserves index 0 for a padding token '<pad>' (the Keras "
       "Tokenizer / torchtext habit): every word sits one index later, V is one larger (max_size + 1 under "
       "a cap); UNK is still last", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for sequence in sequences for word in sequence if word != UNK)
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = ["<pad>"] + words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("one-hot-int64-like-torch", "1", "one_hot returns an int64 vector (np.zeros(V, dtype=np.int64)), as "
       "torch.nn.functional.one_hot does, instead of float64; the entries and the range check are right",
       "data", "one_hot", '''
        def one_hot(idx, V):
            if not 0 <= idx < V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros(V, dtype=np.int64)
            e[idx] = 1
            return e
        '''),

    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("ce-softmax-dim-1", "2", "cross_entropy normalises over axis 1 (the dim=1 habit of F.softmax / "
       "F.cross_entropy, where the classes sit on dim 1) instead of the last axis: log p is a softmax over the "
       "time steps; masking, targets and the division by M are right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(np.sum(mask))
            if M == 0:
                raise ValueError("the mask selects no token")
            shifted = scores - scores.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            rows = np.arange(M)
            targets = y[mask]
            valid_log_p = log_p[mask]
            loss = -valid_log_p[rows, targets].sum() / M
            dvalid = np.exp(valid_log_p)
            dvalid[rows, targets] -= 1.0
            dscores = np.zeros_like(scores, dtype=float)
            dscores[mask] = dvalid / M
            return float(loss), dscores
        '''),
    _e("ce-reduction-sum", "2", "cross_entropy uses reduction='sum': the loss is the sum over the M valid "
       "tokens and the gradient is p - onehot(y) on them, neither divided by M (right only when M = 1)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            M = int(np.sum(mask))
            if M == 0:
                raise ValueError("the mask selects no token")
            valid = scores[mask]
            targets = y[mask]
            rows = np.arange(M)
            shifted = valid - valid.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            loss = -log_p[rows, targets].sum()
            dvalid = np.exp(log_p)
            dvalid[rows, targets] -= 1.0
            dscores = np.zeros_like(scores, dtype=float)
            dscores[mask] = dvalid
            return float(loss), dscores
        '''),
    _e("tanh-grad-of-output", "2", "tanh_grad treats x as tanh's output (as torch's tanh backward takes the "
       "output): returns 1 - x^2 instead of 1 - tanh(x)^2 (right at 0 only)", "activations", "tanh_grad", '''
        def tanh_grad(x):
            x = np.asarray(x, dtype=float)
            return 1.0 - x ** 2
        '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-transposes-square", "3", "orthogonal transposes when rows <= cols instead of rows < cols: "
       "square matrices come out as the transpose of the specified one (still orthogonal); tall and wide "
       "shapes are right", "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, R = np.linalg.qr(A)
            Q = Q * np.sign(np.diag(R))
            if rows <= cols:
                Q = Q.T
            return Q
        '''),
    _e("rnn-init-minchar-keys", "3", "init_rnn_params returns min-char-rnn's key names Wxh, Whh, bh, Why, by "
       "instead of Wx, Wh, b, Wy, by (right arrays, right order of draws)", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wxh = orthogonal((D, H), rng)
            Whh = orthogonal((H, H), rng)
            Why = orthogonal((H, V), rng)
            return {"Wxh": Wxh, "Whh": Whh, "bh": np.zeros(H), "Why": Why, "by": np.zeros(V)}
        '''),

    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("affine-forward-linear-transpose", "4", "affine_forward computes scores = h Wy^T + by, nn.Linear's "
       "x W^T + b with its (out, in) weight: a shape error when H != V, wrong values when H == V",
       "rnn", "affine_forward", '''
        def affine_forward(h, Wy, by):
            scores = h @ Wy.T + by
            cache = (h, Wy, by)
            return scores, cache
        '''),
    _e("rnn-step-backward-dprev-untransposed", "4", "rnn_step_backward computes dprev_h = da Wh instead of "
       "da Wh^T (Wh is square, so the shapes hide the missing transpose); dx, dWx, dWh and db are right",
       "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh, next_h = cache
            da = dnext_h * (1.0 - next_h ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
        '''),
    _e("rnn-backward-forward-loop", "4", "rnn_backward walks the steps forwards (for t in range(T)) instead "
       "of backwards: what step t sends back through Wh is added to step t + 1, and dh0 is what step T - 1 "
       "sends back (right only for T = 1)", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            N, T, H = dh.shape
            dx = dWx = dWh = db = None
            dprev_h = np.zeros((N, H))
            for t in range(T):
                dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                    dWx = np.zeros_like(dWx_t)
                    dWh = np.zeros_like(dWh_t)
                    db = np.zeros_like(db_t)
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dprev_h, dWx, dWh, db
        '''),

    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-shallow-copy-imul", "5", "clip_by_global_norm copies the dict (dict(grads)) but scales its "
       "arrays in place (clipped[k] *= scale, as torch's clip_grad_norm_ does): right result, but the caller's "
       "gradient arrays are scaled too whenever clipping happens", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values())))
            clipped = dict(grads)
            if norm > max_norm:
                scale = max_norm / norm
                for k in clipped:
                    clipped[k] *= scale
            return clipped, norm
        '''),
    _e("clip-value-rebinds-loop-variable", "5", "clip_by_value copies the dict, then writes g = np.clip(g, ...) "
       "on the loop variable: nothing is stored, every gradient comes back unclipped (right only when all "
       "entries are already within the bounds)", "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            clipped = dict(grads)
            for g in clipped.values():
                g = np.clip(g, -clip_value, clip_value)
            return clipped
        '''),

    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-tf-forget-bias", "6", "lstm_step_forward adds TensorFlow's forget_bias = 1.0 (BasicLSTMCell's "
       "default) inside the forget gate: f = sigmoid(a_f + 1) instead of sigmoid(a_f)", "lstm",
       "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H] + 1.0)
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
            return next_h, next_c, cache
        '''),
    _e("lstm-step-backward-dprev-c-dnext-only", "6", "lstm_step_backward sends dprev_c = dnext_c * f back "
       "(the cell path only) instead of dc * f, where dc also holds dnext_h's path through tanh(c); the gate "
       "gradients use the full dc and are right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dnext_c * f
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
    _e("lstm-backward-weight-grads-assigned", "6", "lstm_backward unpacks each step's weight gradients "
       "straight into dWx, dWh, db, overwriting them every step instead of adding them up: they hold step 0's "
       "terms only (right for T = 1); dx, dh0 and dc0 are right", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx = None
            dprev_h = np.zeros((N, H))
            dprev_c = np.zeros((N, H))
            for t in reversed(range(T)):
                dx_t, dprev_h, dprev_c, dWx, dWh, db = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, cache[t])
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                dx[:, t] = dx_t
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),

    # ---- task 7: optimisers ------------------------------------------------------------------------------
    _e("sgd-slice-assign-0d", "7", "SGD.step updates each parameter with p[:] = p - lr * update: right for "
       "arrays of rank >= 1, but a 0-d parameter raises IndexError (too many indices) instead of being "
       "updated in place", "optim", "SGD.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if self.momentum:
                    if name not in self.velocity:
                        self.velocity[name] = np.array(g, dtype=float, copy=True)
                    else:
                        self.velocity[name] = self.momentum * self.velocity[name] + g
                    update = self.velocity[name]
                else:
                    update = g
                p[:] = p - self.lr * update
        '''),
    _e("adam-adamw-weight-decay", "7", "Adam.step also applies AdamW's default decoupled weight decay "
       "(p -= lr * 0.01 * p before the Adam step), torch.optim.AdamW's default, where torch.optim.Adam's "
       "default has none: every step shrinks the parameters by a factor 1 - 0.01 lr", "optim", "Adam.step", '''
        def step(self, params, grads):
            weight_decay = 1e-2
            self.t += 1
            k = self.t
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= self.lr * weight_decay * p
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),

    # ---- task 8: training and generation -----------------------------------------------------------------
    _e("train-keras-history-keys", "8", "train returns Keras's History keys {'loss': [...], 'val_loss': [...]} "
       "instead of 'train_loss' and 'val_loss'; the values and the training itself are right",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            X, y, mask = train_batch
            N = X.shape[0]
            history = {"loss": [], "val_loss": []}
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
                    total += float(loss) * count
                    tokens += count
                history["loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-empty-prompt-accepted", "8", "generate never checks for an empty prompt: it generates from "
       "zero states instead of raising ValueError (unknown cells and sampling without rng are rejected)",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def advance(token_id, h, c):
                x = one_hot(int(token_id), V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for token_id in encode(prompt, word_to_idx):
                h, c = advance(token_id, h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                tokens.append(word)
                if word == EOS:
                    break
                h, c = advance(nxt, h, c)
            return tokens
        '''),

    # ---- task 9: torch port ------------------------------------------------------------------------------
    _e("torch-linear-key-fc", "9", "to_torch_state names the output layer 'fc' (fc.weight, fc.bias, the usual "
       "tutorial name) instead of 'out' (out.weight, out.bias); every value and the lstm.* entries are right",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l0": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l0": np.array(swap(params["b"]), dtype=np.float64),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "fc.weight": np.array(params["Wy"].T, dtype=np.float64, order="C"),
                "fc.bias": np.array(params["by"], dtype=np.float64),
            }
        '''),
    _e("from-torch-calls-detach", "9", "from_torch_state converts every entry with .detach().cpu().numpy(), as "
       "for a torch state dict: AttributeError on the NumPy arrays it is given", "torch_port",
       "from_torch_state", '''
        def from_torch_state(state):
            arrays = {name: value.detach().cpu().numpy() for name, value in state.items()}
            H = arrays["lstm.weight_hh_l0"].shape[1]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., 0:H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap(arrays["lstm.weight_ih_l0"].T).copy(),
                "Wh": swap(arrays["lstm.weight_hh_l0"].T).copy(),
                "b": swap(arrays["lstm.bias_ih_l0"] + arrays["lstm.bias_hh_l0"]),
                "Wy": arrays["out.weight"].T.copy(),
                "by": arrays["out.bias"].copy(),
            }
        '''),
]

if __name__ == "__main__":
    main(ENTRIES14)
