"""Checks of tasks 7 (optimisers), 8 (training and generation) and 9 (the PyTorch mapping).

The convergence check trains the learner's LSTM (their model_loss, clipping and
Adam) and PyTorch's ``nn.LSTM`` from the same weights on the same data; the
PyTorch run and the data are shared by every learner of a grading run.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.expected.checks import isolation
from autograder.expected.checks.base import register
from autograder.expected.checks.builders import Mistake, messages, reference, value_check
from autograder.runtime.judges.specs import OptimiserSpec, TrainLoopSpec

# --- task 7: optimisers -------------------------------------------------------------------------

OPTIMISERS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01}),
    ("Adam", {"lr": 0.01}),
    # every hyper-parameter away from its default: code that writes 0.99, 0.9 or 1e-8 where self.alpha, self.beta1
    # or self.eps belongs steps as the defaults would
    ("SGD", {"lr": 0.1, "momentum": 0.5}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-3}),
    ("Adam", {"lr": 0.01, "beta1": 0.5, "beta2": 0.9, "eps": 1e-3}),
]
USUAL = {"SGD": {"momentum": 0.9}, "RMSprop": {"alpha": 0.99, "eps": 1e-8},
         "Adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}}


def _steps(rng: np.random.Generator) -> tuple[dict, list[dict]]:
    # "any shape" (the docstring): a 0-d parameter too, which p[:] = ... cannot update
    params = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(4), "s": np.array(rng.standard_normal())}
    # Magnitudes from 1e-5 to 10, in a random order: where eps sits only matters for tiny gradients.
    grads = [{k: rng.standard_normal(v.shape) * 10.0**scale for k, v in params.items()}
             for scale in rng.permutation([-5, -3, -1, 0, 1])]
    grads[3]["b"] = np.zeros_like(grads[3]["b"])   # a parameter with no gradient at one step: its moments decay
    # every other step lists its gradients in another key order: a parameter's gradient is found by its key
    return params, [dict(reversed(g.items())) if t % 2 else g for t, g in enumerate(grads)]


def _reference_steps(name: str, options: dict, params: dict, grads: list[dict]) -> list[dict]:
    optimiser = reference("optim", name)(**options)
    params = copy.deepcopy(params)
    after = []
    for g in grads:
        optimiser.step(params, g)
        after.append(copy.deepcopy(params))
    return after


def _rmsprop_tutorial(options, params, grads):
    """The tutorial's RMSprop: running-average weights 0.95 and 0.1 (they must sum to 1)."""
    params, s, after = copy.deepcopy(params), {}, []
    for g in grads:
        for k in g:
            s[k] = 0.95 * s.get(k, 0.0) + 0.1 * g[k] ** 2
            params[k] = params[k] - options["lr"] * g[k] / np.sqrt(s[k] + 1e-8)
        after.append(copy.deepcopy(params))
    return after


def _rmsprop_eps_inside(options, params, grads):
    params, s, after = copy.deepcopy(params), {}, []
    for g in grads:
        for k in g:
            s[k] = 0.99 * s.get(k, 0.0) + 0.01 * g[k] ** 2
            params[k] = params[k] - options["lr"] * g[k] / np.sqrt(s[k] + 1e-8)
        after.append(copy.deepcopy(params))
    return after


def _adam_eps_hat(options, params, grads):
    """The Adam paper's efficient form: eps added to sqrt(v) before the bias correction."""
    params, m, v, after = copy.deepcopy(params), {}, {}, []
    for t, g in enumerate(grads, start=1):
        step = options["lr"] * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        for k in g:
            m[k] = 0.9 * m.get(k, 0.0) + 0.1 * g[k]
            v[k] = 0.999 * v.get(k, 0.0) + 0.001 * g[k] ** 2
            params[k] = params[k] - step * m[k] / (np.sqrt(v[k]) + 1e-8)
        after.append(copy.deepcopy(params))
    return after


def _adam_no_correction(options, params, grads):
    params, m, v, after = copy.deepcopy(params), {}, {}, []
    for g in grads:
        for k in g:
            m[k] = 0.9 * m.get(k, 0.0) + 0.1 * g[k]
            v[k] = 0.999 * v.get(k, 0.0) + 0.001 * g[k] ** 2
            params[k] = params[k] - options["lr"] * m[k] / (np.sqrt(v[k]) + 1e-8)
        after.append(copy.deepcopy(params))
    return after


