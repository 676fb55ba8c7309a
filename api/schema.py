"""The GraphQL schema: thin resolvers over the graph functions and the access scope.

Every root field runs one Cypher query (plus, for the AUTHORIZED channel, the lookup of
the authorization it relies on), filtered and masked in the database; the request's
audit entry is written by ``api.app`` before the response leaves.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from api import types as t
from api.complaints import ComplaintMutations, ComplaintQueries
from api.context import RequestContext
from api.credit_report import ReportQueries
from api.evaluations import EvaluationMutations, EvaluationQueries
from api.inputs import AuthorizationInput, ConsentInput, RecordInput
from api.listing_procedure import ListingMutations, ListingQueries
from api.measures import MeasureQueries
from api.repair import RepairMutations, RepairQueries
from api.resolve import (
    BadArgument,
    Ctx,
    batch_size,
)
from api.resolve import (
    cursor as _cursor,
)
from api.resolve import (
    disclose_records as _disclose_records,
)
from api.resolve import (
    more as _more,
)
from api.resolve import (
    op as _op,
)
from api.resolve import (
    page_info as _page_info,
)
from api.resolve import (
    page_size as _page_size,
)
from api.resolve import (
    subject_key as _subject_key,
)
from api.sandbox import SandboxMutations, SandboxQueries
from api.selection import record_parts, selection_paths
from api.workbench import WorkbenchQueries
from audit import merkle
from core.errors import NotFound
from core.submission import Batch, ConsentIn, SubjectRef
from graph import (
    audit_store,
    authorizations,
    basis_changes,
    commitments,
    listings,
    objections,
    positive,
    reads,
)
from graph.consents import consent_work
from graph.ingest import submit_async
from rules.authorization import AuthorizationIn


async def _credit_file(
    info: Ctx,
    ctx: RequestContext,
    key: str,
    kinds: list[str] | None,
    status: str | None,
    first: int,
    after: str | None,
) -> t.CreditFile:
    ctx.requested.add(key)
    access = await ctx.access()
    offset = int((_cursor(after) or [-1])[0]) + 1
    selected = selection_paths(info)
    row = await ctx.services.read(
        lambda: reads.credit_file(
            access.scope,
            key,
            first=_page_size(ctx, first),
            offset=offset,
            only_kinds=kinds,
            only_status=status,
            with_records="records" in selected,
            with_listings="listings" in selected or "marks" in selected,
            with_commitments="commitments" in selected,
            parts=record_parts(selected, "records.edges.node."),
        )
    )
    if row is None:
        raise NotFound("no credit file visible to this request for that identifier")
    page = row["page"]
    page, more = _more(page, first)
    _disclose_records(ctx, key, page)
    edges = [
        t.RecordEdge(cursor=t.encode_cursor(offset + i), node=t.CreditRecord.of(r))
        for i, r in enumerate(page)
    ]
    marks = [
        t.Mark(
            listing_id=m["listingId"],
            role=m["role"],
            since=t._d(m["since"]),
            organization=m["organization"],
            under_objection=bool(m.get("underObjection")),
        )
        for m in row["marks"]
    ]
    return t.CreditFile(
        subject=t.Subject.of(row["subject"]),
        records=t.RecordConnection(
            edges=edges,
            total_count=row["total"],
            page_info=_page_info(edges, more),
        ),
        listings=[t.Listing.of(x) for x in row["listings"]],
        commitments=[t.Commitment.of(c) for c in row["commitments"]],
        marks=marks,
    )


@strawberry.type(description="Queries: every answer is filtered by channel, purpose and policy.")
class Query(
    MeasureQueries,
    ListingQueries,
    RepairQueries,
    ReportQueries,
    ComplaintQueries,
    EvaluationQueries,
    WorkbenchQueries,
    SandboxQueries,
):
    @strawberry.field(description="A subject's credit file by identifier (Art. 10, 22).")
    async def credit_file(
        self,
        info: Ctx,
        id_type: Annotated[
            str, strawberry.argument(description="RIC, USCC or another ID document type.")
        ],
        number: Annotated[str, strawberry.argument(description="The identifier number.")],
        kinds: Annotated[list[str] | None, strawberry.argument(description="Record kinds.")] = None,
        status: Annotated[str | None, strawberry.argument(description="Record status.")] = None,
        first: Annotated[int, strawberry.argument(description="Records per page.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Records after.")] = None,
    ) -> t.CreditFile:
        ctx = _op(info)
        return await _credit_file(
            info, ctx, _subject_key(id_type, number), kinds, status, first, after
        )

    @strawberry.field(description="The caller's own credit file (SELF channel, Art. 40).")
    async def my_credit_file(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="Records per page.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Records after.")] = None,
    ) -> t.CreditFile:
        ctx = _op(info)
        if ctx.decl.channel != "SELF" or not ctx.actor.subject_key:
            raise BadArgument("myCreditFile is read over the SELF channel by a subject", article=40)
        return await _credit_file(info, ctx, ctx.actor.subject_key, None, None, first, after)

    @strawberry.field(description="Records across files, newest first, within this access.")
    async def records(
        self,
        info: Ctx,
        kinds: Annotated[list[str] | None, strawberry.argument(description="Kinds.")] = None,
        status: Annotated[str | None, strawberry.argument(description="Status.")] = None,
        catalog_code: Annotated[str | None, strawberry.argument(description="Item code.")] = None,
        provider: Annotated[str | None, strawberry.argument(description="Provider id.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> t.RecordHitConnection:
        ctx = _op(info)
        access = await ctx.access()
        cursor = _cursor(after)
        filters = {"kinds": kinds, "status": status, "code": catalog_code, "provider": provider}
        parts = record_parts(selection_paths(info), "edges.node.record.")
        result = await ctx.services.read(
            lambda: reads.record_search(
                access.scope,
                filters,
                first=_page_size(ctx, first),
                after=(datetime.fromisoformat(cursor[0]).date(), cursor[1]) if cursor else None,
                parts=parts,
            )
        )
        page = result["page"]
        page, more = _more(page, first)
        for hit in page:
            _disclose_records(ctx, hit["subject"]["key"] or "", [hit["record"]])
        edges = [
            t.RecordHitEdge(
                cursor=t.encode_cursor(str(h["record"]["occurredAt"]), h["record"]["id"]),
                node=t.RecordHit(
                    subject=t.Subject.of(h["subject"]), record=t.CreditRecord.of(h["record"])
                ),
            )
            for h in page
        ]
        return t.RecordHitConnection(
            edges=edges,
            total_count=result["total"],
            page_info=_page_info(edges, more),
        )

    @strawberry.field(description="The public credit information catalog of a version (Art. 13).")
    async def catalog(
        self,
        info: Ctx,
        version: Annotated[
            int | None, strawberry.argument(description="Year; default: in force.")
        ] = None,
        kind: Annotated[str | None, strawberry.argument(description="Item kind.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> t.CatalogConnection:
        ctx = _op(info, "catalog", "PUBLIC")
        year = version or await ctx.services.read(lambda: reads.current_version(ctx.today))
        cursor = _cursor(after)
        result = await ctx.services.read(
            lambda: reads.catalog_page(
                year, kind, first=_page_size(ctx, first), after=cursor[0] if cursor else ""
            )
        )
        page = result["page"]
        page, more = _more(page, first)
        edges = [
            t.CatalogEdge(cursor=t.encode_cursor(p["code"]), node=t.CatalogItem.of(p)) for p in page
        ]
        return t.CatalogConnection(
            edges=edges,
            total_count=result["total"],
            page_info=_page_info(edges, more),
        )

    @strawberry.field(description="Incentive and punishment measure lists (Art. 33-35).")
    async def measures(
        self,
        info: Ctx,
        list_name: Annotated[
            str | None, strawberry.argument(name="list", description="INCENTIVE or PUNISHMENT.")
        ] = None,
        scope: Annotated[str | None, strawberry.argument(description="NATIONAL or LOCAL.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> t.MeasureConnection:
        ctx = _op(info, "measures", "PUBLIC")
        cursor = _cursor(after)
        result = await ctx.services.read(
            lambda: reads.measures_page(
                list_name, scope, first=_page_size(ctx, first), after=cursor[0] if cursor else ""
            )
        )
        page = result["page"]
        page, more = _more(page, first)
        edges = [
            t.MeasureEdge(
                cursor=t.encode_cursor(m["code"]),
                node=t.Measure.of(m),
            )
            for m in page
        ]
        return t.MeasureConnection(
            edges=edges,
            total_count=result["total"],
            page_info=_page_info(edges, more),
        )

    @strawberry.field(description="The public serious-dishonesty list (Art. 29), desensitized.")
    async def serious_dishonesty_list(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="Page size.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> t.ListedSubjectConnection:
        ctx = _op(info)
        access = await ctx.access()
        if not access.scope.listings:
            ctx.require("listing")
        cursor = _cursor(after)
        result = await ctx.services.read(
            lambda: reads.serious_dishonesty_list(
                access.scope, first=_page_size(ctx, first), after=cursor[0] if cursor else ""
            )
        )
        page = result["page"]
        page, more = _more(page, first)
        ctx.disclose([p["subject"]["key"] or "" for p in page], ["listing"])
        edges = [
            t.ListedSubjectEdge(
                cursor=t.encode_cursor(p["listing"]["id"]),
                node=t.ListedSubject(
                    subject=t.Subject.of(p["subject"]), listing=t.Listing.of(p["listing"])
                ),
            )
            for p in page
        ]
        return t.ListedSubjectConnection(
            edges=edges,
            total_count=result["total"],
            page_info=_page_info(edges, more),
        )

    @strawberry.field(
        description="Why a person is marked: listing, organization, role then, finding (Art. 31)."
    )
    async def why_marked(
        self,
        info: Ctx,
        id_type: Annotated[str, strawberry.argument(description="RIC or another ID type.")],
        number: Annotated[str, strawberry.argument(description="The person's identifier.")],
    ) -> list[t.MarkReason]:
        ctx = _op(info)
        key = _subject_key(id_type, number)
        ctx.requested.add(key)
        access = await ctx.access()
        if not access.scope.listings:
            ctx.require("listing")
        if access.scope.subject_key is not None and access.scope.subject_key != key:
            raise NotFound("no credit file visible to this request for that identifier")
        rows = await ctx.services.read(lambda: listings.why_marked(key))
        ctx.disclose([key], ["marks"])
        return [t.MarkReason.of(r) for r in rows]

    @strawberry.field(description="Basis changes awaiting the operator, with deadlines (Art. 45).")
    async def pending_basis_changes(self, info: Ctx) -> list[t.BasisChange]:
        ctx = _op(info, "op:applyBasisChange")
        rows = await ctx.services.read(lambda: basis_changes.pending(ctx.today))
        return [t.BasisChange.of(r) for r in rows]

    @strawberry.field(description="Who used my information and why, with proofs (Art. 40).")
    async def my_access_log(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="Page size.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> t.AccessLogConnection:
        ctx = _op(info, "accessLog")
        assert ctx.actor.subject_key is not None
        return await _log_page(
            ctx, subject_key=ctx.actor.subject_key, actor=None, first=first, after=after
        )

    @strawberry.field(description="The audit log, for auditors (Art. 56).")
    async def audit_log(
        self,
        info: Ctx,
        actor: Annotated[str | None, strawberry.argument(description="Actor id.")] = None,
        subject_key: Annotated[str | None, strawberry.argument(description="Subject key.")] = None,
        since: Annotated[
            datetime | None, strawberry.argument(description="From (inclusive, with zone).")
        ] = None,
        until: Annotated[
            datetime | None, strawberry.argument(description="Until (exclusive, with zone).")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> t.AccessLogConnection:
        ctx = _op(info, "auditLog", "AUDIT")
        for moment in (since, until):
            if moment is not None and moment.tzinfo is None:
                raise BadArgument("since and until need a time zone, e.g. 2026-01-01T00:00:00Z")
        return await _log_page(
            ctx,
            subject_key=subject_key,
            actor=actor,
            first=first,
            after=after,
            since=since,
            until=until,
        )


async def _log_page(
    ctx: RequestContext,
    *,
    subject_key: str | None,
    actor: str | None,
    first: int,
    after: str | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> t.AccessLogConnection:
    services = ctx.services
    cursor = _cursor(after)
    # Every acknowledged entry is in the graph before the log is read (journal mode).
    await services.audit.flush()
    stored = await audit_store.entries(
        services.driver,
        services.database,
        actor=actor,
        subject_key=subject_key,
        after_index=int(cursor[0]) if cursor else None,
        limit=_page_size(ctx, first) + 1,
        since=since,
        until=until,
    )
    stored, more = _more(stored, first)
    edges = []
    # One read of the leaf hashes serves every proof of the page.
    size, hashes = await audit_store.leaf_hashes(services.driver, services.database)
    tree = merkle.Tree(hashes)
    root = tree.root(size)
    for e in stored:
        proof = tree.inclusion_proof(e.index, size)
        edges.append(
            t.AccessLogEdge(
                cursor=t.encode_cursor(e.index),
                node=t.AccessLogEntry(
                    index=e.index,
                    entry=cast(JSON, e.body),
                    leaf_hash=e.leaf_hash.hex() if e.leaf_hash else None,
                    inclusion_proof=[p.hex() for p in proof],
                    tree_size=size,
                    root_hash=root.hex(),
                ),
            )
        )
    return t.AccessLogConnection(
        edges=edges,
        total_count=len(edges),
        page_info=_page_info(edges, more),
    )


@strawberry.type(description="Mutations: submissions, consents and authorizations.")
class Mutation(
    ListingMutations,
    RepairMutations,
    ComplaintMutations,
    EvaluationMutations,
    SandboxMutations,
):
    @strawberry.mutation(description="Submit a batch of records (Art. 18): all or nothing.")
    async def submit_records(
        self,
        info: Ctx,
        records: Annotated[list[RecordInput], strawberry.argument(description="The records.")],
    ) -> t.IngestReport:
        ctx = _op(info, "op:submitRecords", "SUBMIT")
        if not ctx.actor.organization:
            raise BadArgument("the token names no provider organization", article=18)
        batch_size(ctx, len(records))
        batch = Batch(ctx.actor.organization, [r.to_record() for r in records])
        report = await ctx.shielded(
            submit_async(ctx.services.driver, ctx.services.database, batch, today=ctx.today)
        )
        return t.IngestReport(
            written=report.written,
            created=report.created,
            unchanged=report.unchanged,
            held_for_review=report.held_for_review,
            flagged=report.flagged,
            refused=[
                t.Refusal(
                    code=v.code, message=v.message, article=v.article, item=v.item, field=v.field
                )
                for v in report.violations
            ],
        )

    @strawberry.mutation(
        description="As a provider, authorize a credit service agency to receive my items "
        "(Art. 53)."
    )
    async def grant_provider_authorization(
        self,
        info: Ctx,
        agency: Annotated[str, strawberry.argument(description="Agency organization id.")],
        scope: Annotated[list[str], strawberry.argument(description="Catalog item codes.")],
        valid_from: Annotated[date, strawberry.argument(description="First day.")],
        valid_to: Annotated[date, strawberry.argument(description="Last day (≤ 1 year).")],
    ) -> t.ProviderAuthorization:
        ctx = _op(info, "op:grantProviderAuthorization", "SUBMIT")
        provider = ctx.actor.organization or ""
        g = await ctx.write(
            lambda: authorizations.grant_provider(provider, agency, scope, valid_from, valid_to)
        )
        return t.ProviderAuthorization(
            id=g["id"],
            provider=g["provider"],
            agency=g["agency"],
            scope=list(g["scope"]),
            valid_from=t._d(g["validFrom"]),
            valid_to=t._d(g["validTo"]),
        )

    @strawberry.mutation(
        description="Remove a listing whose conditions are met; its synchronized marks end "
        "with it (Art. 30, 31). Returns how many marks ended."
    )
    async def remove_listing(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Listing id.")],
        reason: Annotated[str, strawberry.argument(description="Why the conditions are met.")],
        document: Annotated[str, strawberry.argument(description="The removal decision.")],
        outcome: Annotated[
            str,
            strawberry.argument(
                description="REMOVED (conditions met, Art. 30), REPAIRED (Art. 46) or REVOKED "
                "(basis revoked, Art. 45)."
            ),
        ] = "REMOVED",
    ) -> int:
        ctx = _op(info, "op:removeListing")
        by, sector = ctx.actor.organization or "", ctx.actor.sector
        return await ctx.write(
            lambda: listings.remove_listing(id, reason, document, by, sector, ctx.today, outcome)
        )

    @strawberry.mutation(
        description="As the provider, report that the document behind a record was revoked, "
        "changed or declared void (Art. 45)."
    )
    async def report_basis_change(
        self,
        info: Ctx,
        record_id: Annotated[str, strawberry.argument(description="The record.")],
        change: Annotated[str, strawberry.argument(description="REVOKED, CHANGED or VOID.")],
        effective_on: Annotated[date, strawberry.argument(description="When it took effect.")],
        document: Annotated[str, strawberry.argument(description="The revoking document.")],
    ) -> t.BasisChange:
        ctx = _op(info, "op:reportBasisChange", "SUBMIT")
        provider = ctx.actor.organization or ""
        made = await ctx.write(
            lambda: basis_changes.report(
                provider, record_id, change, effective_on, document, ctx.today
            )
        )
        return t.BasisChange.of(made)

    @strawberry.mutation(
        description="As the operator, revoke or change the information (Art. 45): a new state "
        "in the record's history."
    )
    async def apply_basis_change(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="The basis change.")],
        reason: Annotated[str, strawberry.argument(description="Why.")],
    ) -> t.BasisChange:
        ctx = _op(info, "op:applyBasisChange")
        by = ctx.actor.organization or ""
        applied = await ctx.write(lambda: basis_changes.apply(id, by, reason, ctx.today))
        return t.BasisChange.of(applied)

    @strawberry.mutation(description="Object in writing to one of my records (Art. 41).")
    async def file_objection(
        self,
        info: Ctx,
        record_id: Annotated[str, strawberry.argument(description="The record.")],
        ground: Annotated[int, strawberry.argument(description="Art. 41 ground (1-4).")],
        reasons: Annotated[str, strawberry.argument(description="The written reasons.")],
    ) -> t.Objection:
        ctx = _op(info, "op:fileObjection")
        key = ctx.actor.subject_key or ""
        days = ctx.services.settings.api.objection_days
        ctx.disclose([key], [])
        filed = await ctx.write(
            lambda: objections.file(key, record_id, ground, reasons, ctx.today, days)
        )
        return t.Objection.of(filed)

    @strawberry.mutation(description="Verify an objection and reply (Art. 42).")
    async def decide_objection(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="The objection.")],
        decision: Annotated[str, strawberry.argument(description="CORRECT, DELETE or REJECT.")],
        reply: Annotated[str, strawberry.argument(description="The reply to the subject.")],
        corrections: Annotated[
            JSON | None,
            strawberry.argument(description="For CORRECT: field name → correct value."),
        ] = None,
    ) -> t.Objection:
        ctx = _op(info, "op:decideObjection")
        by = ctx.actor.organization or ""
        fixes = corrections if isinstance(corrections, dict) else None
        done = await ctx.write(
            lambda: objections.decide(id, decision, reply, by, ctx.today, ctx.actor.role, fixes)
        )
        return t.Objection.of(done)

    @strawberry.mutation(
        description="Delete my positive information (honours, volunteering, charity) (Art. 48). "
        "Returns the record's new status."
    )
    async def delete_positive_information(
        self,
        info: Ctx,
        record_id: Annotated[str, strawberry.argument(description="The positive record.")],
        reason: Annotated[str, strawberry.argument(description="Why (optional).")] = "",
    ) -> str:
        ctx = _op(info, "op:deletePositive")
        key = ctx.actor.subject_key or ""
        ctx.disclose([key], [])
        done = await ctx.write(
            lambda: positive.delete_at_request(key, record_id, reason, ctx.today)
        )
        return str(done["status"])

    @strawberry.mutation(description="Make a credit commitment from the list (Art. 32).")
    async def make_commitment(
        self,
        info: Ctx,
        item: Annotated[str, strawberry.argument(description="Commitment item code.")],
    ) -> t.Commitment:
        ctx = _op(info, "op:makeCommitment")
        key = ctx.actor.subject_key or ""
        ctx.disclose([key], [])
        made = await ctx.write(lambda: commitments.make(key, item, ctx.today))
        return t.Commitment.of(made)

    @strawberry.mutation(
        description="As the sector authority, decide whether a commitment was kept (Art. 32); "
        "a false or broken one becomes a dishonesty record (Art. 15 item 2)."
    )
    async def decide_commitment(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Commitment id.")],
        outcome: Annotated[str, strawberry.argument(description="KEPT, BROKEN or FALSE.")],
        reason: Annotated[str, strawberry.argument(description="Why.")],
        document: Annotated[str, strawberry.argument(description="The finding's number.")],
    ) -> t.Commitment:
        ctx = _op(info, "op:decideCommitment")
        provider, sector = ctx.actor.organization or "", ctx.actor.sector
        decided = await ctx.write(
            lambda: commitments.decide(id, outcome, reason, document, provider, sector, ctx.today)
        )
        return t.Commitment.of(decided)

    @strawberry.mutation(description="Record my written consent to a provider (Art. 20).")
    async def record_consent(
        self,
        info: Ctx,
        consent: Annotated[ConsentInput, strawberry.argument(description="The consent.")],
    ) -> int:
        ctx = _op(info, "op:recordConsent")
        key = ctx.actor.subject_key or ""
        id_type, _, number = key.partition(":")
        item = ConsentIn(
            source_id=uuid.uuid4().hex,
            subject=SubjectRef(id_type, number, ctx.actor.id),
            provider_id=consent.provider_id,
            categories=frozenset(consent.categories),
            signed_on=ctx.today,
            valid_until=consent.valid_until,
            evidence=consent.evidence,
        )
        ctx.disclose([key], [])
        return await ctx.write(lambda: consent_work([item]))

    @strawberry.mutation(description="Authorize a grantee to query my file (Art. 24, 39).")
    async def grant_authorization(
        self,
        info: Ctx,
        authorization: Annotated[
            AuthorizationInput, strawberry.argument(description="What I grant.")
        ],
    ) -> t.Authorization:
        ctx = _op(info, "op:grantAuthorization")
        key = ctx.actor.subject_key or ""
        a = authorization
        grant_in = AuthorizationIn(
            a.grantee, tuple(a.scope), a.purpose, a.valid_from, a.valid_to, a.evidence
        )
        ctx.disclose([key], [])
        created = await ctx.write(
            lambda: authorizations.grant(
                key, grant_in, ctx.today, ctx.services.settings.api.max_authorization_days
            )
        )
        return t.Authorization.of(created)

    @strawberry.mutation(description="Revoke an authorization I granted (Art. 39).")
    async def revoke_authorization(
        self,
        info: Ctx,
        id: Annotated[str, strawberry.argument(description="Authorization id.")],
        reason: Annotated[str, strawberry.argument(description="Why.")] = "",
    ) -> t.Authorization:
        ctx = _op(info, "op:grantAuthorization")
        key = ctx.actor.subject_key or ""
        ctx.disclose([key], [])
        revoked = await ctx.write(lambda: authorizations.revoke(key, id, ctx.today, reason))
        return t.Authorization.of(revoked)


schema_types = (Query, Mutation)
