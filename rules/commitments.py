"""Credit commitments (Art. 32) and what a broken one becomes (Art. 15 item 2)."""

from __future__ import annotations

from datetime import date

from core.errors import Violation
from core.refusals import refuse
from core.submission import BasisDocumentIn, RecordIn, SubjectRef

#: Outcomes an authority may decide for a pending commitment.
OUTCOMES = ("KEPT", "BROKEN", "FALSE")
#: Art. 15 item 2: false or broken commitments are local dishonesty information.
DISHONEST_OUTCOMES = {"BROKEN": "不履行承诺", "FALSE": "虚假承诺"}
COMMITMENT_ITEM = "L-DIS-COMMITMENT"


def check_decision(
    status: str, outcome: str, item_sector: str, sector: str | None
) -> Violation | None:
    """Art. 32: the sector authority that manages the commitment item decides, once,
    whether a pending commitment was kept, broken or false."""
    if outcome not in OUTCOMES:
        return refuse("commitment.outcome", outcomes=", ".join(OUTCOMES))
    if sector != item_sector:
        return refuse("commitment.authority", sector=item_sector)
    if status != "PENDING":
        return refuse("commitment.decided", status=status)
    return None


def qualifies_for_deficiencies(item_allows: bool, active_dishonesty: int) -> bool:
    """Art. 32 second paragraph: a subject with no dishonesty record that commits may get
    accept-with-deficiencies (容缺受理), where the commitment item provides for it."""
    return item_allows and active_dishonesty == 0


def dishonesty_record(
    commitment_id: str,
    subject: SubjectRef,
    item_code: str,
    matter: str,
    outcome: str,
    committed_on: date,
    found_on: date,
    authority: str,
    document: str,
) -> RecordIn:
    """Art. 15 item 2: the local dishonesty record a false or broken commitment becomes,
    resting on the authority's finding (Art. 16 third kind of document)."""
    return RecordIn(
        source_id=f"COMMITMENT/{commitment_id}",
        catalog_code=COMMITMENT_ITEM,
        subject=subject,
        occurred_at=found_on,
        fields={
            "commitmentCode": item_code,
            "commitmentMatter": matter,
            "breach": DISHONEST_OUTCOMES[outcome],
            "committedOn": committed_on,
            "foundOn": found_on,
        },
        basis=BasisDocumentIn(
            "OTHER_LEGAL", document, authority, found_on, "《社会信用条例》第三十二条；信用承诺书"
        ),
    )
