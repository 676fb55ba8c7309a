"""The refusal catalogue (rules/refusals.toml) and the rules that name its entries agree.

Every entry is used and well formed, and every call that names an entry passes exactly the
values its message and field templates need — checked on the source, so a missing value
fails here rather than as an internal error in front of a caller.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from core.refusals import catalogue, refuse
from livingdoc.articles import ARTICLE_COUNT

ROOT = Path(__file__).resolve().parent.parent
#: Where refusals are named: the pure rules, and the graph workflows that refuse on what
#: they read.
RULES = (ROOT / "rules", ROOT / "graph")


def _placeholders(template: str | None) -> set[str]:
    if template is None:
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _calls() -> list[tuple[str, str, set[str] | None]]:
    """(file, key, keyword names) of every ``refuse("key", …)`` call in the rules and the
    graph workflows; key names returned as literals (``return "basis.missing"``,
    ``key = "subject.uscc"``) are listed with ``None`` — their values are passed where the
    key is used."""
    found: list[tuple[str, str, set[str] | None]] = []
    for path in sorted(p for folder in RULES for p in folder.glob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                first = node.args[0] if node.args else None
                if (
                    name == "refuse"
                    and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                ):
                    found.append((where, first.value, {k.arg for k in node.keywords if k.arg}))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in catalogue()
            ):
                found.append((where, node.value, None))
    return found


def test_every_entry_is_well_formed() -> None:
    for key, refusal in catalogue().items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]+", refusal.code), key
        assert 1 <= refusal.article <= ARTICLE_COUNT, key
        assert refusal.message.strip(), key


def test_every_named_entry_exists_and_every_entry_is_named() -> None:
    named = {key for _, key, _ in _calls()}
    assert named - set(catalogue()) == set(), "rules name refusals the catalogue lacks"
    assert set(catalogue()) - named == set(), "catalogue entries no rule uses"


@pytest.mark.parametrize(
    ("where", "key", "given"),
    [call for call in _calls() if call[2] is not None],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_call_passes_exactly_what_its_templates_need(
    where: str, key: str, given: set[str]
) -> None:
    refusal = catalogue()[key]
    assert _placeholders(refusal.message) | _placeholders(refusal.field) == given, where


def test_refuse_fills_message_and_field_and_keeps_the_article() -> None:
    v = refuse("record.missing_field", 3, name="amount", item="C-1@2025")
    assert (v.code, v.article, v.item, v.field) == ("MISSING_FIELD", 18, 3, "fields.amount")
    assert v.message == "required field 'amount' of C-1@2025 is missing"
