"""The regulation's articles: Chinese text joined with their kind and obligation.

Two data files kept in the repository (so a clean clone has everything):
``data/regulation.zh.txt`` is the public text of the regulation, split here into
chapters (第X章) and articles (第X条) by their headings at the start of a line;
``data/articles.toml`` states for each article its chapter, its kind (``op``, ``cfg``
or ``decl``, as in ARTICLES.md) and a one-line English obligation. The two are
joined by article number and must agree on the chapter of every article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from livingdoc import numerals

DATA_DIR = Path(__file__).resolve().parent / "data"
REGULATION_TEXT = DATA_DIR / "regulation.zh.txt"
ARTICLES_TOML = DATA_DIR / "articles.toml"
ARTICLE_COUNT = 58

Kind = Literal["op", "cfg", "decl"]
KINDS: tuple[Kind, ...] = ("op", "cfg", "decl")

_CHAPTER = re.compile(rf"^\s*第([{numerals.CHARACTERS}]+)章[\s　]+(\S.*?)\s*$")
_ARTICLE = re.compile(rf"^\s*第([{numerals.CHARACTERS}]+)条[\s　]*(.*?)\s*$")


@dataclass(frozen=True)
class Chapter:
    """A chapter: its number, Chinese title and an English title."""

    number: int
    title: str
    english: str = ""

    @property
    def heading(self) -> str:
        """The heading as the text writes it, e.g. 第一章 总则."""
        return f"第{numerals.from_int(self.number)}章 {self.title}"


@dataclass(frozen=True)
class Article:
    """One article: the Chinese text (paragraphs joined by newlines) and its obligation."""

    number: int
    chapter: Chapter
    kind: Kind
    summary: str
    text: str

    @property
    def heading(self) -> str:
        """The heading as the text writes it, e.g. 第三十一条."""
        return f"第{numerals.from_int(self.number)}条"


@dataclass(frozen=True)
class ParsedArticle:
    """An article as found in the Chinese text, before it is joined with the TOML."""

    number: int
    chapter: int
    chapter_title: str
    text: str


def parse_regulation(text: str) -> list[ParsedArticle]:
    """Split the regulation into articles, in order; paragraphs keep their line breaks.

    Only headings at the start of a line count, so a cross-reference such as
    “依照第四十四条” inside a paragraph never starts an article.
    """
    found: list[ParsedArticle] = []
    chapter, chapter_title = 0, ""
    number: int | None = None
    lines: list[str] = []

    def close() -> None:
        if number is not None:
            found.append(ParsedArticle(number, chapter, chapter_title, "\n".join(lines)))

    for raw in text.splitlines():
        if match := _CHAPTER.match(raw):
            close()
            number, lines = None, []
            chapter, chapter_title = numerals.to_int(match[1]), match[2]
        elif match := _ARTICLE.match(raw):
            close()
            number, lines = numerals.to_int(match[1]), [match[2]] if match[2] else []
        elif number is not None and raw.strip():
            lines.append(raw.strip())
    close()
    return found


def load(text_path: Path = REGULATION_TEXT, toml_path: Path = ARTICLES_TOML) -> dict[int, Article]:
    """All articles by number, checked: numbered 1..58 in both files, chapters agree,
    every kind is known and every article has Chinese text."""
    parsed = {a.number: a for a in parse_regulation(text_path.read_text(encoding="utf-8"))}
    data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    chapters = {
        int(c["number"]): Chapter(int(c["number"]), str(c["title"]), str(c.get("english", "")))
        for c in cast(list[dict[str, Any]], data["chapter"])
    }
    expected = set(range(1, ARTICLE_COUNT + 1))
    if set(parsed) != expected:
        raise ValueError(f"{text_path}: articles {sorted(expected ^ set(parsed))} are wrong")
    articles: dict[int, Article] = {}
    for entry in cast(list[dict[str, Any]], data["article"]):
        number, kind = int(entry["number"]), str(entry["kind"])
        if number in articles or number not in parsed:
            raise ValueError(f"{toml_path}: article {number} is duplicated or unknown")
        if kind not in KINDS:
            raise ValueError(f"{toml_path}: article {number} has kind {kind!r}, not one of {KINDS}")
        chapter = chapters[int(entry["chapter"])]
        source = parsed[number]
        if (source.chapter, source.chapter_title) != (chapter.number, chapter.title):
            raise ValueError(
                f"article {number}: the text puts it in chapter {source.chapter} "
                f"{source.chapter_title}, the TOML in chapter {chapter.number} {chapter.title}"
            )
        if not source.text:
            raise ValueError(f"{text_path}: article {number} has no text")
        articles[number] = Article(number, chapter, kind, str(entry["summary"]), source.text)
    if set(articles) != expected:
        raise ValueError(f"{toml_path}: articles {sorted(expected - set(articles))} are missing")
    return dict(sorted(articles.items()))


def operational(articles: dict[int, Article]) -> set[int]:
    """Numbers of the ``op`` articles: each needs a passing scenario."""
    return {n for n, a in articles.items() if a.kind == "op"}
