"""The legibility rule every figure of the book passes (issue 14, item 13):
``persuasion.plotting.legibility_problems`` and ``persuasion.glue.glue_figure``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from persuasion.glue import glue_figure  # noqa: E402
from persuasion.plotting import (  # noqa: E402
    COLUMN_PX,
    MIN_POINTS,
    legibility_problems,
    use_book_style,
)


@pytest.fixture(autouse=True)
def book_style():
    use_book_style()
    yield
    plt.close("all")


def test_a_book_figure_is_legible() -> None:
    """The book's default single panel and a two-row stack pass."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(fontsize=MIN_POINTS)
    ax.set_title("a title")
    assert legibility_problems(fig) == []
    fig, axes = plt.subplots(2, 1, figsize=(6.4, 6.6))
    assert legibility_problems(fig) == []


def test_small_text_is_reported_with_its_size() -> None:
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="small legend")
    ax.legend(fontsize=8)
    ax.text(0.5, 0.5, "tiny note", fontsize=7.5)
    problems = legibility_problems(fig)
    assert "text 'small legend' is 8 pt, below 9 pt" in problems
    assert "text 'tiny note' is 7.5 pt, below 9 pt" in problems
    assert len(problems) == 2


def test_hidden_and_empty_text_does_not_count() -> None:
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "hidden", fontsize=5, visible=False)
    ax.text(0.5, 0.5, "   ", fontsize=5)
    assert legibility_problems(fig) == []


def test_side_by_side_panels_are_too_wide() -> None:
    """Two panels side by side at the book's fonts do not fit the column."""
    fig, axes = plt.subplots(1, 2, figsize=(10.4, 3.8))
    for ax in axes:
        ax.set_xlabel("a label")
    (problem,) = legibility_problems(fig)
    assert problem.startswith("the figure is ") and f"{COLUMN_PX} px" in problem
    assert legibility_problems(fig, max_width_px=2000) == []


def test_thresholds_are_parameters() -> None:
    fig, ax = plt.subplots()
    ax.set_xlabel("ten points")
    assert legibility_problems(fig, min_points=12)  # 10 pt tick labels and label
    assert legibility_problems(fig, max_width_px=100)


@pytest.mark.parametrize("bad", [None, "figure", 3, plt])
def test_fig_must_be_a_figure(bad) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="fig must be a matplotlib Figure"):
        legibility_problems(bad)


@pytest.mark.parametrize("name", ["min_points", "max_width_px"])
@pytest.mark.parametrize("bad", [0, -1, float("nan"), "9", True, None])
def test_thresholds_must_be_positive_numbers(name: str, bad) -> None:  # noqa: ANN001
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match=name):
        legibility_problems(fig, **{name: bad})


def test_glue_figure_refuses_an_illegible_figure() -> None:
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    with pytest.raises(ValueError, match="figure 'fig_x' is not legible in the book: text 'tiny'"):
        glue_figure("fig_x", fig)
    assert plt.fignum_exists(fig.number)  # nothing glued, nothing closed


def test_glue_figure_glues_and_closes(monkeypatch: pytest.MonkeyPatch) -> None:
    glued = []
    import myst_nb

    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.append(
        (name, value, display)))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    glue_figure("fig_ok", fig)
    assert glued == [("fig_ok", fig, False)]
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("bad", ["", None, 3])
def test_glue_figure_name_must_be_a_string(bad) -> None:  # noqa: ANN001
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        glue_figure(bad, fig)
