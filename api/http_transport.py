"""GraphQL over HTTP (the draft spec), below the GraphQL view.

POST with a JSON body only (no operation over GET, so no cross-site link can run one);
``application/json`` answers 200 for every well-formed request,
``application/graphql-response+json`` (when the client's Accept prefers it) answers a
request error with 4xx and no ``data`` entry. ``GraphQLGuard`` caps bodies however they
arrive (Content-Length or chunked) before the view reads them.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from cross_web import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from api.hardening import bounded

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
#: Request bodies accepted (strawberry itself parses ``application/json`` only).
JSON_TYPES = (JSON, GRAPHQL_RESPONSE)
#: The message of a masked internal error (api.hardening): an exception escaped.
UNEXPECTED = "Unexpected error."
#: graphql-response+json: the status of the view's own refusals, which carry no data.
REFUSAL_STATUS = {"RATE_LIMITED": 429, "AUDIT_UNAVAILABLE": 503, "TIMEOUT": 504}
#: HTTP refusals' codes, by status.
HTTP_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def request_data(item: object) -> GraphQLRequestData:
    """One GraphQL-over-HTTP request; a malformed one is a 400."""
    if not isinstance(item, dict):
        raise HTTPException(400, "a GraphQL request is a JSON object")
    for name, kinds in (
        ("query", (str,)),
        ("operationName", (str,)),
        ("variables", (dict,)),
        ("extensions", (dict,)),
    ):
        value = item.get(name)
        if value is not None and not isinstance(value, kinds):
            kind = "a string" if kinds == (str,) else "an object"
            raise HTTPException(400, f"the request's {name!r} must be {kind} or null")
    return GraphQLRequestData(
        query=item.get("query"),
        variables=item.get("variables"),
        operation_name=item.get("operationName"),
        extensions=item.get("extensions"),
    )


def is_request_error(result: ExecutionResult) -> bool:
    """Refused before execution: parse and validation errors (strawberry's
    PreExecutionError), variable coercion failures and the view's own refusals (no data,
    and no error names a field path; a field error always does)."""
    if isinstance(result, PreExecutionError):
        return True
    return (
        result.data is None
        and bool(result.errors)
        and all(e.path is None for e in result.errors or ())
    )


def graphql_response_status(
    response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
) -> int | None:
    """The status of a graphql-response+json answer without data (None: it has data).

    The view's refusals have their own (429, 503, 504); a masked error that points at no
    place in the document is an exception that escaped, a 500; any other request error
    (one that points at the document or the variables, masked or not) a 400. A batch
    has data if any of its answers has."""
    answers = response_data if isinstance(response_data, list) else [response_data]
    if any("data" in answer for answer in answers):
        return None
    errors = [e for answer in answers for e in answer.get("errors") or () if isinstance(e, dict)]
    for error in errors:
        status = REFUSAL_STATUS.get(str((error.get("extensions") or {}).get("code")))
        if status is not None:
            return status
    if any(error.get("message") == UNEXPECTED and not error.get("locations") for error in errors):
        return 500
    return 400


def response_media_type(accept: str | None) -> str:
    """The response media type an Accept header prefers: graphql-response+json when the
    client names it with a quality at least that of application/json; application/json
    otherwise (no Accept, ``*/*``, ``application/*``: the spec's legacy default)."""
    if not accept:
        return JSON
    best = {JSON: 0.0, GRAPHQL_RESPONSE: 0.0}
    wildcard = 0.0
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if media in best:
            best[media] = max(best[media], quality)
        elif media in ("*/*", "application/*"):
            wildcard = max(wildcard, quality)
    json_quality = best[JSON] or wildcard
    if best[GRAPHQL_RESPONSE] > 0 and best[GRAPHQL_RESPONSE] >= json_quality:
        return GRAPHQL_RESPONSE
    return JSON


def dumps(data: object) -> bytes:
    """Compact UTF-8 JSON. A lone surrogate (a ``\\ud800`` escape quoted back in an
    error) cannot be UTF-8: then the answer is escaped ASCII JSON instead."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def http_refusal(
    status: int,
    message: str,
    media: str = JSON,
    code: str | None = None,
    *,
    close: bool = False,
    **extra: Any,
) -> Response:
    """An HTTP-level refusal as a GraphQL error body with a code (no ``data``: nothing
    ran). ``close``: the request's body is left unread, so the connection is closed
    rather than drained."""
    headers = {"connection": "close"} if close else {}
    if status == 405:
        headers["allow"] = "POST"
    error = {
        "message": bounded(message),
        "extensions": {"code": code or HTTP_CODES.get(status, "BAD_REQUEST"), **extra},
    }
    return Response(
        dumps({"errors": [error]}),
        status_code=status,
        media_type=f"{media}; charset=utf-8",
        headers=headers,
    )


class GraphQLGuard:
    """Refuse what the endpoint never accepts before strawberry sees it: POST bodies that
    are not JSON (CSRF-safe: no form or plain-text post), bodies beyond ``max_body``
    bytes however they arrive, and bodies whose length is not the Content-Length.

    The body is read here, at most ``max_body`` bytes of it (a chunked upload is refused
    at the first chunk past the cap, the rest is never read), and replayed to the view as
    one message; what ``receive`` says after it (a disconnect) passes through.
    """

    def __init__(self, app: ASGIApp, max_body: int = 1_000_000) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        media = response_media_type(_header(headers, b"accept"))
        ctype = (_header(headers, b"content-type") or "").split(";")[0].strip().lower()
        if ctype not in JSON_TYPES:
            refusal = http_refusal(
                415,
                "only application/json (or application/graphql-response+json) bodies are accepted",
                media,
                "UNSUPPORTED_MEDIA_TYPE",
                close=True,
            )
            await refusal(scope, receive, send)
            return
        lengths = {v.strip() for k, v in headers if k.lower() == b"content-length"}
        if len(lengths) > 1 or not all(v.isdigit() for v in lengths):
            await self._refuse_length(scope, receive, send, media, "is not one number")
            return
        declared = int(lengths.pop()) if lengths else None
        if declared is not None and declared > self.max_body:
            await self._too_large(scope, receive, send, media)
            return
        body = await read_body(receive, self.max_body, declared)
        if body is None:  # the client left: nobody to answer
            return
        if body is TOO_LARGE:
            await self._too_large(scope, receive, send, media)
            return
        if body is SHORT or body is LONG:
            what = "is longer than" if body is LONG else "ended before"
            await self._refuse_length(scope, receive, send, media, f"{what} it")
            return
        assert isinstance(body, bytes)
        if ctype != JSON:
            # strawberry parses JSON bodies by this media type only.
            scope = {
                **scope,
                "headers": [
                    (k, JSON.encode()) if k.lower() == b"content-type" else (k, v)
                    for k, v in headers
                ],
            }
        await self.app(scope, replay(body, receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, media: str) -> None:
        refusal = http_refusal(
            413,
            f"the request body is larger than {self.max_body} bytes",
            media,
            "BODY_TOO_LARGE",
            close=True,
            limit=self.max_body,
        )
        await refusal(scope, receive, send)

    async def _refuse_length(
        self, scope: Scope, receive: Receive, send: Send, media: str, what: str
    ) -> None:
        refusal = http_refusal(
            400, f"the request's Content-Length {what}", media, "BAD_CONTENT_LENGTH", close=True
        )
        await refusal(scope, receive, send)


class _BodyProblem:
    """Why a body could not be read whole (a sentinel)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


TOO_LARGE, SHORT, LONG = _BodyProblem("TOO_LARGE"), _BodyProblem("SHORT"), _BodyProblem("LONG")


async def read_body(
    receive: Receive, limit: int, declared: int | None = None
) -> bytes | _BodyProblem | None:
    """The whole body from ``receive``, never holding more than ``limit`` bytes of it:
    TOO_LARGE at the first chunk past the limit, LONG past ``declared`` (the
    Content-Length), SHORT when it ends before; None if the client disconnected."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return TOO_LARGE
        if declared is not None and size > declared:
            return LONG
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    if declared is not None and size < declared:
        return SHORT
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Callable[[], Awaitable[Message]]:
    """A ``receive`` that gives the read body as one message, then the real one's."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive_again


def _header(headers: Sequence[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None
