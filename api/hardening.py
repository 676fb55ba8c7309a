"""Endpoint hardening beyond strawberry's built-ins (OWASP GraphQL cheat sheet).

- A document check that runs *before* validation, in time linear in the document: the
  fields a document asks for once every fragment is inlined (fragments are sized once
  each, so nested fan-out cannot make it exponential), fragment cycles, the length
  and characters of every string argument, literal or variable. Validation rules that
  expand fragments (depth, overlapping fields) only ever see bounded documents.
- A pagination-aware query cost that reads the variables' values: every field costs 1,
  and a field with a ``first`` argument multiplies the cost of what is under it, so one
  request cannot ask for a page of pages of pages, however ``first`` is given.
- Bounded error messages: a message that quotes an argument is cut and hashed, so no
  response and no audit entry grows with what a caller sent.
- A per-actor token-bucket rate limit.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.validation_cache import _get_validate_cache

from core.errors import CreditError
from core.settings import ApiSettings

#: Page size assumed when a list field does not say ``first`` (the API's default).
DEFAULT_PAGE = 20
#: What a caller sees of an unexpected error (the exception itself is logged).
MASKED = "Unexpected error."
#: Longest error message a response or an audit entry carries.
MAX_MESSAGE = 500
#: C0 and C1 control characters other than tab, line feed and carriage return, and
#: unpaired UTF-16 surrogates (JSON ``\ud800`` escapes decode to them): never text.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

log = logging.getLogger("credit.api")


def bounded(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` cut to ``limit`` characters, naming the full length and its SHA-256."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{text[:limit]}… [cut: {len(text)} characters, sha256:{digest}]"


class DocumentRefused(GraphQLError):
    """A document refused before validation; ``code`` says why."""

    def __init__(self, message: str, code: str, **extra: Any) -> None:
        super().__init__(message, extensions={"code": code, **extra})


# -- the document check -----------------------------------------------------------------


@dataclass
class _Sizer:
    """Field counts and costs of selection sets, each fragment computed once."""

    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    defaults: Mapping[str, Any]
    _fields: dict[str, int] = field(default_factory=dict)
    _costs: dict[str, int] = field(default_factory=dict)
    _open: set[str] = field(default_factory=set)

    def fragment(self, name: str) -> FragmentDefinitionNode | None:
        frag = self.fragments.get(name)
        if frag is not None and name in self._open:
            raise DocumentRefused(
                f"fragment {name!r} spreads itself (a fragment cycle)", "QUERY_TOO_COMPLEX"
            )
        return frag

    def fields(self, selection_set: SelectionSetNode | None) -> int:
        """Fields of a selection set with every fragment inlined."""
        if selection_set is None:
            return 0
        total = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total += 1 + self.fields(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                total += self.fields(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name not in self._fields and (frag := self.fragment(name)) is not None:
                    self._open.add(name)
                    self._fields[name] = self.fields(frag.selection_set)
                    self._open.discard(name)
                total += self._fields.get(name, 0)
        return total

    def first(self, node: FieldNode) -> int:
        for arg in node.arguments or ():
            if arg.name.value != "first":
                continue
            if isinstance(arg.value, IntValueNode):
                return int(arg.value.value)
            if isinstance(arg.value, VariableNode):
                name = arg.value.name.value
                value = self.variables.get(name, self.defaults.get(name))
                # A value that is not an integer is refused by variable coercion.
                return value if isinstance(value, int) and value > 0 else DEFAULT_PAGE
        return 1

    def cost(self, selection_set: SelectionSetNode | None) -> int:
        """1 per field, times ``first`` for what a page holds."""
        if selection_set is None:
            return 0
        total = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total += 1 + self.first(sel) * self.cost(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                total += self.cost(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name not in self._costs and (frag := self.fragment(name)) is not None:
                    self._open.add(name)
                    self._costs[name] = self.cost(frag.selection_set)
                    self._open.discard(name)
                total += self._costs.get(name, 0)
        return total


def _literal_defaults(op: OperationDefinitionNode) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for var in op.variable_definitions or ():
        if isinstance(var.default_value, IntValueNode):
            found[var.variable.name.value] = int(var.default_value.value)
    return found


def _check_text(value: str, where: str, max_string: int) -> None:
    if len(value) > max_string:
        raise DocumentRefused(
            f"{where} is {len(value)} characters long; the limit is {max_string}",
            "INPUT_TOO_LARGE",
            limit=max_string,
        )
    bad = _BAD_CHARS.search(value)
    if bad is not None:
        raise DocumentRefused(
            f"{where} contains U+{ord(bad.group()):04X} at position {bad.start()}: control "
            "characters and unpaired surrogates are not text",
            "INVALID_TEXT",
        )


def _check_values(value: Any, where: str, max_string: int) -> None:
    """Every string in a JSON value (the variables), with the path that holds it."""
    stack = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            _check_text(item, path, max_string)
        elif isinstance(item, dict):
            for key, sub in item.items():
                _check_text(str(key), f"a key in {path}", 200)
                stack.append((sub, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]") for i, sub in enumerate(item))


def _check_value_node(node: ValueNode, where: str, max_string: int) -> None:
    """Every string literal in an argument's value (a module function: a recursive
    closure is a reference cycle, left to the cyclic collector)."""
    if isinstance(node, StringValueNode):
        _check_text(node.value, where, max_string)
    elif isinstance(node, ListValueNode):
        for i, sub in enumerate(node.values):
            _check_value_node(sub, f"{where}[{i}]", max_string)
    elif isinstance(node, ObjectValueNode):
        for f in node.fields:
            _check_value_node(f.value, f"{where}.{f.name.value}", max_string)


def _check_literals(document: DocumentNode, max_string: int) -> None:
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))
    ]
    while stack:
        for sel in stack.pop().selections:
            if isinstance(sel, FieldNode):
                for arg in sel.arguments or ():
                    where = f"argument {sel.name.value}.{arg.name.value}"
                    _check_value_node(arg.value, where, max_string)
            sub = getattr(sel, "selection_set", None)
            if isinstance(sub, SelectionSetNode):
                stack.append(sub)


def check_document(
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    api: ApiSettings,
) -> None:
    """Refuse, in linear time, what validation or execution should never have to see.

    Raises ``DocumentRefused`` with ``QUERY_TOO_COMPLEX`` (inlined fields beyond the
    token limit, fragment cycles), ``QUERY_TOO_COSTLY`` (cost with the variables' values
    beyond the limit), ``INPUT_TOO_LARGE`` or ``INVALID_TEXT`` (a string argument).
    """
    variables = variables or {}
    _check_values(dict(variables), "variables", api.max_string)
    _check_literals(document, api.max_string)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for op in document.definitions:
        if not isinstance(op, OperationDefinitionNode):
            continue
        if operation_name is not None and (op.name is None or op.name.value != operation_name):
            continue
        sizer = _Sizer(fragments, variables, _literal_defaults(op))
        expanded = sizer.fields(op.selection_set)
        if expanded > api.max_tokens:
            raise DocumentRefused(
                f"the query asks for {expanded} fields once its fragments are inlined; "
                f"the limit is {api.max_tokens}",
                "QUERY_TOO_COMPLEX",
                fields=expanded,
            )
        cost = sizer.cost(op.selection_set)
        if cost > api.max_cost:
            raise DocumentRefused(
                f"query cost {cost} exceeds the limit {api.max_cost}: ask for smaller pages",
                "QUERY_TOO_COSTLY",
                cost=cost,
            )


class CheckedValidation(SchemaExtension):
    """Validation behind the document check, the standard rules' result cached by
    document (the check itself depends on the variables and runs every time)."""

    def __init__(self, api: ApiSettings, maxsize: int = 1024) -> None:
        self.api = api
        self.cached_validate_document = _get_validate_cache(maxsize)

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        assert ctx.graphql_document is not None
        try:
            check_document(ctx.graphql_document, ctx.variables, ctx.operation_name, self.api)
        except DocumentRefused as refused:
            ctx.pre_execution_errors = [refused]
        else:
            ctx.pre_execution_errors = self.cached_validate_document(
                ctx.schema._schema, ctx.graphql_document, ctx.validation_rules
            )
        yield


# -- errors -----------------------------------------------------------------------------


class BoundedErrors(MaskErrors):
    """Masks unexpected errors, and cuts every message to ``MAX_MESSAGE`` characters."""

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_bounded_error(e) for e in super()._process_errors(errors)]


def _bounded_error(error: GraphQLError) -> GraphQLError:
    extensions = error.extensions or {}
    if "code" not in extensions:
        # Every error carries a stable code: a masked one is internal; one without a path
        # happened before execution (parse, validation, variable coercion).
        code = "INTERNAL_ERROR" if error.path or error.message == MASKED else "BAD_REQUEST"
        extensions = {**extensions, "code": code}
    elif len(error.message) <= MAX_MESSAGE:
        return error
    return GraphQLError(
        bounded(error.message),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=extensions,
    )


def should_mask(error: GraphQLError) -> bool:
    """Coded errors pass through; anything unexpected is masked (and logged)."""
    original = error.original_error
    # Request errors graphql-core raises while coercing variables wrap a GraphQLError.
    if original is None or isinstance(original, (CreditError, GraphQLError)):
        return False
    log.error("unexpected error", exc_info=original)
    return True


def schema_extensions(api: ApiSettings) -> list[Any]:
    """The protective extensions, in order; introspection off in production."""
    # Validation rules are built once: the validation cache is keyed by the rule classes,
    # and limiters made per request would define new classes and never hit it.
    rules = [
        *QueryDepthLimiter(max_depth=api.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=api.max_aliases).validation_rules,
    ]

    extensions: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: ParserCache(maxsize=1024),
        lambda: CheckedValidation(api),
        lambda: MaxTokensLimiter(max_token_count=api.max_tokens),
        lambda: BoundedErrors(should_mask_error=should_mask, error_message=MASKED),
    ]
    if api.production:
        extensions.append(DisableIntrospection)
    return extensions


# -- rate limit -------------------------------------------------------------------------


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
