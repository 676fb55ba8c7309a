"""The fast canonical path is byte for byte RFC 8785 (the rfc8785 package is the oracle)."""

from __future__ import annotations

import random
from typing import Any

import rfc8785

from audit.canonical import canonical_bytes

ALPHABET = [chr(c) for c in range(0, 0x80)] + list("信用主体异议\u2028\u2029\ufeff\U0001f600é")


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randint(0, 6 if depth < 3 else 3)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return rng.randint(-(2**53), 2**53)
    if kind == 2:
        return rng.choice([None, True, False])
    if kind == 3:
        return rng.randint(-1000, 1000)
    if kind in (4, 5):
        return {
            "".join(rng.choice("abcdefgXYZ_09") for _ in range(rng.randint(1, 6))): _value(
                rng, depth + 1
            )
            for _ in range(rng.randint(0, 5))
        }
    return [_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]


def test_fast_path_equals_rfc8785() -> None:
    rng = random.Random(8785)
    for _ in range(3000):
        entry = {"k": _value(rng), "subjects": [_text(rng)], "n": rng.randint(0, 10)}
        assert canonical_bytes(entry) == rfc8785.dumps(entry), entry


def test_floats_and_non_ascii_keys_take_the_reference_path() -> None:
    for entry in ({"x": 1.5, "y": 1e21}, {"键": 1, "a": 2}, {"\U0001f600": 1, "\ufb01": 2}):
        assert canonical_bytes(entry) == rfc8785.dumps(entry)
