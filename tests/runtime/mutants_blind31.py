"""Blind set 31: the mistakes an ordinary class brings to a TA's office hours.

The TA who graded last year's submissions by hand wrote down the 24 mistakes seen most often that the earlier
sets do not already hold, across every task. Each entry is one learner function written in full from the stub's
docstring alone (``exercises/*.py``), correct except for one realistic mistake that none of the earlier sets
contains. The entries were written without reading the reference solution, the example submissions, the
grader's judges or its catalogues of known mistakes, and before any grader output.

Entries that guess a cache layout another function makes or reads (ada's code was not read):

- ``rnn-forward-tanh-result-discarded`` makes the cache ``(x, h0, Wx, Wh, h)`` for ada's ``rnn_backward``;
- ``rnn-backward-db-over-batch-only`` reads the same ``(x, h0, Wx, Wh, h)`` from ada's ``rnn_forward``;
- ``affine-backward-loop-t-minus-one`` reads ``h, Wy = cache[0], cache[1]`` from ada's ``affine_forward``;
- ``lstm-step-backward-dWh-from-prev-c`` reads ``(x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)`` from
  ada's ``lstm_step_forward``;
- ``lstm-forward-returns-final-cell`` makes a list of ada's ``lstm_step_forward`` caches, one per step;
- ``lstm-backward-rnn-shaped-accumulators`` reads that list (one step cache per step, ``x`` first in each)
  and hands its items to ada's ``lstm_step_backward``.

Measured once, before anything was changed after seeing it, at 8bb8df1: caught 23/24 (missed:
``generate-sample-multinomial``: the sampled cases' trained model is so sure of its next token that any way of
sampling draws it), a named mistake or a pattern on 21/24 (also none: ``rnn-init-joint-xh-matrix``, whose first
line gives the numbers, and ``lstm-forward-returns-final-cell``, whose first line says 3 values came back
where 2 were expected).
"""

from __future__ import annotations

from tests.runtime.mutants_blind import Entry, _e, main

