# ruff: noqa: E501 (test data: code of made-up learners, kept one statement per string)
"""Ten independent solutions of exercises/activations.py (function bodies only, written from the docstrings),
in deliberately different styles, for the similarity test and bench. Not imported by the kit."""

SOLUTIONS: list[dict[str, str]] = [
    {  # 1: np.where, vectorised
        "sigmoid": "e = np.exp(-np.abs(x))\nreturn np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
        "sigmoid_grad": "s = sigmoid(x)\nreturn s * (1 - s)",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "t = np.tanh(x)\nreturn 1.0 - t ** 2",
        "softmax": "z = x - x.max(axis=axis, keepdims=True)\nez = np.exp(z)\nreturn ez / ez.sum(axis=axis, keepdims=True)",
        "cross_entropy": ("if not mask.any():\n    raise ValueError('empty mask')\n"
                          "valid = scores[mask]\ntargets = y[mask]\nM = valid.shape[0]\n"
                          "m = valid.max(axis=1, keepdims=True)\n"
                          "logp = valid - m - np.log(np.exp(valid - m).sum(axis=1, keepdims=True))\n"
                          "loss = -logp[np.arange(M), targets].sum() / M\n"
                          "g = np.exp(logp)\ng[np.arange(M), targets] -= 1\n"
                          "dscores = np.zeros_like(scores)\ndscores[mask] = g / M\nreturn float(loss), dscores"),
    },
    {  # 2: boolean masks and out arrays
        "sigmoid": ("out = np.empty_like(x, dtype=float)\npos = x >= 0\n"
                    "out[pos] = 1 / (1 + np.exp(-x[pos]))\nex = np.exp(x[~pos])\nout[~pos] = ex / (1 + ex)\nreturn out"),
        "sigmoid_grad": "sig = sigmoid(x)\nreturn sig - sig * sig",
        "tanh": "return np.tanh(np.asarray(x, dtype=float))",
        "tanh_grad": "th = tanh(x)\nreturn 1 - th * th",
        "softmax": ("shifted = np.subtract(x, np.max(x, axis=axis, keepdims=True))\n"
                    "np.exp(shifted, out=shifted)\nshifted /= np.sum(shifted, axis=axis, keepdims=True)\nreturn shifted"),
        "cross_entropy": ("n_valid = int(mask.sum())\nif n_valid == 0:\n    raise ValueError('mask selects no token')\n"
                          "N, T, V = scores.shape\nflat = scores.reshape(-1, V)\nflat_y = y.reshape(-1)\n"
                          "keep = mask.reshape(-1)\nrows = np.flatnonzero(keep)\n"
                          "top = flat[rows].max(axis=1)\nlse = top + np.log(np.exp(flat[rows] - top[:, None]).sum(axis=1))\n"
                          "picked = flat[rows, flat_y[rows]]\nloss = np.sum(lse - picked) / n_valid\n"
                          "grad = np.zeros_like(flat)\ngrad[rows] = np.exp(flat[rows] - lse[:, None])\n"
                          "grad[rows, flat_y[rows]] -= 1.0\ngrad /= n_valid\nreturn float(loss), grad.reshape(N, T, V)"),
    },
    {  # 3: explicit loops over tokens
        "sigmoid": ("x = np.asarray(x, dtype=float)\nresult = np.zeros(x.shape)\n"
                    "for idx, v in np.ndenumerate(x):\n    if v >= 0:\n        result[idx] = 1.0 / (1.0 + np.exp(-v))\n"
                    "    else:\n        w = np.exp(v)\n        result[idx] = w / (1.0 + w)\nreturn result"),
        "sigmoid_grad": "value = sigmoid(x)\nderivative = value * (1.0 - value)\nreturn derivative",
        "tanh": "x = np.asarray(x, dtype=float)\nreturn 2.0 * sigmoid(2.0 * x) - 1.0",
        "tanh_grad": "y = tanh(x)\nreturn (1.0 - y) * (1.0 + y)",
        "softmax": ("x = np.moveaxis(np.asarray(x, dtype=float), axis, -1)\nres = np.empty_like(x)\n"
                    "for idx in np.ndindex(x.shape[:-1]):\n    row = x[idx]\n    e = np.exp(row - row.max())\n"
                    "    res[idx] = e / e.sum()\nreturn np.moveaxis(res, -1, axis)"),
        "cross_entropy": ("count = 0\ntotal = 0.0\ngrad = np.zeros(scores.shape)\nN, T, _ = scores.shape\n"
                          "for n in range(N):\n    for t in range(T):\n        if not mask[n, t]:\n            continue\n"
                          "        row = scores[n, t]\n        big = row.max()\n        logz = big + np.log(np.sum(np.exp(row - big)))\n"
                          "        total += logz - row[y[n, t]]\n        grad[n, t] = np.exp(row - logz)\n"
                          "        grad[n, t, y[n, t]] -= 1\n        count += 1\n"
                          "if count == 0:\n    raise ValueError('no valid token')\nreturn total / count, grad / count"),
    },
    {  # 4: scipy-free logaddexp
        "sigmoid": "return np.exp(-np.logaddexp(0.0, -x))",
        "sigmoid_grad": "p = np.exp(-np.logaddexp(0.0, -x))\nreturn p * (1.0 - p)",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "return 1.0 / np.cosh(np.clip(x, -350, 350)) ** 2",
        "softmax": ("lse = np.logaddexp.reduce(x, axis=axis, keepdims=True)\nreturn np.exp(x - lse)"),
        "cross_entropy": ("m = mask.astype(bool)\nif m.sum() == 0:\n    raise ValueError('mask is empty')\n"
                          "logZ = np.logaddexp.reduce(scores, axis=-1)\n"
                          "gold = np.take_along_axis(scores, y[..., None].clip(0), axis=-1)[..., 0]\n"
                          "nll = np.where(m, logZ - gold, 0.0)\nL = nll.sum() / m.sum()\n"
                          "probs = np.exp(scores - logZ[..., None])\n"
                          "onehot = np.eye(scores.shape[-1])[y.clip(0)]\n"
                          "d = (probs - onehot) * m[..., None] / m.sum()\nreturn float(L), d"),
    },
    {  # 5: helper functions
        "sigmoid": "return _stable_sigmoid(np.asarray(x, dtype=np.float64))",
        "sigmoid_grad": "a = _stable_sigmoid(np.asarray(x, dtype=np.float64))\nreturn a * (1 - a)",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "return 1 - np.square(np.tanh(x))",
        "softmax": "return _normalise(np.exp(_shift(x, axis)), axis)",
        "cross_entropy": ("picked_scores, picked_targets = _select(scores, y, mask)\n"
                          "log_probs = _shift(picked_scores, -1) - np.log(np.exp(_shift(picked_scores, -1)).sum(-1, keepdims=True))\n"
                          "count = len(picked_targets)\nrows = np.arange(count)\n"
                          "value = -np.mean(log_probs[rows, picked_targets])\n"
                          "local = np.exp(log_probs)\nlocal[rows, picked_targets] -= 1.0\n"
                          "full = np.zeros(scores.shape, dtype=float)\nfull[mask] = local / count\nreturn float(value), full"),
        "__helpers__": ("def _stable_sigmoid(v):\n    small = np.exp(-np.abs(v))\n"
                        "    return np.where(v >= 0, 1 / (1 + small), small / (1 + small))\n\n\n"
                        "def _shift(v, ax):\n    return v - np.max(v, axis=ax, keepdims=True)\n\n\n"
                        "def _normalise(v, ax):\n    return v / np.sum(v, axis=ax, keepdims=True)\n\n\n"
                        "def _select(s, t, m):\n    if not np.any(m):\n        raise ValueError('the mask selects nothing')\n"
                        "    return s[m], t[m]\n"),
    },
    {  # 6: piecewise with np.piecewise / clip
        "sigmoid": ("x = np.asarray(x, dtype=float)\nreturn np.piecewise(x, [x >= 0, x < 0], "
                    "[lambda a: 1 / (1 + np.exp(-a)), lambda a: np.exp(a) / (1 + np.exp(a))])"),
        "sigmoid_grad": "return sigmoid(x) * sigmoid(-x)",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "k = np.tanh(x)\nreturn np.ones_like(k) - k * k",
        "softmax": ("mx = np.amax(x, axis=axis, keepdims=True)\nnum = np.exp(x - mx)\n"
                    "den = np.add.reduce(num, axis=axis, keepdims=True)\nreturn num / den"),
        "cross_entropy": ("idx = np.nonzero(mask)\nif idx[0].size == 0:\n    raise ValueError('mask has no True entry')\n"
                          "sel = scores[idx]\ntg = y[idx]\nmx = np.amax(sel, axis=-1)\n"
                          "log_norm = mx + np.log(np.add.reduce(np.exp(sel - mx[:, None]), axis=-1))\n"
                          "correct = sel[np.arange(tg.size), tg]\nloss = np.mean(log_norm - correct)\n"
                          "soft = np.exp(sel - log_norm[:, None])\nsoft[np.arange(tg.size), tg] -= 1\n"
                          "out = np.zeros_like(scores, dtype=float)\nout[idx] = soft / tg.size\nreturn float(loss), out"),
    },
    {  # 7: einsum / matrix style
        "sigmoid": ("x = np.asarray(x, dtype=float)\nneg = np.minimum(x, 0.0)\n"
                    "return np.exp(neg) / (np.exp(neg) + np.exp(neg - x))"),
        "sigmoid_grad": "sg = sigmoid(x)\nreturn np.multiply(sg, np.subtract(1.0, sg))",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "return np.subtract(1.0, np.power(np.tanh(x), 2))",
        "softmax": ("moved = np.swapaxes(x, axis, -1)\nc = moved.max(-1)[..., None]\nq = np.exp(moved - c)\n"
                    "q = q / q.sum(-1)[..., None]\nreturn np.swapaxes(q, axis, -1)"),
        "cross_entropy": ("w = mask.astype(float)\ntotal_w = w.sum()\nif total_w == 0:\n    raise ValueError('nothing to average')\n"
                          "V = scores.shape[-1]\nhot = (np.arange(V) == np.where(mask, y, 0)[..., None]).astype(float)\n"
                          "c = scores.max(-1, keepdims=True)\nlz = c[..., 0] + np.log(np.exp(scores - c).sum(-1))\n"
                          "target_score = np.einsum('ntv,ntv->nt', scores, hot)\n"
                          "loss = np.einsum('nt,nt->', w, lz - target_score) / total_w\n"
                          "pr = np.exp(scores - lz[..., None])\n"
                          "return float(loss), np.einsum('nt,ntv->ntv', w, pr - hot) / total_w"),
    },
    {  # 8: np.vectorize and math module
        "sigmoid": ("import math\n\ndef one(v):\n    if v >= 0:\n        return 1.0 / (1.0 + math.exp(-v))\n"
                    "    z = math.exp(v)\n    return z / (1.0 + z)\n\nreturn np.vectorize(one, otypes=[float])(x)"),
        "sigmoid_grad": "sx = sigmoid(x)\nreturn sx * (1.0 - sx)",
        "tanh": "return np.vectorize(lambda v: float(np.tanh(v)), otypes=[float])(x)",
        "tanh_grad": "th2 = np.tanh(x) ** 2\nreturn 1.0 - th2",
        "softmax": ("arr = np.asarray(x, dtype=float)\nbiggest = np.max(arr, axis=axis, keepdims=True)\n"
                    "exps = np.exp(arr - biggest)\nreturn exps / exps.sum(axis=axis, keepdims=True)"),
        "cross_entropy": ("valid_n, valid_t = np.where(mask)\nnum = len(valid_n)\n"
                          "if num == 0:\n    raise ValueError('no token selected by the mask')\n"
                          "logits = scores[valid_n, valid_t, :]\ngold = y[valid_n, valid_t]\n"
                          "shift = logits - logits.max(axis=1)[:, None]\nlogsum = np.log(np.exp(shift).sum(axis=1))\n"
                          "logprob = shift - logsum[:, None]\nnll = -logprob[np.arange(num), gold]\n"
                          "gradient = np.zeros_like(scores)\n"
                          "gradient[valid_n, valid_t, :] = np.exp(logprob)\n"
                          "gradient[valid_n, valid_t, gold] -= 1.0\n"
                          "return float(nll.mean()), gradient / num"),
    },
    {  # 9: in-place buffers, copies
        "sigmoid": ("x = np.array(x, dtype=float, copy=True)\nbuf = np.exp(-np.abs(x))\n"
                    "np.divide(np.where(x >= 0, 1.0, buf), 1.0 + buf, out=buf)\nreturn buf"),
        "sigmoid_grad": "out = sigmoid(x)\nout *= 1.0 - out\nreturn out",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "r = np.tanh(x)\nnp.square(r, out=r)\nnp.subtract(1.0, r, out=r)\nreturn r",
        "softmax": ("buf = np.array(x, dtype=float, copy=True)\nbuf -= buf.max(axis=axis, keepdims=True)\n"
                    "np.exp(buf, out=buf)\nbuf /= buf.sum(axis=axis, keepdims=True)\nreturn buf"),
        "cross_entropy": ("M = np.count_nonzero(mask)\nif not M:\n    raise ValueError('empty mask: mean undefined')\n"
                          "d = np.array(scores, dtype=float, copy=True)\nd -= d.max(axis=-1, keepdims=True)\n"
                          "log_den = np.log(np.exp(d).sum(axis=-1, keepdims=True))\nd -= log_den\n"
                          "yy = np.where(mask, y, 0)\nlp = np.take_along_axis(d, yy[..., None], -1)[..., 0]\n"
                          "loss_value = -(lp * mask).sum() / M\nnp.exp(d, out=d)\n"
                          "np.put_along_axis(d, yy[..., None], np.take_along_axis(d, yy[..., None], -1) - 1.0, -1)\n"
                          "d *= mask[..., None] / M\nreturn float(loss_value), d"),
    },
    {  # 10: functional, small classes of steps
        "sigmoid": ("x = np.asarray(x, float)\nexp_neg_abs = np.exp(-abs(x))\nnumerator = np.where(x < 0, exp_neg_abs, 1)\n"
                    "return numerator / (1 + exp_neg_abs)"),
        "sigmoid_grad": "return np.exp(-np.logaddexp(0, -x) - np.logaddexp(0, x))",
        "tanh": "return np.tanh(x)",
        "tanh_grad": "return 4.0 * sigmoid_grad(2.0 * np.asarray(x, float))",
        "softmax": ("log_norm = np.max(x, axis, keepdims=True)\nlog_norm = log_norm + np.log(np.sum(np.exp(x - log_norm), axis, keepdims=True))\n"
                    "return np.exp(x - log_norm)"),
        "cross_entropy": ("n_tokens = mask.sum()\nif n_tokens < 1:\n    raise ValueError('the mask selects no token')\n"
                          "flat_scores = scores[mask]\nflat_y = y[mask]\n"
                          "probs = softmax(flat_scores, axis=-1)\nlog_den = np.max(flat_scores, -1) + np.log("
                          "np.sum(np.exp(flat_scores - np.max(flat_scores, -1, keepdims=True)), -1))\n"
                          "loss = float(np.sum(log_den - flat_scores[np.arange(len(flat_y)), flat_y]) / n_tokens)\n"
                          "probs[np.arange(len(flat_y)), flat_y] -= 1\ngrads = np.zeros(scores.shape)\n"
                          "grads[mask] = probs / n_tokens\nreturn loss, grads"),
    },
]
