"""Numbers and formulas for the book's prose, glued from computation.

Every chapter glues the values it states (``myst_nb.glue``) instead of typing
them.  Two forms:

- :func:`glue_number` glues plain text (``{glue:text}`name```): a rational as
  ``p/q``, anything else rounded to ``digits`` significant digits;
- :func:`glue_math` glues a formula as Markdown math, referenced as
  ``{glue:md}`name:myst``` so that it typesets like the surrounding MathJax;
  :func:`glue_fraction` is the common case of an exact number as ``\\frac{p}{q}``.

Figures are glued with :func:`glue_figure`, which first checks that they are
legible in the book (:func:`persuasion.plotting.legibility_problems`).

The formatting functions (:func:`number_text`, :func:`latex_number`) are
separate so that tests and tables use the same rendering as the prose.
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Real
from typing import Any

import sympy as sp


def _is_exact(value: Any) -> bool:
    return isinstance(value, int | Fraction | sp.Rational) and not isinstance(value, bool)


def number_text(value: Any, digits: int = 4) -> str:
    """``value`` as text: exact numbers as ``p/q``, floats to ``digits`` significant digits."""
    if _is_exact(value):
        return str(sp.Rational(value))
    if not isinstance(value, Real | sp.Float):
        raise ValueError(f"value must be a real number, got {value!r}")
    return f"{float(value):.{digits}g}"


def latex_number(value: Any, digits: int = 4) -> str:
    """``value`` as LaTeX: exact numbers as ``\\frac{p}{q}`` (signed), floats rounded."""
    if _is_exact(value):
        q = sp.Rational(value)
        if q.q == 1:
            return str(q.p)
        sign = "-" if q < 0 else ""
        return f"{sign}\\frac{{{abs(q.p)}}}{{{q.q}}}"
    return number_text(value, digits)


def glue_number(name: str, value: Any, digits: int = 4) -> None:
    """Glue ``value`` as text under ``name`` (``{glue:text}`name```), without displaying it."""
    from myst_nb import glue

    glue(name, number_text(value, digits), display=False)


def glue_math(name: str, latex: str) -> None:
    """Glue the formula ``latex`` as inline math (``{glue:md}`name:myst```)."""
    from IPython.display import Markdown
    from myst_nb import glue

    glue(name, Markdown(f"${latex}$"), display=False)


def glue_fraction(name: str, value: Any, digits: int = 4) -> None:
    """Glue a number as inline math: ``\\frac{p}{q}`` when exact, rounded otherwise."""
    glue_math(name, latex_number(value, digits))


def glue_figure(name: str, fig: Any) -> None:
    """Glue the matplotlib figure ``fig`` under ``name`` (a ``{glue:figure}`` directive
    shows it with its caption) and close it, after checking that it is legible in the
    book: no text below 9 pt, no wider than the column (issue 14, item 13)."""
    import matplotlib.pyplot as plt
    from myst_nb import glue

    from .plotting import legibility_problems

    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    problems = legibility_problems(fig)
    if problems:
        raise ValueError(f"figure {name!r} is not legible in the book: " + "; ".join(problems))
    glue(name, fig, display=False)
    plt.close(fig)
