"""The investigators' workbench (issue 14): relationship exploration, ultimate control,
role timelines, and the browser explorer at ``/explore``.

Wired into the schema (``WorkbenchQueries``) and the app (``workbench_routes``); the
fields and the page are built here.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from core.settings import Settings


class WorkbenchQueries:
    """The workbench's root query fields (none yet)."""


def workbench_routes(settings: Settings) -> list[BaseRoute]:
    """The explorer's routes (none yet)."""
    return []
