"""The public entry point: ``generate_city`` and the usual city ``SIZES``."""

from __future__ import annotations

from seed.city.batches import City
from seed.city.world import _World

SIZES: dict[str, int] = {"small": 1_000, "default": 50_000, "large": 1_000_000}


def generate_city(n_subjects: int, seed: int = 2026) -> City:
    """A city of ``n_subjects`` (about 70 % persons, 30 % organizations), fully determined
    by ``seed``. See ``SIZES`` for the usual sizes."""
    if n_subjects < 2:
        raise ValueError("a city needs at least 2 subjects")
    n_persons = round(n_subjects * 0.7)
    world = _World(n_persons, n_subjects - n_persons, seed)
    consents = [c for i in range(n_persons) if (c := world.consent(i)) is not None]
    listings = [world.listing(j) for j in range(world.n_orgs) if world.is_listed(j)]
    return City(n_persons, n_subjects - n_persons, consents, listings, world)
