"""Endpoint hardening beyond strawberry's built-ins (OWASP GraphQL cheat sheet).

- A pagination-aware query cost: every field costs 1, and a field with a ``first``
  argument multiplies the cost of what is under it, so one request cannot ask for a
  page of pages of pages.
- A per-actor token-bucket rate limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)

#: Page size assumed when a list field does not say ``first`` (the API's default).
DEFAULT_PAGE = 20


def _first(node: FieldNode, variables: dict[str, Any]) -> int:
    for arg in node.arguments or ():
        if arg.name.value != "first":
            continue
        if isinstance(arg.value, IntValueNode):
            return int(arg.value.value)
        if isinstance(arg.value, VariableNode):
            return int(variables.get(arg.value.name.value) or DEFAULT_PAGE)
    return 1


def selection_cost(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    seen: frozenset[str] = frozenset(),
) -> int:
    """Cost of a selection set: 1 per field, times ``first`` for what a page holds."""
    if selection_set is None:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            total += 1 + _first(sel, variables) * selection_cost(
                sel.selection_set, fragments, variables, seen
            )
        elif isinstance(sel, InlineFragmentNode):
            total += selection_cost(sel.selection_set, fragments, variables, seen)
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
            frag = fragments.get(sel.name.value)
            if frag is not None:
                total += selection_cost(
                    frag.selection_set, fragments, variables, seen | {sel.name.value}
                )
    return total


def cost_rule(max_cost: int) -> type[ValidationRule]:
    """A validation rule refusing operations that cost more than ``max_cost``."""

    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            ctx: ValidationContext = self.context
            fragments = {
                d.name.value: d
                for d in ctx.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            # Variables are not known at validation time: a variable ``first`` counts as
            # the default page size; the resolvers cap it at the maximum page size.
            cost = selection_cost(node.selection_set, fragments, {})
            if cost > max_cost:
                ctx.report_error(
                    GraphQLError(
                        f"query cost {cost} exceeds the limit {max_cost}: ask for smaller pages",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost},
                    )
                )

    return QueryCostRule


@dataclass
class RateLimiter:
    """Token buckets per actor: ``rate`` requests per second, bursts up to ``burst``."""

    rate: float
    burst: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 100_000:  # forget idle actors
                self._buckets.clear()
            return True
