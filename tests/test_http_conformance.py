"""The endpoint's HTTP: body cap however the body arrives, GraphQL over HTTP media types
and status codes, UTF-8 JSON, malformed requests answered 4xx (never 5xx), no GET.

The guard's reading of a body is tested on the ASGI interface, where a test decides
every message (a lying Content-Length cannot reach an app through uvicorn, which frames
bodies by it); everything else against the live ``api`` server over real HTTP.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from api.app import create_app
from api.http_transport import GRAPHQL_RESPONSE, GraphQLGuard, dumps, response_media_type
from core.settings import Settings
from graph.connection import Graph
from seed import catalog
from tests import builders
from tests.conftest import ApiClient

CAP = 1_000_000
CHUNK = 64 * 1024
ACCEPT_GQL = {"content-type": "application/json", "accept": GRAPHQL_RESPONSE}
ACCEPT_JSON = {"content-type": "application/json", "accept": "application/json"}
SUBMIT = """mutation($r: [RecordInput!]!) { submitRecords(records: $r) { written created } }"""


# -- the guard on the ASGI interface ------------------------------------------------------


@dataclasses.dataclass
class Exchange:
    """One request through the guard: the messages it read and the answer it sent."""

    messages: list[Message]
    received: int = 0
    sent: list[Message] = dataclasses.field(default_factory=list)
    app_body: bytes | None = None
    after_body: Message | None = None

    @property
    def status(self) -> int | None:
        starts = [m for m in self.sent if m["type"] == "http.response.start"]
        return int(starts[0]["status"]) if starts else None

    @property
    def body(self) -> Any:
        return json.loads(b"".join(m.get("body", b"") for m in self.sent))


def _through_guard(
    messages: list[Message], headers: list[tuple[bytes, bytes]], endless: Message | None = None
) -> Exchange:
    """Send ``messages`` (then ``endless`` forever, if given) through a guard whose app
    records the body it receives and the message after it."""
    exchange = Exchange(messages)

    async def receive() -> Message:
        exchange.received += 1
        if exchange.received <= len(messages):
            return messages[exchange.received - 1]
        return endless or {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        exchange.sent.append(message)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        exchange.app_body = (await receive())["body"]
        exchange.after_body = await receive()

    scope: Scope = {"type": "http", "method": "POST", "headers": headers, "path": "/graphql"}
    asyncio.run(GraphQLGuard(app, CAP)(scope, receive, send))
    return exchange


def _chunks(body: bytes, size: int = CHUNK) -> list[Message]:
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    return [
        {"type": "http.request", "body": p, "more_body": i < len(parts) - 1}
        for i, p in enumerate(parts)
    ]


JSON_HEADERS = [(b"content-type", b"application/json")]


def test_chunked_body_past_the_cap_is_refused_at_the_first_chunk_past_it() -> None:
    endless: Message = {"type": "http.request", "body": b" " * CHUNK, "more_body": True}
    exchange = _through_guard([], JSON_HEADERS, endless)
    assert exchange.status == 413 and exchange.app_body is None
    assert exchange.body["errors"][0]["extensions"] == {"code": "BODY_TOO_LARGE", "limit": CAP}
    # Read no further than the chunk that crossed the cap (never more than the cap held).
    assert exchange.received == CAP // CHUNK + 1


def test_a_body_under_the_cap_is_replayed_whole_and_then_the_real_receive() -> None:
    body = b'{"query": "{ __typename }"}' + b" " * (CAP - 100)
    exchange = _through_guard(_chunks(body), JSON_HEADERS)
    assert exchange.app_body == body
    assert exchange.after_body == {"type": "http.disconnect"}


def test_declared_length_past_the_cap_is_refused_before_reading() -> None:
    headers = [*JSON_HEADERS, (b"content-length", str(CAP + 1).encode())]
    exchange = _through_guard(_chunks(b"x" * 10), headers)
    assert exchange.status == 413 and exchange.received == 0


@pytest.mark.parametrize(
    ("declared", "body"),
    [
        ([b"10"], b"x" * 11),  # longer than it says
        ([b"10"], b"x" * 9),  # ends before
        ([b"ten"], b"x" * 10),
        ([b"-1"], b""),
        ([b"10", b"12"], b"x" * 10),  # two lengths
    ],
)
def test_a_lying_content_length_is_refused(declared: list[bytes], body: bytes) -> None:
    headers = [*JSON_HEADERS, *((b"content-length", d) for d in declared)]
    exchange = _through_guard(_chunks(body, 4), headers)
    assert exchange.status == 400 and exchange.app_body is None
    assert exchange.body["errors"][0]["extensions"]["code"] == "BAD_CONTENT_LENGTH"


def test_a_client_that_leaves_mid_body_gets_nothing_and_the_app_never_runs() -> None:
    first = {"type": "http.request", "body": b"{", "more_body": True}
    exchange = _through_guard([first, {"type": "http.disconnect"}], JSON_HEADERS)
    assert exchange.sent == [] and exchange.app_body is None


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0.2, */*;q=0.1", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=bad", "application/json"),
        ("text/html", "application/json"),
    ],
)
def test_accept_negotiation(accept: str | None, media: str) -> None:
    assert response_media_type(accept) == media


def test_json_is_utf8_and_survives_a_lone_surrogate() -> None:
    assert dumps({"name": "公共信用"}) == '{"name":"公共信用"}'.encode()
    assert dumps({"echo": "\ud800"}) == b'{"echo":"\\ud800"}'


# -- the live server ----------------------------------------------------------------------

pytest_live = pytest.mark.integration


def _count_nodes(api: ApiClient, graph: Graph) -> int:
    api.flush_audit()  # the journal's entries reach the graph too
    return int(graph.run("MATCH (n) RETURN count(n) AS n")[0]["n"])


def _submission(api: ApiClient) -> tuple[bytes, dict[str, str]]:
    """A ``submitRecords`` body that the API accepts and writes, with its headers."""
    record = builders.record(catalog.load(), "N-BASIC-ORG", on=date(2026, 3, 2))
    subject = record.subject
    variables = {
        "r": [
            {
                "sourceId": f"http-{record.source_id}",
                "catalogCode": record.catalog_code,
                "subject": {
                    "idType": subject.id_type,
                    "number": subject.number,
                    "name": subject.name,
                    "kind": subject.kind,
                },
                "occurredAt": record.occurred_at.isoformat(),
                "fields": {
                    k: v.isoformat() if isinstance(v, date) else v for k, v in record.fields.items()
                },
            }
        ]
    }
    headers = {
        "content-type": "application/json",
        "authorization": f"Bearer {api.token('market-provider')}",
        "credit-channel": "SUBMIT",
        "credit-purpose": "DATA_SUBMISSION",
    }
    return json.dumps({"query": SUBMIT, "variables": variables}).encode(), headers


def _padded(body: bytes, total: int, pause: threading.Event | None = None) -> Iterator[bytes]:
    """``body`` then JSON whitespace up to ``total`` bytes, in chunks (no Content-Length:
    chunked transfer); after half the cap, waits for ``pause`` to be set."""
    yield body
    sent = len(body)
    while sent < total:
        if pause is not None and sent >= CAP // 2 and not pause.is_set():
            assert pause.wait(30)
        yield b" " * CHUNK
        sent += CHUNK


@pytest_live
def test_chunked_10mb_body_refused_and_the_server_stays_responsive(
    api: ApiClient, clean_graph: Graph
) -> None:
    body, headers = _submission(api)
    before = _count_nodes(api, clean_graph)
    release = threading.Event()
    answer: dict[str, httpx.Response] = {}

    def upload() -> None:
        answer["r"] = httpx.post(
            f"{api.base_url}/graphql",
            content=_padded(body, 10_000_000, release),
            headers=headers,
            timeout=60,
        )

    uploader = threading.Thread(target=upload)
    uploader.start()
    try:
        # While the upload is half-way: another client is served.
        assert httpx.get(f"{api.base_url}/healthz", timeout=5).json()["status"] == "ok"
    finally:
        release.set()
        uploader.join(60)
    refused = answer["r"]
    assert refused.status_code == 413, refused.text
    assert refused.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"
    assert httpx.get(f"{api.base_url}/healthz", timeout=5).status_code == 200
    assert _count_nodes(api, clean_graph) == before
    # The same submission under the cap, chunked too, is served and writes: the refused
    # one would have.
    served = httpx.post(
        f"{api.base_url}/graphql", content=_padded(body, CAP // 2), headers=headers, timeout=30
    )
    assert served.json()["data"]["submitRecords"]["written"] is True, served.text
    assert _count_nodes(api, clean_graph) > before


@pytest_live
def test_declared_length_past_the_cap_refused(api: ApiClient) -> None:
    refused = httpx.post(
        f"{api.base_url}/graphql",
        content=b'{"query": "{ __typename }"}' + b" " * CAP,
        headers={"content-type": "application/json"},
    )
    assert refused.status_code == 413
    assert refused.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"


def _post(api: ApiClient, payload: Any, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        f"{api.base_url}/graphql", content=json.dumps(payload), headers=headers, timeout=30
    )


REQUEST_ERRORS = [
    pytest.param({"query": "{"}, id="parse"),
    pytest.param({"query": "{ noSuchField }"}, id="validation"),
    pytest.param(
        {"query": "query($n: Int!) { catalog(first: $n) { totalCount } }", "variables": {}},
        id="coercion",
    ),
    pytest.param(
        {"query": "{ catalog { totalCount } }", "variables": {"s": "x" * 30_000}},
        id="refused-document",
    ),
]


@pytest_live
@pytest.mark.parametrize("payload", REQUEST_ERRORS)
def test_request_errors_are_400_without_data_in_graphql_response_json(
    api: ApiClient, payload: dict[str, Any]
) -> None:
    gql = _post(api, payload, ACCEPT_GQL)
    assert gql.status_code == 400, gql.text
    assert gql.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert "data" not in gql.json() and gql.json()["errors"]
    # application/json: a well-formed request is 200, with its data entry.
    legacy = _post(api, payload, ACCEPT_JSON)
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith(
        "application/json"
    )
    assert legacy.json()["data"] is None and legacy.json()["errors"]


@pytest_live
def test_a_refused_request_is_still_audited(api: ApiClient) -> None:
    answer = _post(api, {"query": "{ noSuchField }"}, ACCEPT_GQL)
    assert answer.status_code == 400
    line = json.loads(api.journal.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1])
    entry = json.loads(line["b"])
    assert entry["requestId"] == answer.json()["extensions"]["requestId"]
    assert entry["outcome"] == "refused" and "noSuchField" in entry["errors"][0]


@pytest_live
def test_field_errors_and_data_are_200_in_graphql_response_json(api: ApiClient) -> None:
    ok = _post(api, {"query": "{ catalog(first: 1) { edges { node { name } } } }"}, ACCEPT_GQL)
    assert ok.status_code == 200 and ok.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    # Chinese as UTF-8, never \uXXXX escapes.
    name = ok.json()["data"]["catalog"]["edges"][0]["node"]["name"]
    assert name.encode() in ok.content and b"\\u" not in ok.content
    # A well-formed request refused by a resolver is a field error: data, 200.
    refused = _post(
        api,
        {"query": "{ catalog { totalCount } }"},
        {**ACCEPT_GQL, "credit-channel": "LEAK", "credit-purpose": "X"},
    )
    assert refused.status_code == 200 and "data" in refused.json(), refused.text


MALFORMED = [
    pytest.param(b"", id="empty"),
    pytest.param(b'{"query": ', id="not-json"),
    pytest.param(b"1", id="number"),
    pytest.param(b'"{ __typename }"', id="string"),
    pytest.param(b"[]", id="empty-batch"),
    pytest.param(b"[1]", id="batch-of-number"),
    pytest.param(b'[{"query": 1}]', id="batch-query-number"),
    pytest.param(b'[{"query": "{ __typename }", "variables": "x"}]', id="batch-variables"),
    pytest.param(b'{"query": "{ __typename }", "operationName": 1}', id="operation-name"),
    pytest.param(b'{"query": "{ __typename }", "operationName": "Nope"}', id="no-such-op"),
    pytest.param(b'{"query": null}', id="no-query"),
    pytest.param(b'{"query": "subscription { withdrawalNotices { id } }"}', id="subscription"),
]


@pytest_live
@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_requests_are_400_with_a_code(api: ApiClient, body: bytes) -> None:
    for headers in (ACCEPT_JSON, ACCEPT_GQL):
        answer = httpx.post(f"{api.base_url}/graphql", content=body, headers=headers)
        assert answer.status_code == 400, answer.text
        assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert answer.headers["content-type"].startswith(headers["accept"])


@pytest_live
def test_no_operations_over_get_but_the_ide_in_development(api: ApiClient) -> None:
    for query in ("{ __typename }", "mutation { __typename }"):
        answer = httpx.get(f"{api.base_url}/graphql", params={"query": query})
        assert answer.status_code == 405 and answer.headers["allow"] == "POST"
        assert answer.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    ide = httpx.get(f"{api.base_url}/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


@pytest_live
def test_the_views_own_refusals_have_their_status(test_settings: Settings) -> None:
    settings = dataclasses.replace(
        test_settings,
        api=dataclasses.replace(test_settings.api, rate_per_s=0.001, rate_burst=1),
    )
    with TestClient(create_app(settings)) as client:
        query = {"query": "{ catalog { totalCount } }"}
        assert client.post("/graphql", json=query, headers=ACCEPT_GQL).status_code == 200
        limited = client.post("/graphql", json=query, headers=ACCEPT_GQL)
        assert limited.status_code == 429 and "data" not in limited.json()
        legacy = client.post("/graphql", json=query, headers=ACCEPT_JSON)
        assert legacy.status_code == 200 and legacy.json()["data"] is None
