"""``python -m livingdoc``: see :mod:`livingdoc.cli`."""

from __future__ import annotations

from livingdoc.cli import app

app(prog_name="python -m livingdoc")
