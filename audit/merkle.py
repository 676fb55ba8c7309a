"""RFC 6962 Merkle tree hashing, proofs and proof verification (pure, no I/O).

The hashes are those of RFC 6962 section 2.1 (SHA-256, with the 0x00 / 0x01 prefixes
that keep a leaf from ever passing for an interior node), so proofs this log issues
verify with any Certificate Transparency library. Verification follows RFC 9162
sections 2.1.3.2 and 2.1.4.2, which check a proof without rebuilding the tree.

All functions take *leaf hashes* (``leaf_hash(data)``), never raw leaf data: the log
stores only hashes next to the tree, and entry bodies apart, so that a body can be
removed at the end of its retention while the tree still verifies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

#: Length of every hash in the tree (SHA-256).
HASH_SIZE = 32

#: The root of the empty tree: SHA-256 of the empty string (RFC 6962 section 2.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """MTH of a single leaf: SHA-256(0x00 ‖ data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): RFC 6962's ``k``."""
    return 1 << ((n - 1).bit_length() - 1)


def root(hashes: Sequence[bytes]) -> bytes:
    """MTH of the tree whose leaf hashes are ``hashes``.

    Pairing neighbours level by level and carrying a lone last node up unchanged builds
    the same tree as RFC 6962's recursive split, without recursion.
    """
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


class Tree:
    """Every perfect subtree root of a list of leaf hashes, for proofs at any tree size.

    Building it hashes each node once (n - 1 hashes); afterwards the root of any prefix
    and any inclusion or consistency proof takes O(log² n) look-ups. That matters when
    one pass checks many checkpoints against the same leaves.
    """

    def __init__(self, hashes: Sequence[bytes]):
        # levels[j][i] is the root of the perfect subtree of 2**j leaves starting at i * 2**j.
        self._levels: list[list[bytes]] = [list(hashes)]
        while len(self._levels[-1]) > 1:
            below = self._levels[-1]
            self._levels.append(
                [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            )

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def _parts(self, lo: int, hi: int) -> list[bytes]:
        """The perfect subtrees making up D[lo:hi], largest first.

        For a range RFC 6962's recursion visits (``lo`` a multiple of a power of two at
        least ``hi - lo``) these are the subtrees of the sizes of the set bits of
        ``hi - lo``, all of them nodes already in ``_levels``.
        """
        parts: list[bytes] = []
        while lo < hi:
            j = (hi - lo).bit_length() - 1
            parts.append(self._levels[j][lo >> j])
            lo += 1 << j
        return parts

    def _mth(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]), hi > lo: its perfect subtrees folded right to left (as a Frontier)."""
        parts = self._parts(lo, hi)
        acc = parts[-1]
        for h in reversed(parts[:-1]):
            acc = node_hash(h, acc)
        return acc

    def _check_size(self, size: int | None) -> int:
        n = self.size if size is None else size
        if not 0 <= n <= self.size:
            raise ValueError(f"a tree of {self.size} leaves has no prefix of {n} leaves")
        return n

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (all by default)."""
        n = self._check_size(size)
        return self._mth(0, n) if n else EMPTY_ROOT

    def frontier(self, size: int | None = None) -> Frontier:
        """The :class:`Frontier` of the first ``size`` leaves (all by default)."""
        n = self._check_size(size)
        return Frontier(n, tuple(self._parts(0, n)))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[size]) of RFC 6962 section 2.1.1."""
        n = self._check_size(size)
        if not 0 <= index < n:
            raise ValueError(f"leaf {index} is not in a tree of {n} leaves")
        proof: list[bytes] = []
        lo, hi = 0, n
        # Walk down from the root; the siblings come out root-first, the proof wants them
        # leaf-first.
        while hi - lo > 1:
            k = _split(hi - lo)
            if index < lo + k:
                proof.append(self._mth(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._mth(lo, lo + k))
                lo += k
        proof.reverse()
        return proof

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        """PROOF(old_size, D[size]) of RFC 6962 section 2.1.2 (empty for 0 and for size)."""
        n = self._check_size(size)
        if not 0 <= old_size <= n:
            raise ValueError(f"size {old_size} is not a prefix of a tree of {n} leaves")
        if old_size in (0, n):
            return []
        proof: list[bytes] = []
        lo, hi, m, whole = 0, n, old_size, True
        while m != hi - lo:
            k = _split(hi - lo)
            if m <= k:
                proof.append(self._mth(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._mth(lo, lo + k))
                lo, m, whole = lo + k, m - k, False
        if not whole:
            proof.append(self._mth(lo, hi))
        proof.reverse()
        return proof


def inclusion_proof(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PATH(index, D[n]) of RFC 6962 section 2.1.1, for a tree of ``len(hashes)`` leaves."""
    return Tree(hashes).inclusion_proof(index)


def consistency_proof(old_size: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PROOF(old_size, D[n]) of RFC 6962 section 2.1.2 (empty for 0 and for n itself)."""
    return Tree(hashes).consistency_proof(old_size)


def _well_formed(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``leaf`` (a leaf *hash*) is at ``index`` of the tree of ``size`` with ``root``.

    RFC 9162 section 2.1.3.2; a proof with a hash too many or too few fails.
    """
    if not 0 <= index < size or not _well_formed(leaf, root, *proof):
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether the tree of ``old_size`` with ``old_root`` is a prefix of the one of ``new_size``.

    RFC 9162 section 2.1.4.2. The edge cases follow transparency-dev/merkle: equal sizes
    need an empty proof and equal roots; the empty tree is a prefix of every tree.
    """
    if not 0 <= old_size <= new_size or not _well_formed(old_root, new_root, *proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        # A power-of-two old tree is itself a node of the new one: the proof omits it.
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


@dataclass(frozen=True)
class Frontier:
    """The roots of the perfect subtrees that make up a tree of ``size`` leaves.

    One root per set bit of ``size``, largest (leftmost) first: O(log n) hashes are all
    the sequencer needs to append a leaf and compute the new root, so an append never
    reads the leaves already in the log.
    """

    size: int = 0
    subtrees: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError(f"a tree cannot have {self.size} leaves")
        if len(self.subtrees) != self.size.bit_count():
            raise ValueError(
                f"a frontier of size {self.size} has {self.size.bit_count()} subtree roots, "
                f"not {len(self.subtrees)}"
            )
        if not _well_formed(*self.subtrees):
            raise ValueError(f"frontier subtree roots must be {HASH_SIZE}-byte hashes")

    @classmethod
    def of(cls, hashes: Sequence[bytes]) -> Frontier:
        """The frontier of the tree whose leaf hashes are ``hashes``."""
        frontier = cls()
        for h in hashes:
            frontier = frontier.append(h)
        return frontier

    def append(self, leaf_hash: bytes) -> Frontier:
        """The frontier after appending one leaf hash.

        Appending merges the trailing subtrees of equal size, exactly as adding 1 to the
        size carries through its trailing one bits.
        """
        stack = list(self.subtrees)
        carry = leaf_hash
        n = self.size
        while n & 1:
            carry = node_hash(stack.pop(), carry)
            n >>= 1
        stack.append(carry)
        return Frontier(self.size + 1, tuple(stack))

    def root(self) -> bytes:
        """MTH of the whole tree: the subtree roots folded right to left."""
        if not self.subtrees:
            return EMPTY_ROOT
        acc = self.subtrees[-1]
        for h in reversed(self.subtrees[:-1]):
            acc = node_hash(h, acc)
        return acc
