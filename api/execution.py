"""GraphQL execution with a fast path for plain objects.

graphql-core executes every field of every object alike: it looks the field up, builds a
``GraphQLResolveInfo`` and a ``Path``, wraps the resolver in the middleware, calls it,
checks for awaitables and completes the value through the non-null, list and leaf cases.
That is right for fields with resolvers, and about 3–5 µs of Python for each of the
thousands of plain attributes a neighbourhood, a credit file or a list page answers with
(a 200-node neighbourhood asks for about 2,000).

Most of the answer's objects are *plain*: every field selected on them is a strawberry
field without resolver, permission or extension (strawberry's own "basic field", read
with ``getattr``), takes no argument and returns a scalar, an enum or a list of them.
For such a selection :class:`PlainFieldExecutionContext` builds a plan once per request
and selection (graphql-core memoizes the selection per list, so one plan serves every
item of a list) and completes the object in one loop: ``getattr`` and the leaf type's
``coerce_output_value``, as graphql-core would call them.

Nothing else changes: objects with any other field, requests with resolver middleware,
deferred selections and every irregular value (null for a non-null field, a value the
scalar refuses, an exception) take graphql-core's own path for the whole object, which
then reports the error exactly as before. Reading an attribute has no side effect, so
starting over is safe. ``tests/test_execution.py`` compares both paths answer for answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from graphql.type.definition import GraphQLResolveInfoHelpers
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

__all__ = ["PlainFieldExecutionContext", "complete_plain", "plain_plan"]

#: One step of a plan: response name, attribute (None for ``__typename``), the leaf's
#: coercion (or the type name), whether null is refused, whether the value is a list of
#: leaves, whether its items refuse null.
Step = tuple[str, str | None, Any, bool, bool, bool]
Plan = tuple[Step, ...]


class _Irregular(Exception):
    """A value the fast path does not complete itself: graphql-core's path will."""


def _leaf_step(response_name: str, attribute: str, field_type: GraphQLOutputType) -> Step | None:
    non_null = is_non_null_type(field_type)
    inner = field_type.of_type if non_null else field_type  # type: ignore[union-attr]
    if is_leaf_type(inner):
        return (response_name, attribute, inner.coerce_output_value, non_null, False, False)
    if not is_list_type(inner):
        return None
    item = inner.of_type
    item_non_null = is_non_null_type(item)
    item = item.of_type if item_non_null else item
    if not is_leaf_type(item):
        return None
    return (response_name, attribute, item.coerce_output_value, non_null, True, item_non_null)


def plain_plan(parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> Plan | None:
    """The plan completing ``parent_type`` objects for this selection, or None when any
    selected field is not a plain strawberry attribute of leaf type."""
    steps: list[Step] = []
    fields = parent_type.fields
    for response_name, details in grouped_field_set.items():
        node = details[0].node
        name = node.name.value
        if name == "__typename":
            steps.append((response_name, None, parent_type.name, True, False, False))
            continue
        field_def = fields.get(name)
        if field_def is None or node.arguments or field_def.args:
            return None
        if not getattr(field_def.resolve, "_is_default", False):
            return None
        definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if (
            definition is None
            or definition.base_resolver is not None
            or definition.extensions
            or definition.default_resolver is not getattr
        ):
            return None
        step = _leaf_step(response_name, definition.python_name, field_def.type)
        if step is None:
            return None
        steps.append(step)
    return tuple(steps)


def complete_plain(plan: Plan, source: Any) -> dict[str, Any]:
    """The completed object, as graphql-core would give it; ``_Irregular`` (or the
    scalar's own error) when graphql-core must complete it instead. The leaf check is
    written out for values and list items alike: this loop runs for every object."""
    out: dict[str, Any] = {}
    for response_name, attribute, coerce, non_null, is_list, item_non_null in plan:
        if attribute is None:
            out[response_name] = coerce
            continue
        value = getattr(source, attribute)
        if value is None:
            if non_null:
                raise _Irregular
            out[response_name] = None
            continue
        if not is_list:
            if isinstance(value, Exception):
                raise _Irregular
            result = coerce(value)
            if result is None or result is Undefined:
                raise _Irregular
            out[response_name] = result
            continue
        if type(value) is not list and type(value) is not tuple:
            raise _Irregular
        items: list[Any] = []
        for item in value:
            if item is None:
                if item_non_null:
                    raise _Irregular
                items.append(None)
                continue
            if isinstance(item, Exception):
                raise _Irregular
            result = coerce(item)
            if result is None or result is Undefined:
                raise _Irregular
            items.append(result)
        out[response_name] = items
    return out


class PlainFieldExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain objects (and lists of them) in
    one loop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keyed by the selection's identity; the selection is kept alive with its plan
        # so that its id cannot be reused within the request.
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[GroupedFieldSet, Plan | None]]
        self._plans = {}
        manager = self.middleware_manager
        self._plain_allowed = manager is None or not manager.middlewares

    # graphql-core keeps the resolvers' async helpers on the executor as its own bound
    # methods, a reference cycle: every request's executor, with its context and all the
    # collected fields it refers to, was then freed by the cyclic collector rather than
    # as the request ended (the collector's pauses were the API's slowest answers).
    # Built when a resolve info asks for them instead, the executor is freed at once.
    @property
    def async_helpers(self) -> GraphQLResolveInfoHelpers:
        """The helpers a resolve info carries (gather and track async work)."""
        return GraphQLResolveInfoHelpers(gather=self.gather_async_work, track=self.track_async_work)

    @async_helpers.setter
    def async_helpers(self, _: GraphQLResolveInfoHelpers) -> None:
        """graphql-core's ``__init__`` sets them: nothing is kept (see the getter)."""

    def _plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> Plan | None:
        key = (parent_type, id(grouped_field_set))
        cached = self._plans.get(key)
        if cached is None:
            cached = (grouped_field_set, plain_plan(parent_type, grouped_field_set))
            self._plans[key] = cached
        return cached[1]

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any | None,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if self._plain_allowed and position_context is None and path is not None:
            plan = self._plan(parent_type, grouped_field_set)
            if plan is not None:
                try:
                    return complete_plain(plan, source_value)
                except Exception:  # graphql-core's path reports it
                    pass
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context
        )

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any | None,
    ) -> AwaitableOrValue[list[Any]]:
        completed = self._plain_list(item_type, field_details_list, items, position_context)
        if completed is not None:
            return completed
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _plain_list(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        items: Iterable[Any],
        position_context: Any | None,
    ) -> list[Any] | None:
        """A list of plain objects completed item by item in one loop, or None for
        graphql-core's path (not plain, streamed, deferred, or an irregular item)."""
        if not self._plain_allowed or position_context is not None:
            return None
        if type(items) is not list and type(items) is not tuple:
            return None
        non_null = is_non_null_type(item_type)
        object_type = item_type.of_type if non_null else item_type  # type: ignore[union-attr]
        if not is_object_type(object_type) or object_type.is_type_of is not None:
            return None
        if any(details.node.directives for details in field_details_list):
            return None  # @stream
        grouped_field_set, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        plan = self._plan(object_type, grouped_field_set)
        if plan is None:
            return None
        completed: list[Any] = []
        try:
            for item in items:
                if item is None:
                    if non_null:
                        return None
                    completed.append(None)
                else:
                    completed.append(complete_plain(plan, item))
        except Exception:  # graphql-core's path reports it
            return None
        return completed
