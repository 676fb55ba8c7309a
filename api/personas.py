"""Development and sandbox personas: one per role of the regulation, with the purposes
each may declare. ``credit token <persona>`` issues their tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.identity import TokenService


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


#: How long a token minted by a page (the explorer, the sandbox) lasts: a working day.
PAGE_TOKEN_TTL_S = 8 * 3600


def persona_token(
    tokens: TokenService,
    name: str,
    *,
    label: str,
    subject: str | None = None,
    ttl_s: int = PAGE_TOKEN_TTL_S,
) -> str:
    """A token for persona ``name`` (``subject``: the subject a SUBJECT persona is);
    ``label`` says who minted it (the actor id is ``LABEL-PERSONA-SUBJECT|ORG``)."""
    persona = PERSONAS[name]
    return tokens.issue(
        f"{label}-{name}-{subject or persona.organization}",
        persona.role,
        organization=persona.organization,
        sector=persona.sector,
        purposes=persona.purposes,
        subject_key=subject,
        ttl_s=ttl_s,
    )


async def requested_persona(
    request: Request, allowed: Iterable[str]
) -> tuple[str, dict[str, Any]] | Response:
    """The persona a page's token request names (a JSON body ``{"persona": …}``) and the
    body, or the 400 answer that says which personas may be asked for."""
    try:
        body = await request.json()
    except ValueError:
        body = None
    names = list(allowed)
    name = body.get("persona") if isinstance(body, dict) else None
    if not isinstance(body, dict) or name not in names:
        return JSONResponse(
            {"code": "BAD_ARGUMENT", "error": f"persona must be one of {', '.join(names)}"},
            status_code=400,
        )
    return str(name), body
