"""Pure tests of the audit log's building blocks: canonical JSON, the RFC 6962 tree and
its proofs (against the published CT vectors and a naive transcription of the RFC), the
append frontier, and signed checkpoints."""

from __future__ import annotations

import hashlib
import math
import stat
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.canonical import AuditEntryInvalid, canonical_bytes
from audit.checkpoint import (
    key_id,
    load_or_create_key,
    sign_checkpoint,
    verify_checkpoint,
)
from audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    Tree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# The leaf inputs and roots of the certificate-transparency / transparency-dev test data.
VECTOR_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
VECTOR_ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
VECTOR_INCLUSION = {
    (0, 1): [],
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}
VECTOR_CONSISTENCY = {
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


# A naive transcription of RFC 6962 section 2.1, recursion and slicing as written there.
def naive_mth(d: Sequence[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\x01" + naive_mth(d[:k]) + naive_mth(d[k:])).digest()


def naive_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m < k:
        return [*naive_path(m, d[:k]), naive_mth(d[k:])]
    return [*naive_path(m - k, d[k:]), naive_mth(d[:k])]


def naive_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [naive_mth(d)]
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m <= k:
        return [*naive_subproof(m, d[:k], b), naive_mth(d[k:])]
    return [*naive_subproof(m - k, d[k:], False), naive_mth(d[:k])]


def leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(2, "big")) for i in range(n)]


def flipped(h: bytes) -> bytes:
    return bytes([h[0] ^ 1]) + h[1:]


# --- vectors ------------------------------------------------------------------------


def test_hashes_are_domain_separated() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT


def test_roots_match_the_ct_vectors() -> None:
    hashes = [leaf_hash(d) for d in VECTOR_LEAVES]
    for size, want in enumerate(VECTOR_ROOTS):
        assert root(hashes[:size]) == want, size
        assert Tree(hashes).root(size) == want, size
        assert Frontier.of(hashes[:size]).root() == want, size
        assert naive_mth(hashes[:size]) == want, size
    assert root(hashes).hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"


def test_inclusion_proofs_match_the_ct_vectors() -> None:
    hashes = [leaf_hash(d) for d in VECTOR_LEAVES]
    for (index, size), want in VECTOR_INCLUSION.items():
        proof = inclusion_proof(index, hashes[:size])
        assert [p.hex() for p in proof] == want
        assert verify_inclusion(hashes[index], index, size, proof, VECTOR_ROOTS[size])


def test_consistency_proofs_match_the_ct_vectors() -> None:
    hashes = [leaf_hash(d) for d in VECTOR_LEAVES]
    for (m, n), want in VECTOR_CONSISTENCY.items():
        proof = consistency_proof(m, hashes[:n])
        assert [p.hex() for p in proof] == want
        assert verify_consistency(m, n, VECTOR_ROOTS[m], VECTOR_ROOTS[n], proof)


# --- every shape up to 20 leaves, against the naive RFC transcription --------------


def test_inclusion_for_every_leaf_of_every_size_up_to_20() -> None:
    all_hashes = leaves(20)
    for n in range(1, 21):
        hashes = all_hashes[:n]
        tree_root = naive_mth(hashes)
        assert root(hashes) == tree_root
        for i in range(n):
            proof = inclusion_proof(i, hashes)
            assert proof == naive_path(i, hashes), (i, n)
            assert verify_inclusion(hashes[i], i, n, proof, tree_root), (i, n)


def test_consistency_for_every_pair_of_sizes_up_to_20() -> None:
    all_hashes = leaves(20)
    for n in range(0, 21):
        hashes = all_hashes[:n]
        new_root = naive_mth(hashes)
        for m in range(0, n + 1):
            proof = consistency_proof(m, hashes)
            want = naive_subproof(m, hashes, True) if 0 < m < n else []
            assert proof == want, (m, n)
            assert verify_consistency(m, n, naive_mth(hashes[:m]), new_root, proof), (m, n)


def test_tree_serves_proofs_for_every_prefix() -> None:
    hashes = leaves(20)
    tree = Tree(hashes)
    for n in range(1, 21):
        assert tree.inclusion_proof(n - 1, n) == naive_path(n - 1, hashes[:n])
        assert tree.consistency_proof(n // 2, n) == consistency_proof(n // 2, hashes[:n])
        assert tree.frontier(n) == Frontier.of(hashes[:n])


# --- tampering ------------------------------------------------------------------------


def test_tampered_inclusion_proofs_fail() -> None:
    hashes = leaves(13)
    tree_root = root(hashes)
    for i in range(13):
        proof = inclusion_proof(i, hashes)
        assert not verify_inclusion(flipped(hashes[i]), i, 13, proof, tree_root)
        assert not verify_inclusion(hashes[i], i, 13, proof, flipped(tree_root))
        assert not verify_inclusion(hashes[i], i, 13, [*proof, hashes[0]], tree_root)
        assert not verify_inclusion(hashes[i], i, 13, proof[:-1], tree_root)
        assert not verify_inclusion(hashes[i], (i + 1) % 13, 13, proof, tree_root)
        # A size whose tree is deeper needs a longer path (a size of the same shape, e.g.
        # 14 for leaf 0, does verify: the root, not the size, is what the path binds).
        assert not verify_inclusion(hashes[i], i, 32, proof, tree_root)
        for j in range(len(proof)):
            bad = [*proof[:j], flipped(proof[j]), *proof[j + 1 :]]
            assert not verify_inclusion(hashes[i], i, 13, bad, tree_root), (i, j)
    # Malformed arguments are refused, not crashed on.
    assert not verify_inclusion(hashes[0], 13, 13, [], tree_root)
    assert not verify_inclusion(hashes[0], -1, 13, [], tree_root)
    assert not verify_inclusion(hashes[0], 0, 0, [], EMPTY_ROOT)
    assert not verify_inclusion(hashes[0][:31], 0, 1, [], hashes[0][:31])


def test_tampered_consistency_proofs_fail() -> None:
    hashes = leaves(17)
    new_root = root(hashes)
    for m in range(1, 17):
        old_root = root(hashes[:m])
        proof = consistency_proof(m, hashes)
        assert not verify_consistency(m, 17, flipped(old_root), new_root, proof), m
        assert not verify_consistency(m, 17, old_root, flipped(new_root), proof), m
        assert not verify_consistency(m, 17, old_root, new_root, [*proof, hashes[0]]), m
        assert not verify_consistency(m, 17, old_root, new_root, proof[:-1]), m
        assert not verify_consistency(m + 1, 17, old_root, new_root, proof), m
        for j in range(len(proof)):
            bad = [*proof[:j], flipped(proof[j]), *proof[j + 1 :]]
            assert not verify_consistency(m, 17, old_root, new_root, bad), (m, j)
    # A rewritten old entry: the new tree is no longer an extension of the old one.
    rewritten = [hashes[0], flipped(hashes[1]), *hashes[2:]]
    proof = consistency_proof(4, rewritten)
    assert not verify_consistency(4, 17, root(hashes[:4]), root(rewritten), proof)
    # Edge cases (as transparency-dev/merkle treats them).
    assert verify_consistency(5, 5, root(hashes[:5]), root(hashes[:5]), [])
    assert not verify_consistency(5, 5, root(hashes[:5]), root(hashes[:5]), [hashes[0]])
    assert not verify_consistency(5, 5, root(hashes[:5]), new_root, [])
    assert verify_consistency(0, 17, EMPTY_ROOT, new_root, [])
    assert not verify_consistency(0, 17, EMPTY_ROOT, new_root, [hashes[0]])
    assert not verify_consistency(6, 5, new_root, new_root, [hashes[0]])
    assert not verify_consistency(2, 5, root(hashes[:2]), root(hashes[:5]), [])


def test_proofs_refuse_indexes_outside_the_tree() -> None:
    hashes = leaves(4)
    with pytest.raises(ValueError):
        inclusion_proof(4, hashes)
    with pytest.raises(ValueError):
        consistency_proof(5, hashes)
    with pytest.raises(ValueError):
        Tree(hashes).root(5)


# --- frontier -------------------------------------------------------------------------


def test_frontier_root_equals_tree_root_for_sizes_0_to_64() -> None:
    hashes = leaves(64)
    frontier = Frontier()
    assert frontier.root() == EMPTY_ROOT
    for n in range(1, 65):
        frontier = frontier.append(hashes[n - 1])
        assert frontier.size == n
        assert len(frontier.subtrees) == n.bit_count()
        assert frontier.root() == naive_mth(hashes[:n]), n
        assert frontier == Tree(hashes).frontier(n)


def test_frontier_refuses_a_shape_that_does_not_match_its_size() -> None:
    with pytest.raises(ValueError):
        Frontier(3, (EMPTY_ROOT,))
    with pytest.raises(ValueError):
        Frontier(1, (b"short",))


# --- canonical JSON -------------------------------------------------------------------


def test_canonical_bytes_sort_keys_and_normalize_numbers() -> None:
    entry = {"b": 1, "a": [1.0, 1e21, "é"], "c": {"z": None, "y": True}}
    assert canonical_bytes(entry) == '{"a":[1,1e+21,"é"],"b":1,"c":{"y":true,"z":null}}'.encode()
    assert canonical_bytes({"b": 1, "a": 2}) == canonical_bytes({"a": 2, "b": 1})


def test_canonical_bytes_write_dates_as_iso_utc() -> None:
    beijing = timezone(timedelta(hours=8))
    entry = {"on": date(2026, 11, 20), "at": datetime(2026, 11, 20, 9, 30, tzinfo=beijing)}
    assert canonical_bytes(entry) == b'{"at":"2026-11-20T01:30:00Z","on":"2026-11-20"}'
    assert canonical_bytes({"at": datetime(2026, 11, 20, 1, 30, tzinfo=UTC)}) == (
        b'{"at":"2026-11-20T01:30:00Z"}'
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, "NaN"),
        (math.inf, "infinity"),
        (-math.inf, "infinity"),
        (datetime(2026, 11, 20, 9, 30), "no time zone"),
        (Decimal("1.5"), "Decimal"),
        (b"bytes", "bytes"),
        ({1, 2}, "set"),
        (2**60, "canonicalized"),
    ],
)
def test_canonical_bytes_refuse_values_without_one_json_form(value: object, message: str) -> None:
    with pytest.raises(AuditEntryInvalid, match=message) as caught:
        canonical_bytes({"fields": [{"x": value}]})
    assert caught.value.code == "AUDIT_ENTRY_INVALID"


