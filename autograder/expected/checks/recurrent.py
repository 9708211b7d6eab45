"""Checks of tasks 4 (vanilla RNN) and 6 (LSTM): forwards against the reference, backwards by gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.expected.checks import recurrent_mistakes as wrong
from autograder.expected.checks.builders import Mistake, gradient_check, value_check

# (N, T, D, H, input scale, note): the edge cases T = 1, N = 1, H = 1, D = 1, large inputs, zeros,
# pre-activations far past 709 (where exp overflows).
SHAPES = [
    (3, 5, 4, 6, 1.0, ""),
    (1, 1, 3, 4, 1.0, ""),
    (2, 4, 1, 1, 1.0, ""),
    (4, 6, 5, 3, 30.0, ", large inputs"),
    (2, 3, 2, 3, 0.0, ", all-zero inputs and states"),
    (2, 3, 3, 2, 1e3, ", pre-activations past 709"),   # exp(a) overflows: a stable sigmoid is needed
    (2, 9, 3, 4, 1.0, ", nine steps"),    # a gradient carried back further than a truncated BPTT's 4 or 5 steps
]


def _label(N: int, T: int | None, D: int, H: int, note: str) -> str:
    return f"N={N}{'' if T is None else f', T={T}'}, D={D}, H={H}{note}"


def _recurrent_args(rng: np.random.Generator, gates: int, with_cell: bool, step: bool) -> list[tuple[str, list]]:
    """Inputs of a forward: x (N, T, D), or (N, D) for one step, the initial state(s) and the weights."""
    cases = []
    for N, T, D, H, scale, note in SHAPES:
        x = scale * rng.standard_normal((N, D) if step else (N, T, D))
        states = [scale * rng.standard_normal((N, H)) for _ in range(2 if with_cell else 1)]
        weights = [rng.standard_normal((D, gates * H)) / np.sqrt(D),
                   rng.standard_normal((H, gates * H)) / np.sqrt(H), 0.5 * rng.standard_normal(gates * H)]
        cases.append((_label(N, None if step else T, D, H, note), [x, *states, *weights]))
    return cases


def _calls(gates: int, with_cell: bool, step: bool):
    """Cases of a value check: (label, args, kwargs)."""
    return lambda rng: [(label, args, {}) for label, args in _recurrent_args(rng, gates, with_cell, step)]


def _grads(gates: int, with_cell: bool, step: bool):
    """Cases of a gradient check: (label, args)."""
    return lambda rng: _recurrent_args(rng, gates, with_cell, step)


def _affine(rng):
    cases = []
    for N, T, _, H, scale, note in SHAPES[:4]:
        cases.append((f"N={N}, T={T}, H={H}, V=5{note}", [scale * rng.standard_normal((N, T, H)),
                                                          rng.standard_normal((H, 5)), rng.standard_normal(5)], {}))
    return cases


# The activations a cell calls (task 2) get inputs clipped to +-700 in these checks: their own overflow costs
# task 2's points; an overflow in the cell's own code (exp(a) written inline) is still this task's.
GUARD = {"activations": ["sigmoid", "tanh", "sigmoid_grad", "tanh_grad"]}

# --- LSTM ---------------------------------------------------------------------------------------

LSTM_DIMS, LSTM_STEP_DIMS = ["NTD", "NH", "NH"], ["ND", "NH", "NH"]
LSTM_HINTS = {"overflow": "A gate computed as exp(a) / (1 + exp(a)) (or 1 / (1 + exp(-a))) is inf / inf = NaN once "
                          "a passes 709: use the stable sigmoid of activations.py.",
              "blocks-permuted": "This kit stacks the gate blocks f, i, g, o (see the module docstring)."}

def _lstm_sequence_order(order):
    return lambda x, h0, c0, Wx, Wh, b: wrong.lstm(x, h0, c0, Wx, Wh, b, order=order)[:1]


def _lstm_step_order(order):
    def step(x, h, c, Wx, Wh, b):
        hs, next_c = wrong.lstm(x[:, None], h, c, Wx, Wh, b, order=order)
        return hs[:, 0], next_c
    return step


ORDER = {
    "ifgo": "the gate blocks are read in PyTorch's order (input, forget, candidate, output); this kit "
            "stacks them forget, input, candidate, output (see the module docstring).",
    "ifog": "the gate blocks are read in the order input, forget, output, candidate; this kit stacks "
            "them forget, input, candidate, output (see the module docstring).",
}

value_check("6", "lstm_step_forward: next_h and next_c", "lstm", "lstm_step_forward", _calls(4, True, True),
            n_out=2, dims=LSTM_STEP_DIMS, hints=LSTM_HINTS, guard=GUARD,
            mistakes=[Mistake(f"gates-order-{o}", m, _lstm_step_order(o)) for o, m in ORDER.items()])
H0_IGNORED = ("the first step starts from zeros instead of h0: the recurrence's h_{-1} is the given initial "
              "state h0; use it as the previous hidden state at t = 0.")
value_check("6", "lstm_forward: hidden states", "lstm", "lstm_forward", _calls(4, True, False), n_out=1,
            weight=2, dims=LSTM_DIMS, hints=LSTM_HINTS, guard=GUARD, mistakes=[
                *(Mistake(f"gates-order-{o}", m, _lstm_sequence_order(o)) for o, m in ORDER.items()),
                Mistake("h0-ignored", H0_IGNORED,
                        lambda x, h0, c0, Wx, Wh, b: wrong.lstm(x, 0 * h0, c0, Wx, Wh, b)[:1]),
                Mistake("c0-ignored", "the first step's cell state is zeros instead of c0: c_{-1} is the given "
                        "initial cell state c0.",
                        lambda x, h0, c0, Wx, Wh, b: wrong.lstm(x, h0, 0 * c0, Wx, Wh, b)[:1]),
                Mistake("c0-from-h0", "the cell state starts from h0: the LSTM has two initial states, h0 for the "
                        "hidden state and c0 for the cell state.",
                        lambda x, h0, c0, Wx, Wh, b: wrong.lstm(x, h0, h0, Wx, Wh, b)[:1]),
            ])

NO_BPTT = ("the gradient is not carried back through time: at step t, the gradient into h_t is dh[:, t] "
           "plus what step t+1 sends back through Wh (dprev_h); carry it from one step to the one before.")
ACTIVATED = ("a derivative is applied to an already-activated value: the cache holds s = sigmoid(a) and "
             "g = tanh(a), so sigmoid'(a) = s * (1 - s) and tanh'(a) = 1 - g**2; applying sigmoid or tanh "
             "again (sigmoid(s) * (1 - sigmoid(s))) is the derivative at the wrong point.")


GATES_AGAIN = ("the sigmoid is applied to the gates a second time: the cache holds f, i and o, already sigmoid "
               "outputs, so their derivatives are f * (1 - f), i * (1 - i), o * (1 - o); sigmoid_grad(f) (or "
               "sigmoid(f) * (1 - sigmoid(f))) is the derivative at the wrong point. The classic mistake the "
               "docstring warns about.")


def _lstm_grads(**flags):
    return lambda args, douts: wrong.lstm(*args, douts=douts, **flags)


def _lstm_step_grads(**flags):
    """One step's gradients: a sequence of length 1 with gradients into both next_h and next_c."""
    def grads(args, douts):
        dx, *rest = wrong.lstm(args[0][:, None], *args[1:], douts=[douts[0][:, None], douts[1]], **flags)
        return (dx[:, 0], *rest)
    return grads


