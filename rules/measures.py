"""Incentive and punishment measure lists (Art. 33-35)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Violation

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
        problems.append(
            Violation(
                "INCOMPLETE_MEASURE",
                f"measure {measure.code} must name its matter, target, means, implementer "
                "and legal basis",
                34,
            )
        )
    local_punishment = measure.list == "PUNISHMENT" and measure.scope == "LOCAL"
    if local_punishment and measure.art35_kind not in ART35_KINDS:
        problems.append(
            Violation(
                "LOCAL_MEASURE_OUTSIDE_ART35",
                f"local punishment measure {measure.code} must be of one of the nine kinds of "
                f"Art. 35 (1-9), not {measure.art35_kind!r}",
                35,
            )
        )
    return problems
