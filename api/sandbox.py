"""The audit sandbox (issue 15): the sandbox page at ``/sandbox`` and the sandbox-only
GraphQL fields (what-if policy replay).

Wired into the schema (``SandboxQueries``, ``SandboxMutations``) and the app
(``sandbox_routes``); the fields and the page are built here.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from core.settings import Settings


class SandboxQueries:
    """The sandbox's root query fields (none yet)."""


class SandboxMutations:
    """The sandbox's root mutation fields (none yet)."""


def sandbox_routes(settings: Settings) -> list[BaseRoute]:
    """The sandbox page's routes (none yet)."""
    return []
