"""Provider batches: ``City`` and the packing of record streams into per-provider batches,
in a safe ingest order and stamped with one fixed submission time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from core.submission import Batch, ConsentIn, ListingIn, RecordIn, RoleIn
from seed.city.dates import _SUBMITTED_AT
from seed.city.streams import _CHUNK
from seed.city.world import _World


def _packed(records: Iterable[tuple[str, RecordIn]], size: int) -> Iterator[Batch]:
    """Group a stream of (provider, record) into per-provider batches of at most ``size``."""
    pending: dict[str, list[RecordIn]] = {}
    for provider, record in records:
        bucket = pending.setdefault(provider, [])
        bucket.append(record)
        if len(bucket) >= size:
            yield Batch(provider, records=tuple(bucket), submitted_at=_SUBMITTED_AT)
            pending[provider] = []
    for provider, bucket in pending.items():
        if bucket:
            yield Batch(provider, records=tuple(bucket), submitted_at=_SUBMITTED_AT)


@dataclass(frozen=True)
class City:
    """A generated city. ``consents`` and ``listings`` are materialised (they are ~1 % of
    subjects); records and roles are streamed by ``batches()``."""

    n_persons: int
    n_organizations: int
    consents: list[ConsentIn] = field(repr=False)
    listings: list[ListingIn] = field(repr=False)
    _world: _World = field(repr=False, compare=False)

    def batches(self, batch_size: int = 5000) -> Iterator[Batch]:
        """Provider batches in a safe ingest order: identity and registration records
        first, then roles (by the registration body P-MARKET), then all other records,
        so that a subject's roles and basic record always precede its other records.

        Re-iterable and deterministic: each call regenerates the same batches, all
        stamped with the same submission time (after the last record date), so the
        collection date the ingest checks consents against does not depend on the clock.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        w = self._world
        person_chunks = range(-(-w.n_persons // _CHUNK))
        org_chunks = range(-(-w.n_orgs // _CHUNK))
        yield from _packed((r for c in person_chunks for r in w.person_basic(c)), batch_size)
        yield from _packed((r for c in org_chunks for r in w.org_basic(c)), batch_size)
        roles: list[RoleIn] = []
        for j in range(w.n_orgs):
            for role in w.roles(j):
                roles.append(role)
                if len(roles) >= batch_size:
                    yield Batch("P-MARKET", roles=tuple(roles), submitted_at=_SUBMITTED_AT)
                    roles = []
        if roles:
            yield Batch("P-MARKET", roles=tuple(roles), submitted_at=_SUBMITTED_AT)
        others = (
            *(w.person_records(c) for c in person_chunks),
            *(w.org_records(c) for c in org_chunks),
        )
        yield from _packed((r for stream in others for r in stream), batch_size)
