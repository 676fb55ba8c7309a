"""The serious-dishonesty list (Art. 29) and who is marked with it (Art. 31, 36)."""

from __future__ import annotations

from core.errors import Violation
from core.refusals import refuse
from core.submission import ListingIn
from rules.dishonesty import check_basis

#: Art. 29 second paragraph: the three grounds a local list may rest on.
ART29_GROUNDS: dict[int, str] = {
    1: "严重危害人民群众身体健康和生命安全的",
    2: "严重破坏市场公平竞争秩序和社会秩序的",
    3: "有履行能力但拒不履行、逃避执行法定义务，情节严重的",
}

#: Art. 31: the roles whose holders may be found responsible and marked.
RESPONSIBLE_ROLES = (
    "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER_OF",
    "DIRECTOR_OF",
)


def check_listing(listing: ListingIn) -> list[Violation]:
    """Art. 29: a listing rests on one of the three grounds and on a legal document, and is
    decided after the conduct; Art. 31: only the named roles can be found responsible.
    (A batch of listings places each refusal at its item.)"""
    problems: list[Violation] = []
    if listing.ground not in ART29_GROUNDS:
        problems.append(refuse("listing.ground", ground=listing.ground))
    basis = check_basis(listing.basis, listing.conduct_on)
    if basis:
        problems.append(basis)
    if listing.decided_on < listing.conduct_on:
        problems.append(refuse("listing.decided_before_conduct"))
    for person, role in listing.responsible:
        if role not in RESPONSIBLE_ROLES:
            problems.append(refuse("listing.responsible_role", role=role, number=person.number))
    return problems
