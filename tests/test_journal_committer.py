"""The committer thread's hand-over rules: lines taken by a failed ``exclusive`` go back,
and a thread paused by a failed write writes nothing until its failure is handled."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from audit.committer import JournalCommitter
from audit.journal import Journal, JournalLine, encode


def _line(i: int) -> bytes:
    return encode([JournalLine(i, "00" * 32, f'{{"n":{i}}}', "2026-01-01T00:00:00Z", {}, [])])[0]


Setup = tuple[Journal, JournalCommitter, list[int], threading.Event]


def _paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    """A committer whose first write failed (a full disk): it reported nothing committed
    and is paused."""
    from tests.test_journal_file import half_then_full

    journal, committer, reports, reported = _committer(tmp_path)
    monkeypatch.setattr("audit.journal.os.write", half_then_full)
    committer.submit(_line(0))
    assert reported.wait(5) and reports == [0]
    monkeypatch.undo()
    assert committer.paused
    return journal, committer, reports, reported


def _committer(tmp_path: Path) -> Setup:
    journal = Journal(tmp_path / "j.jsonl")
    journal.start("epoch-1")
    reports: list[int] = []
    reported = threading.Event()

    def report(upto: int, error: BaseException | None, final: bool) -> None:
        reports.append(upto)
        reported.set()

    return journal, JournalCommitter(journal, report), reports, reported


def _written(journal: Journal) -> list[int]:
    return [line.index for line in Journal(journal.path).read()[1]]


def test_lines_taken_by_a_failed_exclusive_go_back_to_the_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal, committer, _, _ = _paused(tmp_path, monkeypatch)
    committer.submit(_line(1))  # queued: a paused thread does not take it
    with pytest.raises(OSError), committer.exclusive() as pending:
        assert len(pending) == 1
        raise OSError("the rewrite failed")
    with committer.exclusive(resume=True) as pending:  # still there after the failure
        assert len(pending) == 1
        pending.clear()
    committer.stop(5)
    assert _written(journal) == []


def test_a_paused_thread_writes_nothing_until_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal, committer, reports, reported = _paused(tmp_path, monkeypatch)
    with committer.exclusive() as pending:  # e.g. a rewrite: it must not resume
        assert pending == []
    reported.clear()
    committer.submit(_line(1))
    time.sleep(0.3)
    assert not reported.is_set() and _written(journal) == []
    with committer.exclusive(resume=True) as pending:  # the failure handled: line 1 dropped
        assert len(pending) == 1
    committer.submit(_line(0))
    assert reported.wait(5) and reports[-1] == 3
    committer.stop(5)
    assert _written(journal) == [0]
