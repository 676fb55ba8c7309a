"""What a written statement to an authority must contain (Art. 30, 38, 41, 44, 46)."""

from __future__ import annotations

#: The shortest statement of reasons or facts taken as one: a few characters besides
#: spaces (a Chinese sentence as short as "信息有误" says what is wrong).
MIN_STATEMENT_CHARS = 4


def states_something(text: str) -> bool:
    """An objection's reasons, a complaint's account of what happened, a repair
    application's account of the corrected conduct: written out, not left blank or a
    token mark."""
    return len(text.strip()) >= MIN_STATEMENT_CHARS
