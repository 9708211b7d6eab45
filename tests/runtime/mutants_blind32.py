"""Blind set 32: the mistakes an ordinary class brings to a TA's office hours.

Each entry is ONE learner function written in full from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake that none of the earlier sets contains: the kind the middle of a
200-student class, the rushed and the over-confident write in the week an assignment is due (a slip in a
chained comparison, a helper written for matrices and fed a vector, a list reused without being cleared, a
habit carried over from min-char-rnn, Keras or the legacy numpy API, a forgotten chain-rule factor, ...).
They were written without reading the reference solution, the example submissions, the grader's judges or
its catalogues of known mistakes, and before seeing any grader output. An entry that turns out to be
accidentally correct stays in the set and in the numbers.

Entries that guess a cache layout another (ada's) function makes or reads:

- ``rnn-step-backward-recomputes-a-without-b`` reads ada's ``rnn_step_forward`` cache as
  ``(x, prev_h, Wx, Wh, ...)`` (its first four items);
- ``rnn-backward-minchar-clip`` reads ada's ``rnn_forward`` cache as the 5-tuple ``(x, h0, Wx, Wh, h)``;
- ``affine-backward-dby-chained-sums`` reads ada's ``affine_forward`` cache as ``(h, Wy, ...)`` (its first
  two items);
- ``lstm-step-candidate-tanh-twice`` makes the cache ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c,
  tanh(next_c))`` for ada's ``lstm_step_backward``;
- ``lstm-step-backward-tanh-form-for-gates`` reads ada's ``lstm_step_forward`` cache as the 10-tuple
  ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)``;
- ``lstm-backward-caches-zipped-forward`` reads ada's ``lstm_forward`` cache as the list of the T step
  caches (``cache[t]`` from ``lstm_step_forward`` at step t), handed unopened to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 615a6d5: caught 23/24 (missed:
``generate-samples-whenever-rng-given``: no case passes an rng to a greedy call), a named mistake or a pattern on
23/24.
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES32: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-n-drawn-per-block", "1", "generate_dataset writes each block as ['a'] * rng.integers(1, 6) inline, "
       "one fresh draw per block instead of one n per sequence: a^n b^m (and a third length for 'anbnan'), and "
       "every draw after the first comes from the wrong place in the stream", "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                seq = ["a"] * rng.integers(1, MAX_N + 1) + ["b"] * rng.integers(1, MAX_N + 1)
                if variant == "anbnan":
                    seq += ["a"] * rng.integers(1, MAX_N + 1)
                seq.append(EOS)
                sequences.append(seq)
            return sequences
    '''),
    _e("vocab-eos-reserved-special", "1", "build_vocab treats EOS as a reserved special token like UNK (the "
       "torchtext 'specials' habit): it is never counted and always sits just before UNK, and a cap keeps "
       "max_size - 2 counted words; right on a^n b^n data (EOS is the rarest word there), wrong when EOS is more "
       "frequent than some word, absent from the data, or under a cap", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            specials = [EOS, UNK]
            counts = Counter(w for seq in sequences for w in seq if w not in specials)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[:max(max_size - len(specials), 0)]
            idx_to_word = words + specials
            word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
    '''),
    _e("one-hot-rejects-index-zero", "1", "one_hot checks the range with the chained comparison 0 < idx < V "
       "instead of 0 <= idx < V: index 0 (the most frequent word) raises ValueError; every other index, and "
       "the rejection of negatives and of V, are right", "data", "one_hot", '''
        def one_hot(idx, V):
            if not 0 < idx < V:
                raise ValueError(f"index {idx} outside [0, {V})")
            e = np.zeros(V)
            e[idx] = 1.0
            return e
    '''),
    _e("one-hot-seq-list-of-rows-empty", "1", "one_hot_sequence builds the rows with np.array([one_hot(i, V) "
       "for i in ids]) (one_hot does the range check): right for every non-empty sequence, but an empty one "
       "gives a 1-D array of shape (0,) instead of (0, V)", "data", "one_hot_sequence", '''
        def one_hot_sequence(ids, V):
            return np.array([one_hot(int(i), V) for i in ids])
    '''),
    _e("one-hot-batch-returns-mask-first", "1", "one_hot_batch fills X and the mask right but returns them "
       "as (mask, X) instead of (X, mask)", "data", "one_hot_batch", '''
        def one_hot_batch(batch, V):
            N = len(batch)
            T = max(len(seq) for seq in batch)
            X = np.zeros((N, T, V))
            mask = np.zeros((N, T), dtype=bool)
            for i, seq in enumerate(batch):
                L = len(seq)
                X[i, np.arange(L), seq] = 1.0
                mask[i, :L] = True
            return mask, X
    '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-tanh-identity-no-half", "2", "sigmoid uses the overflow-free identity s(x) = (1 + tanh(x / 2)) "
       "/ 2 but drops the / 2 inside tanh: returns (1 + tanh(x)) / 2, finite and in [0, 1], right at x = 0 only",
       "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=float)
            return 0.5 * (1.0 + np.tanh(x))
    '''),
    _e("tanh-grad-from-sigmoid-chain-factor", "2", "tanh_grad differentiates tanh(x) = 2 sigmoid(2x) - 1 but "
       "forgets the inner chain-rule factor 2: returns 2 sigmoid'(2x) instead of 4 sigmoid'(2x), half the "
       "derivative everywhere (0.5 at x = 0)", "activations", "tanh_grad", '''
        def tanh_grad(x):
            return 2.0 * sigmoid_grad(2.0 * np.asarray(x, dtype=float))
    '''),
    _e("ce-onehot-width-from-targets", "2", "cross_entropy builds the one-hot targets as np.eye(y.max() + 1)[y] "
       "(Keras to_categorical's inferred num_classes) instead of V = scores.shape[-1] wide: a broadcast error "
       "unless the largest word index V - 1 occurs in y (wrong values when y is all zeros)",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            m = scores.max(axis=-1, keepdims=True)
            shifted = scores - m
            logp = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
            onehot = np.eye(y.max() + 1)[y]
            w = mask[..., None]
            loss = -np.sum(logp * onehot * w) / M
            dscores = (np.exp(logp) - onehot) * w / M
            return float(loss), dscores
    '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-output-sized-by-D", "3", "init_rnn_params sizes the output layer with D, the input size "
       "(one-hot in, one-hot out: D and V are the same number in the language model): Wy = orthogonal((H, D)) "
       "and by = zeros(D), right only when D == V", "initialisation", "init_rnn_params", '''
        def init_rnn_params(D, H, V, rng):
            Wx = orthogonal((D, H), rng)
            Wh = orthogonal((H, H), rng)
            Wy = orthogonal((H, D), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(D)}
    '''),
    _e("lstm-init-blocks-list-not-cleared", "3", "init_lstm_params collects the gate blocks in one list and "
       "appends the four Wh blocks to it without clearing it after building Wx: Wh concatenates all eight "
       "blocks, a ValueError when D != H and a (H, 8H) Wh when D == H", "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            blocks = []
            for _ in range(4):
                blocks.append(orthogonal((D, H), rng))
            Wx = np.concatenate(blocks, axis=1)
            for _ in range(4):
                blocks.append(orthogonal((H, H), rng))
            Wh = np.concatenate(blocks, axis=1)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
    '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-backward-recomputes-a-without-b", "4", "rnn_step_backward recomputes the pre-activation from "
       "its cache as x Wx + prev_h Wh, the bias left out (b is not in the cache), and takes tanh's derivative "
       "there: right when b = 0, every gradient wrong for a non-zero bias", "rnn", "rnn_step_backward", '''
        def rnn_step_backward(dnext_h, cache):
            x, prev_h, Wx, Wh = cache[0], cache[1], cache[2], cache[3]
            a = x @ Wx + prev_h @ Wh
            da = dnext_h * (1.0 - np.tanh(a) ** 2)
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dWx, dWh, db
    '''),
    _e("rnn-backward-minchar-clip", "4", "rnn_backward ends with min-char-rnn's np.clip(dparam, -5, 5, "
       "out=dparam) on dWx, dWh and db ('to mitigate exploding gradients'): right while every weight-gradient "
       "entry lies in [-5, 5], clamped otherwise; dx and dh0 are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dnext = np.zeros((N, H))
            for t in reversed(range(T)):
                da[:, t] = (dh[:, t] + dnext) * (1.0 - h[:, t] ** 2)
                dnext = da[:, t] @ Wh.T
            dh0 = dnext
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1, :]], axis=1)
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ da.reshape(N * T, H)
            dWh = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
            db = da.sum(axis=(0, 1))
            for dparam in (dWx, dWh, db):
                np.clip(dparam, -5, 5, out=dparam)
            return dx, dh0, dWx, dWh, db
    '''),
    _e("affine-backward-dby-chained-sums", "4", "affine_backward sums the bias gradient in two steps, "
       "dscores.sum(axis=0).sum(axis=1), forgetting that the first sum removed an axis: the second sums over V "
       "instead of T, so dby has shape (T,) instead of (V,); dh and dWy are right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            V = Wy.shape[1]
            dh = dscores @ Wy.T
            dWy = h.reshape(N * T, H).T @ dscores.reshape(N * T, V)
            dby = dscores.sum(axis=0).sum(axis=1)
            return dh, dWy, dby
    '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-zero-threshold-accepted", "5", "clip_by_global_norm validates with max_norm < 0 instead of "
       "max_norm <= 0: max_norm = 0 is accepted and zeroes every gradient instead of raising ValueError "
       "(negative thresholds are refused, positive ones right)", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm < 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                return {k: g * scale for k, g in grads.items()}, norm
            return dict(grads), norm
    '''),
    _e("clip-value-stacks-gradients", "5", "clip_by_value clips every gradient in one call on np.array(list of the "
       "gradients) and splits the result back by position: right when all gradients share one shape, a "
       "ValueError (inhomogeneous shape) for the usual mix of matrices and bias vectors", "clipping",
       "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            keys = list(grads)
            stacked = np.clip(np.array([grads[k] for k in keys]), -clip_value, clip_value)
            return {k: stacked[n] for n, k in enumerate(keys)}
    '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-step-candidate-tanh-twice", "6", "lstm_step_forward squashes the candidate with tanh when slicing "
       "it and again in the cell update (c = f c_prev + i tanh(g), as some texts write it with the raw "
       "pre-activation): the candidate is tanh(tanh(a_g)), so next_c and next_h are wrong", "lstm",
       "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, 0:H])
            i = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * np.tanh(g)
            tanh_c = np.tanh(next_c)
            next_h = o * tanh_c
            cache = (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c, tanh_c)
            return next_h, next_c, cache
    '''),
    _e("lstm-step-backward-tanh-form-for-gates", "6", "lstm_step_backward uses one output-form derivative, "
       "1 - s^2, for all four blocks: the sigmoid gates f, i and o get tanh's form instead of s (1 - s) (the "
       "candidate's 1 - g^2 and dprev_c are right)", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dc * f

            def out_grad(y):
                return 1.0 - y ** 2

            da = np.concatenate(
                [df * out_grad(f), di * out_grad(i), dg * out_grad(g), do * out_grad(o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_h.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
    '''),
    _e("lstm-backward-caches-zipped-forward", "6", "lstm_backward walks t backwards but zips it with the step "
       "caches in forward order (zip(reversed(range(T)), cache)): step t is backpropagated through step "
       "T-1-t's cache (right only for T = 1)", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            N, T, H = dh.shape
            dx = None
            dWx = dWh = db = 0.0
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            for t, step_cache in zip(reversed(range(T)), cache):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dnext_h, dnext_c, step_cache
                )
                if dx is None:
                    dx = np.zeros((N, T, dx_t.shape[1]))
                dx[:, t] = dx_t
                dWx = dWx + dWx_t
                dWh = dWh + dWh_t
                db = db + db_t
            return dx, dnext_h, dnext_c, dWx, dWh, db
    '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("rmsprop-square-of-weighted-gradient", "7", "RMSprop.step adds np.square((1 - alpha) * g) to the running "
       "average, the weight squared with the gradient, instead of (1 - alpha) * g^2: the average is (1 - alpha) "
       "= 100 times too small, so every step is about 10 times too large", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for k, p in params.items():
                g = grads[k]
                if k not in self.square_avg:
                    self.square_avg[k] = np.zeros_like(p)
                s = self.square_avg[k]
                s *= self.alpha
                s += np.square((1 - self.alpha) * g)
                p -= self.lr * g / (np.sqrt(s) + self.eps)
    '''),
    _e("adam-m-weighted-with-beta2", "7", "Adam.step writes the first moment as b1 m + (1 - b2) g (the v line's "
       "weight copied): the two weights no longer sum to one, so m_hat is about 100 times too small and the "
       "steps shrink accordingly; v is right", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for k, p in params.items():
                g = grads[k]
                if k not in self.m:
                    self.m[k] = np.zeros_like(p)
                    self.v[k] = np.zeros_like(p)
                self.m[k] = self.beta1 * self.m[k] + (1 - self.beta2) * g
                self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g ** 2
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("train-legacy-global-seed", "8", "train shuffles with the legacy global API, np.random.seed(seed) then "
       "np.random.permutation(N) each epoch, instead of rng = np.random.default_rng(seed): other mini-batch "
       "orders (right with batch_size=None), and the caller's global numpy state is reseeded", "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            X, y, mask = train_batch
            N = X.shape[0]
            np.random.seed(seed)
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = np.random.permutation(N)
                    chunks = [order[s:s + batch_size] for s in range(0, N, batch_size)]
                total, tokens = 0.0, 0
                for idx in chunks:
                    mb = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, mb, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    n_tok = int(mb.mask.sum())
                    total += loss * n_tok
                    tokens += n_tok
                history["train_loss"].append(total / tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
    '''),
    _e("generate-samples-whenever-rng-given", "8", "generate chooses between sampling and argmax by whether rng "
       "is given (if rng is not None) instead of by greedy: a greedy call that also passes an rng samples; the "
       "checks on the prompt, the cell and sampling without rng are right", "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
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
                if rng is not None:
                    idx = int(rng.choice(V, p=p))
                else:
                    idx = int(np.argmax(p))
                tokens.append(idx_to_word[idx])
                if idx_to_word[idx] == EOS:
                    break
                h, c = advance(idx, h, c)
            return tokens
    '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("to-torch-keys-layer-one", "9", "to_torch_state numbers the LSTM layer from 1 (lstm.weight_ih_l1, "
       "lstm.weight_hh_l1, lstm.bias_ih_l1, lstm.bias_hh_l1) instead of nn.LSTM's _l0; every value and the out.* "
       "entries are right", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def swap(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l1": np.ascontiguousarray(swap(params["Wx"]).T, dtype=np.float64),
                "lstm.weight_hh_l1": np.ascontiguousarray(swap(params["Wh"]).T, dtype=np.float64),
                "lstm.bias_ih_l1": swap(params["b"]).astype(np.float64),
                "lstm.bias_hh_l1": np.zeros(4 * H),
                "out.weight": np.ascontiguousarray(params["Wy"].T, dtype=np.float64),
                "out.bias": np.array(params["by"], dtype=np.float64),
            }
    '''),
    _e("from-torch-row-swap-on-bias", "9", "from_torch_state reorders the gates with one helper written for "
       "the (4H, .) matrices, w[H:2H, :] etc., and also runs the folded 1-D bias through it: IndexError (too "
       "many indices) on every input", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            W_ih = state["lstm.weight_ih_l0"]
            W_hh = state["lstm.weight_hh_l0"]
            H = W_hh.shape[1]

            def swap_rows(w):
                return np.concatenate([w[H:2 * H, :], w[:H, :], w[2 * H:, :]], axis=0)

            b = state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"]
            return {
                "Wx": swap_rows(W_ih).T.copy(),
                "Wh": swap_rows(W_hh).T.copy(),
                "b": swap_rows(b),
                "Wy": state["out.weight"].T.copy(),
                "by": state["out.bias"].copy(),
            }
    '''),
]

if __name__ == "__main__":
    main(ENTRIES32)
