"""A deterministic synthetic city: persons, organizations, their dated roles and records.

Why it exists: the platform, its benchmarks and the audit sandbox need a city that looks
like the regulation's world (Art. 2, 9-20, 29-32) without one byte of real personal or
company data. Every identifier is generated, valid by its check digit, and derived from
the seed alone, so two runs give the same city and a failing test can be replayed.

How it stays small: nothing is materialised up front except the written consents and
the serious-dishonesty listings (both ~1 % of subjects). A person or an organization is
a pure function of ``(seed, index)``; roles are a pure function of the organization
index; records are regenerated per chunk of subjects from a per-chunk seeded
``random.Random``. ``City.batches()`` therefore streams a million-subject city in
bounded memory and yields identical batches every time it is iterated.

The catalog, providers and commitment items are read from ``seed/data/*.toml`` only to
pick codes, fields and providers; the authoritative catalog model lives elsewhere.

The package is split by concept. The world (``world._World``) is one object assembled from
layers, each a module that builds on the previous one: ``base`` (shared state), ``people``,
``organizations``, ``roles`` (including holding chains), ``consents``, ``values`` (record
contents), ``listings`` and ``records`` (record streams). Around it: ``streams`` (the
per-index hash), ``dates``, ``identifiers`` (RIC, USCC, region codes), ``reference``
(``seed/data``), ``vocabulary`` (value tables), ``subjects``, ``batches`` (``City``) and
``generator`` (``generate_city``).
"""

from __future__ import annotations

from seed.city.batches import City
from seed.city.generator import SIZES, generate_city

__all__ = ["SIZES", "City", "generate_city"]
