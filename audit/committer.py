"""Group commit of journal lines by a thread of its own.

The event loop that serves requests hands each encoded line to ``submit`` and goes on;
this thread writes every line handed over since its last round with one ``write`` and
makes them durable with one ``fsync``, then reports how many lines are now committed.
Requests are acknowledged on that report, so an entry is never acknowledged before its
line is on disk, and the loop spends no time in ``write`` or ``fsync`` nor in handing
work to an executor. Under load, py-spy put the executor hand-off and the inline write at
about 40 % of the audit path's share of the loop; appending alone costs about 20 % less
CPU per entry this way. Committing on the loop itself (no thread at all) was measured too
and was slower at saturation: the loop then waits for the disk.

Lines are numbered by submission, from 1: ``submit`` returns the line's number and the
report says "every line up to N is committed". ``exclusive`` lets the owner rewrite or
replace the file: it waits for a round in progress to end and takes the lines not
written yet, which the owner then writes itself (or gives up).

A failed fsync ends the thread: whether the lines reached the disk is unknown, so nothing
more is committed. A failed write (a full disk) has had its partial line cut off by the
journal, so the file is whole: the thread reports it and pauses, and the owner, having
given up the lines of that round and every line after them, resumes it with
``exclusive(resume=True)``. A write whose partial line could not be cut off is final like an fsync.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from audit.journal import Journal

#: Called in the committer thread after each round: the number of lines committed, the
#: error of a failed round (or None), and whether that error ends the committing.
Report = Callable[[int, BaseException | None, bool], None]


class JournalCommitter:
    """Writes and fsyncs lines submitted to ``journal``, many per round."""

    def __init__(self, journal: Journal, report: Report) -> None:
        self.journal = journal
        self._report = report
        self._ready = threading.Condition()  # guards _pending, submitted, _stopping
        self._pending: list[bytes] = []
        #: Lines submitted so far (the number of the last one).
        self.submitted = 0
        self._stopping = False
        self._paused = False  # after a failed write, until ``exclusive``
        #: Held while the file is written or synced (by the thread, or by ``exclusive``).
        self._io = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="audit-journal", daemon=True)
        self._thread.start()

    def submit(self, line: bytes) -> int:
        """Queue ``line`` for the next round; its number, for the report."""
        with self._ready:
            self._pending.append(line)
            self.submitted += 1
            self._ready.notify()
            return self.submitted

    @contextmanager
    def exclusive(self, resume: bool = False) -> Iterator[list[bytes]]:
        """Hold the file: no round runs meanwhile. Yields the lines submitted but not
        written, which are taken out of the queue (the caller writes them or drops them);
        if the caller fails, they go back to the front of the queue. A thread paused by a
        failed write stays paused unless ``resume``: only the owner's handling of that
        failure may let it go on, or lines placed after the failed ones would be written."""
        with self._io:
            with self._ready:
                pending, self._pending = self._pending, []
            try:
                yield pending
            except BaseException:
                with self._ready:
                    self._pending[:0] = pending
                raise
            if resume:
                with self._ready:
                    self._paused = False
                    self._ready.notify()

    @property
    def paused(self) -> bool:
        """A write failed and its report has not been handled yet."""
        with self._ready:
            return self._paused

    def stop(self, timeout: float | None = None) -> None:
        """End the thread once the lines already submitted are committed."""
        with self._ready:
            self._stopping = True
            self._ready.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._ready:
                while (self._paused or not self._pending) and not self._stopping:
                    self._ready.wait()
                if self._paused or not self._pending:
                    return  # stopping
            # The file lock first, then the queue: ``exclusive`` takes them in the same
            # order, so lines it took out are never written by this round too.
            with self._io:
                with self._ready:
                    if self._paused:
                        continue
                    chunks, self._pending = self._pending, []
                    upto = self.submitted
                if not chunks:
                    continue
                before = upto - len(chunks)
                try:
                    self.journal.write_encoded(chunks)
                except OSError as exc:  # cut off unless torn: the file is whole
                    with self._ready:
                        self._paused = True
                    self._report(before, exc, self.journal.torn)
                    continue
                except BaseException as exc:
                    self._report(before, exc, True)
                    return
                try:
                    self.journal.sync()
                except BaseException as exc:  # the disk state is unknown: commit nothing more
                    self._report(before, exc, True)
                    return
            self._report(upto, None, False)
