"""The state a world shares: seed and sizes, name pools, reference data and bounded memos.

``_World`` is stacked from one layer per concept, each a subclass of the one before:
``_Base`` -> ``_People`` -> ``_Organizations`` -> ``_Roles`` -> ``_Consents`` ->
``_Values`` -> ``_Listings`` -> ``_Records`` -> ``_World``.
"""

from __future__ import annotations

from faker import Faker

from seed.city.identifiers import _regions
from seed.city.reference import _Item, _reference
from seed.city.streams import _T_FAKER, _T_OFFSET, _mix
from seed.city.subjects import _Org, _Person

_CACHE_LIMIT = 100_000  # bounded memo of derived subjects
_NAME_POOL = 3_000


class _Base:
    """The state every layer of ``_World`` reads; derived from ``(seed, n_persons, n_orgs)``."""

    def __init__(self, n_persons: int, n_orgs: int, seed: int) -> None:
        self.seed = seed
        self.n_persons = n_persons
        self.n_orgs = n_orgs
        self.offset = _mix(seed, _T_OFFSET)  # shifts the identifier bijections per seed
        self.ref = _reference()
        self.home, self.other = _regions()
        self.entrepreneurs = max(1, n_persons // 20)
        fake = Faker("zh_CN")
        fake.seed_instance(_mix(seed, _T_FAKER))
        self.names = tuple(fake.name() for _ in range(_NAME_POOL))
        brands = dict.fromkeys(
            fake.company_prefix().removesuffix("国际公司").removesuffix("公司") for _ in range(400)
        )
        self.brands = tuple(b for b in brands if b)
        self.streets = tuple(dict.fromkeys(fake.street_name() for _ in range(300)))
        self.csa = next(p.id for p in self.ref.providers.values() if p.kind == "CREDIT_SERVICE")
        self._persons: dict[int, _Person] = {}
        self._orgs: dict[int, _Org] = {}
        self._pools: dict[tuple[str, str, int], tuple[_Item, ...]] = {}
