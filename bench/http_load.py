"""A lean HTTP/1.1 load generator for the read benchmark.

The API and its load generator share this machine's two cores, so every millisecond the
client spends is taken from the servers it measures, and its own queueing shows up in
the latencies. httpx spends about 4 ms of CPU per request here, as much as the API
itself. This client sends requests encoded once, over keep-alive connections, and reads
each answer by its Content-Length: a few tens of microseconds per request.

Two ways to load:
- ``closed_loop``: ``concurrency`` workers, each sending its next request as soon as the
  previous answer is in (throughput at saturation; latency is then mostly queueing);
- ``open_loop``: requests started at a fixed rate whatever the answers do, as users
  arrive (latency at that load: the time one request takes, plus the queueing it meets).
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, field
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen


@dataclass
class LoadResult:
    """Latencies (seconds) of the answered requests and the count of failed ones."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def failed(self, why: str) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = why


def encode_requests(
    url: str, headers: dict[str, str], query: str, variables: list[dict[str, str]]
) -> list[bytes]:
    """One ready-to-send POST per set of variables."""
    parts = urlsplit(url)
    lines = [f"Host: {parts.netloc}", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    encoded = []
    for v in variables:
        body = json.dumps({"query": query, "variables": v}).encode()
        head = "\r\n".join(
            [f"POST {parts.path} HTTP/1.1", *lines, f"Content-Length: {len(body)}", "", ""]
        )
        encoded.append(head.encode() + body)
    return encoded


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, url: str) -> _Connection:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send ``request``; the status and body of the answer."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise ValueError("the answer has no Content-Length")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def _check(result: LoadResult, status: int, body: bytes) -> None:
    if status != 200 or b'"errors"' in body:
        result.failed(f"{status} {body[:200]!r}")


async def closed_loop(
    url: str, requests: list[bytes], concurrency: int, seconds: float, seed: int = 7
) -> LoadResult:
    """``concurrency`` workers, each on its own connection, back to back for ``seconds``."""
    result = LoadResult()
    rng = random.Random(seed)
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        conn = await _Connection.open(url)
        try:
            while time.perf_counter() < stop:
                request = rng.choice(requests)
                start = time.perf_counter()
                status, body = await conn.exchange(request)
                result.latencies.append(time.perf_counter() - start)
                _check(result, status, body)
        finally:
            conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return result


async def open_loop(
    url: str, requests: list[bytes], rate: float, seconds: float, seed: int = 7
) -> LoadResult:
    """Requests started every ``1 / rate`` seconds for ``seconds``, each on an idle
    connection (a new one when all are busy); latency counts from the planned start, so
    a client that falls behind does not hide the delay (no coordinated omission)."""
    result = LoadResult()
    rng = random.Random(seed)
    idle: list[_Connection] = []
    tasks: set[asyncio.Task[None]] = set()

    async def one(planned: float, request: bytes) -> None:
        conn = idle.pop() if idle else await _Connection.open(url)
        status, body = await conn.exchange(request)
        result.latencies.append(time.perf_counter() - planned)
        _check(result, status, body)
        idle.append(conn)

    begin = time.perf_counter()
    count = int(rate * seconds)
    for i in range(count):
        planned = begin + i / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(one(planned, rng.choice(requests)))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)
    for conn in idle:
        conn.close()
    return result


def wait_healthy(base: str, seconds: float = 30) -> None:
    """Wait until the server at ``base`` answers ``/healthz`` with 200; exit if it does not
    within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(base + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (URLError, OSError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server at {base} did not start")
