"""The pictures of the HTML pages, drawn with matplotlib's Agg backend and embedded as PNG data URIs.

Figures are built with the object API (``matplotlib.figure.Figure``), never pyplot: no
global state, no GUI backend, safe from several threads. The PNGs carry no
timestamp or version (``metadata``), so the same report always gives the same bytes.
Every number drawn comes from report.json and may be anything a learner's code
produced: values that are not finite numbers are left out, never raised on.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 80
PNG_METADATA = {"Software": None}   # no matplotlib version in the file: same report, same bytes
YOURS, TORCH, FLOOR = "#d9480f", "#1c7ed6", "#2b8a3e"
NOT_COMPUTED = "yours: not computed\n(training failed first)"


def _integer_ticks(axis: Any) -> None:
    """Ticks at whole numbers only (epochs, learners, time steps)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _figure(**options: Any) -> Figure:
    """A new figure (matplotlib is imported here, on the first picture: `grade` alone never pays for it)."""
    from matplotlib.figure import Figure

    return Figure(**options)


def data_uri(figure: Figure) -> str:
    """The figure as ``data:image/png;base64,...``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def number(value: Any) -> float | None:
    """``value`` as a finite float, or None (a string such as "nan", a bool, a list, inf)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def series(values: Any) -> list[tuple[int, float]]:
    """(step, value) for each finite number of a list; anything else gives no points."""
    if not isinstance(values, list):
        return []
    points = [(step, number(value)) for step, value in enumerate(values)]
    return [(step, value) for step, value in points if value is not None]


def convergence_plot(diagnostics: dict[str, Any], early_steps: int, early_rtol: float,
                     to_torch: float, to_floor: float) -> str | None:
    """Three panels: both training losses over the epochs, their agreement over the first ``early_steps``
    steps (relative difference against ``early_rtol``), and the validation losses against the floor with
    the two allowed margins. None when there is no curve to draw."""
    figure = convergence_figure(diagnostics, early_steps, early_rtol, to_torch, to_floor)
    return data_uri(figure) if figure is not None else None


def convergence_alt(diagnostics: dict[str, Any], early_steps: int, early_rtol: float, to_torch: float,
                    to_floor: float) -> str:
    """The text alternative of :func:`convergence_plot`: what its panels show, with the validation losses that
    its third panel draws (the learner's final one against PyTorch's and the floor) as numbers."""
    def loss(key: str) -> str:
        value = number(diagnostics.get(key))
        if value is not None:
            return f"{value:.4f}"
        return "not a finite number" if key in diagnostics else "not computed (training failed first)"

    return (f"Validation loss after training, in nats per token (right-hand chart): yours {loss('your_val_loss')}, "
            f"PyTorch's {loss('torch_val_loss')}, the Bayes floor {loss('floor')}; yours must be within "
            f"{to_torch:g} of PyTorch's and at most {to_floor:g} above the floor. Left: your training loss against "
            f"torch.nn.LSTM's over the epochs. Middle: their relative difference over the first {early_steps} "
            f"steps, against the {early_rtol:g} allowed.")


def convergence_figure(diagnostics: dict[str, Any], early_steps: int, early_rtol: float,
                       to_torch: float, to_floor: float) -> Figure | None:
    """The figure of :func:`convergence_plot`."""
    yours, torch = series(diagnostics.get("your_train_loss")), series(diagnostics.get("torch_train_loss"))
    if not yours and not torch:
        return None
    figure = _figure(figsize=(12, 3.6))
    figure.subplots_adjust(left=0.055, right=0.99, bottom=0.17, top=0.92, wspace=0.28)  # fixed: 3x faster than
    train, early, val = figure.subplots(1, 3, width_ratios=(2.2, 1.6, 1))                # a constrained layout

    for points, label, colour, style in ((torch, "torch.nn.LSTM", TORCH, "-"), (yours, "yours", YOURS, "--")):
        if points:
            train.plot(*zip(*points, strict=True), style, color=colour, label=label, linewidth=1.6)
    floor = number(diagnostics.get("floor"))
    if floor is not None:
        train.axhline(floor, color=FLOOR, linestyle=":", label="Bayes floor (validation)")
    reference = [abs(value) for _, value in torch or yours[:1]]
    top = 2 * max(reference) if reference and 0 < max(reference) < 1e300 else None
    if top is not None and any(abs(value) > top for _, value in yours):   # a diverging run: keep PyTorch's in view
        train.set_ylim(min(0.0, *(value for _, value in torch)), top)
        train.text(0.02, 0.96, "yours leaves the chart", transform=train.transAxes, va="top", color=YOURS)
    train.set(title="training loss", xlabel="epoch", ylabel="nats per token")
    train.legend(loc="upper right", fontsize="small")
    train.grid(alpha=0.3)

    theirs = dict(torch)
    gaps = [(step, abs(value - theirs[step]) / max(abs(theirs[step]), 1e-300))
            for step, value in yours if step < early_steps and step in theirs]
    if gaps:
        steps, values = zip(*gaps, strict=True)
        early.semilogy(steps, [min(max(value, 1e-17), 1e6) for value in values], "o-", color=YOURS, markersize=3,
                       label="|yours - PyTorch| / |PyTorch|")
        early.axhline(early_rtol, color="black", linestyle="--", label=f"allowed ({early_rtol:g})")
        early.legend(loc="lower right", fontsize="small")
    else:
        early.text(0.5, 0.5, "no training losses of yours", ha="center", va="center", transform=early.transAxes)
    early.set(title=f"first {early_steps} steps: agreement", xlabel="epoch", xlim=(-0.5, early_steps - 0.5))
    _integer_ticks(early.xaxis)
    early.grid(alpha=0.3)

    _validation_panel(val, diagnostics, floor, to_torch, to_floor)
    return figure


