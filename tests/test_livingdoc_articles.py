"""The regulation's articles as data: Chinese text, kinds, chapters, pending list."""

from __future__ import annotations

from pathlib import Path

import pytest

from livingdoc import articles, numerals
from livingdoc.coverage import load_pending


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("三十一", 31),
        ("五十八", 58),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千零二十二", 2022),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert numerals.to_int(numeral) == value


def test_chinese_numerals_round_trip_below_100() -> None:
    assert all(numerals.to_int(numerals.from_int(n)) == n for n in range(1, 100))


@pytest.mark.parametrize("bad", ["", "第一", "1"])
def test_not_a_chinese_numeral(bad: str) -> None:
    with pytest.raises(ValueError):
        numerals.to_int(bad)


def test_58_articles_42_operational_every_one_with_chinese_text() -> None:
    loaded = articles.load()
    assert list(loaded) == list(range(1, 59))
    assert len(articles.operational(loaded)) == 42
    assert all(a.text and "\u4e00" <= a.text[0] <= "\u9fff" for a in loaded.values())
    kinds = {k: sorted(n for n, a in loaded.items() if a.kind == k) for k in articles.KINDS}
    assert kinds["cfg"] == [5, 17, 54, 58]
    assert kinds["decl"] == [1, 3, 6, 7, 8, 21, 37, 49, 50, 51, 55, 57]


def test_articles_carry_their_chapter_and_text() -> None:
    loaded = articles.load()
    art31 = loaded[31]
    assert art31.heading == "第三十一条"
    assert art31.chapter.heading == "第三章 社会信用应用与奖惩"
    assert "同步标注" in art31.text
    assert loaded[58].text == "本条例自2022年1月1日起施行。"
    # Paragraphs stay apart; blank lines of the source do not.
    assert loaded[52].text.count("\n") == 2
    assert [loaded[n].chapter.number for n in (1, 9, 27, 38, 49, 55, 57)] == [1, 2, 3, 4, 5, 6, 7]


def test_only_headings_at_the_start_of_a_line_start_an_article() -> None:
    text = (
        "第一章  总则\n第一条  依照第二条处理。\n第二条　第二段。\n\n续行。\n"
        "第二章 其他\n第三条 三。\n"
    )
    parsed = articles.parse_regulation(text)
    assert [(a.number, a.chapter, a.text) for a in parsed] == [
        (1, 1, "依照第二条处理。"),
        (2, 1, "第二段。\n续行。"),
        (3, 2, "三。"),
    ]


def test_text_and_toml_must_agree_on_chapters(tmp_path: Path) -> None:
    toml = articles.ARTICLES_TOML.read_text(encoding="utf-8")
    moved = toml.replace("number = 58\nchapter = 7", "number = 58\nchapter = 6")
    (tmp_path / "articles.toml").write_text(moved, encoding="utf-8")
    with pytest.raises(ValueError, match="article 58"):
        articles.load(toml_path=tmp_path / "articles.toml")


def test_pending_articles_are_operational_with_reasons() -> None:
    # Empty once every operational article has a scenario; entries must stay well-formed.
    pending = load_pending()
    assert set(pending) <= articles.operational(articles.load())
    assert all(reason for reason in pending.values())
