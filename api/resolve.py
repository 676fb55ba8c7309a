"""Helpers every resolver shares: the operation and its policy decision, pagination,
identifiers. Resolvers stay thin: parse arguments, call one graph function, return types."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from api import types as t
from api.context import RequestContext
from core.errors import CreditError
from core.submission import SubjectRef
from rules import identifiers

Ctx = Info[RequestContext, None]


class BadArgument(CreditError):
    """An argument is malformed (cursor, page size, identifier)."""

    code = "BAD_ARGUMENT"


def page_size(ctx: RequestContext, first: int) -> int:
    limit = ctx.services.settings.api.max_page
    if not 1 <= first <= limit:
        raise BadArgument(f"first must be between 1 and {limit}")
    return first


def batch_size(ctx: RequestContext, count: int) -> None:
    """A submission is at most ``max_records`` records: one call, one transaction that
    ends well within the request timeout, so the graph always agrees with the answer."""
    limit = ctx.services.settings.api.max_records
    if count > limit:
        raise CreditError(
            f"{count} records in one call; at most {limit} are accepted: split the "
            f"submission into calls of {limit} records or fewer (each call is accepted or "
            "refused as a whole)",
            code="BATCH_TOO_LARGE",
        )


def cursor(after: str | None) -> list[Any] | None:
    try:
        return t.decode_cursor(after)
    except ValueError as exc:
        raise BadArgument(str(exc)) from None


def op(info: Ctx, resource: str | None = None, channel: str | None = None) -> RequestContext:
    """The request context, with this root field recorded for the audit entry and, for
    operation-level resources, the decision that allows it (raises when refused)."""
    ctx = info.context
    ctx.operations.append(info.field_name)
    if resource is not None:
        ctx.require(resource, channel)
    return ctx


def more(page: list[Any], first: int) -> tuple[list[Any], bool]:
    """A page fetched with one extra row: the rows to return, and whether more follow."""
    return page[:first], len(page) > first


def page_info(edges: list[Any], more: bool) -> t.PageInfo:
    return t.PageInfo(has_next_page=more, end_cursor=edges[-1].cursor if edges else None)


def subject_key(id_type: str, number: str) -> str:
    ref = SubjectRef(id_type, number, "?")
    problem = identifiers.check_subject(ref)
    if problem is not None:
        raise CreditError(problem.message, code=problem.code, article=problem.article)
    return identifiers.subject_key(ref)


def disclose_records(ctx: RequestContext, key: str, rows: list[dict[str, Any]]) -> None:
    fields = [f"{r['catalogCode']}.{f['name']}" for r in rows for f in r.get("fields") or ()]
    ctx.disclose([key], fields, [r["id"] for r in rows])