def _validation_panel(axes: Any, diagnostics: dict[str, Any], floor: float | None, to_torch: float,
                      to_floor: float) -> None:
    names, values, colours = [], [], []
    for key, name, colour in (("your_val_loss", "yours", YOURS), ("torch_val_loss", "PyTorch", TORCH)):
        value = number(diagnostics.get(key))
        if value is not None:
            names.append(name)
            values.append(value)
            colours.append(colour)
    if values:
        axes.bar(names, values, color=colours, width=0.6)
    torch_val = number(diagnostics.get("torch_val_loss"))
    if torch_val is not None:
        axes.axhspan(torch_val - to_torch, torch_val + to_torch, color=TORCH, alpha=0.15,
                     label=f"PyTorch ± {to_torch:g}")
    if floor is not None:
        axes.axhline(floor, color=FLOOR, linestyle=":", label="Bayes floor")
        axes.axhline(floor + to_floor, color=FLOOR, linestyle="--", label=f"floor + {to_floor:g}")
    if "your_val_loss" not in diagnostics:   # two short lines: the panel is narrow (a test keeps it in the figure)
        axes.set_xlabel(NOT_COMPUTED, fontsize="small", linespacing=1.1)
    axes.set(title="validation loss", ylabel="nats per token")
    levels = [*values, *([floor, floor + to_floor] if floor is not None else []),
              *([torch_val - to_torch, torch_val + to_torch] if torch_val is not None else [])]
    if levels:   # zoomed on the values and the margins: a bar from 0 would hide a miss of 0.02
        low, high = min(levels), max(levels)
        pad = max(high - low, 0.01) * 0.4
        axes.set_ylim(max(low - pad, 0.0), high + pad)
        axes.legend(loc="best", fontsize="x-small")


def score_histogram(scores: Sequence[float], max_score: float) -> str:
    """The class's total scores as a histogram with bins of a tenth of ``max_score``."""
    figure = _figure(figsize=(6.4, 2.8))
    figure.subplots_adjust(left=0.1, right=0.97, bottom=0.18, top=0.95)
    axes = figure.subplots()
    top = max_score if max_score > 0 else max([*scores, 1.0])
    axes.hist(list(scores), bins=[top * k / 10 for k in range(11)], color=TORCH, edgecolor="white")
    axes.set(xlabel=f"total score (of {top:g})", ylabel="learners", xlim=(0, top))
    _integer_ticks(axes.yaxis)
    axes.grid(alpha=0.3, axis="y")
    return data_uri(figure)


def error_map(errors: list[list[Any]], axes_labels: Sequence[str], mask: list[list[Any]] | None = None) -> str:
    """A small heat map of absolute errors, darker where further off; with ``mask`` (same cells), the
    padded cells (False) are crossed out."""
    values = np.array([[number(x) if number(x) is not None else np.nan for x in row] for row in errors], dtype=float)
    figure = _figure(figsize=(4.8, 2.6))
    figure.subplots_adjust(left=0.14, right=0.99, bottom=0.3, top=0.96)
    axes = figure.subplots()
    image = axes.imshow(values, cmap="Reds", aspect="auto", interpolation="nearest", vmin=0)
    figure.colorbar(image, ax=axes, label="|yours - expected|")
    if mask is not None:
        padded = [(column, row) for row, cells in enumerate(mask) for column, cell in enumerate(cells) if cell is False]
        if padded:
            columns, rows = zip(*padded, strict=True)
            axes.scatter(columns, rows, marker="x", color="#495057", s=30, label="padded (mask False)")
            axes.legend(loc="upper left", bbox_to_anchor=(-0.15, -0.2), fontsize="x-small", frameon=False)
    axes.set(ylabel=axes_labels[0], xlabel=axes_labels[1])
    _integer_ticks(axes.xaxis)
    _integer_ticks(axes.yaxis)
    return data_uri(figure)
