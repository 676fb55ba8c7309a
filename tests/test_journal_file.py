"""The journal file itself: a failed write leaves no torn line in front of the next one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.journal import Journal, JournalLine


def _line(i: int) -> JournalLine:
    return JournalLine(i, "00" * 32, f'{{"n":{i}}}', "2026-01-01T00:00:00Z", {}, [])


_REAL_WRITE = os.write


def half_then_full(fd: int, data: bytes | memoryview) -> int:
    """A write that puts half its bytes on disk, then finds the disk full."""
    _REAL_WRITE(fd, bytes(data[: len(data) // 2]))
    raise OSError(28, "No space left on device")


def test_a_write_cut_short_by_a_full_disk_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    journal.start("epoch-1")
    journal.write([_line(0)])
    monkeypatch.setattr("audit.journal.os.write", half_then_full)
    with pytest.raises(OSError):
        journal.write([_line(1)])
    monkeypatch.undo()
    journal.write([_line(1)])
    assert not journal.torn
    epoch, lines = Journal(tmp_path / "j.jsonl").read()
    assert epoch == "epoch-1" and [x.index for x in lines] == [0, 1]


def test_a_torn_line_that_cannot_be_removed_stops_appends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    journal.start("epoch-1")

    def no_truncate(fd: int, length: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("audit.journal.os.write", half_then_full)
    monkeypatch.setattr("audit.journal.os.ftruncate", no_truncate)
    with pytest.raises(OSError):
        journal.write([_line(0)])
    monkeypatch.undo()
    assert journal.torn
    with pytest.raises(OSError, match="torn"):
        journal.write([_line(1)])
