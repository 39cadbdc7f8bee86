"""One figure style for the whole book.

Call :func:`use_book_style` once at the top of a chapter; every figure then has
an opaque white background, the same fonts, colours and size, and renders to a
PNG of stable size.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

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
