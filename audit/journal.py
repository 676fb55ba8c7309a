"""The audit journal: an append-only local file, fsync'd, that is the commit point of
audit entries when the API runs as a single sequencer (``CREDIT_AUDIT_MODE=journal``).

Each line is JSON: the first is a header naming the log it continues (the graph log's
``epoch``) and where it starts; every other line is one placed entry — its index in the
Merkle tree, its leaf hash, the canonical body the hash was taken of, and the fields the
graph indexes. An entry is committed once its line is on disk (``os.fsync``); the graph
copy, which answers queries and proofs, follows within moments and is rebuilt from the
journal after a crash. A torn last line (a crash in the middle of a write) was never
acknowledged and is dropped.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class JournalLine:
    """One committed entry, placed at ``index``."""

    index: int
    leaf: str
    body: str
    at: str
    fields: dict[str, str | None]
    subjects: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "i": self.index,
            "h": self.leaf,
            "b": self.body,
            "at": self.at,
            "f": self.fields,
            "s": self.subjects,
        }


def _sync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encode(lines: list[JournalLine]) -> list[bytes]:
    """The bytes of journal lines, each ending in a newline."""
    return [json.dumps(line.as_json(), ensure_ascii=False).encode() + b"\n" for line in lines]


class JournalCorrupt(Exception):
    """A journal line (other than a torn last one) cannot be read."""


class Journal:
    """The journal file of one log epoch."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        #: A failed write left part of a line that could not be cut off: no more appends.
        self.torn = False

    def read(self) -> tuple[str | None, list[JournalLine]]:
        """The epoch of the header (None without a journal) and the committed lines."""
        if not self.path.exists():
            return None, []
        raw = self.path.read_bytes().split(b"\n")
        epoch: str | None = None
        lines: list[JournalLine] = []
        for number, chunk in enumerate(raw):
            if not chunk:
                continue
            try:
                data = json.loads(chunk)
            except ValueError:
                if number == len(raw) - 1:
                    break  # torn last write: never acknowledged
                raise JournalCorrupt(f"{self.path}: line {number + 1} is not JSON") from None
            if number == 0:
                epoch = str(data["epoch"])
                continue
            lines.append(
                JournalLine(data["i"], data["h"], data["b"], data["at"], data["f"], data["s"])
            )
        return epoch, lines

    def start(self, epoch: str) -> None:
        """Begin a new journal for ``epoch`` (an older file is kept aside, not deleted)."""
        self.close()
        if self.path.exists():
            aside = f"{self.path.name}.{os.getpid()}.{time.time_ns()}.old"
            self.path.rename(self.path.with_name(aside))
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._write([json.dumps({"epoch": epoch}).encode() + b"\n"])
        self.sync()
        _sync_directory(self.path.parent)

    def write(self, lines: list[JournalLine]) -> None:
        """Write the lines without waiting for the disk: they are committed once a
        ``sync()`` after this call has returned."""
        self.write_encoded(encode(lines))

    def write_encoded(self, chunks: list[bytes]) -> None:
        """Write lines already encoded by ``encode`` (one ``write`` call for all)."""
        self._write(chunks)

    def sync(self) -> None:
        """Make everything written so far durable (``fsync``)."""
        if self._fd is not None:
            os.fsync(self._fd)

    def rotate(self, epoch: str) -> None:
        """Replace the journal by an empty one of the same epoch once the graph holds every
        line: the bodies (personal data) do not outlive their replication here."""
        self.rewrite(epoch, [])

    def rewrite(self, epoch: str, lines: list[JournalLine]) -> None:
        """Atomically replace the journal by one holding exactly ``lines``."""
        self.close()
        tmp = self.path.with_name(self.path.name + ".tmp")
        chunks = [json.dumps({"epoch": epoch}).encode() + b"\n"]
        chunks += encode(lines)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            data = memoryview(b"".join(chunks))
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)
        _sync_directory(self.path.parent)  # the rename itself survives a crash

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def _write(self, chunks: list[bytes]) -> None:
        if self.torn:
            raise OSError(f"{self.path} ends in a torn line that could not be removed")
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        start = os.lseek(self._fd, 0, os.SEEK_END)
        data = memoryview(b"".join(chunks))
        try:
            while data:
                data = data[os.write(self._fd, data) :]
        except OSError:
            # A failed write (disk full) may leave part of a line: cut it off, so that the
            # next line does not follow a torn one.
            try:
                os.ftruncate(self._fd, start)
            except OSError:
                self.torn = True
            raise

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