# --- checkpoints ----------------------------------------------------------------------


def test_checkpoint_signs_and_verifies() -> None:
    key = Ed25519PrivateKey.generate()
    cp = sign_checkpoint(key, "credit.example/audit", 8, VECTOR_ROOTS[8], "2026-11-20T01:30:00Z")
    assert cp.key_id == key_id(key.public_key())
    assert len(cp.key_id) == 16
    assert verify_checkpoint(key.public_key(), cp)
    # The signed message is the JCS of the four fields, which anyone can rebuild.
    message = (
        b'{"origin":"credit.example/audit","root":"' + VECTOR_ROOTS[8].hex().encode() + b'",'
        b'"size":8,"timestamp":"2026-11-20T01:30:00Z"}'
    )
    key.public_key().verify(cp.signature, message)
    stamped = sign_checkpoint(key, "o", 0, EMPTY_ROOT, datetime(2026, 1, 1, tzinfo=UTC))
    assert stamped.timestamp == "2026-01-01T00:00:00Z"


def test_tampered_checkpoint_fails() -> None:
    key = Ed25519PrivateKey.generate()
    cp = sign_checkpoint(key, "origin", 8, VECTOR_ROOTS[8], "2026-11-20T01:30:00Z")
    public = key.public_key()
    assert not verify_checkpoint(public, replace(cp, size=7))
    assert not verify_checkpoint(public, replace(cp, root=VECTOR_ROOTS[7]))
    assert not verify_checkpoint(public, replace(cp, origin="elsewhere"))
    assert not verify_checkpoint(public, replace(cp, timestamp="2026-11-21T01:30:00Z"))
    assert not verify_checkpoint(public, replace(cp, signature=flipped(cp.signature)))
    other = Ed25519PrivateKey.generate().public_key()
    assert not verify_checkpoint(other, cp)
    assert not verify_checkpoint(other, replace(cp, key_id=key_id(other)))


def test_key_file_is_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "audit" / "signing.pem"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    again = load_or_create_key(path)
    assert key_id(again.public_key()) == key_id(key.public_key())
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]  # no temporary left
