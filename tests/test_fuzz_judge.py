"""What ``make fuzz`` counts as a failure (tools/fuzz.py ``problems``)."""

from __future__ import annotations

from typing import Any

import pytest

from tools.fuzz import problems


def _error(message: str, code: str | None = "BAD_ARGUMENT") -> dict[str, Any]:
    extensions = {"code": code} if code else {}
    return {"errors": [{"message": message, "extensions": extensions}]}


@pytest.mark.parametrize(
    ("status", "body"),
    [
        pytest.param(502, {"data": None}, id="5xx"),
        pytest.param(200, "<html>oops</html>", id="not-json"),
        pytest.param(200, _error("something", code=None), id="no-code"),
        pytest.param(200, _error("Unexpected error.", "INTERNAL_ERROR"), id="escaped"),
        pytest.param(200, _error('Traceback (most recent call last): File "x.py"'), id="trace"),
        pytest.param(200, _error("Neo.ClientError.Statement.SyntaxError: bad"), id="neo4j"),
        pytest.param(200, _error("KeyError('key')"), id="python-repr"),
    ],
)
def test_failures(status: int, body: Any) -> None:
    assert problems(status, body)


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"catalog": {"totalCount": 3}}},
        _error("argument id contains U+0005 at position 0", "INVALID_TEXT"),
        _error("PUBLIC may not use op:x over the PUBLIC channel", "ACCESS_DENIED"),
    ],
)
def test_clean_answers(body: Any) -> None:
    assert problems(200, body) == []
