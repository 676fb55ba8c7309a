"""The decision trace of one request, as the sandbox (and development) shows it.

A response's ``extensions`` carry, next to ``requestId``:

- ``decisions``: every access decision the request met, in order — the resource type
  decided (``record:DISHONEST``, ``field:TAX_AMOUNT``, ``op:fileObjection``, ...),
  ``allowed``, the deciding policy line (``rule``: file, line number and text; ``line``:
  its short id), the ``article`` it rests on and the ``comment`` it sits under in the
  policy file. A refusal by default (no line allows it) names Art. 22.
- ``trace``: the declaration the decisions were taken for (``channel``, ``purpose``,
  ``authorization``, ``role``), the policy version (``policy``: digest of the model and
  policy files), and for reads of credit information the compiled ``scope``: the record
  kinds and families seen, the statuses and row filters (public items within their
  publicity period, items shared with the sector, the own file, the authorization's
  items), and what was hidden or desensitized and why: each ``hidden`` and ``masked``
  field category with the line and article that refused it.

The audit entry of a sandbox or development request keeps the same trace (without the
comments, which the policy file at that digest holds), so that ``credit sandbox explain
REQUEST-ID`` prints it later and ``credit sandbox replay`` knows the resources decided.
"""

from __future__ import annotations

from typing import Any

from api.access import CompiledAccess
from api.context import RequestContext
from api.policy import Decision

#: Modes whose responses and audit entries carry the trace.
TRACE_MODES = ("sandbox", "development")


def _scope(compiled: CompiledAccess) -> dict[str, Any]:
    scope = compiled.scope
    refused = {d.resource: d for d in compiled.decisions if not d.allowed}

    def why(category: str) -> dict[str, Any]:
        d = refused.get(f"field:{category}")
        return {
            "category": category,
            "line": d.line if d else None,
            "article": d.article if d else None,
            "comment": d.comment if d else "",
        }

    hidden = sorted({r.removeprefix("field:") for r in refused if r.startswith("field:")})
    masked = [c for c in hidden if scope.desensitize and c in ("NAME", "ID_NUMBER")]
    filters = ["status in " + ", ".join(scope.statuses)]
    if scope.public_only:
        filters.append("public catalog items within their publicity period (Art. 23)")
    if scope.sector is not None:
        filters.append(f"items shared with sector {scope.sector} (Art. 24)")
    if scope.subject_key is not None:
        filters.append("the own file or the authorizing subject's file only (Art. 24, 40)")
    if scope.catalog_codes is not None:
        filters.append("catalog items the authorization covers (Art. 24, 39)")
    if scope.provider_grants is not None:
        filters.append("items the provider authorized the agency to receive (Art. 53)")
    if scope.expired_dishonesty_hidden:
        filters.append("dishonesty past its publicity period hidden (Art. 47)")
    return {
        "kinds": list(scope.kinds),
        "market": scope.market,
        "listings": scope.listings,
        "filters": filters,
        "hidden": [why(c) for c in hidden if c not in masked],
        "masked": [why(c) for c in masked],
        "hiddenFields": list(scope.hidden_fields),
        "maskedFields": list(scope.masked_fields),
    }


def response_trace(ctx: RequestContext) -> dict[str, Any]:
    """The ``trace`` extension of a response (see the module's docstring)."""
    decl = ctx.declaration
    compiled = ctx._access  # the scope the request compiled, if it read credit files
    return {
        "role": ctx.actor.role,
        "channel": decl.channel if decl else None,
        "purpose": decl.purpose if decl else None,
        "authorization": decl.authorization_id if decl else None,
        "policy": ctx.services.engine.digest,
        "scope": _scope(compiled) if compiled is not None else None,
    }


def entry_decisions(decisions: list[Decision]) -> list[dict[str, Any]]:
    """The decisions as the audit entry keeps them (resource, outcome, line, article)."""
    return [
        {"resource": d.resource, "allowed": d.allowed, "line": d.line, "article": d.article}
        for d in decisions
    ]
