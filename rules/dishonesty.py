"""Determining dishonesty (Art. 16): on a legal document, with tolerance where due."""

from __future__ import annotations

from datetime import date

from core.errors import Violation
from core.refusals import refuse
from core.submission import BASIS_DOCUMENT_TYPES, BasisDocumentIn, RecordIn
from rules.subjects import is_minor_16_to_18

#: Reasons a dishonesty record is held for review instead of recorded as active.
HOLD_MINOR = "MINOR_16_18"
HOLD_FORCE_MAJEURE = "FORCE_MAJEURE"
HOLD_MINOR_HARM = "MINOR_HARM_CORRECTED"


def basis_problem(basis: BasisDocumentIn | None, occurred_at: date) -> str | None:
    """Art. 16 second paragraph: dishonesty is determined on an effective judgment or
    arbitral award, an administrative penalty, enforcement or adjudication decision, or
    another document that law or national rules allow. Returns the key of the refusal
    (``basis.*`` in the refusal catalogue), or None."""
    if basis is None:
        return "basis.missing"
    if basis.type not in BASIS_DOCUMENT_TYPES:
        return "basis.type"
    if not basis.number.strip() or not basis.issuer.strip():
        return "basis.number_and_issuer"
    if basis.type == "OTHER_LEGAL" and not (basis.legal_basis or "").strip():
        return "basis.legal_basis"
    if basis.issued_on < occurred_at:
        return "basis.before_conduct"
    return None


def check_basis(
    basis: BasisDocumentIn | None, occurred_at: date, index: int | None = None
) -> Violation | None:
    """Art. 16: the refusal of a dishonesty record or listing whose document does not do."""
    key = basis_problem(basis, occurred_at)
    if key is None:
        return None
    return refuse(key, index, types=", ".join(BASIS_DOCUMENT_TYPES))


def hold_reasons(record: RecordIn) -> list[str]:
    """Art. 16 third paragraph: conduct by minors aged 16-18, conduct caused by force
    majeure, and minor harm promptly corrected are determined with tolerance: the record
    is held for review, not recorded as active."""
    reasons: list[str] = []
    if is_minor_16_to_18(record.subject, record.occurred_at):
        reasons.append(HOLD_MINOR)
    if "FORCE_MAJEURE" in record.circumstances:
        reasons.append(HOLD_FORCE_MAJEURE)
    if "MINOR_HARM_CORRECTED" in record.circumstances:
        reasons.append(HOLD_MINOR_HARM)
    return reasons
