"""Unit tests of the pure regulation rules (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from core.submission import BasisDocumentIn, ConsentIn, RoleIn, SubjectRef
from rules import catalog, collection, consent, dishonesty, identifiers, roles, subjects, temporal
from rules.catalog import CatalogItem, CatalogVersion, FieldSpec
from rules.measures import Measure, check_measure
from tests import builders


def _item(**changes: object) -> CatalogItem:
    base = CatalogItem(
        code="L-X",
        version=2026,
        name="x",
        scope="LOCAL",
        family="PUBLIC",
        kind="DISHONEST",
        subject_types=("PERSON",),
        provider_sectors=("MARKET",),
        provider_kinds=(),
        public=True,
        shared=True,
        share_sectors=("*",),
        publicity_months=12,
        retention_months=60,
        consent_only=False,
        on_repair="MARK",
        fields=(FieldSpec("summary", "摘要", "string", required=True),),
        art15_category=1,
    )
    return CatalogItem(**{**base.__dict__, **changes})  # type: ignore[arg-type]


class TestIdentifiers:
    def test_valid_citizen_id(self) -> None:
        assert identifiers.check_citizen_id(builders.citizen_id(date(1990, 1, 2))) is None

    def test_wrong_check_digit(self) -> None:
        bad = builders.break_check_digit(builders.citizen_id(date(1990, 1, 2)))
        assert identifiers.check_citizen_id(bad) == "wrong check digit"

    def test_impossible_birth_date(self) -> None:
        body = "11010519901332001"
        from stdnum.cn import ric

        assert identifiers.check_citizen_id(body + ric.calc_check_digit(body + "0")) is not None

    def test_unknown_region(self) -> None:
        from stdnum.cn import ric

        body = "99999919900101001"
        assert identifiers.check_citizen_id(body + ric.calc_check_digit(body + "0")) is not None

    @pytest.mark.parametrize("authority", ["9", "5", "A", "N", "Y"])
    def test_uscc_authorities(self, authority: str) -> None:
        assert identifiers.check_uscc(builders.uscc_code(authority)) is None

    def test_uscc_wrong_check(self) -> None:
        assert identifiers.check_uscc(builders.break_check_digit(builders.uscc_code())) is not None

    def test_uscc_forbidden_letters(self) -> None:
        assert identifiers.check_uscc("91110105MA0000O01X") is not None

    def test_subject_unknown_type(self) -> None:
        v = identifiers.check_subject(SubjectRef("CAR", "京A12345", "x"))
        assert v is not None and v.code == "UNKNOWN_ID_TYPE" and v.article == 2

    def test_subject_passport(self) -> None:
        assert identifiers.check_subject(SubjectRef("PASSPORT", "E12345678", "x")) is None

    def test_subject_key_normalizes(self) -> None:
        assert identifiers.subject_key(SubjectRef("USCC", "91 1101-05", "x")) == "USCC:91110105"


class TestSubjects:
    def test_ages(self) -> None:
        ref = SubjectRef("RIC", builders.citizen_id(date(2009, 6, 1)), "x")
        assert subjects.is_minor_below_credit_age(ref, date(2025, 5, 31))
        assert not subjects.is_minor_below_credit_age(ref, date(2025, 6, 1))
        assert subjects.is_minor_16_to_18(ref, date(2025, 6, 1))
        assert not subjects.is_minor_16_to_18(ref, date(2027, 6, 1))

    def test_unknown_birth_for_passport(self) -> None:
        assert subjects.birth_date(SubjectRef("PASSPORT", "E1", "x")) is None


class TestCatalog:
    def test_local_dishonesty_needs_art15_category(self) -> None:
        assert [v.code for v in catalog.check_item(_item(art15_category=None))] == [
            "LOCAL_ITEM_OUTSIDE_ART15"
        ]
        assert catalog.check_item(_item(art15_category=6)) == []
        assert catalog.check_item(_item(art15_category=7))[0].article == 15

    def test_national_dishonesty_needs_no_category(self) -> None:
        assert catalog.check_item(_item(scope="NATIONAL", art15_category=None)) == []

    def test_forbidden_field_in_catalog(self) -> None:
        item = _item(fields=(FieldSpec("bloodType", "血型", "string"),))
        assert [v.code for v in catalog.check_item(item)] == ["FORBIDDEN_CATEGORY"]

    def test_reserved_field_name(self) -> None:
        item = _item(fields=(FieldSpec("status", "状态", "string"),))
        assert [v.code for v in catalog.check_item(item)] == ["INVALID_CATALOG_ITEM"]

    def test_version_in_force(self) -> None:
        versions = [CatalogVersion(2025, date(2025, 1, 1)), CatalogVersion(2026, date(2026, 1, 1))]
        assert catalog.version_in_force(versions, date(2025, 12, 31)) == versions[0]
        assert catalog.version_in_force(versions, date(2026, 1, 1)) == versions[1]
        assert catalog.version_in_force(versions, date(2020, 1, 1)) == versions[0]
        assert catalog.version_in_force([], date(2020, 1, 1)) is None

    def test_duplicate_item(self) -> None:
        assert [v.code for v in catalog.check_catalog([_item(), _item()])] == [
            "DUPLICATE_CATALOG_ITEM"
        ]


class TestCollection:
    @pytest.mark.parametrize(
        "name", ["religion", "Religious_Belief", "DNA", "fingerprintImage", "blood-type",
                 "血型", "illness", "medical_history", "宗教信仰", "病史"]
    )  # fmt: skip
    def test_forbidden(self, name: str) -> None:
        assert collection.forbidden_category(name) is not None

    @pytest.mark.parametrize("name", ["amount", "penaltyType", "name", "address"])
    def test_allowed(self, name: str) -> None:
        assert collection.forbidden_category(name) is None

    def test_consent_needed_unless_public_body(self) -> None:
        market = collection.Provider("M", "m", "MARKET", "CREDIT_SERVICE", "FINANCE", False)
        public = collection.Provider("P", "p", "PUBLIC", "STATE_ORGAN", "TAX", True)
        assert collection.needs_written_consent(market, {"INCOME"})
        assert not collection.needs_written_consent(public, {"TAX_AMOUNT"})
        assert not collection.needs_written_consent(market, set())

    def test_coerce(self) -> None:
        assert collection.coerce_value(FieldSpec("a", "a", "decimal"), "12.5") == 12.5
        assert collection.coerce_value(FieldSpec("a", "a", "date"), "2026-01-02") == date(
            2026, 1, 2
        )
        for spec, bad in [("int", "x"), ("bool", 1), ("decimal", "abc"), ("string", 3),
                          ("decimal", True), ("date", 5)]:  # fmt: skip
            with pytest.raises(ValueError):
                collection.coerce_value(FieldSpec("a", "a", spec), bad)


class TestDishonesty:
    def _basis(self, **changes: object) -> BasisDocumentIn:
        base = BasisDocumentIn("ADMIN_PENALTY", "罚〔2026〕1号", "市测试局", date(2026, 3, 1))
        return BasisDocumentIn(**{**base.__dict__, **changes})  # type: ignore[arg-type]

    def test_basis_rules(self) -> None:
        on = date(2026, 2, 1)
        assert dishonesty.basis_problem(self._basis(), on) is None
        assert dishonesty.basis_problem(None, on) is not None
        assert dishonesty.basis_problem(self._basis(type="MEMO"), on) is not None
        assert dishonesty.basis_problem(self._basis(type="OTHER_LEGAL"), on) is not None
        assert (
            dishonesty.basis_problem(self._basis(type="OTHER_LEGAL", legal_basis="法"), on) is None
        )
        assert dishonesty.basis_problem(self._basis(number=" "), on) is not None
        assert dishonesty.basis_problem(self._basis(issued_on=date(2026, 1, 1)), on) is not None


class TestTemporal:
    def test_predates(self) -> None:
        assert temporal.predates_regulation(date(2021, 12, 31))
        assert not temporal.predates_regulation(date(2022, 1, 1))

    def test_add_months_clamps(self) -> None:
        assert temporal.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
        assert temporal.add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
        assert temporal.period_end(date(2026, 1, 1), 0) is None


class TestRolesAndConsent:
    def test_role_rules(self) -> None:
        org = builders.organization()
        ok = RoleIn("r1", builders.person(), org, "DIRECTOR_OF", date(2020, 1, 1))
        assert roles.check_role(ok, 0) == []
        bad_share = RoleIn("r2", org, builders.organization(), "SHAREHOLDER_OF", date(2020, 1, 1))
        assert [v.field for v in roles.check_role(bad_share, 0)] == ["share"]
        org_director = RoleIn("r3", org, builders.organization(), "DIRECTOR_OF", date(2020, 1, 1))
        assert [v.field for v in roles.check_role(org_director, 0)] == ["holder"]
        backwards = RoleIn("r4", builders.person(), org, "PRINCIPAL_OF", date(2020, 1, 1),
                           date(2019, 1, 1))  # fmt: skip
        assert [v.field for v in roles.check_role(backwards, 0)] == ["end"]

    def test_consent_not_lifelong(self) -> None:
        c = ConsentIn("c", builders.person(), "M", frozenset({"INCOME"}), date(2026, 1, 1),
                      date(2099, 1, 1), "书面同意书")  # fmt: skip
        assert [v.code for v in consent.check_consent(c, 0)] == ["LIFELONG_AUTHORIZATION"]
        org = ConsentIn("c", builders.organization(), "M", frozenset({"INCOME"}),
                        date(2026, 1, 1), date(2027, 1, 1), "x")  # fmt: skip
        assert [v.code for v in consent.check_consent(org, 0)] == ["INVALID_CONSENT"]


class TestMeasures:
    def test_local_punishment_kinds(self) -> None:
        m = Measure("L-P", "PUNISHMENT", "LOCAL", "事项", "对象", ("ORGANIZATION",), "措施",
                    "TAX", "依据", ("TAX",), "DISHONEST", art35_kind=None)  # fmt: skip
        assert [v.code for v in check_measure(m)] == ["LOCAL_MEASURE_OUTSIDE_ART35"]
        assert check_measure(Measure(**{**m.__dict__, "art35_kind": 9})) == []


class TestWorkingDays:
    def test_national_day_and_adjusted_workday(self) -> None:
        from rules.working_days import add_working_days, report_is_late

        # 2026-10-01..07 are holidays and Saturday 10-10 is an adjusted working day.
        assert add_working_days(date(2026, 9, 30), 2).due == date(2026, 10, 9)
        assert add_working_days(date(2026, 9, 30), 3).due == date(2026, 10, 10)
        assert not report_is_late(date(2026, 9, 30), date(2026, 10, 10))
        assert report_is_late(date(2026, 9, 30), date(2026, 10, 12))

    def test_past_the_calendar_horizon_is_provisional(self) -> None:
        from rules.working_days import add_working_days

        inside = add_working_days(date(2026, 11, 20), 2)
        assert not inside.provisional and inside.due == date(2026, 11, 24)
        beyond = add_working_days(date(2026, 12, 30), 3)
        assert beyond.provisional and beyond.due == date(2027, 1, 4)  # weekends only
