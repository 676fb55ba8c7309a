"""The benchmark's lean HTTP client: it reads each answer by its length over keep-alive
connections and counts answers with GraphQL errors as failures."""

from __future__ import annotations

import asyncio
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import http_load


async def _serve(bodies: list[bytes]) -> tuple[asyncio.Server, str, list[bytes]]:
    """A keep-alive HTTP/1.1 server answering with ``bodies`` in turn; it records the
    requests it got."""
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                seen.append(head + await reader.readexactly(length))
                body = bodies[len(seen) % len(bodies)]
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    + b"content-length: %d\r\n\r\n" % len(body)
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/graphql", seen


def test_closed_loop_counts_answers_and_graphql_errors() -> None:
    async def work() -> None:
        server, url, seen = await _serve([b'{"data":{}}', b'{"data":null,"errors":[]}'])
        requests = http_load.encode_requests(url, {"x-test": "1"}, "{ q }", [{"a": "1"}])
        result = await http_load.closed_loop(url, requests, concurrency=2, seconds=0.3)
        server.close()
        assert len(result.latencies) == len(seen) > 10
        assert 0 < result.errors < len(seen)  # every other answer carries errors
        assert b"POST /graphql HTTP/1.1" in seen[0] and b"x-test: 1" in seen[0]
        assert seen[0].endswith(b'{"query": "{ q }", "variables": {"a": "1"}}')

    asyncio.run(work())


def test_open_loop_starts_requests_at_the_rate() -> None:
    async def work() -> None:
        server, url, seen = await _serve([b'{"data":{}}'])
        requests = http_load.encode_requests(url, {}, "{ q }", [{}])
        result = await http_load.open_loop(url, requests, rate=100, seconds=0.5)
        server.close()
        assert len(result.latencies) == len(seen) == 50
        assert result.errors == 0

    asyncio.run(work())


def test_wait_healthy_returns_once_the_server_answers_and_exits_when_it_never_does() -> None:
    class Healthy(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Healthy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        http_load.wait_healthy(f"http://127.0.0.1:{server.server_address[1]}", seconds=5)
    finally:
        server.shutdown()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(SystemExit, match="did not start"):
        http_load.wait_healthy(f"http://127.0.0.1:{port}", seconds=0.5)