gradient_check("6", "lstm_step_backward: gradients", "lstm", "lstm_step_forward", "lstm_step_backward", 2,
               _grads(4, True, True), ["dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"],
               dims=LSTM_STEP_DIMS, hints=LSTM_HINTS, guard=GUARD,
               mistakes=[Mistake("activated-derivative", ACTIVATED, _lstm_step_grads(activated=True)),
                         Mistake("gates-resigmoided", GATES_AGAIN, _lstm_step_grads(activated="sigmoid")),
                         Mistake("gates-order-ifgo", ORDER["ifgo"], _lstm_step_grads(order="ifgo"))])
gradient_check("6", "lstm_backward: gradients through time", "lstm", "lstm_forward", "lstm_backward", 1,
               _grads(4, True, False), ["dx", "dh0", "dc0", "dWx", "dWh", "db"], weight=3,
               dims=LSTM_DIMS, hints=LSTM_HINTS, guard=GUARD, mistakes=[
                   Mistake("no-bptt", NO_BPTT, _lstm_grads(carry_h=False, carry_c=False)),
                   Mistake("no-bptt-h", NO_BPTT, _lstm_grads(carry_h=False)),
                   Mistake("no-cell-carry", "the cell gradient is not carried back through time: the "
                           "gradient into c_{t-1} is dc_t * f_t (dprev_c), and step t-1 must add it to its "
                           "own dc.", _lstm_grads(carry_c=False)),
                   Mistake("activated-derivative", ACTIVATED, _lstm_grads(activated=True)),
                   Mistake("gates-resigmoided", GATES_AGAIN, _lstm_grads(activated="sigmoid")),
                   Mistake("gates-order-ifgo", ORDER["ifgo"], _lstm_grads(order="ifgo")),
               ])


# --- vanilla RNN --------------------------------------------------------------------------------

TRANSPOSED = ("a weight is used transposed: the recurrence is h_t = tanh(x_t Wx + h_{t-1} Wh + b) with "
              "Wh of shape (H, H) multiplied on the right; h_{t-1} Wh.T (or Wh h_{t-1}) computes "
              "something else when Wh is not symmetric.")

