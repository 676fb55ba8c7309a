"""What a GraphQL selection asks for, so that the Cypher reads only that (issue 16: the
records list and the credit file projected every part of every record whatever the
selection named).

The selection is read from the operation's syntax tree (fields, inline fragments and
named fragments, by field name, aliases ignored), which costs a few microseconds; a field
under ``@skip``/``@include`` counts as asked for, so a projection may read more than the
answer shows, never less.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
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
    for field in raw.field_nodes:
        if field.selection_set is not None:
            _add_paths(field.selection_set, "", raw.fragments, paths)
    return frozenset(paths)


def _add_paths(
    selection_set: SelectionSetNode,
    prefix: str,
    fragments: Mapping[str, FragmentDefinitionNode],
    paths: set[str],
) -> None:
    """The paths under ``selection_set`` into ``paths`` (a module function, not a nested
    one: a recursive closure is a reference cycle, left to the cyclic collector)."""
    for node in selection_set.selections:
        if isinstance(node, FieldNode):
            path = prefix + node.name.value
            paths.add(path)
            if node.selection_set is not None:
                _add_paths(node.selection_set, path + ".", fragments, paths)
        elif isinstance(node, InlineFragmentNode):
            _add_paths(node.selection_set, prefix, fragments, paths)
        elif isinstance(node, FragmentSpreadNode):
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                _add_paths(fragment.selection_set, prefix, fragments, paths)


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
