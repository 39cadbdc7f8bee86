"""An index of the book's results: a ``{results-index}`` directive for a normal page.

sphinx-proof's own "Proof Index" is a Sphinx domain index: a page outside the table
of contents (no sidebar, no link to it) listing box labels alphabetically.  This
extension replaces it by a directive that a page of the book (``book/results_index.md``)
uses: every ``prf`` box (definition, proposition, theorem, ...) of every chapter, in
the order of the table of contents, grouped by chapter, each entry showing the box's
kind and title and linking to it.  The domain index and Sphinx's general index
(which has no entries in this book) are switched off in ``_config.yml``
(``html_domain_indices``, ``html_use_index``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx_proof.nodes import NODE_TYPES, unenumerable_node

PROOF_NODES = (*NODE_TYPES.values(), unenumerable_node)


class results_index_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """Replaced by the list of results once every document has been read."""


class ResultsIndexDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [results_index_placeholder()]


def _title_children(box: nodes.Element) -> list[nodes.Node]:
    """The box title as written in the source, without sphinx-proof's parentheses."""
    title = box.next_node(nodes.title)
    if title is None:
        return []
    children = [child.deepcopy() for child in title.children]
    if children and isinstance(children[0], nodes.Text):
        children[0] = nodes.Text(str(children[0]).lstrip().removeprefix("("))
    if children and isinstance(children[-1], nodes.Text):
        children[-1] = nodes.Text(str(children[-1]).rstrip().removesuffix(")"))
    return [child for child in children if not (isinstance(child, nodes.Text) and not child)]


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "results_index"):
        env.results_index = {}
    entries = []
    for box in doctree.findall(lambda n: isinstance(n, PROOF_NODES)):
        if not box.get("ids"):
            continue
        entries.append((box["ids"][0], box.get("type", ""), _title_children(box)))
    env.results_index[env.docname] = entries


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "results_index", {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment) -> None:
    if not hasattr(env, "results_index"):
        env.results_index = {}
    env.results_index.update(getattr(other, "results_index", {}))


def _documents_in_order(env: BuildEnvironment, root: str) -> list[str]:
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(root)
    return order


def _fill(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(results_index_placeholder))
    if not placeholders:
        return
    env = app.env
    index = getattr(env, "results_index", {})
    content: list[nodes.Node] = []
    for docname in _documents_in_order(env, app.config.root_doc):
        entries = index.get(docname, [])
        if not entries:
            continue
        chapter = nodes.paragraph(classes=["results-index-chapter"])
        link = nodes.reference("", "", internal=True,
                               refuri=app.builder.get_relative_uri(fromdocname, docname))
        link += nodes.strong(text=env.titles[docname].astext())
        chapter += link
        items = nodes.bullet_list(classes=["results-index"])
        for anchor, kind, title in entries:
            ref = nodes.reference("", "", internal=True,
                                  refuri=app.builder.get_relative_uri(fromdocname, docname)
                                  + "#" + anchor)
            text = "".join(node.astext() for node in title).strip()
            if not text.lower().startswith(kind.lower()):
                # "Proposition: Symmetric optima"; a title such as "Proposition 4
                # (Dughmi et al.): ..." already names the kind
                ref += nodes.emphasis(text=kind.capitalize())
                if title:
                    ref += nodes.Text(": ")
            ref += [node.deepcopy() for node in title]
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        content += [chapter, items]
    if not content:
        content = [nodes.paragraph(text="The book states no results yet.")]
    if any(True for node in content for _ in node.findall(nodes.math)):
        # box titles hold formulas: make Sphinx load MathJax on this page
        env.get_domain("math").data["has_equations"][fromdocname] = True
    for placeholder in placeholders:
        placeholder.replace_self([node.deepcopy() for node in content])


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx_proof")
    app.add_node(results_index_placeholder)
    app.add_directive("results-index", ResultsIndexDirective)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _fill)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