def _rnn_step(**flags):
    """A one-step RNN (forward outputs, or gradients given douts) from the sequence helper."""
    def step(x, h, Wx, Wh, b, douts=None):
        if douts is None:
            return (wrong.rnn(x[:, None], h, Wx, Wh, b, **flags)[:, 0],)
        dx, *rest = wrong.rnn(x[:, None], h, Wx, Wh, b, douts=[douts[0][:, None]], **flags)
        return (dx[:, 0], *rest)
    return step


def _rnn_grads(step: bool = False, **flags):
    if step:
        return lambda args, douts: _rnn_step(**flags)(*args, douts=douts)

    def grads(args: tuple[np.ndarray, ...], douts: list) -> Any:
        x, h0, Wx, Wh, b = args
        return wrong.rnn(x, h0, Wx, Wh, b, douts=douts, **flags)
    return grads


NO_BIAS = "the bias b is left out: the pre-activation is x_t Wx + h_{t-1} Wh + b."
UNTRANSPOSED = ("the gradient sent to the previous step is da Wh; it is da Wh^T (Wh maps h_{t-1} to a_t, so its "
                "transpose maps da_t back to h_{t-1}).")
RNN_DIMS, RNN_STEP_DIMS = ["NTD", "NH"], ["ND", "NH"]
RNN_HINTS = {"overflow": "The textbook tanh (e^a - e^-a) / (e^a + e^-a) is inf / inf past |a| = 710: use np.tanh."}
value_check("4", "rnn_step_forward: next_h", "rnn", "rnn_step_forward", _calls(1, False, True), n_out=1,
            dims=RNN_STEP_DIMS, hints=RNN_HINTS, guard=GUARD, mistakes=[
                Mistake("transposed-weight", TRANSPOSED, _rnn_step(transposed=True)),
                Mistake("no-bias", NO_BIAS, lambda x, h, Wx, Wh, b: _rnn_step()(x, h, Wx, Wh, 0 * b))])
value_check("4", "rnn_forward: hidden states", "rnn", "rnn_forward", _calls(1, False, False), n_out=1,
            weight=2, dims=RNN_DIMS, hints=RNN_HINTS, guard=GUARD, mistakes=[
                Mistake("transposed-weight", TRANSPOSED, lambda *args: (wrong.rnn(*args, transposed=True),)),
                Mistake("no-bias", NO_BIAS, lambda x, h0, Wx, Wh, b: (wrong.rnn(x, h0, Wx, Wh, 0 * b),)),
                Mistake("h0-ignored", H0_IGNORED, lambda x, h0, Wx, Wh, b: (wrong.rnn(x, 0 * h0, Wx, Wh, b),))])
gradient_check("4", "rnn_step_backward: gradients", "rnn", "rnn_step_forward", "rnn_step_backward", 1,
               _grads(1, False, True), ["dx", "dprev_h", "dWx", "dWh", "db"], dims=RNN_STEP_DIMS, guard=GUARD,
               mistakes=[Mistake("activated-derivative", ACTIVATED, _rnn_grads(step=True, activated=True)),
                         Mistake("dprev-untransposed", UNTRANSPOSED, _rnn_grads(step=True, untransposed=True))])
gradient_check("4", "rnn_backward: gradients through time", "rnn", "rnn_forward", "rnn_backward", 1,
               _grads(1, False, False), ["dx", "dh0", "dWx", "dWh", "db"], weight=3, dims=RNN_DIMS, guard=GUARD,
               mistakes=[
                   Mistake("no-bptt", NO_BPTT, _rnn_grads(carry_h=False)),
                   Mistake("dprev-untransposed", UNTRANSPOSED, _rnn_grads(untransposed=True)),
                   Mistake("activated-derivative", ACTIVATED, _rnn_grads(activated=True)),
                   Mistake("h-off-by-one", "dWh pairs step t's gradient with h_t; the weight Wh multiplies "
                           "h_{t-1} in step t, so dWh sums h_{t-1}^T da_t (h0 at t = 0).",
                           _rnn_grads(h_off_by_one=True)),
                   Mistake("h0-wraps", "at t = 0 the previous hidden state is h0, but hs[t - 1] with t = 0 is "
                           "the last hidden state (Python's index -1): use h0 for the first step's dWh.",
                           _rnn_grads(h0_wraps=True)),
               ])

value_check("4", "affine_forward: scores", "rnn", "affine_forward", _affine, n_out=1, dims=["NTH", "HV"])
gradient_check("4", "affine_backward: gradients", "rnn", "affine_forward", "affine_backward", 1,
               lambda rng: [(label, args) for label, args, _ in _affine(rng)], ["dh", "dWy", "dby"],
               dims=["NTH", "HV"])
