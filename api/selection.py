"""What a GraphQL selection asks for, so that the Cypher reads only that (issue 16: the
records list and the credit file projected every part of every record whatever the
selection named).

The selection is read from the operation's syntax tree (fields, inline fragments and
named fragments, by field name, aliases ignored), which costs a few microseconds; a field
under ``@skip``/``@include`` counts as asked for, so a projection may read more than the
answer shows, never less.
"""

from __future__ import annotations

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.types import Info

from graph.reads import RECORD_PARTS
from graph.workbench import NODE_PARTS

#: The CreditRecord field that needs each record part (graph/reads.py RECORD_PARTS);
#: ``labels`` is ``fields.label``.
_PART_OF_FIELD = {
    "catalogName": "catalog",
    "fields": "fields",
    "basis": "basis",
    "history": "history",
}


def selection_paths(info: Info) -> frozenset[str]:
    """Dotted paths of every field selected under the current field (``records.edges``,
    ``records.edges.node.id``, ...), fragments expanded."""
    raw = info._raw_info
    paths: set[str] = set()

    def walk(selection_set: SelectionSetNode, prefix: str) -> None:
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                path = prefix + node.name.value
                paths.add(path)
                if node.selection_set is not None:
                    walk(node.selection_set, path + ".")
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set, prefix)
            elif isinstance(node, FragmentSpreadNode):
                fragment = raw.fragments.get(node.name.value)
                if fragment is not None:
                    walk(fragment.selection_set, prefix)

    for field in raw.field_nodes:
        if field.selection_set is not None:
            walk(field.selection_set, "")
    return frozenset(paths)


def record_parts(paths: frozenset[str], prefix: str) -> frozenset[str]:
    """The record parts the selection under ``prefix`` (a CreditRecord, e.g.
    ``records.edges.node.``) asks for."""
    parts = {part for name, part in _PART_OF_FIELD.items() if prefix + name in paths}
    if prefix + "fields.label" in paths:
        parts.add("labels")
    assert parts <= RECORD_PARTS
    return frozenset(parts)


def node_parts(paths: frozenset[str], prefixes: tuple[str, ...]) -> frozenset[str]:
    """The parts of a workbench node projection (graph/workbench.py NODE_PARTS: the
    GraphNode fields of the same names) the selection asks for under any of ``prefixes``
    (e.g. ``nodes.``)."""
    return frozenset(part for part in NODE_PARTS for p in prefixes if p + part in paths)
