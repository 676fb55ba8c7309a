"""Derived streams: a stable per-index hash, and the tags that keep the streams apart.

Everything in the city (a person, an organization, its roles, a chunk of records) is
seeded from ``_mix(seed, tag, index, ...)``, so it is a pure function of the seed and its
index and can be regenerated at will, in any order.
"""

from __future__ import annotations

_CHUNK = 2_000  # subjects regenerated together from one chunk seed

# Hash tags, so that each derived stream is independent of the others.
_T_PERSON, _T_ORG, _T_ROLES, _T_GROUP, _T_CONSENT = 1, 2, 3, 4, 5
_T_PCHUNK, _T_OCHUNK, _T_LISTING, _T_BASIC, _T_FAKER, _T_OFFSET = 6, 7, 8, 9, 10, 11

_MASK = (1 << 64) - 1


def _mix(*parts: int) -> int:
    """SplitMix64 over the parts: a cheap, stable per-index hash (``hash()`` is salted)."""
    h = 0x243F6A8885A308D3
    for part in parts:
        h = (h ^ (part & _MASK)) + 0x9E3779B97F4A7C15 & _MASK
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        h = (h ^ (h >> 27)) * 0x94D049BB133111EB & _MASK
        h ^= h >> 31
    return h