ENTRIES31: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-n-from-rng-uniform", "1", "generate_dataset draws n as int(rng.uniform(1, MAX_N + 1)) ('n uniform "
       "on 1..5' read as a continuous uniform, floored) instead of rng.integers(1, 6): every n is still in 1..5 "
       "and uniform, but the draws differ, so the same seed gives another data set than the specified one",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.uniform(1, MAX_N + 1))
                sequence = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    sequence += ["a"] * n
                sequence.append(EOS)
                sequences.append(sequence)
            return sequences
        '''),
    _e("vocab-counter-reassigned-per-sequence", "1", "build_vocab writes counts = Counter(...) inside the loop "
       "over the sequences (= typed for .update): only the last sequence's words are counted, so words that "
       "appear only in earlier sequences are missing from the vocabulary and the ranking follows the last "
       "sequence's counts (right only when every sequence ranks its words like the whole data)",
       "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter()
            for sequence in sequences:
                counts = Counter(word for word in sequence if word != UNK)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("split-returns-train-test-val", "1", "split_dataset cuts the three parts right but returns them in "
       "scikit-learn's train / test habit, (train, test, val) instead of (train, val, test): 256 sequences "
       "give 204 / 27 / 25", "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be >= 0 with p_train + p_val <= 1")
            L = len(sequences)
            n_train = math.floor(p_train * L)
            n_val = math.floor(p_val * L)
            train = sequences[:n_train]
            val = sequences[n_train:n_train + n_val]
            test = sequences[n_train + n_val:]
            return train, test, val
        '''),
    _e("inputs-targets-numpy-arrays", "1", "inputs_targets converts the sequence with np.asarray and returns the "
       "two slices as numpy arrays (of np.str_ for tokens) instead of two lists; the values are right",
       "data", "inputs_targets", '''
        def inputs_targets(sequence):
            if len(sequence) < 2:
                raise ValueError("a sequence needs at least 2 tokens to give one input and one target")
            s = np.asarray(sequence)
            return s[:-1], s[1:]
        '''),

    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("tanh-grad-tan-identity", "2", "tanh_grad uses the derivative of tan, 1 + tan^2, with tanh: returns "
       "1 + tanh(x)^2 instead of 1 - tanh(x)^2 (right at x = 0 only)", "activations", "tanh_grad", '''
        def tanh_grad(x):
            t = np.tanh(x)
            return 1 + t ** 2
        '''),
    _e("ce-lse-shift-by-target-score", "2", "cross_entropy shifts each valid row's log-sum-exp by the target's own "
       "score instead of the row maximum (log p_y = -log sum exp(s - s_y)): exact for ordinary logits, but inf "
       "as soon as some logit exceeds the target's by more than about 709 (e.g. logits of +-1e4); the gradient, "
       "from softmax, is right", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = y[mask]
            rows = np.arange(M)
            shift = s[rows, t][:, None]
            loss = np.sum(np.log(np.sum(np.exp(s - shift), axis=-1))) / M
            grad = softmax(s, axis=-1)
            grad[rows, t] -= 1
            dscores = np.zeros(scores.shape, dtype=float)
            dscores[mask] = grad / M
            return float(loss), dscores
        '''),
    _e("ce-grad-log-probabilities", "2", "cross_entropy computes log p with the shifted log-sum-exp and the loss "
       "right, then builds the gradient from the log-probabilities it holds, (log p - onehot(y)) / M, instead of "
       "(p - onehot(y)) / M", "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            M = int(mask.sum())
            if M == 0:
                raise ValueError("the mask selects no token: the mean is undefined")
            s = scores[mask]
            t = y[mask]
            rows = np.arange(M)
            m = s.max(axis=-1, keepdims=True)
            log_p = s - m - np.log(np.sum(np.exp(s - m), axis=-1, keepdims=True))
            loss = -np.sum(log_p[rows, t]) / M
            grad = log_p.copy()
            grad[rows, t] -= 1
            dscores = np.zeros(scores.shape, dtype=float)
            dscores[mask] = grad / M
            return float(loss), dscores
        '''),

    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("rnn-init-joint-xh-matrix", "3", "init_rnn_params draws one orthogonal((D + H, H)) matrix for the stacked "
       "input [x, h] and splits its rows into Wx and Wh, instead of drawing Wx = orthogonal((D, H)) and "
       "Wh = orthogonal((H, H)) separately: right shapes, but neither block is the specified draw (nor is Wh "
       "orthogonal), and Wy comes from the wrong part of the rng's stream", "initialisation", "init_rnn_params",
       '''
        def init_rnn_params(D, H, V, rng):
            W = orthogonal((D + H, H), rng)
            Wx, Wh = W[:D], W[D:]
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    _e("lstm-init-torch-layout-blocks", "3", "init_lstm_params draws every block in PyTorch's (out, in) layout, "
       "orthogonal((H, D)) and orthogonal((H, H)) stacked as weight_ih (4H, D) and weight_hh (4H, H), then "
       "transposes (Wy likewise from orthogonal((V, H))): rectangular blocks come out as specified, but each "
       "square (H, H) block of Wh (and Wx's blocks when D == H) is the transpose of the specified draw",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            weight_ih = np.concatenate([orthogonal((H, D), rng) for _ in range(4)], axis=0)
            weight_hh = np.concatenate([orthogonal((H, H), rng) for _ in range(4)], axis=0)
            Wy = orthogonal((V, H), rng).T
            return {
                "Wx": weight_ih.T.copy(),
                "Wh": weight_hh.T.copy(),
                "b": np.zeros(4 * H),
                "Wy": Wy.copy(),
                "by": np.zeros(V),
            }
        '''),

    # ---- task 4: rnn ---------------------------------------------------------------------------------------
    _e("rnn-forward-tanh-result-discarded", "4", "rnn_forward calls np.tanh(a) as a statement, as if it worked in "
       "place, and keeps using a: every stored and carried state is the pre-activation x_t Wx + h_{t-1} Wh + b, "
       "a linear RNN with no tanh at all", "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                a = xw[:, t] + prev_h @ Wh
                np.tanh(a)
                h[:, t] = a
                prev_h = a
            cache = (x, h0, Wx, Wh, h)
            return h, cache
        '''),
    _e("rnn-backward-db-over-batch-only", "4", "rnn_backward collects da for every step as (N, T, H) and sums "
       "the bias gradient over axis 0 only (the batch, as for one step's (N, H) da): db has shape (T, H) "
       "instead of (H,); dx, dh0, dWx and dWh are right", "rnn", "rnn_backward", '''
        def rnn_backward(dh, cache):
            x, h0, Wx, Wh, h = cache
            N, T, H = dh.shape
            D = x.shape[2]
            da = np.zeros((N, T, H))
            dnext = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dcur = dh[:, t] + dnext
                da[:, t] = dcur * (1 - h[:, t] ** 2)
                dnext = da[:, t] @ Wh.T
            dh0 = dnext
            h_prev = np.concatenate([h0[:, None, :], h[:, :-1]], axis=1)
            dx = da @ Wx.T
            dWx = x.reshape(N * T, D).T @ da.reshape(N * T, H)
            dWh = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
            db = da.sum(axis=0)
            return dx, dh0, dWx, dWh, db
        '''),
    _e("affine-backward-loop-t-minus-one", "4", "affine_backward accumulates dWy and dby in a loop over "
       "range(T - 1) ('T - 1 predictions per sequence'): the last step's terms are missing from both; dh, "
       "computed in one matmul, is right", "rnn", "affine_backward", '''
        def affine_backward(dscores, cache):
            h, Wy = cache[0], cache[1]
            N, T, H = h.shape
            dh = dscores @ Wy.T
            dWy = np.zeros_like(Wy)
            dby = np.zeros(Wy.shape[1])
            for t in range(T - 1):
                dWy += h[:, t].T @ dscores[:, t]
                dby += dscores[:, t].sum(axis=0)
            return dh, dWy, dby
        '''),

    # ---- task 5: clipping ----------------------------------------------------------------------------------
    _e("clip-norm-floor-division-scale", "5", "clip_by_global_norm computes the scale as max_norm // norm (floor "
       "division typed for /): whenever clipping is needed the factor is 0.0, so every clipped gradient comes "
       "back as zeros; the norm and the unclipped case are right", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            for g in grads.values():
                total += np.sum(g ** 2)
            norm = float(np.sqrt(total))
            if norm > max_norm:
                scale = max_norm // norm
                return {k: g * scale for k, g in grads.items()}, norm
            return grads, norm
        '''),
    _e("clip-norm-single-pass-running-norm", "5", "clip_by_global_norm fuses its two loops into one: it adds each "
       "gradient's squares and scales that gradient by the norm accumulated so far, so the gradients seen first "
       "are clipped with a partial norm (too little, or not at all); the returned norm and the last gradient "
       "are right", "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            total = 0.0
            norm = 0.0
            clipped = {}
            for k, g in grads.items():
                total += np.sum(g ** 2)
                norm = float(np.sqrt(total))
                clipped[k] = g * (max_norm / norm) if norm > max_norm else g
            return clipped, norm
        '''),

    # ---- task 6: lstm --------------------------------------------------------------------------------------
    _e("lstm-step-backward-dWh-from-prev-c", "6", "lstm_step_backward forms the recurrent weight gradient from the "
       "previous cell, dWh = c_{t-1}^T da (prev_c typed for prev_h; both are (N, H), so the shape is right) "
       "instead of h_{t-1}^T da; dx, dprev_h, dprev_c, dWx and db are right", "lstm", "lstm_step_backward", '''
        def lstm_step_backward(dnext_h, dnext_c, cache):
            x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c = cache
            tanh_c = np.tanh(next_c)
            dc = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
            df = dc * prev_c
            di = dc * g
            dg = dc * i
            do = dnext_h * tanh_c
            dprev_c = dc * f
            da = np.concatenate(
                [df * f * (1 - f), di * i * (1 - i), dg * (1 - g ** 2), do * o * (1 - o)], axis=1
            )
            dx = da @ Wx.T
            dprev_h = da @ Wh.T
            dWx = x.T @ da
            dWh = prev_c.T @ da
            db = da.sum(axis=0)
            return dx, dprev_h, dprev_c, dWx, dWh, db
        '''),
    _e("lstm-forward-returns-final-cell", "6", "lstm_forward mirrors lstm_step_forward's return and hands back the "
       "final cell state as well, (h, c_{T-1}, cache) instead of (h, cache): the hidden states are right, but "
       "unpacking two values raises ValueError", "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, D = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            prev_h, prev_c = h0, c0
            caches = []
            for t in range(T):
                prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
                h[:, t] = prev_h
                caches.append(step_cache)
            return h, prev_c, caches
        '''),
    _e("lstm-backward-rnn-shaped-accumulators", "6", "lstm_backward is adapted from the RNN's and keeps its "
       "accumulators' shapes, dWx (D, H), dWh (H, H), db (H,), instead of (D, 4H), (H, 4H), (4H,): adding the "
       "first step's gradients raises a broadcast error on every input", "lstm", "lstm_backward", '''
        def lstm_backward(dh, cache):
            caches = cache
            N, T, H = dh.shape
            D = caches[0][0].shape[1]
            dx = np.zeros((N, T, D))
            dWx = np.zeros((D, H))
            dWh = np.zeros((H, H))
            db = np.zeros(H)
            dnext_h = np.zeros((N, H))
            dnext_c = np.zeros((N, H))
            for t in range(T - 1, -1, -1):
                dx_t, dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(
                    dh[:, t] + dnext_h, dnext_c, caches[t]
                )
                dx[:, t] = dx_t
                dWx += dWx_t
                dWh += dWh_t
                db += db_t
            return dx, dnext_h, dnext_c, dWx, dWh, db
        '''),

    # ---- task 7: optimisers --------------------------------------------------------------------------------
    _e("rmsprop-adagrad-sum", "7", "RMSprop.step accumulates the squares without any decay, s <- s + g^2 "
       "(Adagrad's sum, the alpha of the running average forgotten on both terms): the first step is lr * "
       "sign(g) instead of about 10 lr * sign(g), and later steps keep shrinking", "optim", "RMSprop.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if name not in self.square_avg:
                    self.square_avg[name] = np.zeros_like(p)
                s = self.square_avg[name]
                s += g * g
                p -= self.lr * g / (np.sqrt(s) + self.eps)
        '''),
    _e("adam-double-bias-correction", "7", "Adam.step mixes the paper's two forms: it folds the bias corrections "
       "into the step size, lr_k = lr sqrt(1 - b2^k) / (1 - b1^k), and also divides m and v by them (m_hat, "
       "v_hat): corrected twice, the first step is about 0.32 lr instead of lr", "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            k = self.t
            lr_k = self.lr * np.sqrt(1 - self.beta2 ** k) / (1 - self.beta1 ** k)
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                m_hat = self.m[name] / (1 - self.beta1 ** k)
                v_hat = self.v[name] / (1 - self.beta2 ** k)
                p -= lr_k * m_hat / (np.sqrt(v_hat) + self.eps)
        '''),

    # ---- task 8: training and generation -------------------------------------------------------------------
    _e("model-loss-l2-regularised", "8", "model_loss adds CS231n's L2 weight penalty out of habit "
       "(0.5 * 1e-4 * sum W^2 on Wx, Wh and Wy, and 1e-4 * W to their gradients): the loss is slightly too high "
       "and the weight gradients slightly off; the biases' gradients are right", "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
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
            grads = {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
            reg = 1e-4
            for name in ("Wx", "Wh", "Wy"):
                loss += 0.5 * reg * np.sum(params[name] ** 2)
                grads[name] = grads[name] + reg * params[name]
            return float(loss), grads
        '''),
    _e("train-array-split-count", "8", "train cuts the shuffled indices with np.array_split(order, N // batch_size), "
       "taking the number of sections for the section size: when batch_size does not divide N the epoch has "
       "fewer, larger mini-batches (10 sequences in batches of 3 become 4 + 3 + 3, not 3 + 3 + 3 + 1), and "
       "batch_size > N raises ValueError; right when batch_size divides N or is None", "train", "train", '''
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
                    chunks = np.array_split(order, N // batch_size)
                total_loss = 0.0
                total_tokens = 0
                for idx in chunks:
                    batch = Batch(X[idx], y[idx], mask[idx])
                    loss, grads = model_loss(params, batch, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    tokens = int(batch.mask.sum())
                    total_loss += loss * tokens
                    total_tokens += tokens
                history["train_loss"].append(total_loss / total_tokens)
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-sample-multinomial", "8", "generate samples the next token with "
       "argmax(rng.multinomial(1, p)) instead of rng.choice(V, p=p): the same distribution, but another use of "
       "the generator, so a seeded sample differs from the specified one; greedy decoding is right",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if len(prompt) == 0:
                raise ValueError("the prompt needs at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}, expected one of {CELLS}")
            if not greedy and rng is None:
                raise ValueError("sampling needs a numpy Generator rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            h = np.zeros((1, H))
            c = np.zeros((1, H))

            def step(idx, h, c):
                x = one_hot(idx, V)[None, :]
                if cell == "rnn":
                    h, _ = rnn_step_forward(x, h, params["Wx"], params["Wh"], params["b"])
                else:
                    h, c, _ = lstm_step_forward(x, h, c, params["Wx"], params["Wh"], params["b"])
                return h, c

            for idx in encode(prompt, word_to_idx):
                h, c = step(int(idx), h, c)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(h @ params["Wy"] + params["by"])[0]
                if greedy:
                    idx = int(np.argmax(p))
                else:
                    idx = int(np.argmax(rng.multinomial(1, p)))
                tokens.append(idx_to_word[idx])
                if idx_to_word[idx] == EOS:
                    break
                h, c = step(idx, h, c)
            return tokens
        '''),

    # ---- task 9: torch port --------------------------------------------------------------------------------
    _e("to-torch-swap-every-array", "9", "to_torch_state runs all five arrays through one generic helper (swap "
       "the first two quarter-blocks of the last axis, width = that axis // 4, then transpose): Wx, Wh and b "
       "are right, but the first two (V // 4)-wide blocks of out.weight's rows and of out.bias are swapped "
       "too (right only when V < 4)", "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            def swap_gates(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            keys = {
                "Wx": "lstm.weight_ih_l0",
                "Wh": "lstm.weight_hh_l0",
                "b": "lstm.bias_ih_l0",
                "Wy": "out.weight",
                "by": "out.bias",
            }
            state = {}
            for name, key in keys.items():
                state[key] = np.ascontiguousarray(swap_gates(params[name]).T, dtype=np.float64)
            state["lstm.bias_hh_l0"] = np.zeros_like(state["lstm.bias_ih_l0"])
            return state
        '''),
    _e("from-torch-pops-callers-state", "9", "from_torch_state pops the six entries out of the state dict to check "
       "that no unexpected key is left: the returned parameters are right, but the caller's state dict is "
       "emptied (a second call on it raises KeyError)", "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            weight_ih = state.pop("lstm.weight_ih_l0")
            weight_hh = state.pop("lstm.weight_hh_l0")
            bias_ih = state.pop("lstm.bias_ih_l0")
            bias_hh = state.pop("lstm.bias_hh_l0")
            out_weight = state.pop("out.weight")
            out_bias = state.pop("out.bias")
            if state:
                raise ValueError(f"unexpected keys in the state dict: {sorted(state)}")
            H = weight_hh.shape[1]

            def swap_gates(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "Wx": swap_gates(weight_ih.T),
                "Wh": swap_gates(weight_hh.T),
                "b": swap_gates(bias_ih + bias_hh),
                "Wy": out_weight.T.copy(),
                "by": out_bias.copy(),
            }
        '''),
]


if __name__ == "__main__":
    main(ENTRIES31)
