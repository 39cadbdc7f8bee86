"""One figure style for the whole book.

Call :func:`use_book_style` once at the top of a chapter; every figure then has
an opaque white background, the same fonts, colours and size, and renders to a
PNG of stable size.  :func:`legibility_problems` is the rule every figure of the
book passes before it is glued (:func:`persuasion.glue.glue_figure`): no text
below 9 pt, and no wider than the page's column, so that the browser shows it at
its own size on a desktop and at least at half its size on a 390 px phone.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.text import Text

#: Width of the text column of the built book in a 1280 px window (CSS pixels).
COLUMN_PX = 672
#: Smallest font size allowed in a figure, in points (issue 14, item 13).
MIN_POINTS = 9.0

#: The book's colour cycle (colour-blind safe, Okabe–Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

_STYLE = {
    "figure.figsize": (6.4, 3.8),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=PALETTE),
    "font.size": 10,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "svg.hashsalt": "persuasion-book",
}


def use_book_style() -> None:
    """Apply the book's matplotlib style (idempotent)."""
    mpl.rcParams.update(_STYLE)


def legibility_problems(
    fig: Figure, min_points: float = MIN_POINTS, max_width_px: float = COLUMN_PX
) -> list[str]:
    """What keeps ``fig`` from being legible in the book (an empty list if nothing).

    Two rules (issue 14, item 13): every visible, non-empty text of the figure is at
    least ``min_points`` points, and the saved PNG (tight bounding box, at the
    figure's ``savefig.dpi``) is at most ``max_width_px`` pixels wide, so the page
    never shrinks it on a desktop; on a 390 px phone it then shrinks by at most half.
    Panels are stacked vertically, never side by side, to stay within the width.
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    for name, value in (("min_points", min_points), ("max_width_px", max_width_px)):
        if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    small = {}
    for text in fig.findobj(Text):
        label = text.get_text().strip()
        if label and text.get_visible() and text.get_fontsize() < min_points - 1e-9:
            small.setdefault(label[:40], text.get_fontsize())
    problems += [f"text {label!r} is {size:g} pt, below {min_points:g} pt"
                 for label, size in small.items()]
    dpi = mpl.rcParams["savefig.dpi"]
    dpi = fig.dpi if dpi == "figure" else float(dpi)
    width = fig.get_tightbbox(renderer).width * dpi
    if width > max_width_px + 0.5:
        problems.append(f"the figure is {width:.0f} px wide, more than the column's "
                        f"{max_width_px:g} px: stack its panels vertically or narrow it")
    return problems