def _rmsprop_no_one_minus(options, params, grads):
    """s <- alpha * s + g^2: the new squared gradient without its weight 1 - alpha."""
    params, s, after = copy.deepcopy(params), {}, []
    for g in grads:
        for k in g:
            s[k] = 0.99 * s.get(k, 0.0) + g[k] ** 2
            params[k] = params[k] - options["lr"] * g[k] / (np.sqrt(s[k]) + 1e-8)
        after.append(copy.deepcopy(params))
    return after


def _adam_no_one_minus(options, params, grads):
    """m <- beta1 * m + g and v <- beta2 * v + g^2: the new gradient without its weights 1 - beta."""
    params, m, v, after = copy.deepcopy(params), {}, {}, []
    for t, g in enumerate(grads, start=1):
        for k in g:
            m[k] = 0.9 * m.get(k, 0.0) + g[k]
            v[k] = 0.999 * v.get(k, 0.0) + g[k] ** 2
            m_hat, v_hat = m[k] / (1 - 0.9**t), v[k] / (1 - 0.999**t)
            params[k] = params[k] - options["lr"] * m_hat / (np.sqrt(v_hat) + 1e-8)
        after.append(copy.deepcopy(params))
    return after


def _sgd_momentum_average(options, params, grads):
    """Momentum as a running average of the gradients: v <- mu * v + (1 - mu) * g, p <- p - lr * v."""
    params, vel, after = copy.deepcopy(params), {}, []
    mu = options.get("momentum", 0.0)
    for g in grads:
        for k in g:
            vel[k] = mu * vel.get(k, 0.0) + (1 - mu) * g[k]
            params[k] = params[k] - options["lr"] * vel[k]
        after.append(copy.deepcopy(params))
    return after


EPS_OUTSIDE = "eps goes outside the square root: p -= lr * g / (sqrt(s) + eps)."
OPTIMISER_MISTAKES = {
    "RMSprop": [
        Mistake("rmsprop-weights", "the running average must weigh the old value and the new squared "
                "gradient by alpha and 1 - alpha (0.99 and 0.01), which sum to one; other weights (0.95 and "
                "0.1) bias it. Also, " + EPS_OUTSIDE, _rmsprop_tutorial),
        Mistake("rmsprop-eps-inside", EPS_OUTSIDE, _rmsprop_eps_inside),
        Mistake("rmsprop-no-one-minus-alpha", "the squared gradient enters the running average without its "
                "weight: s = alpha * s + (1 - alpha) * g**2, not alpha * s + g**2 (the weights must sum to one, "
                "or s grows far past the gradient's scale).", _rmsprop_no_one_minus),
    ],
    "Adam": [
        Mistake("adam-no-bias-correction", "the bias correction is missing: divide m by 1 - beta1**t and v by "
                "1 - beta2**t, with t the number of steps taken so far.", _adam_no_correction),
        Mistake("adam-eps-hat", "this is the Adam paper's 'efficient' form, with eps added before the bias "
                "correction of v; this kit (like PyTorch) adds it after: p -= lr * m_hat / (sqrt(v_hat) + eps).",
                _adam_eps_hat),
        Mistake("adam-no-one-minus-beta", "the new gradient enters the running averages without its weight: "
                "m = beta1 * m + (1 - beta1) * g and v = beta2 * v + (1 - beta2) * g**2.", _adam_no_one_minus),
    ],
    "SGD": [
        Mistake("momentum-average", "the velocity is a running average of the gradients (v = mu * v + "
                "(1 - mu) * g); momentum here sums them, as PyTorch's SGD does: v = mu * v + g (v starts at g), "
                "p -= lr * v.", _sgd_momentum_average),
    ],
}


def _options_ignored(name: str) -> Mistake:
    """The steps with the usual values where others were passed: the hyper-parameters written as literals."""
    return Mistake("options-ignored", f"your steps are what {name} takes with the usual values "
                   f"{', '.join(f'{k}={v:g}' for k, v in USUAL[name].items())}, not with those passed to it: "
                   "use the values __init__ stores (self.alpha, self.beta1, self.eps, ...), never literals.",
                   lambda options, params, grads: _reference_steps(name, {**options, **USUAL[name]}, params, grads))


