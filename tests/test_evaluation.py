"""The published evaluation formula (Art. 28): factors, caps, grade thresholds."""

from __future__ import annotations

from rules.evaluation import evaluate
from seed.evaluation import formula


def test_clean_organization_gets_the_base_score() -> None:
    result = evaluate({}, formula())
    assert (result.score, result.grade) == (90, "A")
    assert all(f.points == 0 for f in result.factors)


def test_each_factor_is_capped_and_says_so() -> None:
    result = evaluate({"DISHONEST_RECORDS": 9}, formula())
    (dishonest,) = [f for f in result.factors if f.code == "DISHONEST_RECORDS"]
    assert dishonest.points == -48 and "已达上限" in dishonest.explanation
    assert result.score == 42 and result.grade == "D"


def test_score_stays_within_0_and_100() -> None:
    assert evaluate({"DISHONEST_RECORDS": 9, "SERIOUS_LISTINGS": 3}, formula()).score == 7
    best = evaluate({"POSITIVE_RECORDS": 50, "KEPT_COMMITMENTS": 50}, formula())
    assert best.score == 100 and best.grade == "A"


def test_grade_thresholds() -> None:
    assert evaluate({"DISHONEST_RECORDS": 1}, formula()).grade == "B"  # 78
    assert evaluate({"DISHONEST_RECORDS": 2}, formula()).grade == "C"  # 66
