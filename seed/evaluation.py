"""Loads the published evaluation formula (``seed/data/evaluation.toml``, Art. 28)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from rules.evaluation import Factor, Formula

FORMULA_FILE = Path(__file__).parent / "data" / "evaluation.toml"


@cache
def formula(path: Path = FORMULA_FILE) -> Formula:
    """The formula in force, grades ordered from the highest threshold down."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    grades = sorted(((g["grade"], int(g["min"])) for g in data["grade"]), key=lambda g: -g[1])
    factors = tuple(
        Factor(f["code"], f["label"], int(f["points"]), int(f["cap"])) for f in data["factor"]
    )
    return Formula(str(data["version"]), int(data["base"]), factors, tuple(grades))