def _optimiser_check(name: str, options: dict) -> None:
    others = {k: v for k, v in options.items() if k != "lr"}
    if not others or others == USUAL[name]:
        label = f"{name}.step" + (" with momentum" if others else "") + ": 5 steps"
        known = [m for m in OPTIMISER_MISTAKES.get(name, []) if "momentum" in options or m.id != "momentum-average"]
    else:
        label = f"{name}.step with {', '.join(f'{k}={v:g}' for k, v in others.items())}: 5 steps"
        known = [_options_ignored(name)]

    def build(seed: int, get: Callable[[str], Any]) -> tuple:
        params, grads = _steps(np.random.default_rng(seed))
        mistakes = {m.id: m.fn(options, params, grads) for m in known}
        return params, grads, _reference_steps(name, options, params, grads), mistakes

    spec = OptimiserSpec(name=name, options=options, mistakes=messages(known))
    register("7", label, "optimiser", spec, {"cases": build})


for _name, _options in OPTIMISERS:
    _optimiser_check(_name, _options)

# --- task 9: the PyTorch mapping ----------------------------------------------------------------


def _lstm_params(rng: np.random.Generator, D: int = 3, H: int = 4, V: int = 5) -> dict:
    return {"Wx": rng.standard_normal((D, 4 * H)), "Wh": rng.standard_normal((H, 4 * H)),
            "b": rng.standard_normal(4 * H), "Wy": rng.standard_normal((H, V)), "by": rng.standard_normal(V)}


def _unswapped(params):
    out = reference("torch_port", "to_torch_state")(params)
    H = params["Wh"].shape[0]
    for key in ("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0"):
        a = out[key]
        out[key] = np.concatenate([a[H:2 * H], a[:H], a[2 * H:]], axis=0)
    return out


value_check("9", "to_torch_state: transposes, gate order, biases", "torch_port", "to_torch_state", lambda rng: [
    ("D=3, H=4, V=5", [_lstm_params(rng)], {}), ("D=1, H=1, V=2", [_lstm_params(rng, 1, 1, 2)], {})],
    weight=2, fresh=True, mistakes=[Mistake("torch-gate-order", "PyTorch stacks the gates input, forget, cell, output; "
                                "this kit stacks forget, input, candidate, output: swap the first two H-wide "
                                "blocks.", _unswapped)])


def _torch_states(rng):
    state = reference("torch_port", "to_torch_state")(_lstm_params(rng))
    state["lstm.bias_hh_l0"] = rng.standard_normal(state["lstm.bias_hh_l0"].shape)
    other = reference("torch_port", "to_torch_state")(_lstm_params(rng, 2, 3, 4))   # another H in the same process
    other["lstm.bias_hh_l0"] = rng.standard_normal(other["lstm.bias_hh_l0"].shape)
    return [("a state with both PyTorch biases non-zero", [state], {}),
            ("D=2, H=3, V=4, both biases non-zero", [other], {})]


def _bias_hh_dropped(state):
    return reference("torch_port", "from_torch_state")({**state, "lstm.bias_hh_l0": 0 * state["lstm.bias_hh_l0"]})


value_check("9", "from_torch_state: the inverse map, biases folded", "torch_port", "from_torch_state",
            _torch_states, fresh="new",
            mistakes=[Mistake("bias-hh-dropped", "PyTorch adds two biases, bias_ih and bias_hh; this kit's b is "
                              "their sum: b = bias_ih + bias_hh (then reorder).", _bias_hh_dropped)])

# --- task 8: model loss, state, training loop, generation, convergence -------------------------

V_TOY = 4   # a, b, EOS, UNK


def _toy(rng: np.random.Generator, count: int, variant: str = "anbn"):
    data = reference("data", "generate_dataset")(count, variant, int(rng.integers(1 << 30)))
    word_to_idx, idx_to_word = reference("data", "build_vocab")(data)
    return data, word_to_idx, idx_to_word


def _batch(data, word_to_idx) -> dict:
    return {"$batch": list(reference("data", "make_batch")(data, word_to_idx))}


