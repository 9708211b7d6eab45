"""A blind set of learner mistakes: how well the grader's words name mistakes it was not tuned on.

Each entry is ONE learner function written in full, from the stub's docstring alone (``exercises/*.py``),
correct except for one realistic mistake (an off-by-one, a wrong axis, a transposed weight, a missing bias
correction, an input mutated in place, a wrong gate order, a view returned, ...). They were written without
reading the reference solution, the example submissions, the grader's judges or its catalogues of known
mistakes, and before seeing any grader output; none was changed after the grader had graded it. An entry
that turns out to be accidentally correct stays in the set and in the numbers.

``build`` copies ada's submission (``examples/submissions/ada``) and splices the entry's function over the
function of the same name (``Class.method`` for the optimisers' ``step``: the entry is then written as a
top-level ``def`` and indented into the class). Functions that hand a cache to ada's own backward pass (or
take one from ada's forward pass) guess its layout, since ada's code was not read: a mismatch shows up as a
second failing check of the same task, which changes neither "caught" nor "diagnosed".

Run from the kit's root (a few minutes, two submissions graded at a time)::

    .venv/bin/python -m tests.runtime.mutants_blind
"""

from __future__ import annotations

import ast
import shutil
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from autograder.runtime.manifest import ROOT

ADA = ROOT / "examples" / "submissions" / "ada"


class Entry(NamedTuple):
    id: str
    task: str
    about: str
    module: str
    function: str   # a top-level function, or "Class.method"
    source: str


def _e(id: str, task: str, about: str, module: str, function: str, source: str) -> Entry:
    return Entry(id, task, about, module, function, textwrap.dedent(source).strip() + "\n")


