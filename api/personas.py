"""Development and sandbox personas: one per role of the regulation, with the purposes
each may declare. ``credit token <persona>`` issues their tokens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    """A named actor for development tokens."""

    name: str
    role: str
    organization: str | None
    sector: str | None
    purposes: tuple[str, ...]
    description: str


PERSONAS: dict[str, Persona] = {
    p.name: p
    for p in (
        Persona(
            "operator",
            "OPERATOR",
            "P-CREDIT",
            "CREDIT",
            ("OBJECTION_HANDLING", "CREDIT_REPAIR", "BASIS_REVOCATION"),
            "公共信用信息工作机构",
        ),
        Persona(
            "coordinator",
            "COORDINATOR",
            "P-CREDIT",
            "CREDIT",
            ("CREDIT_EVALUATION", "AUDIT"),
            "社会信用综合管理部门",
        ),
        Persona(
            "market-authority",
            "SECTOR_AUTHORITY",
            "P-MARKET",
            "MARKET",
            ("SUPERVISION", "ADMINISTRATIVE_LICENSING"),
            "市场监管行业信用管理部门",
        ),
        Persona(
            "investigator",
            "SECTOR_AUTHORITY",
            "P-MARKET",
            "MARKET",
            ("INVESTIGATION", "SUPERVISION"),
            "市场监管行业信用管理部门调查人员（依职权查询，调查核实用途）",
        ),
        Persona(
            "tax-authority",
            "SECTOR_AUTHORITY",
            "P-TAX",
            "TAX",
            ("SUPERVISION",),
            "税务行业信用管理部门",
        ),
        Persona(
            "market-provider",
            "PUBLIC_PROVIDER",
            "P-MARKET",
            "MARKET",
            ("DATA_SUBMISSION",),
            "公共信用信息提供单位（市场监管）",
        ),
        Persona(
            "tax-provider",
            "PUBLIC_PROVIDER",
            "P-TAX",
            "TAX",
            ("DATA_SUBMISSION",),
            "公共信用信息提供单位（税务）",
        ),
        Persona(
            "housing-user",
            "GOVERNMENT_USER",
            "P-HOUSING",
            "HOUSING",
            ("ADMINISTRATIVE_LICENSING", "PUBLIC_PROCUREMENT", "FUNDS_AND_SUBSIDIES"),
            "使用共享信息的国家机关（住建）",
        ),
        Persona(
            "credit-agency",
            "CREDIT_SERVICE_AGENCY",
            "M-CSA-1",
            "CREDIT",
            ("CREDIT_SERVICE", "DATA_SUBMISSION"),
            "社会信用服务机构",
        ),
        Persona(
            "bank", "AUTHORIZED_PARTY", "B-BANK-1", None, ("LENDING",), "获得信用主体授权的银行"
        ),
        Persona("subject", "SUBJECT", None, None, ("SELF_CHECK", "CREDIT_REPORT"), "信用主体本人"),
        Persona("auditor", "AUDITOR", "P-CREDIT", "CREDIT", ("AUDIT",), "审计"),
    )
}