def _model_cases(rng):
    cases = []
    for cell, init in (("lstm", "init_lstm_params"), ("rnn", "init_rnn_params")):
        data, w2i, _ = _toy(rng, 6)
        params = reference("initialisation", init)(V_TOY, 5, V_TOY, rng)
        params = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in params.items()}
        cases.append((f"{cell}, 6 sequences of different lengths", [params, _batch(data, w2i), cell], {}))
    # the same parameters listed in another key order: a gradient is found by its key, not by its position
    cases.append(("lstm, the parameters' keys in another order", [dict(reversed(cases[0][1][0].items())),
                                                                 cases[0][1][1], "lstm"], {}))
    # an LSTM's parameters, then an RNN's: code that runs any other cell as an LSTM, or as an RNN, returns normally
    # on one of them instead of failing by chance with numpy's ValueError
    cases.append(("an unknown cell 'gru'", [cases[0][1][0], _batch(data, w2i), "gru"], {}))
    cases.append(("an unknown cell 'gru' with an RNN's parameters", [cases[1][1][0], _batch(data, w2i), "gru"], {}))
    cases.append(("cell 'LSTM' (the names are 'rnn' and 'lstm', exactly)", [cases[0][1][0], _batch(data, w2i), "LSTM"],
                  {}))
    return cases


value_check("8", "model_loss: loss and gradients of the language model", "train", "model_loss", _model_cases,
            weight=2, isolated=True)


def _state_cases(seed: int, get: Callable[[str], Any]) -> tuple:
    """The same batch twice in a row, in one process: both results must be the same."""
    _, args, _ = _model_cases(np.random.default_rng(seed))[0]
    Batch = reference("data", "Batch")
    return args, reference("train", "model_loss")(args[0], Batch(*args[1]["$batch"]), "lstm")[0]


register("8", "model_loss: no state carried from one call to the next", "state_reset", {"isolated": True},
         {"cases": _state_cases, "calls": lambda seed, get: isolation.record("model_loss", get("cases")[0], {})})


def _trained(rng, cell: str = "lstm"):
    """A small reference model trained on anbn, so that greedy generation is meaningful."""
    data, w2i, i2w = _toy(rng, 64)
    params = reference("initialisation", f"init_{cell}_params")(V_TOY, 16, V_TOY, rng)
    batch = reference("data", "make_batch")(data, w2i)
    reference("train", "train")(params, batch, batch, reference("optim", "Adam")(lr=3e-2), 60, cell=cell)
    return params, w2i, i2w


def _generate(rng):
    params, w2i, i2w = _trained(rng)
    rnn_params, _, _ = _trained(rng, "rnn")
    seed = int(rng.integers(1 << 30))
    untrained = reference("initialisation", "init_lstm_params")(V_TOY, 16, V_TOY, rng)
    return [("greedy, prompt 'a a b'", [params, ["a", "a", "b"], w2i, i2w], {}),
            ("greedy, prompt with an unknown word", [params, ["a", "x"], w2i, i2w], {"max_new": 5}),
            # the trained model counts the a's in its cell state: a cell lost after the prompt ends too soon
            ("greedy, prompt 'a a a b' (the count of a's lives in the cell state)",
             [params, ["a", "a", "a", "b"], w2i, i2w], {}),
            ("sampled with a seeded rng", [params, ["a"], w2i, i2w], {"greedy": False, "rng": {"$rng": seed}}),
            # untrained: probabilities spread, so that another way of sampling (rng.multinomial, a cumulative sum
            # against rng.random()) draws other tokens than rng.choice(V, p=p) from the same generator
            ("sampled from untrained parameters (probabilities spread)", [untrained, ["a"], w2i, i2w],
             {"greedy": False, "max_new": 8, "rng": {"$rng": seed + 2}}),
            ("greedy from untrained parameters, an rng passed too (greedy decides)", [untrained, ["a"], w2i, i2w],
             {"max_new": 8, "rng": {"$rng": seed + 3}}),
            ("cell='rnn', greedy, prompt 'a a'", [rnn_params, ["a", "a"], w2i, i2w], {"cell": "rnn"}),
            ("cell='rnn', sampled, max_new=6", [rnn_params, ["a", "b"], w2i, i2w],
             {"cell": "rnn", "greedy": False, "max_new": 6, "rng": {"$rng": seed + 1}}),
            ("max_new=0 (the prompt alone)", [params, ["a", "a"], w2i, i2w], {"max_new": 0}),
            ("an empty prompt", [params, [], w2i, i2w], {}),
            ("an unknown cell 'gru'", [params, ["a"], w2i, i2w], {"cell": "gru"}),
            ("an unknown cell 'gru' with an RNN's parameters", [rnn_params, ["a"], w2i, i2w], {"cell": "gru"}),
            ("sampling without rng", [params, ["a"], w2i, i2w], {"greedy": False}),
            ("sampling without rng, max_new=0 (still a call without what it needs)", [params, ["a"], w2i, i2w],
             {"greedy": False, "max_new": 0})]


