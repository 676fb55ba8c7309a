"""What-if replay: the accesses recorded in the audit log, re-decided under a proposed
model/policy pair, and the difference from the decisions of the policy in force.

Decisions are pure functions of (role, channel, purpose, resource), so a recorded access
is re-decided exactly: for each resource type the request was decided on, the policy in
force and the proposed one answer, and every answer that differs is a *change* (a gain
or a loss of access). Changes are grouped by persona role, channel, purpose and resource,
with the number of accesses each affects, the line that now decides and the article it
cites. Entries written in the sandbox or development name their resources; for other
entries the resources are those a read on that channel is decided on, plus the
operations named by the policy lines the entry recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from api.access import FIELD_CATEGORIES, RECORD_KINDS
from api.policy import CHANNELS, Decision, PolicyEngine, PolicyLine
from audit.journal import Journal
from audit.policy_violations import PolicyViolation, decision_violations, policy_violations

#: The resource types a read of credit information is decided on (api/access.py).
READ_RESOURCES = (
    *(f"record:{k}" for k in RECORD_KINDS),
    "record:MARKET",
    "listing",
    *(f"field:{c}" for c in FIELD_CATEGORIES),
)
#: Pseudo-resources of checks on the token and declaration, not on the policy.
TOKEN_CHECKS = ("", "purpose", "sector", "subject", "authorization")


@dataclass(frozen=True)
class RecordedAccess:
    """One access of the audit log, as the replay needs it."""

    request_id: str
    at: str
    role: str
    channel: str
    purpose: str
    resources: tuple[str, ...]


@dataclass
class Change:
    """One gained or lost access to a resource, for one role, channel and purpose."""

    role: str
    channel: str
    purpose: str
    resource: str
    gained: bool
    before: Decision
    after: Decision
    accesses: int = 0
    examples: list[str] = field(default_factory=list)
    #: Articles of the regulation the new decision would break (audit/policy_violations).
    violations: list[PolicyViolation] = field(default_factory=list)


@dataclass
class ReplayReport:
    """The replay of ``accesses`` recorded accesses under a proposed policy."""

    baseline: str
    proposed: str
    accesses: int
    decisions: int
    changes: list[Change]
    #: Policy lines added or removed, with their article and comment.
    added: list[PolicyLine] = field(default_factory=list)
    removed: list[PolicyLine] = field(default_factory=list)
    #: Added lines that decided none of the replayed accesses: nothing recorded exercises
    #: them yet, so their effect is unseen (every policy line needs a test).
    unexercised: list[PolicyLine] = field(default_factory=list)
    #: Violations of the proposed policy over the whole decision space (not only replayed).
    violations: list[PolicyViolation] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed_accesses(self) -> int:
        return sum(c.accesses for c in self.changes)


def _operation_resources(engine: PolicyEngine, recorded: Iterable[str]) -> list[str]:
    """The concrete ``op:`` resources named by the policy lines an entry recorded."""
    by_number = {line.number: line for line in engine.lines}
    found: list[str] = []
    for line_id in recorded:
        name, _, number = line_id.rpartition(":")
        line = by_number.get(int(number)) if number.isdigit() else None
        if name == engine.policy.name and line is not None and len(line.fields) > 3:
            resource = line.fields[3]
            if resource.startswith("op:") and "*" not in resource:
                found.append(resource)
    return found


def access_of(body: dict[str, object], engine: PolicyEngine, at: str = "") -> RecordedAccess | None:
    """The access an audit entry records, or None for an entry that is not one."""
    role, channel, purpose = body.get("role"), body.get("channel"), body.get("purpose")
    if not (isinstance(role, str) and isinstance(channel, str) and isinstance(purpose, str)):
        return None
    trace = body.get("trace")
    if isinstance(trace, list):
        named = (str(d.get("resource", "")) for d in trace if isinstance(d, dict))
        decided = tuple(dict.fromkeys(r for r in named if r not in TOKEN_CHECKS))
    else:
        recorded = body.get("decisions")
        lines = [str(x) for x in recorded] if isinstance(recorded, list) else []
        reads = READ_RESOURCES if channel in CHANNELS else ()
        decided = (*reads, *_operation_resources(engine, lines))
    if not decided:
        return None
    return RecordedAccess(str(body.get("requestId", "")), at, role, channel, purpose, decided)


def accesses_of(
    entries: Iterable[tuple[str, dict[str, object]]], engine: PolicyEngine
) -> Iterator[RecordedAccess]:
    """The accesses among ``(at, body)`` audit entries (redacted ones have no body)."""
    for at, body in entries:
        access = access_of(body, engine, at)
        if access is not None:
            yield access


def journal_entries(
    path: Path, since: datetime | None = None, until: datetime | None = None
) -> Iterator[tuple[str, dict[str, object]]]:
    """The ``(at, body)`` entries of a journal file committed in ``[since, until)``."""
    _, lines = Journal(path).read()
    for line in lines:
        if since is not None or until is not None:
            at = datetime.fromisoformat(line.at)
            if (since is not None and at < since) or (until is not None and at >= until):
                continue
        yield line.at, json.loads(line.body)


def replay(
    accesses: Iterable[RecordedAccess],
    baseline: PolicyEngine,
    proposed: PolicyEngine,
    max_examples: int = 3,
) -> ReplayReport:
    """Re-decide every access under both policies and group what changed."""
    changes: dict[tuple[str, str, str, str], Change] = {}
    used: set[str] = set()
    count = decisions = 0
    for access in accesses:
        count += 1
        for resource in access.resources:
            decisions += 1
            before = baseline.decide(access.role, access.channel, access.purpose, resource)
            after = proposed.decide(access.role, access.channel, access.purpose, resource)
            used.add(after.line)
            if before.allowed == after.allowed:
                continue
            key = (access.role, access.channel, access.purpose, resource)
            change = changes.get(key)
            if change is None:
                change = changes[key] = Change(
                    *key, gained=after.allowed, before=before, after=after
                )
                change.violations = decision_violations(
                    access.channel, resource, after.allowed, access.role
                )
            change.accesses += 1
            if len(change.examples) < max_examples:
                change.examples.append(access.request_id)
    base_lines = {line.fields: line for line in baseline.lines}
    new_lines = {line.fields: line for line in proposed.lines}
    added = [line for key, line in new_lines.items() if key not in base_lines]
    return ReplayReport(
        baseline=baseline.digest,
        proposed=proposed.digest,
        accesses=count,
        decisions=decisions,
        changes=sorted(changes.values(), key=lambda c: (-c.accesses, c.role, c.resource)),
        added=added,
        removed=[line for key, line in base_lines.items() if key not in new_lines],
        unexercised=[x for x in added if f"{proposed.policy.name}:{x.number}" not in used],
        violations=policy_violations(proposed),
    )


def engine_for(directory: Path) -> PolicyEngine:
    """The policy engine of a proposed policy folder (``*_model.conf`` + ``*_policy.csv``)."""
    from core.errors import ConfigurationError

    models = sorted(directory.glob("*_model.conf"))
    policies = sorted(directory.glob("*_policy.csv"))
    if len(models) != 1 or len(policies) != 1:
        raise ConfigurationError(
            f"{directory} must hold one *_model.conf and one *_policy.csv "
            f"(found {len(models)} and {len(policies)})"
        )
    try:
        return PolicyEngine(models[0], policies[0])
    except Exception as exc:  # pycasbin raises plain exceptions on a malformed model
        raise ConfigurationError(
            f"the proposed policy in {directory} does not load: {exc}"
        ) from exc
