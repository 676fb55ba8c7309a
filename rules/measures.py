"""Incentive and punishment measure lists (Art. 33-35)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Violation
from core.refusals import refuse

#: Art. 35: the nine kinds a local punishment measure may be of.
ART35_KINDS: dict[int, str] = {
    1: "在行政管理和公共服务中限制享受相关便利化措施",
    2: "列为重点监管对象，增加检查频次",
    3: "在财政资金补助、创业扶持等方面予以限制",
    4: "在公共资源交易中予以扣分、降低等级",
    5: "限制参与政府投资项目、PPP项目或者提高保证金比例",
    6: "在评优评先方面予以限制",
    7: "取消已获得的财政资金补助、项目支持",
    8: "撤销相关荣誉称号",
    9: "本市地方性法规规定的其他措施",
}


@dataclass(frozen=True)
class Measure:
    """One item of an incentive or punishment list, with everything Art. 34 asks it to name."""

    code: str
    list: str
    scope: str
    matter: str
    target: str
    target_subject_types: tuple[str, ...]
    means: str
    implementer: str
    basis: str
    sectors: tuple[str, ...]
    severity: str
    art35_kind: int | None = None
    art33_kind: int | None = None


def check_measure(measure: Measure) -> list[Violation]:
    """Art. 34: a measure names matter, target, means, implementer and legal basis;
    Art. 35: a local punishment measure is of one of the nine kinds."""
    problems: list[Violation] = []
    named = (measure.matter, measure.target, measure.means, measure.implementer, measure.basis)
    if not all(part.strip() for part in named):
        problems.append(refuse("measure.incomplete", code=measure.code))
    local_punishment = measure.list == "PUNISHMENT" and measure.scope == "LOCAL"
    if local_punishment and measure.art35_kind not in ART35_KINDS:
        problems.append(refuse("measure.outside_art35", code=measure.code, kind=measure.art35_kind))
    return problems


@dataclass(frozen=True)
class Standing:
    """What a subject's *own* file says, for choosing measures (Art. 33, 36).

    ``dishonest_sectors`` are the sectors of its own current dishonesty records (active,
    within their publicity period); ``listed_sectors`` the sectors that listed it as a
    seriously dishonest subject. A synchronized mark (Art. 31) is kept apart: it records
    a finding of responsibility and keeps a person out of incentives, but it is not the
    person's own listing and triggers no punishment measure by itself (Art. 36)."""

    subject_type: str
    dishonest_sectors: frozenset[str] = frozenset()
    listed_sectors: frozenset[str] = frozenset()
    marked: bool = False

    @property
    def in_good_standing(self) -> bool:
        return not (self.dishonest_sectors or self.listed_sectors or self.marked)


def _related(measure: Measure, sectors: frozenset[str]) -> list[str]:
    """Art. 36: the sectors of the subject's own conduct that the measure is related to."""
    if "*" in measure.sectors:
        return sorted(sectors)
    return sorted(sectors & set(measure.sectors))


def applicability(measure: Measure, standing: Standing) -> str | None:
    """Why ``measure`` applies to a subject with ``standing``, or None when it does not.

    Art. 33: incentives go to subjects in good standing. Art. 36: a punishment is related
    to the subject's own dishonest conduct (its sector) and proportionate to it (measures
    for the serious-dishonesty list need the subject's own listing); nobody is punished
    for another subject's conduct."""
    if standing.subject_type not in measure.target_subject_types:
        return None
    if measure.list == "INCENTIVE":
        if measure.severity == "GOOD" and standing.in_good_standing:
            return "no current dishonesty record, listing or mark (Art. 33)"
        return None
    if measure.severity == "SERIOUS_LIST":
        sectors = _related(measure, standing.listed_sectors)
        what = "on the serious-dishonesty list"
    else:
        sectors = _related(measure, standing.dishonest_sectors | standing.listed_sectors)
        what = "own current dishonesty information"
    if not sectors:
        return None
    return f"{what} in sector {', '.join(sectors)} (related and proportionate, Art. 36)"
