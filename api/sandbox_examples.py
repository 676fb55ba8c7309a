"""Example requests of the sandbox page, per article: a persona, a declaration, a query.

Each one runs as is against the sandbox city; its answer and decision trace show what
the article means in practice (what a channel sees, what is hidden and why).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_RECORDS = """query Records($kinds: [String!]) {
  records(kinds: $kinds, first: 5) {
    totalCount
    edges { node { subject { name number } record { kind catalogName status
      fields { name label value } } } }
  }
}"""


@dataclass(frozen=True)
class Example:
    """One example request of the sandbox page."""

    article: int
    title: str
    persona: str  # "public" means no token (the anonymous public)
    channel: str
    purpose: str
    query: str
    variables: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "persona": self.persona,
            "channel": self.channel,
            "purpose": self.purpose,
            "query": self.query,
            "variables": self.variables,
        }


EXAMPLES: tuple[Example, ...] = (
    Example(
        23,
        "依法公开：姓名与证件号码脱敏",
        "public",
        "PUBLIC",
        "",
        _RECORDS,
        {"kinds": ["DISHONEST"]},
    ),
    Example(
        24,
        "政务共享：只见与本行业共享的目录项",
        "housing-user",
        "GOV_SHARING",
        "ADMINISTRATIVE_LICENSING",
        _RECORDS,
        {"kinds": ["DISHONEST", "BASIC"]},
    ),
    Example(
        20,
        "依职权查询：不动产与纳税金额不予提供",
        "tax-authority",
        "BY_AUTHORITY",
        "SUPERVISION",
        _RECORDS,
        {"kinds": ["BASIC", "OTHER"]},
    ),
    Example(
        40,
        "实名认证查询：本人信用档案",
        "subject",
        "SELF",
        "SELF_CHECK",
        "{ myCreditFile(first: 5) { subject { name number } records { totalCount edges { node {"
        " kind status catalogName fields { name value } } } } } }",
        {},
    ),
    Example(
        29,
        "严重失信主体名单",
        "public",
        "PUBLIC",
        "",
        "{ seriousDishonestyList(first: 5) { totalCount edges { node { subject { name } listing {"
        " sector ground stage } } } } }",
        {},
    ),
    Example(
        22,
        "渠道之外：信用服务机构不得政务共享",
        "credit-agency",
        "GOV_SHARING",
        "CREDIT_SERVICE",
        _RECORDS,
        {},
    ),
)
