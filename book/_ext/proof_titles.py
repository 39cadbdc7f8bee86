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

A reference ``{prf:ref}`label``` to an unnumbered box prints, in sphinx-proof 0.2.1,
only the box's kind ("Proposition ", no number and no title).  This extension makes it
print the box's own title instead: its part before a colon when the title starts with
the kind ("Proposition 4 (Dughmi et al.)"), else the kind and the title ("Definition
(Outcome set)"), formulas as readable text.  Explicit link text is left alone.
"""

from __future__ import annotations

import re

from docutils import nodes
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


def reference_text(kind: str, title: str) -> str:
    """What a reference to an unnumbered box of ``kind`` titled ``title`` prints."""
    from figure_alt import _tex_to_text

    plain = re.sub(r"\$([^$]*)\$", lambda m: _tex_to_text(m.group(1)), title).strip()
    name = translate(kind.title())
    if not plain:
        return name
    if plain.lower().startswith(name.lower()):
        return plain.split(":", 1)[0].strip()
    return f"{name} ({plain})"


def _record_titles(directive_class: type) -> None:
    """Keep each box's raw title in ``env.proof_list`` (sphinx-proof stores no title)."""
    run = directive_class.run

    def run_and_record(self):  # noqa: ANN001, ANN202 (directive method)
        result = run(self)
        label = self.options.get("label", "")
        entry = self.env.proof_list.get(label) if label else None
        if entry is not None:
            entry["title"] = self.arguments[0] if self.arguments else ""
        return result

    directive_class.run = run_and_record


def _resolve_with_titles(domain_class: type) -> None:
    resolve = domain_class.resolve_xref

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):  # noqa: ANN001, ANN202, PLR0913
        ref = resolve(self, env, fromdocname, builder, typ, target, node, contnode)
        entry = getattr(env, "proof_list", {}).get(target)
        explicit = target not in contnode.astext()
        if ref is None or entry is None or not entry.get("nonumber") or explicit:
            return ref
        text = reference_text(entry["type"], entry.get("title", ""))
        for child in list(ref.children):
            ref.remove(child)
        ref += nodes.inline(text, text)
        return ref

    domain_class.resolve_xref = resolve_xref


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx_proof")
    from sphinx_proof.directive import ElementDirective
    from sphinx_proof.domain import ProofDomain
    from sphinx_proof.nodes import unenumerable_node

    _record_titles(ElementDirective)
    _resolve_with_titles(ProofDomain)

    app.add_node(
        unenumerable_node,
        override=True,
        html=(visit_unenumerable_node, depart_unenumerable_node),
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
