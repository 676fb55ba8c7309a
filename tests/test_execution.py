"""The plain-object fast path answers exactly as graphql-core's own execution."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import pytest
import strawberry
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse
from strawberry import Schema
from strawberry.extensions import ParserCache, ValidationCache

import api.execution as execution
from api.app import build_schema
from api.execution import PlainFieldExecutionContext
from api.hardening import check_document
from api.selection import _add_paths
from core import settings as settings_module
from tests.async_graph import cyclic_garbage


@strawberry.enum(description="A colour.")
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type(description="A nested object.")
class Note:
    text: str = strawberry.field(description="Text.")


@strawberry.type(description="A plain object.")
class Item:
    name: str = strawberry.field(description="Name.")
    count: int = strawberry.field(description="Count.")
    share: float | None = strawberry.field(description="Share.")
    day: date | None = strawberry.field(description="Day.")
    colour: Colour = strawberry.field(description="Colour.")
    tags: list[str] = strawberry.field(description="Tags.")
    maybe: list[str | None] | None = strawberry.field(description="Optional tags.")
    note: Note | None = strawberry.field(description="A nested object.")

    @strawberry.field(description="A field with a resolver.")
    def shout(self) -> str:
        return self.name.upper()


@strawberry.interface(description="An interface.")
class Named:
    name: str = strawberry.field(description="Name.")


@strawberry.type(description="An object with an interface (is_type_of is set).")
class Tagged(Named):
    tag: str = strawberry.field(description="Tag.")


def _item(i: int, **over: Any) -> Item:
    fields: dict[str, Any] = {
        "name": f"名{i}",
        "count": i,
        "share": i / 10 if i % 2 else None,
        "day": date(2026, 1, 1 + i % 28) if i % 3 else None,
        "colour": Colour.RED if i % 2 else Colour.BLUE,
        "tags": [f"t{i}", "标签"],
        "maybe": None if i % 4 == 0 else ["a", None],
        "note": Note(text=f"n{i}") if i % 2 else None,
    }
    return Item(**{**fields, **over})


@strawberry.type(description="The root.")
class Query:
    @strawberry.field(description="Items.")
    def items(self, info: strawberry.Info) -> list[Item]:
        return info.context["items"]

    @strawberry.field(description="Items that may be null.")
    def loose(self, info: strawberry.Info) -> list[Item | None]:
        return info.context["items"]

    @strawberry.field(description="One item.")
    def item(self, info: strawberry.Info) -> Item:
        return info.context["items"][0]

    @strawberry.field(description="Tagged objects.")
    def tagged(self) -> list[Tagged]:
        return [Tagged(name="x", tag="y")]


FAST = Schema(query=Query, execution_context_class=PlainFieldExecutionContext)
SLOW = Schema(query=Query)

QUERIES = [
    "{ items { name count share day colour tags maybe } }",
    "{ items { __typename n: name c: count } item { name tags } }",
    "{ items { ...F } } fragment F on Item { name colour day }",
    "query($s: Boolean!) { items { name count @skip(if: $s) share @include(if: $s) } }",
    "{ items { name shout } }",
    "{ items { name note { text } } }",
    "{ loose { name } }",
    "{ tagged { name tag } }",
]


def _run(schema: Schema, query: str, items: list[Any]) -> tuple[Any, list[Any]]:
    result = schema.execute_sync(query, variable_values={"s": True}, context_value={"items": items})
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return result.data, errors


CASES: list[tuple[str, list[Any]]] = [
    ("regular", [_item(i) for i in range(12)]),
    ("null in a non-null field", [_item(1), _item(2, name=None)]),
    ("null item in a list of non-null", [_item(1), None]),
    ("a value the scalar refuses", [_item(1), _item(2, count="many")]),
    ("null in a non-null list item", [_item(1, tags=["a", None])]),
    ("a string where a list is due", [_item(1, tags="ab")]),
    ("an exception as a value", [_item(1, name=ValueError("boom"))]),
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("case", "items"), CASES, ids=[c for c, _ in CASES])
def test_the_fast_path_answers_as_graphql_core(query: str, case: str, items: list[Any]) -> None:
    assert _run(FAST, query, items) == _run(SLOW, query, items)


def test_plain_selections_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = execution.complete_plain

    def counting(plan: Any, source: Any) -> dict[str, Any]:
        calls.append(1)
        return real(plan, source)

    monkeypatch.setattr(execution, "complete_plain", counting)
    items = [_item(i) for i in range(10)]
    _run(FAST, "{ items { name count share day colour tags maybe } }", items)
    assert len(calls) == 10
    calls.clear()
    _run(FAST, "{ items { name shout } }", items)  # a resolver: graphql-core's path
    assert calls == []
    _run(FAST, "{ items { name note { text } } }", items)  # only the notes are plain
    assert len(calls) == 5


def test_the_api_executes_with_the_fast_path() -> None:
    schema = build_schema(settings_module.load("test"))
    assert schema.execution_context_class is PlainFieldExecutionContext


def test_an_execution_leaves_no_reference_cycle() -> None:
    # graphql-core kept the resolvers' helpers on the executor as its own bound
    # methods: each request's executor, its context and its collected fields then
    # waited for the cyclic collector, whose pauses were the API's slowest answers.
    # Parsing and validation make cycles of their own: the API caches both (as here).
    cached = Schema(
        query=Query,
        execution_context_class=PlainFieldExecutionContext,
        extensions=[ParserCache(), ValidationCache()],
    )
    items = [_item(i) for i in range(5)]
    for query in ("{ items { name count tags } }", "{ items { name shout note { text } } }"):
        _run(cached, query, items)  # caches filled
        assert cyclic_garbage(lambda q=query: _run(cached, q, items)) == 0


def test_the_document_check_and_the_selection_leave_no_reference_cycle() -> None:
    api = settings_module.load("test").api
    document = parse(
        '{ a(x: ["p", ["q", {k: "r"}]]) { b { ...F } } } fragment F on T { c d { e } }'
    )
    assert cyclic_garbage(lambda: check_document(document, {"v": ["w"]}, None, api)) == 0
    query = document.definitions[0]
    assert isinstance(query, OperationDefinitionNode)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    paths: set[str] = set()
    assert cyclic_garbage(lambda: _add_paths(query.selection_set, "", fragments, paths)) == 0
    assert paths == {"a", "a.b", "a.b.c", "a.b.d", "a.b.d.e"}
