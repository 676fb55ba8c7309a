"""Which measures apply (Art. 33, 36): pure rule, every branch."""

from __future__ import annotations

from rules.measures import Measure, Standing, applicability


def _measure(list_name: str, severity: str, sectors: tuple[str, ...]) -> Measure:
    return Measure(
        "X", list_name, "LOCAL", "事项", "对象", ("ORGANIZATION",), "手段", "MARKET", "依据",
        sectors, severity, 1 if list_name == "PUNISHMENT" else None,
    )  # fmt: skip


def test_incentive_only_in_good_standing() -> None:
    good = _measure("INCENTIVE", "GOOD", ("*",))
    assert applicability(good, Standing("ORGANIZATION")) is not None
    assert applicability(good, Standing("ORGANIZATION", marked=True)) is None
    assert applicability(good, Standing("ORGANIZATION", frozenset({"TAX"}))) is None


def test_target_type_must_match() -> None:
    good = _measure("INCENTIVE", "GOOD", ("*",))
    assert applicability(good, Standing("PERSON")) is None


def test_punishment_related_to_own_sector() -> None:
    market = _measure("PUNISHMENT", "DISHONEST", ("MARKET",))
    assert applicability(market, Standing("ORGANIZATION", frozenset({"TAX"}))) is None
    reason = applicability(market, Standing("ORGANIZATION", frozenset({"MARKET", "TAX"})))
    assert reason is not None and "MARKET" in reason and "TAX" not in reason


def test_list_measures_need_own_listing() -> None:
    listed = _measure("PUNISHMENT", "SERIOUS_LIST", ("*",))
    assert applicability(listed, Standing("ORGANIZATION", frozenset({"MARKET"}))) is None
    assert applicability(listed, Standing("ORGANIZATION", marked=True)) is None
    assert applicability(listed, Standing("ORGANIZATION", listed_sectors=frozenset({"TAX"})))
