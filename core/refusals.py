"""The refusal catalogue: every way a rule of the regulation can refuse an input.

Each refusal is declared once, as data, in ``rules/refusals.toml``: its stable code, the
article it rests on, the offending field and the message a person can act on. A rule
function decides *whether* to refuse and names the refusal by its key; the catalogue
supplies the rest. So the wording is reviewed in one place (the living documentation
lists it article by article), and a rule cannot drift from the article it cites.

Messages and fields are ``str.format`` templates filled with the parameters the rule
passes (``{name!r}``, ``{days}``, …).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.errors import Violation

CATALOGUE = Path(__file__).resolve().parent.parent / "rules" / "refusals.toml"


@dataclass(frozen=True)
class Refusal:
    """One declared refusal: what the caller is told, and under which article."""

    key: str
    code: str
    article: int
    field: str | None
    message: str


@cache
def catalogue() -> Mapping[str, Refusal]:
    """Every declared refusal by key (``area.name``), read once from the catalogue file."""
    with CATALOGUE.open("rb") as f:
        data = tomllib.load(f)
    return {
        f"{area}.{name}": Refusal(
            f"{area}.{name}",
            entry["code"],
            int(entry["article"]),
            entry.get("field"),
            entry["message"],
        )
        for area, entries in data.items()
        for name, entry in entries.items()
    }


def refuse(key: str, item: int | None = None, /, **params: object) -> Violation:
    """The violation the catalogue declares under ``key``, its message and field filled
    with ``params``; ``item`` is the position of the refused element in its batch."""
    refusal = catalogue()[key]
    # A message quotes what was sent: a long value is cut, so the refusal stays small.
    params = {k: _quoted(v) for k, v in params.items()}
    field = refusal.field.format(**params) if refusal.field is not None else None
    return Violation(refusal.code, refusal.message.format(**params), refusal.article, item, field)


#: Characters of a submitted value a refusal message quotes.
MAX_QUOTED = 200


def _quoted(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return f"{value[:MAX_QUOTED]}… ({len(value)} characters)"
    return value
