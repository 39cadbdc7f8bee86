"""Give every image a text alternative instead of its file path.

docutils writes ``alt="<file path>"`` for an image that has no ``alt`` option, and
the figures of this book are glued from notebook outputs (``{glue:figure}``), which
have none: a screen reader would read a hash.  After references are resolved, this
extension sets the ``alt`` of each image inside a figure to the figure's caption
(followed by its legend, if any) and the ``alt`` of any other image (a plot shown as
a plain cell output) to a description naming the section it belongs to.  An
explicit ``:alt:`` is kept.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

MAX_LENGTH = 300
GREEK = dict(
    zip(
        "alpha beta gamma delta epsilon varepsilon zeta eta theta iota kappa lambda mu nu xi "
        "pi rho sigma tau phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi "
        "Psi Omega".split(),
        "αβγδεεζηθικλμνξπρστφφχψωΓΔΘΛΞΠΣΦΨΩ",
        strict=True,
    )
)
SYMBOLS = {
    **GREEK,
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "in": "∈",
    "times": "×", "cdot": "·", "infty": "∞", "to": "→", "sum": "∑", "ldots": "…",
    "dots": "…", "approx": "≈", "star": "*", "ast": "*",
}


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_LENGTH:
        text = text[: MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text


def _tex_to_text(tex: str) -> str:
    """Readable plain text for a short formula: Greek letters and common symbols."""
    tex = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", tex)
    tex = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m.group(1), ""), tex)
    tex = tex.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", tex).strip()


def _plain(node: nodes.Node) -> str:
    if isinstance(node, nodes.math):
        return _tex_to_text(node.astext())
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(_plain(child) for child in node.children)


def _section_title(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children:
            title = parent.next_node(nodes.title)
            if title is not None:
                return _clean(_plain(title))
        parent = parent.parent
    return ""


def _set_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        figure = image.parent
        while figure is not None and not isinstance(figure, nodes.figure):
            figure = figure.parent
        text = ""
        if figure is not None:
            parts = [_plain(part) for part in figure.findall(nodes.caption)]
            parts += [_plain(part) for part in figure.findall(nodes.legend)]
            text = _clean(" ".join(parts))
        if not text:
            section = _section_title(image)
            text = f"Figure in the section “{section}”" if section else "Figure"
        image["alt"] = text


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-resolved", _set_alt_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
