"""The derived subjects: a person or an organization, a pure function of ``(seed, index)``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.submission import SubjectRef


@dataclass(frozen=True)
class _Person:
    index: int
    ref: SubjectRef
    birth: date
    gender: str
    region: str | None


@dataclass(frozen=True)
class _Org:
    index: int
    ref: SubjectRef
    registered_on: date
    authority: str  # first USCC character (registration authority)
    org_kind: str  # Chinese organization type
    industry: int
    region: str
    group_position: int | None

    @property
    def is_company(self) -> bool:
        """A market-registered company that can have shareholders and own others."""
        return self.authority == "9" and self.org_kind in ("有限责任公司", "股份有限公司")
