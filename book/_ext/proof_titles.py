"""Unnumbered proof boxes whose title has an apostrophe or a formula: no crash.

The book's boxes are unnumbered (``:nonumber:``) and carry titles such as "Anytime
regret of the AI's UCB" or titles with inline math.  sphinx-proof 0.2.1 writes such a
box's HTML by searching the page's output for the *raw* title string ``" (title)"``
to put the box's kind ("Theorem") in front of it; the HTML writer has escaped the
apostrophe (``&#x27;``) or split the title into text and math, the search fails and
the whole build stops with ``ValueError: (...) is not in list``.

This extension keeps sphinx-proof's markup and replaces only that search: the kind
is inserted right after the box's own title paragraph (``<p
class="admonition-title">``), the first one written after the box was opened, which
is what sphinx-proof does for a box without a title.  The LaTeX writer is unchanged.
"""

from __future__ import annotations

from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.locale import get_translation

TITLE_OPEN = '<p class="admonition-title">'
translate = get_translation("proof")


def visit_unenumerable_node(self, node: Node) -> None:  # noqa: ANN001 (translator)
    self.body.append(self.starttag(node, "div", CLASS="admonition"))
    self.__dict__.setdefault("_proof_box_starts", []).append(len(self.body))


def depart_unenumerable_node(self, node: Node) -> None:  # noqa: ANN001 (translator)
    start = self.__dict__["_proof_box_starts"].pop()
    typ = node.attributes.get("type", "")
    try:
        idx = self.body.index(TITLE_OPEN, start) + 1
    except ValueError:  # no title paragraph: put the kind at the top of the box
        idx = start
    self.body.insert(idx, f"<span>{translate(typ.title())} </span>")
    self.body.append("</div>")


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx_proof")
    from sphinx_proof.nodes import unenumerable_node

    app.add_node(
        unenumerable_node,
        override=True,
        html=(visit_unenumerable_node, depart_unenumerable_node),
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
