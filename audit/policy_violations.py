"""What a proposed policy may never allow, whatever changed: each check a small pure
function naming its article. A replayed change that breaks one is a *violation*, not
merely a change; the whole decision space of the proposed policy is checked as well, so
that a violation is found even when no recorded access would meet it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.identity import ROLES
from api.policy import CHANNELS, OPERATION_CHANNELS, PolicyEngine, PolicyLine
from rules.purposes import PURPOSES

#: Art. 20 ¶3: amounts that go only to the person and to parties it authorized.
PERSON_ONLY_FIELDS = ("field:REAL_ESTATE", "field:TAX_AMOUNT")
PERSON_ONLY_CHANNELS = ("SELF", "AUTHORIZED")
#: Art. 23: on public disclosure these are desensitized, never shown as they are.
DESENSITIZED_FIELDS = ("field:NAME", "field:ID_NUMBER")
#: Art. 24: sharing and query by authority are for public bodies, within their duties.
PUBLIC_BODIES = (
    "OPERATOR",
    "COORDINATOR",
    "SECTOR_AUTHORITY",
    "PUBLIC_PROVIDER",
    "GOVERNMENT_USER",
    "AUDITOR",
)
SECTOR_CHANNELS = ("GOV_SHARING", "BY_AUTHORITY")
#: The resources the checks look at (the decision space enumerated for a policy).
CHECKED_RESOURCES = (
    *PERSON_ONLY_FIELDS,
    *DESENSITIZED_FIELDS,
    "record:MARKET",
    "record:DISHONEST",
    "listing",
)


@dataclass(frozen=True)
class PolicyViolation:
    """A decision or a line the regulation forbids."""

    article: int
    check: str
    message: str

    def __str__(self) -> str:
        return f"Art. {self.article} [{self.check}] {self.message}"


def person_only_amounts(channel: str, resource: str, allowed: bool) -> bool:
    """Art. 20 ¶3: real-estate and tax amounts collected by public bodies go only to the
    person and to those it authorized: allowed on any other channel is a violation."""
    return allowed and resource in PERSON_ONLY_FIELDS and channel not in PERSON_ONLY_CHANNELS


def names_not_desensitized(channel: str, resource: str, allowed: bool) -> bool:
    """Art. 23: personal information is desensitized before public disclosure; a PUBLIC
    line allowing names or ID numbers would disclose them as they are."""
    return allowed and channel == "PUBLIC" and resource in DESENSITIZED_FIELDS


def market_beyond_agreement(channel: str, resource: str, allowed: bool) -> bool:
    """Art. 22 ¶2: market credit information is disclosed by the subject itself or by
    agreement, never publicly, by sharing or by authority."""
    return allowed and resource == "record:MARKET" and channel not in PERSON_ONLY_CHANNELS


def sharing_beyond_public_bodies(role: str, channel: str, resource: str, allowed: bool) -> bool:
    """Art. 24: information obtained by government sharing or query by authority is for
    public bodies within their duties: any other role reaching records or listings over
    those channels is a violation (a field line alone discloses nothing without them)."""
    return (
        allowed
        and channel in SECTOR_CHANNELS
        and role not in PUBLIC_BODIES
        and (resource.startswith("record:") or resource == "listing")
    )


def line_without_article(line: PolicyLine) -> bool:
    """Policies are data, each line commented with its article: a line whose article
    column names no article of the regulation (1-58), or with no comment, is refused."""
    return line.article is None or not line.comment


def line_off_channel(line: PolicyLine) -> bool:
    """Art. 22: a line on a channel that is neither one of the five disclosure channels
    nor an operation channel can never be a lawful disclosure."""
    return len(line.fields) < 2 or line.fields[1] not in (*CHANNELS, *OPERATION_CHANNELS)


def decision_violations(
    channel: str, resource: str, allowed: bool, role: str = ""
) -> list[PolicyViolation]:
    """The violations one decision would be."""
    found: list[PolicyViolation] = []
    if person_only_amounts(channel, resource, allowed):
        found.append(
            PolicyViolation(20, "person-only-amounts", f"{resource} reachable over {channel}")
        )
    if names_not_desensitized(channel, resource, allowed):
        found.append(
            PolicyViolation(23, "not-desensitized", f"{resource} disclosed as is over PUBLIC")
        )
    if market_beyond_agreement(channel, resource, allowed):
        found.append(PolicyViolation(22, "market-disclosure", f"market records over {channel}"))
    if role and sharing_beyond_public_bodies(role, channel, resource, allowed):
        found.append(
            PolicyViolation(24, "sharing-beyond-duties", f"reaches {resource} over {channel}")
        )
    return found


def _purposes(engine: PolicyEngine, channel: str) -> list[str]:
    """The purposes worth deciding on a channel: those its lines name, and one they do not
    (a ``*`` line answers every other purpose alike, so one stands for all of them)."""
    if channel == "PUBLIC":
        return ["NONE"]
    named = {
        line.fields[2]
        for line in engine.lines
        if len(line.fields) > 2 and line.fields[1] == channel
    }
    named.discard("*")
    candidates = [p for p in PURPOSES if p != "NONE"]
    return sorted(named & set(candidates)) + [p for p in candidates if p not in named][:1]


def line_violations(lines: list[PolicyLine], policy_name: str) -> list[PolicyViolation]:
    """The lines of a policy that lack an article comment or a lawful channel."""
    found: list[PolicyViolation] = []
    for line in lines:
        where = f"{policy_name}:{line.number} p, {', '.join(line.fields)}"
        if line_without_article(line):
            found.append(
                PolicyViolation(22, "line-without-article", f"{where}: no article comment")
            )
        if line_off_channel(line):
            found.append(PolicyViolation(22, "unknown-channel", f"{where}: not a channel"))
    return found


def policy_violations(engine: PolicyEngine) -> list[PolicyViolation]:
    """Every violation of a policy: its lines, and its decisions over every role, channel,
    purpose and checked resource — one entry per breach and deciding line, naming the
    roles it opens to."""
    found = line_violations(engine.lines, engine.policy.name)
    breaches: dict[tuple[int, str, str, str], list[str]] = {}
    for role in ROLES:
        for channel in CHANNELS:
            for resource in CHECKED_RESOURCES:
                for purpose in _purposes(engine, channel):
                    decision = engine.decide(role, channel, purpose, resource)
                    for v in decision_violations(channel, resource, decision.allowed, role):
                        roles = breaches.setdefault(
                            (v.article, v.check, v.message, decision.rule), []
                        )
                        if role not in roles:
                            roles.append(role)
    for (article, check, message, rule), roles in breaches.items():
        who = "any role" if len(roles) == len(ROLES) else ", ".join(roles)
        found.append(PolicyViolation(article, check, f"{message} for {who} ({rule})"))
    return found
