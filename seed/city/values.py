"""Record contents: one record's field values, drawn per item, sector and date, and the
Art. 16 basis document a dishonesty record rests on."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from datetime import date, timedelta

from core.submission import CIRCUMSTANCES, BasisDocumentIn, RecordIn, SubjectRef
from seed.city.consents import _Consents
from seed.city.reference import _Field, _Item, _Provider
from seed.city.vocabulary import (
    _ABBR,
    _DECIMALS,
    _EARLIER_DATES,
    _INTS,
    _LATER_DATES,
    _LAWS,
    _LICENCES,
    _TEXT,
    _VIOLATIONS,
    _YEAR_FIELDS,
)


class _Values(_Consents):
    """World layer: building one record (fields, basis document, circumstances)."""

    # -- records

    def _basis(
        self, item: _Item, provider: _Provider, on: date, serial: str, act: str | None
    ) -> BasisDocumentIn:
        """The Art. 16 document a dishonesty record rests on, matching its kind (and, for
        Art. 15 item 1, the administrative act the record describes)."""
        sector, y = provider.sector, on.year
        authority = self.ref.authorities.get(sector, provider.name)
        abbr = _ABBR.get(sector, "市")
        if sector == "COURT":
            return BasisDocumentIn("JUDGMENT", f"（{y}）市法民初字第{serial}号", authority, on)
        if item.art15 == 5:
            number = f"市劳人仲案字〔{y}〕{serial}号"
            return BasisDocumentIn("ARBITRAL_AWARD", number, "市劳动人事争议仲裁委员会", on)
        if item.art15 == 1:
            if act != "行政裁决":
                return BasisDocumentIn(
                    "ADMIN_ENFORCEMENT", f"{abbr}强决〔{y}〕{serial}号", authority, on
                )
            return BasisDocumentIn(
                "ADMIN_ADJUDICATION", f"{abbr}裁〔{y}〕{serial}号", authority, on
            )
        if item.art15 in (2, 4):
            legal = (
                "《市社会信用条例》第十五条第二项、第三十二条；国家关于建立健全信用承诺制度的有关文件"
                if item.art15 == 2
                else "《市社会信用条例》第十五条第四项；相关行业执业行为规范"
            )
            number = f"{abbr}信认〔{y}〕{serial}号"
            return BasisDocumentIn("OTHER_LEGAL", number, authority, on, legal_basis=legal)
        return BasisDocumentIn("ADMIN_PENALTY", f"{abbr}罚〔{y}〕{serial}号", authority, on)

    def _value(
        self,
        rng: random.Random,
        item: _Item,
        fld: _Field,
        provider: _Provider,
        on: date,
        earliest: date,
        serial: str,
        ctx: dict[str, str],
    ) -> object:
        name, sector = fld.name, provider.sector
        if fld.type == "date":
            if name in _LATER_DATES:
                return on + timedelta(days=rng.randrange(90, 1_096))
            if name in _EARLIER_DATES:
                return max(earliest, on - timedelta(days=rng.randrange(30, 1_500)))
            return on
        if fld.type == "decimal":
            lo, hi, log = _DECIMALS.get(name, (100, 100_000, True))
            x = math.exp(rng.uniform(math.log(lo), math.log(hi))) if log else rng.uniform(lo, hi)
            return f"{x:.2f}"
        if fld.type == "int":
            if name in _YEAR_FIELDS:
                return on.year + _YEAR_FIELDS[name]
            if name == "volumeMl":
                return rng.choice((200, 300, 400))
            return rng.randint(*_INTS.get(name, (1, 10)))
        if fld.type == "bool":
            return rng.random() < 0.85
        # strings
        if name in ("violationFacts", "caseName"):
            facts = ctx.setdefault(
                "violation", rng.choice(_VIOLATIONS.get(sector, ("违反有关法律法规规定",)))
            )
            return facts if name == "violationFacts" else f"涉嫌{facts}案"
        if name == "legalProvision":
            return _LAWS.get(sector, "相关法律法规")
        if name in ("awardedBy", "executionCourt"):
            return provider.name
        if name == "caseNumber":
            return f"（{on.year}）市执字第{serial}号"
        if name in ("licenceName", "licenceContent"):
            licence = _LICENCES.get(sector, "行政许可决定书")
            return licence if name == "licenceName" else f"准予{licence}载明的许可事项"
        if name == "licenceNumber":
            return f"{_ABBR.get(sector, '市')}许〔{on.year}〕{serial}号"
        if name == "accountType":
            return ctx.get("account", "居民用户")
        if name == "actType":
            ctx["act"] = rng.choice(_TEXT[name])
            return ctx["act"]
        choices = (
            _TEXT.get(f"{item.code}.{name}")
            or _TEXT.get(f"{sector}.{name}")
            or _TEXT.get(f"{ctx.get('act')}.{name}")
            or _TEXT.get(name)
        )
        return rng.choice(choices) if choices else f"{fld.label}（模拟）"

    def record(
        self,
        rng: random.Random,
        item: _Item,
        provider: _Provider,
        subject: SubjectRef,
        on: date,
        earliest: date,
        source_id: str,
        serial: str,
        overrides: Mapping[str, object] | None = None,
        allow_circumstances: bool = True,
        circumstance: str | None = None,
    ) -> RecordIn:
        """One record whose fields are exactly the item's (optional ones sometimes left out).

        Dishonesty records carry their Art. 16 basis document; about 0.5 % of them (and
        ``circumstance`` when given) declare an Art. 16 third-paragraph circumstance.
        """
        ctx = {"account": "居民用户" if subject.id_type != "USCC" else "非居民用户"}
        given = overrides or {}
        values: dict[str, object] = {}
        for fld in item.fields:
            if fld.name in given:
                values[fld.name] = given[fld.name]
            elif fld.required or rng.random() < 0.85:
                values[fld.name] = self._value(rng, item, fld, provider, on, earliest, serial, ctx)
        basis = None
        circumstances: frozenset[str] = frozenset()
        if item.kind == "DISHONEST":
            act = values.get("actType")
            basis = self._basis(item, provider, on, serial, act if isinstance(act, str) else None)
            if circumstance is not None:
                circumstances = frozenset({circumstance})
            elif allow_circumstances and rng.random() < 0.005:
                circumstances = frozenset({rng.choice(CIRCUMSTANCES)})
        return RecordIn(source_id, item.code, subject, on, values, basis, circumstances)
