"""Every policy line is exercised: a request shaped like the line is decided by that line."""

from __future__ import annotations

import pytest

from api.policy import POLICY_DIR, PolicyEngine

ENGINE = PolicyEngine()
WILDCARDS = {
    "role": "GOVERNMENT_USER",
    "purpose": "ADMINISTRATIVE_LICENSING",
    "record:*": "record:DISHONEST",
    "field:*": "field:NAME",
}


def _lines() -> list[tuple[int, list[str]]]:
    text = (POLICY_DIR / "credit_policy.csv").read_text(encoding="utf-8").splitlines()
    return [
        (n, [p.strip() for p in line.split(",")[1:]])
        for n, line in enumerate(text, 1)
        if line.startswith("p,")
    ]


def _request(rule: list[str]) -> tuple[str, str, str, str]:
    role, chan, purpose, resource = rule[:4]
    role = WILDCARDS["role"] if role == "*" else role
    purpose = WILDCARDS["purpose"] if purpose == "*" else purpose
    return role, chan, purpose, WILDCARDS.get(resource, resource)


@pytest.mark.parametrize(("number", "rule"), _lines(), ids=lambda x: str(x))
def test_line_decides(number: int, rule: list[str]) -> None:
    decision = ENGINE.decide(*_request(rule))
    assert f"credit_policy.csv:{number} " in decision.rule, (number, decision)
    assert decision.allowed == (rule[4] == "allow")
    assert decision.article == int(rule[5])


def test_every_line_names_an_article() -> None:
    assert all(1 <= int(rule[5]) <= 58 for _, rule in _lines())


def test_default_deny_names_article_22() -> None:
    decision = ENGINE.decide("PUBLIC", "GOV_SHARING", "SUPERVISION", "record:DISHONEST")
    assert not decision.allowed and decision.article == 22 and "default deny" in decision.rule
