"""The public credit comprehensive evaluation (Art. 28) by a published formula, explained
factor by factor so that it can be understood and objected to (Art. 44)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import Violation
from core.refusals import refuse
from rules.statements import states_something


@dataclass(frozen=True)
class Factor:
    """One term of the formula: ``points`` per counted item, at most ``cap`` in total."""

    code: str
    label: str
    points: int
    cap: int


@dataclass(frozen=True)
class Formula:
    """The published formula: base score, factors and grade thresholds (highest first)."""

    version: str
    base: int
    factors: tuple[Factor, ...]
    grades: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class FactorResult:
    """How one factor contributed, in words a subject can check against its own file."""

    code: str
    label: str
    count: int
    points: int
    explanation: str


@dataclass(frozen=True)
class Evaluation:
    """Score, grade and the contribution of every factor."""

    score: int
    grade: str
    formula_version: str
    factors: tuple[FactorResult, ...]


def subject_problem(subject_type: str) -> Violation | None:
    """Art. 28: the comprehensive evaluation is of market entities (organizations)."""
    if subject_type != "ORGANIZATION":
        return refuse("evaluation.not_a_market_entity")
    return None


def evaluate(counts: Mapping[str, int], formula: Formula) -> Evaluation:
    """Art. 28, 44: apply the published formula to the subject's own current information."""
    results = []
    for factor in formula.factors:
        count = counts.get(factor.code, 0)
        raw = count * factor.points
        points = max(-factor.cap, min(factor.cap, raw))
        capped = "（已达上限）" if points != raw else ""
        results.append(
            FactorResult(
                factor.code,
                factor.label,
                count,
                points,
                f"{factor.label}{count}条，每条{factor.points:+d}分，计{points:+d}分{capped}",
            )
        )
    score = max(0, min(100, formula.base + sum(r.points for r in results)))
    grade = next(g for g, minimum in formula.grades if score >= minimum)
    return Evaluation(score, grade, formula.version, tuple(results))


def check_objection(status: str, reasons: str) -> list[Violation]:
    """Art. 44: a subject objects to its current evaluation, with reasons."""
    problems = []
    if status != "CURRENT":
        problems.append(refuse("evaluation.not_current", status=status))
    if not states_something(reasons):
        problems.append(refuse("evaluation.reasons"))
    return problems


def check_answer(status: str, reply: str) -> list[Violation]:
    """Art. 44: an objection is verified within the set time and the subject gets a reply."""
    problems = []
    if status != "UNDER_OBJECTION":
        problems.append(refuse("evaluation.no_objection", status=status))
    if not reply.strip():
        problems.append(refuse("evaluation.reply"))
    return problems
