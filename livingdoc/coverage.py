"""The coverage gate: every operational article is encoded by a passing scenario.

Pure functions over scenario results, so the rules can be tested without running
pytest. A gap is one reason the full feature suite must fail:

- an ``op`` article has no passing scenario and is not listed as pending;
- a scenario carries no ``@art_N`` tag (feature tags count for its scenarios);
- a tag names an article outside 1..58 (``@art_0``, ``@art_99``, ``@art_031``);
- a pending article already has a passing scenario (take it off the list), or the
  pending list names an article that is not operational.

``data/pending.toml`` lists the op articles still awaiting scenarios, each with a
reason; it can only shrink, because an entry that is no longer true fails the gate.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from livingdoc.articles import ARTICLE_COUNT, DATA_DIR
from livingdoc.results import ScenarioResult

PENDING_TOML = DATA_DIR / "pending.toml"
ARTICLES = range(1, ARTICLE_COUNT + 1)
_ART_TAG = re.compile(r"@?art_(.*)")
_CANONICAL = re.compile(r"[1-9][0-9]*")

GapKind = Literal["uncovered", "untagged", "unknown_article", "pending_covered", "pending_not_op"]


@dataclass(frozen=True)
class Gap:
    """One thing the gate refuses, said so that a person can fix it."""

    kind: GapKind
    message: str
    article: int | None = None
    scenario: str | None = None


def article_tags(
    tags: Iterable[str], articles: Collection[int] = ARTICLES
) -> tuple[set[int], set[str]]:
    """The articles a scenario's tags name, and the ``art_`` tags that name none."""
    named: set[int] = set()
    unknown: set[str] = set()
    for tag in tags:
        match = _ART_TAG.fullmatch(tag)
        if match is None:
            continue
        if _CANONICAL.fullmatch(match[1]) and int(match[1]) in articles:
            named.add(int(match[1]))
        else:
            unknown.add(tag.removeprefix("@"))
    return named, unknown


def passing_by_article(scenarios: Iterable[ScenarioResult]) -> dict[int, list[ScenarioResult]]:
    """For each article, the passing scenarios tagged with it."""
    found: dict[int, list[ScenarioResult]] = {}
    for scenario in scenarios:
        if scenario.status == "passed":
            for article in article_tags(scenario.tags)[0]:
                found.setdefault(article, []).append(scenario)
    return found


def load_pending(path: Path = PENDING_TOML) -> dict[int, str]:
    """Pending op articles and why each still waits, from ``pending.toml``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pending: dict[int, str] = {}
    for entry in cast(list[dict[str, Any]], data.get("pending", [])):
        article, reason = int(entry["article"]), str(entry.get("reason", "")).strip()
        if article in pending or not reason:
            raise ValueError(f"{path}: article {article} is listed twice or without a reason")
        pending[article] = reason
    return pending


def gaps(
    operational: Collection[int],
    scenarios: Iterable[ScenarioResult],
    pending: Mapping[int, str],
    articles: Collection[int] = ARTICLES,
) -> list[Gap]:
    """Everything that fails the gate, in a stable order (articles first)."""
    scenarios = list(scenarios)
    found: list[Gap] = []
    passing = passing_by_article(scenarios)
    for article in sorted(operational):
        if article not in passing and article not in pending:
            found.append(
                Gap(
                    "uncovered",
                    f"Art. {article} is operational but no scenario tagged @art_{article} passed",
                    article=article,
                )
            )
    for article in sorted(pending):
        if article not in operational:
            found.append(
                Gap(
                    "pending_not_op",
                    f"Art. {article} is in pending.toml but is not an operational article",
                    article=article,
                )
            )
        elif article in passing:
            labels = list(dict.fromkeys(s.label for s in passing[article]))
            more = f" and {len(labels) - 1} more" if len(labels) > 1 else ""
            found.append(
                Gap(
                    "pending_covered",
                    f"Art. {article} is in pending.toml but has a passing scenario "
                    f"({labels[0]}{more}): remove it from livingdoc/data/pending.toml",
                    article=article,
                )
            )
    for scenario in scenarios:
        named, unknown = article_tags(scenario.tags, articles)
        if not named and not unknown:
            found.append(
                Gap(
                    "untagged",
                    f"{scenario.label} carries no @art_N tag",
                    scenario=scenario.label,
                )
            )
        for tag in sorted(unknown):
            found.append(
                Gap(
                    "unknown_article",
                    f"{scenario.label} is tagged @{tag}, which names no article 1..{max(articles)}",
                    scenario=scenario.label,
                )
            )
    return found


@dataclass(frozen=True)
class Summary:
    """The coverage figure: op articles with a passing scenario, out of all op articles."""

    covered: tuple[int, ...]
    pending: tuple[int, ...]
    missing: tuple[int, ...]
    operational: int

    @property
    def figure(self) -> str:
        """E.g. ``28/42``."""
        return f"{len(self.covered)}/{self.operational}"


def summarize(
    operational: Collection[int], scenarios: Iterable[ScenarioResult], pending: Mapping[int, str]
) -> Summary:
    """Covered, pending (and not covered) and missing op articles."""
    passing = passing_by_article(scenarios)
    ops = sorted(operational)
    return Summary(
        covered=tuple(a for a in ops if a in passing),
        pending=tuple(a for a in ops if a in pending and a not in passing),
        missing=tuple(a for a in ops if a not in pending and a not in passing),
        operational=len(ops),
    )
