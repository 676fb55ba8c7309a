"""``GET /spec``: the latest executable-regulation report, read-only.

The report is the page the living documentation writes at the end of a full feature
run (:mod:`livingdoc.report`, ``reports/spec/index.html`` or ``$CREDIT_SPEC_DIR``). It
is read on every request, so a new run shows without a restart; the writer replaces
the file in one step, so a request never sees half of it. Until a report exists the
answer is 404 with a message that says how to build one.
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from livingdoc import report

#: The page is self-contained: inline CSS, no scripts, nothing fetched from elsewhere.
HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
}
NOT_BUILT = (
    "no specification report has been built yet: run the feature suite "
    "(make spec, or pytest tests/features), or rebuild it with python -m livingdoc build"
)


def _read(index: Path) -> str | None:
    try:
        return index.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def spec_route(directory: Path | None = None) -> Route:
    """The ``/spec`` route (GET and HEAD only); ``directory`` defaults to the report
    directory of :func:`livingdoc.report.default_dir`, looked up per request."""

    async def spec(_: Request) -> Response:
        index = (directory or report.default_dir()) / report.INDEX
        page = await run_in_threadpool(_read, index)
        if page is None:
            return JSONResponse(
                {"errors": [{"message": NOT_BUILT, "extensions": {"code": "SPEC_NOT_BUILT"}}]},
                status_code=404,
            )
        return HTMLResponse(page, headers=HEADERS)

    return Route("/spec", spec, methods=["GET"])
