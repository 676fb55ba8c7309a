"""A small, curated credit graph for API tests: who has what, so assertions are exact."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from core.submission import Batch, ConsentIn, RecordIn, RoleIn, SubjectRef
from graph.connection import Graph
from graph.consents import record_consents
from graph.ingest import submit
from seed.catalog import Reference
from tests import builders

TODAY = date.today()


@dataclass
class City:
    """The subjects and records of the API test graph."""

    person: SubjectRef
    other: SubjectRef
    org: SubjectRef
    penalty: RecordIn
    old_penalty: RecordIn
    tax: RecordIn
    income: RecordIn
    basic: RecordIn

    @property
    def person_key(self) -> str:
        return f"RIC:{self.person.number}"


def build(graph: Graph, ref: Reference) -> City:
    """Load the curated graph through the validated ingest."""
    graph.run(
        "MATCH (n) WHERE n:Subject OR n:Record OR n:BasisDocument OR n:Consent "
        "OR n:Authorization OR n:ProviderAuthorization OR n:Listing OR n:Mark "
        "OR n:Responsibility OR n:Commitment OR n:ListingStep OR n:RepairApplication "
        "OR n:WithdrawalNotice OR n:Complaint OR n:Evaluation OR n:Webhook DETACH DELETE n"
    )
    person = builders.person(date(1984, 3, 9), "王测试")
    other = builders.person(date(1990, 7, 1), "李对照")
    org = builders.organization("样本测试科技有限公司（模拟）")
    recent = TODAY - timedelta(days=60)
    penalty = builders.record(ref, "N-DIS-ADMIN-PENALTY", person, on=recent)
    # Occurred and decided long ago: its 36-month publicity period is over (Art. 23, 47).
    old_penalty = builders.record(ref, "N-DIS-ADMIN-PENALTY", person, on=date(2022, 3, 1))
    tax = builders.record(ref, "L-OTHER-TAX-PAID", person, on=recent)
    income = builders.record(ref, "M-INCOME", person, on=recent)
    basic = builders.record(ref, "N-BASIC-ORG", org, on=recent)
    other_penalty = builders.record(ref, "N-DIS-ADMIN-PENALTY", other, on=recent)
    when = TODAY
    for provider, records in (
        ("P-MARKET", [penalty, old_penalty, basic, other_penalty]),
        ("P-TAX", [tax]),
    ):
        report = submit(graph, Batch(provider, records), today=when)
        assert report.written, report.violations
    record_consents(
        graph,
        [
            ConsentIn(
                "c-income",
                person,
                "M-CSA-1",
                frozenset({"INCOME"}),
                recent - timedelta(days=1),
                recent + timedelta(days=700),
                "书面同意书 T-1",
            )
        ],
    )
    report = submit(graph, Batch("M-CSA-1", [income]), today=when)
    assert report.written, report.violations
    roles = [RoleIn("role-1", person, org, "LEGAL_REPRESENTATIVE_OF", date(2020, 1, 1))]
    assert submit(graph, Batch("P-MARKET", roles=roles), today=when).written
    return City(person, other, org, penalty, old_penalty, tax, income, basic)


def with_subject(record: RecordIn, subject: SubjectRef) -> RecordIn:
    return dataclasses.replace(record, subject=subject)