def _feeds_probabilities(params, prompt, word_to_idx, idx_to_word, max_new=20, greedy=True, rng=None, cell="lstm"):
    """generate with the tutorial's mistake: the probability vector, not a one-hot, is fed back in."""
    step = reference("lstm", "lstm_step_forward")
    V, H = len(idx_to_word), params["Wh"].shape[0]
    h, c = np.zeros((1, H)), np.zeros((1, H))
    for idx in reference("data", "encode")(prompt, word_to_idx):
        h, c, _ = step(np.eye(V)[[idx]], h, c, params["Wx"], params["Wh"], params["b"])
    tokens = list(prompt)
    for _ in range(max_new):
        p = reference("activations", "softmax")(h @ params["Wy"] + params["by"])
        idx = int(np.argmax(p[0])) if greedy else int(rng.choice(V, p=p[0]))
        tokens.append(idx_to_word[idx])
        if idx_to_word[idx] == "EOS":
            break
        h, c, _ = step(p, h, c, params["Wx"], params["Wh"], params["b"])
    return tokens


value_check("8", "generate: greedy and sampled continuation", "train", "generate", _generate, isolated=True, mistakes=[
    Mistake("feeds-probabilities", "the next input must be the one-hot vector of the token just chosen; "
            "feeding the probability vector back in (as the tutorial's freestyle does) gives the model an "
            "input it never saw in training.", _feeds_probabilities)])


def _train_loop_case(rng, cell: str):
    data, w2i, _ = _toy(rng, 20)
    params = reference("initialisation", f"init_{cell}_params")(V_TOY, 6, V_TOY, rng)
    return params, _batch(data[:16], w2i)["$batch"], _batch(data[16:], w2i)["$batch"]


TRAIN_LR = 1e-2


VAL_ON_TRAIN = ("the validation loss is computed on the training batch: after each epoch, evaluate model_loss on "
                "val_batch (the split the model never trains on).")


def _train_check(name: str, options: dict) -> None:
    def run(seed: int, on_train: bool = False, recorder: isolation.Recorder | None = None) -> tuple:
        params, train, val = _train_loop_case(np.random.default_rng(seed), options["cell"])
        trained = copy.deepcopy(params)
        Batch = reference("data", "Batch")
        optimiser = reference("optim", "Adam")(lr=TRAIN_LR)
        module = isolation.recorded_train(recorder) if recorder else importlib.import_module("solutions.train")
        history = module.train(trained, Batch(*train), Batch(*(train if on_train else val)),
                               recorder.optimiser(optimiser) if recorder else optimiser, **options)
        return params, train, val, history, trained

    def calls(seed: int, get: Callable[[str], Any]) -> dict:
        recorder = isolation.Recorder()
        run(seed, recorder=recorder)
        return isolation.table(recorder.calls)

    spec = TrainLoopSpec(options=options, lr=TRAIN_LR, mistakes=[["val-on-train", VAL_ON_TRAIN]], isolated=True)
    register("8", name, "train_loop", spec, {"cases": lambda seed, get: run(seed), "calls": calls,
                                             "mistakes": lambda seed, get: {"val-on-train": run(seed, True)[3]}})


_train_check("train: mini-batches, clipping, history",
             {"epochs": 3, "batch_size": 5, "max_norm": 0.05, "cell": "lstm", "seed": 7})
_train_check("train: cell='rnn', full batch, no clipping",
             {"epochs": 2, "batch_size": None, "max_norm": None, "cell": "rnn", "seed": 3})
# the other two pairings of the options: code whose full-batch branch forgets the clipping, or whose mini-batch
# branch forgets the cell, passes the two above (max_norm 0.05 clips here: the gradients' norms start near 0.5)
_train_check("train: cell='rnn', mini-batches, clipping",
             {"epochs": 2, "batch_size": 4, "max_norm": 0.05, "cell": "rnn", "seed": 5})
_train_check("train: full batch, clipping",
             {"epochs": 2, "batch_size": None, "max_norm": 0.05, "cell": "lstm", "seed": 1})
