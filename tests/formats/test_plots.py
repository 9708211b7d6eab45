"""The convergence figure's text stays inside the picture (a caption cut at the edge says half of what it must)."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from autograder.formats.plots import NOT_COMPUTED, convergence_figure

TORCH = [1.4 * 0.97**k + 0.25 for k in range(150)]


@pytest.mark.parametrize("diagnostics", [
    {"torch_train_loss": TORCH, "floor": 0.25, "torch_val_loss": 0.26},     # training failed: no val loss of yours
    {"torch_train_loss": TORCH, "your_train_loss": TORCH, "floor": 0.25, "torch_val_loss": 0.26,
     "your_val_loss": 0.27},
], ids=["not-computed", "both"])
def test_every_text_of_the_convergence_figure_is_inside_it(diagnostics: dict) -> None:
    figure = convergence_figure(diagnostics, 20, 1e-6, 0.02, 0.05)
    assert figure is not None
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer, box = canvas.get_renderer(), figure.bbox
    texts: list[Text] = []
    for axes in figure.axes:   # the words drawn (tick labels outside the view are never drawn: not these)
        legend = axes.get_legend()
        texts += [axes.title, axes.xaxis.label, axes.yaxis.label, *axes.texts,
                  *(legend.get_texts() if legend is not None else [])]
    texts = [text for text in texts if text.get_visible() and text.get_text().strip()]
    assert texts
    if "your_val_loss" not in diagnostics:
        assert NOT_COMPUTED in [text.get_text() for text in texts]
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert (extent.x0 >= box.x0 - 0.5 and extent.x1 <= box.x1 + 0.5 and extent.y0 >= box.y0 - 0.5
                and extent.y1 <= box.y1 + 0.5), f"{text.get_text()!r} is cut: {extent} outside {box}"
