"""Plain implementations of the RNN and LSTM with the classic mistakes switched on by flags.

The grader compares a learner's wrong output with these to name the mistake.
They are written for clarity, not speed, and independently of ``solutions/``.
Flags:

- ``carry_h=False``: the gradient is not carried back through time (dprev_h dropped)
- ``carry_c=False``: the LSTM cell gradient is not carried through the forget gate
- ``activated=True``: each derivative is applied to the already-activated value
  (``sigmoid(s)(1 - sigmoid(s))`` with s = sigmoid(a); ``1 - tanh(h)^2`` with h = tanh(a));
  ``activated="sigmoid"``: only the gates' (sigmoid) derivatives are (the tanh ones are right)
- ``order``: the order in which the gate blocks are read from the stacked weights
- ``h_off_by_one=True``: dWh pairs step t's gradient with h_t instead of h_{t-1}
- ``h0_wraps=True``: at t = 0, dWh uses the last hidden state (``hs[t - 1]`` with t = 0) instead of h0
- ``untransposed=True``: the gradient sent to the previous step is ``da Wh`` instead of ``da Wh^T``
"""

from __future__ import annotations

import numpy as np

GATES = "figo"   # the kit's order: forget, input, candidate, output


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def lstm(x, h0, c0, Wx, Wh, b, douts=None, *, order=GATES, carry_h=True, carry_c=True, activated=False):
    """LSTM over (N, T, D) inputs.

    Without ``douts``, returns (h (N, T, H), c_T (N, H)). With ``douts = [dh]`` or
    ``[dh, dc_T]`` (a gradient into the last cell state too), returns
    (dx, dh0, dc0, dWx, dWh, db).
    """
    N, T, _ = x.shape
    H = h0.shape[1]
    blocks = {name: slice(k * H, (k + 1) * H) for k, name in enumerate(order)}
    h, c, steps = h0, c0, []
    hs = np.zeros((N, T, H))
    for t in range(T):
        a = x[:, t] @ Wx + h @ Wh + b
        f, i, o = (_sigmoid(a[:, blocks[n]]) for n in "fio")
        g = np.tanh(a[:, blocks["g"]])
        c_prev, h_prev = c, h
        c = f * c + i * g
        h = o * np.tanh(c)
        hs[:, t] = h
        steps.append((x[:, t], h_prev, c_prev, f, i, g, o, c))
    if douts is None:
        return hs, c
    dh = douts[0]
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dx = np.zeros_like(x)
    dnext_h = np.zeros((N, H))
    dnext_c = douts[1] if len(douts) > 1 else np.zeros((N, H))
    dsig = (lambda s: _sigmoid(s) * (1 - _sigmoid(s))) if activated else (lambda s: s * (1 - s))
    dtanh = (lambda t: 1 - np.tanh(t) ** 2) if activated is True else (lambda t: 1 - t**2)
    for t in reversed(range(T)):
        xt, h_prev, c_prev, f, i, g, o, c = steps[t]
        tc = np.tanh(c)
        dht = dh[:, t] + (dnext_h if carry_h else 0.0)
        dc = dht * o * dtanh(tc) + (dnext_c if carry_c or t == T - 1 else 0.0)
        da = np.zeros((N, 4 * H))
        da[:, blocks["f"]] = dc * c_prev * dsig(f)
        da[:, blocks["i"]] = dc * g * dsig(i)
        da[:, blocks["g"]] = dc * i * dtanh(g)
        da[:, blocks["o"]] = dht * tc * dsig(o)
        dx[:, t] = da @ Wx.T
        dWx += xt.T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dnext_h, dnext_c = da @ Wh.T, dc * f
    return dx, dnext_h, dnext_c, dWx, dWh, db


def rnn(x, h0, Wx, Wh, b, douts=None, *, carry_h=True, activated=False, transposed=False, h_off_by_one=False,
        h0_wraps=False, untransposed=False):
    """Vanilla tanh RNN over (N, T, D) inputs; returns h (N, T, H), and the gradients when ``douts=[dh]``."""
    N, T, _ = x.shape
    W = Wh.T if transposed else Wh
    hs, h = np.zeros((N, T, h0.shape[1])), h0
    for t in range(T):
        h = np.tanh(x[:, t] @ Wx + h @ W + b)
        hs[:, t] = h
    if douts is None:
        return hs
    (dh,) = douts
    dWx, dWh, db, dx = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b), np.zeros_like(x)
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        ht = hs[:, t]
        h_prev = hs[:, t - 1] if t > 0 or h0_wraps else h0
        deriv = 1 - np.tanh(ht) ** 2 if activated else 1 - ht**2
        da = (dh[:, t] + (dnext if carry_h else 0.0)) * deriv
        dx[:, t] = da @ Wx.T
        dWx += x[:, t].T @ da
        dWh += (ht if h_off_by_one else h_prev).T @ da
        db += da.sum(axis=0)
        dnext = da @ (W if untransposed else W.T)
    return dx, dnext, dWx, dWh, db