ENTRIES: list[Entry] = [
    # ---- task 1: data ------------------------------------------------------------------------------------
    _e("data-n-upper-bound", "1", "generate_dataset draws n with rng.integers(1, MAX_N): n never reaches 5",
       "data", "generate_dataset", '''
        def generate_dataset(num_sequences, variant="anbn", seed=0):
            if variant not in VARIANTS:
                raise ValueError(f"unknown variant {variant!r}, expected one of {VARIANTS}")
            rng = np.random.default_rng(seed)
            sequences = []
            for _ in range(num_sequences):
                n = int(rng.integers(1, MAX_N))
                seq = ["a"] * n + ["b"] * n
                if variant == "anbnan":
                    seq = seq + ["a"] * n
                sequences.append(seq + [EOS])
            return sequences
        '''),
    _e("vocab-ties-first-seen", "1", "build_vocab uses Counter.most_common: ties in first-seen order, not "
       "alphabetical", "data", "build_vocab", '''
        def build_vocab(sequences, max_size=None):
            if max_size is not None and max_size < 1:
                raise ValueError("max_size must be at least 1")
            counts = Counter(word for seq in sequences for word in seq if word != UNK)
            words = [word for word, _ in counts.most_common()]
            if max_size is not None:
                words = words[: max_size - 1]
            idx_to_word = words + [UNK]
            word_to_idx = {word: i for i, word in enumerate(idx_to_word)}
            return word_to_idx, idx_to_word
        '''),
    _e("split-round", "1", "split_dataset rounds the cut points instead of flooring them",
       "data", "split_dataset", '''
        def split_dataset(sequences, p_train=0.8, p_val=0.1):
            if p_train < 0 or p_val < 0 or p_train + p_val > 1:
                raise ValueError("fractions must be non-negative and sum to at most 1")
            L = len(sequences)
            n_train = int(round(p_train * L))
            n_val = int(round(p_val * L))
            train = list(sequences[:n_train])
            val = list(sequences[n_train:n_train + n_val])
            test = list(sequences[n_train + n_val:])
            return train, val, test
        '''),
    # ---- task 2: activations -----------------------------------------------------------------------------
    _e("sigmoid-branches-swapped", "2", "stable sigmoid with the two branches swapped (x >= 0 gets e/(1+e))",
       "activations", "sigmoid", '''
        def sigmoid(x):
            x = np.asarray(x, dtype=np.float64)
            e = np.exp(-np.abs(x))
            return np.where(x >= 0, e / (1.0 + e), 1.0 / (1.0 + e))
        '''),
    _e("softmax-global-max", "2", "softmax subtracts the max of the whole array, not the max along the axis",
       "activations", "softmax", '''
        def softmax(x, axis=-1):
            shifted = x - np.max(x)
            ex = np.exp(shifted)
            return ex / np.sum(ex, axis=axis, keepdims=True)
        '''),
    _e("ce-mean-over-all", "2", "cross_entropy divides by N*T (every step, padding included) instead of M",
       "activations", "cross_entropy", '''
        def cross_entropy(scores, y, mask):
            mask = np.asarray(mask, dtype=bool)
            if not mask.any():
                raise ValueError("the mask selects no token")
            N, T, V = scores.shape
            z = scores - scores.max(axis=-1, keepdims=True)
            log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
            targets = np.where(mask, y, 0).astype(np.int64)
            picked = np.take_along_axis(log_p, targets[..., None], axis=-1)[..., 0]
            count = N * T
            loss = -np.sum(picked * mask) / count
            dscores = np.exp(log_p)
            n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
            dscores[n_idx, t_idx, targets] -= 1.0
            dscores *= mask[..., None]
            dscores /= count
            return float(loss), dscores
        '''),
    # ---- task 3: initialisation --------------------------------------------------------------------------
    _e("orthogonal-no-sign-fix", "3", "orthogonal returns QR's Q without the sign(diag(R)) correction",
       "initialisation", "orthogonal", '''
        def orthogonal(shape, rng):
            rows, cols = shape
            A = rng.standard_normal((max(rows, cols), min(rows, cols)))
            Q, _ = np.linalg.qr(A)
            return Q if rows >= cols else Q.T
        '''),
    _e("lstm-init-one-block", "3", "init_lstm_params draws Wx and Wh as one orthogonal matrix each, not per gate",
       "initialisation", "init_lstm_params", '''
        def init_lstm_params(D, H, V, rng):
            Wx = orthogonal((D, 4 * H), rng)
            Wh = orthogonal((H, 4 * H), rng)
            Wy = orthogonal((H, V), rng)
            return {"Wx": Wx, "Wh": Wh, "b": np.zeros(4 * H), "Wy": Wy, "by": np.zeros(V)}
        '''),
    # ---- task 4: rnn -------------------------------------------------------------------------------------
    _e("rnn-step-Wh-transposed", "4", "rnn_step_forward multiplies prev_h by Wh.T instead of Wh",
       "rnn", "rnn_step_forward", '''
        def rnn_step_forward(x, prev_h, Wx, Wh, b):
            a = x @ Wx + prev_h @ Wh.T + b
            next_h = np.tanh(a)
            return next_h, (x, prev_h, Wx, Wh, next_h)
        '''),
    _e("rnn-forward-no-carry", "4", "rnn_forward never updates the carried state: every step reads h0",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            xw = x @ Wx + b
            h = np.zeros((N, T, H))
            prev_h = h0
            for t in range(T):
                h[:, t, :] = np.tanh(xw[:, t, :] + prev_h @ Wh)
            return h, (x, h0, Wx, Wh, h)
        '''),
    _e("rnn-forward-stack-axis", "4", "rnn_forward stacks the hidden states along axis 0: (T, N, H)",
       "rnn", "rnn_forward", '''
        def rnn_forward(x, h0, Wx, Wh, b):
            states = []
            caches = []
            prev_h = h0
            for t in range(x.shape[1]):
                prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
                states.append(prev_h)
                caches.append(step_cache)
            h = np.stack(states)
            return h, caches
        '''),
    # ---- task 5: clipping --------------------------------------------------------------------------------
    _e("clip-norm-after", "5", "clip_by_global_norm returns the norm measured after clipping",
       "clipping", "clip_by_global_norm", '''
        def clip_by_global_norm(grads, max_norm):
            if max_norm <= 0:
                raise ValueError("max_norm must be positive")
            norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
            if norm > max_norm:
                scale = max_norm / norm
                grads = {name: g * scale for name, g in grads.items()}
                norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
            return grads, norm
        '''),
    _e("clip-value-in-place", "5", "clip_by_value clips the caller's arrays in place (np.clip(..., out=g))",
       "clipping", "clip_by_value", '''
        def clip_by_value(grads, clip_value):
            if clip_value <= 0:
                raise ValueError("clip_value must be positive")
            for g in grads.values():
                np.clip(g, -clip_value, clip_value, out=g)
            return grads
        '''),
    # ---- task 6: lstm ------------------------------------------------------------------------------------
    _e("lstm-gates-ifgo", "6", "lstm_step_forward slices the gates in PyTorch's order i, f, g, o",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            i = sigmoid(a[:, 0:H])
            f = sigmoid(a[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:4 * H])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
        '''),
    _e("lstm-candidate-sigmoid", "6", "lstm_step_forward squashes the candidate g with sigmoid, not tanh",
       "lstm", "lstm_step_forward", '''
        def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
            H = prev_h.shape[1]
            a = x @ Wx + prev_h @ Wh + b
            f = sigmoid(a[:, :H])
            i = sigmoid(a[:, H:2 * H])
            g = sigmoid(a[:, 2 * H:3 * H])
            o = sigmoid(a[:, 3 * H:])
            next_c = f * prev_c + i * g
            next_h = o * np.tanh(next_c)
            return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, f, i, g, o, next_c)
        '''),
    _e("lstm-forward-no-cell-carry", "6", "lstm_forward carries h but feeds c0 as the previous cell at every step",
       "lstm", "lstm_forward", '''
        def lstm_forward(x, h0, c0, Wx, Wh, b):
            N, T, _ = x.shape
            H = h0.shape[1]
            h = np.zeros((N, T, H))
            caches = []
            prev_h, prev_c = h0, c0
            for t in range(T):
                next_h, next_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
                h[:, t, :] = next_h
                caches.append(step_cache)
                prev_h = next_h
            return h, caches
        '''),
    # ---- task 7: optim -----------------------------------------------------------------------------------
    _e("adam-no-bias-correction", "7", "Adam.step uses m and v without the 1 - beta^k bias correction",
       "optim", "Adam.step", '''
        def step(self, params, grads):
            self.t += 1
            for name, p in params.items():
                g = grads[name]
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g * g
                p -= self.lr * self.m[name] / (np.sqrt(self.v[name]) + self.eps)
        '''),
    _e("sgd-momentum-dampened", "7", "SGD momentum as an average: v <- mu v + (1 - mu) g",
       "optim", "SGD.step", '''
        def step(self, params, grads):
            for name, p in params.items():
                g = grads[name]
                if self.momentum == 0:
                    p -= self.lr * g
                    continue
                if name not in self.velocity:
                    self.velocity[name] = g.copy()
                else:
                    self.velocity[name] = self.momentum * self.velocity[name] + (1 - self.momentum) * g
                p -= self.lr * self.velocity[name]
        '''),
    # ---- task 8: train -----------------------------------------------------------------------------------
    _e("model-loss-H-axis", "8", "model_loss takes H from Wh.shape[1] (4H for the LSTM) for the zero states",
       "train", "model_loss", '''
        def model_loss(params, batch, cell="lstm"):
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            X, y, mask = batch
            N = X.shape[0]
            H = params["Wh"].shape[1]
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
            return float(loss), {"Wx": dWx, "Wh": dWh, "b": db, "Wy": dWy, "by": dby}
        '''),
    _e("train-plain-mean", "8", "train averages the batch losses of an epoch without weighting by tokens",
       "train", "train", '''
        def train(params, train_batch, val_batch, optimizer, epochs, batch_size=None, max_norm=None,
                  cell="lstm", seed=0):
            rng = np.random.default_rng(seed)
            N = train_batch.X.shape[0]
            history = {"train_loss": [], "val_loss": []}
            for _ in range(epochs):
                if batch_size is None:
                    chunks = [np.arange(N)]
                else:
                    order = rng.permutation(N)
                    chunks = [order[start:start + batch_size] for start in range(0, N, batch_size)]
                losses = []
                for idx in chunks:
                    mini = Batch(train_batch.X[idx], train_batch.y[idx], train_batch.mask[idx])
                    loss, grads = model_loss(params, mini, cell)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(params, grads)
                    losses.append(loss)
                history["train_loss"].append(float(np.mean(losses)))
                val_loss, _ = model_loss(params, val_batch, cell)
                history["val_loss"].append(float(val_loss))
            return history
        '''),
    _e("generate-drops-eos", "8", "generate stops at EOS but does not append it to the tokens",
       "train", "generate", '''
        def generate(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
            if not prompt:
                raise ValueError("the prompt must hold at least one token")
            if cell not in CELLS:
                raise ValueError(f"unknown cell {cell!r}")
            if not greedy and rng is None:
                raise ValueError("sampling needs an rng")
            V = len(idx_to_word)
            H = params["Wh"].shape[0]
            state = {"h": np.zeros((1, H)), "c": np.zeros((1, H))}

            def feed(idx):
                x = one_hot(int(idx), V)[None, :]
                if cell == "rnn":
                    state["h"], _ = rnn_step_forward(x, state["h"], params["Wx"], params["Wh"], params["b"])
                else:
                    state["h"], state["c"], _ = lstm_step_forward(
                        x, state["h"], state["c"], params["Wx"], params["Wh"], params["b"])

            for idx in encode(prompt, word_to_idx):
                feed(idx)
            tokens = list(prompt)
            for _ in range(max_new):
                p = softmax(state["h"] @ params["Wy"] + params["by"])[0]
                nxt = int(np.argmax(p)) if greedy else int(rng.choice(V, p=p))
                word = idx_to_word[nxt]
                if word == EOS:
                    break
                tokens.append(word)
                feed(nxt)
            return tokens
        '''),
    # ---- task 9: torch_port ------------------------------------------------------------------------------
    _e("torch-no-gate-swap", "9", "to_torch_state transposes but keeps the NumPy gate order f, i, g, o",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            return {
                "lstm.weight_ih_l0": params["Wx"].T.astype(np.float64).copy(),
                "lstm.weight_hh_l0": params["Wh"].T.astype(np.float64).copy(),
                "lstm.bias_ih_l0": params["b"].astype(np.float64).copy(),
                "lstm.bias_hh_l0": np.zeros(params["b"].shape, dtype=np.float64),
                "out.weight": params["Wy"].T.astype(np.float64).copy(),
                "out.bias": params["by"].astype(np.float64).copy(),
            }
        '''),
    _e("torch-linear-views", "9", "to_torch_state returns out.weight = Wy.T and out.bias = by: views of params",
       "torch_port", "to_torch_state", '''
        def to_torch_state(params):
            H = params["Wh"].shape[0]

            def reorder(a):
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            return {
                "lstm.weight_ih_l0": np.ascontiguousarray(reorder(params["Wx"]).T),
                "lstm.weight_hh_l0": np.ascontiguousarray(reorder(params["Wh"]).T),
                "lstm.bias_ih_l0": reorder(params["b"]),
                "lstm.bias_hh_l0": np.zeros(4 * H),
                "out.weight": params["Wy"].T,
                "out.bias": params["by"],
            }
        '''),
    _e("torch-drops-bias-hh", "9", "from_torch_state keeps bias_ih only and drops bias_hh",
       "torch_port", "from_torch_state", '''
        def from_torch_state(state):
            def swap_first_two(a):
                H = a.shape[-1] // 4
                return np.concatenate([a[..., H:2 * H], a[..., :H], a[..., 2 * H:]], axis=-1)

            Wx = swap_first_two(np.asarray(state["lstm.weight_ih_l0"], dtype=np.float64).T)
            Wh = swap_first_two(np.asarray(state["lstm.weight_hh_l0"], dtype=np.float64).T)
            b = swap_first_two(np.asarray(state["lstm.bias_ih_l0"], dtype=np.float64))
            Wy = np.array(state["out.weight"], dtype=np.float64).T.copy()
            by = np.array(state["out.bias"], dtype=np.float64)
            return {"Wx": Wx, "Wh": Wh, "b": b, "Wy": Wy, "by": by}
        '''),
]


def _find(tree: ast.Module, function: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The FunctionDef of ``function`` (top level, or ``Class.method``), or None."""
    *owner, name = function.split(".")
    body = tree.body
    if owner:
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == owner[0]]
        if not classes:
            return None
        body = classes[0].body
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node
    return None


def build(entry: Entry, folder: Path) -> Path:
    """Copy ada's modules into ``folder`` and splice ``entry.source`` over ``entry.function`` in its module."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in ADA.glob("*.py"):
        shutil.copy(path, folder / path.name)
    target = folder / f"{entry.module}.py"
    if not target.exists():
        raise ValueError(f"{entry.id}: ada has no module {entry.module}.py")
    text = target.read_text(encoding="utf-8")
    node = _find(ast.parse(text), entry.function)
    if node is None:
        raise ValueError(f"{entry.id}: no function {entry.function} in {entry.module}.py")
    first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
    lines = text.splitlines(keepends=True)
    replacement = textwrap.indent(entry.source, " " * node.col_offset)
    spliced = "".join(lines[: first - 1]) + replacement + "".join(lines[node.end_lineno:])
    try:
        ast.parse(spliced)
    except SyntaxError as err:
        raise ValueError(f"{entry.id}: the spliced {entry.module}.py does not parse: {err}") from None
    target.write_text(spliced, encoding="utf-8")
    return folder


def main(entries: list[Entry] = ENTRIES) -> None:
    """Grade ``entries`` (this set by default) and print the table, the totals and every message not in words."""
    from autograder.grading.grader import Grader
    from tests.runtime.mutants import Mutant, Patch, summary, verdict

    grader = Grader()

    def one(entry: Entry, tmp: Path):
        mutant = Mutant(entry.id, entry.task, entry.about, patches=(Patch(entry.module, "", ""),))
        report = grader.grade(build(entry, tmp / entry.id), entry.id)
        return verdict(mutant, report), report

    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        graded = list(pool.map(lambda entry: one(entry, Path(tmp)), entries))

    verdicts = [v for v, _ in graded]
    for v, report in graded:
        own = [r for r in report.results if r.task == v.task and r.points < r.max_points - 1e-9]
        named = ("named" if any(r.diagnostics.get("mistake") for r in own)
                 else "described" if any(r.diagnostics.get("pattern") for r in own) else "unnamed")
        first = v.message.strip().splitlines()[0] if v.message.strip() else ""
        print(f"{v.id:28} task {v.task}  {'caught' if v.caught else 'MISSED':6}  {named:9}  {first}")
    print()
    print(summary(verdicts))

    print("\nNot diagnosed in words (every failing check of the entry's own task):")
    for (v, report), entry in zip(graded, entries, strict=True):
        if v.diagnosed:
            continue
        print(f"\n== {v.id} (task {v.task}): {entry.about}")
        own = [r for r in report.results if r.task == v.task and r.points < r.max_points - 1e-9]
        if not own:
            print("   (no check of its task lost points)")
        for r in own:
            print(f"-- {r.name} [{r.status.value}]\n{r.message}")


if __name__ == "__main__":
    main()
