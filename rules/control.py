"""Equity penetration (股权穿透): cumulative shares, the ultimate controller by equity and
the beneficial owners of an organization.

Art. 31 marks the legal representative, principal, *actual controller* and other directly
responsible persons of a listed organization; investigators need to see who stands behind
an organization through its holding chains to find them. These are pure functions over
dated holdings already filtered to one day (``asOf``).

Algorithm (stated so every figure can be checked by hand):

1. Parallel holdings of the same holder in the same organization on the day are added
   (two tranches are one holding), capped at 100 %.
2. Every *simple* upstream path from the organization to a holder is enumerated (depth
   first, a path never visits a subject twice). A path's share is the product of the
   shares along it; a holder's cumulative share is the sum over its simple paths, capped
   at 100 %. A cross-holding or cycle therefore adds each distinct route once and is
   never walked round again (no double counting, no infinite sums).
3. The ultimate controller by equity follows the majority holder (> 50 % direct share)
   upwards from the organization until a subject with no majority holder; control passes
   through a majority chain even when the multiplied share is lower.
4. Beneficial owners are the natural persons whose cumulative share reaches the reviewed
   threshold (``seed/data/beneficial_owner.toml``, 25 % by default).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

#: Simple paths longer than this are not followed (the synthetic city's chains are ≤ 6).
MAX_DEPTH = 10
#: Paths enumerated at most: beyond it the answer says it is truncated.
MAX_PATHS = 5_000
MAJORITY = 0.5


@dataclass(frozen=True)
class Holding:
    """``holder`` holds ``share`` (0, 1] of ``organization`` on the day considered."""

    holder: str
    organization: str
    share: float


@dataclass(frozen=True)
class OwnershipPath:
    """One simple path from a holder down to the organization: the subjects in order
    (holder first) and the share of each hop; ``share`` is their product."""

    subjects: tuple[str, ...]
    shares: tuple[float, ...]

    @property
    def share(self) -> float:
        product = 1.0
        for s in self.shares:
            product *= s
        return product


@dataclass
class HolderShare:
    """A holder's cumulative share and the paths that sum to it."""

    holder: str
    share: float = 0.0
    direct: float = 0.0
    paths: list[OwnershipPath] = field(default_factory=list)


@dataclass(frozen=True)
class Penetration:
    """Every upstream holder with its cumulative share; truncated when a bound was hit."""

    organization: str
    holders: tuple[HolderShare, ...]
    truncated: bool


def merge_holdings(holdings: Iterable[Holding]) -> dict[str, dict[str, float]]:
    """Organization → holder → share, parallel holdings added and capped at 1 (step 1)."""
    upstream: dict[str, dict[str, float]] = {}
    for h in holdings:
        if h.holder == h.organization or h.share <= 0:
            continue
        holders = upstream.setdefault(h.organization, {})
        holders[h.holder] = min(1.0, holders.get(h.holder, 0.0) + h.share)
    return upstream


def penetrate(
    organization: str,
    holdings: Iterable[Holding],
    max_depth: int = MAX_DEPTH,
    max_paths: int = MAX_PATHS,
) -> Penetration:
    """Cumulative shares of every upstream holder of ``organization`` (steps 1-2)."""
    upstream = merge_holdings(holdings)
    found: dict[str, HolderShare] = {}
    paths = 0
    truncated = False
    # Stack of (subject, path from it down to the organization, shares of those hops).
    stack: list[tuple[str, tuple[str, ...], tuple[float, ...]]] = [(organization, (), ())]
    while stack:
        current, below, shares = stack.pop()
        on_path = {current, *below}
        for holder, share in sorted(upstream.get(current, {}).items(), reverse=True):
            if holder in on_path:
                continue  # a cycle: this route is already counted once
            if paths >= max_paths:
                truncated = True
                break
            route = OwnershipPath((holder, current, *below), (share, *shares))
            entry = found.setdefault(holder, HolderShare(holder))
            entry.paths.append(route)
            entry.share = min(1.0, entry.share + route.share)
            if not below:
                entry.direct = share
            paths += 1
            if len(route.shares) < max_depth:
                stack.append((holder, (current, *below), (share, *shares)))
            elif holder in upstream:
                truncated = True
    ordered = sorted(found.values(), key=lambda h: (-h.share, h.holder))
    return Penetration(organization, tuple(ordered), truncated)


def majority_chain(organization: str, holdings: Iterable[Holding]) -> tuple[str, ...]:
    """Step 3: the organization, then each majority holder upwards; the last subject is
    the ultimate controller by equity (just the organization when nobody holds > 50 %)."""
    upstream = merge_holdings(holdings)
    chain = [organization]
    while True:
        holders = upstream.get(chain[-1], {})
        majority = [h for h, s in holders.items() if s > MAJORITY and h not in chain]
        if not majority:
            return tuple(chain)
        chain.append(majority[0])


def beneficial_owners(
    penetration: Penetration, persons: set[str], threshold: float
) -> list[HolderShare]:
    """Step 4: natural persons whose cumulative share reaches ``threshold``."""
    return [h for h in penetration.holders if h.holder in persons and h.share >= threshold]


def reviewed_threshold() -> float:
    """The beneficial-owner threshold as reviewed data (``seed/data/beneficial_owner.toml``)."""
    text = resources.files("seed.data").joinpath("beneficial_owner.toml").read_text("utf-8")
    value = float(tomllib.loads(text)["threshold"])
    if not 0 < value <= 1:
        raise ValueError(f"beneficial_owner.toml: threshold {value} is not in (0, 1]")
    return value
