"""The explorer page at ``/explore``: static files, the vendored graph library and, in
development and sandbox modes, a token endpoint for the personas.

The graph is drawn with Cytoscape.js, served from ``node_modules/cytoscape/dist`` as
``npm ci`` installed it from ``package-lock.json`` (no CDN). In production the page is
served too, but it mints nothing: the investigator pastes a token issued to them.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api.personas import PERSONAS, persona_token, requested_persona
from core.settings import PROJECT_ROOT, Settings

STATIC = Path(__file__).resolve().parent / "static" / "explore"
CYTOSCAPE = PROJECT_ROOT / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js"
ASSETS = {"explore.js": STATIC / "explore.js", "explore.css": STATIC / "explore.css"}
HEADERS = {
    # Only its own scripts and styles (Cytoscape sets inline styles on its canvas).
    "content-security-policy": "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
}
#: The personas whose tokens the page may mint outside production.
PAGE_PERSONAS = ("investigator", "market-authority", "housing-user")


async def _page(_: Request) -> Response:
    return FileResponse(STATIC / "index.html", headers=HEADERS)


async def _asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name == "cytoscape.min.js":
        if not CYTOSCAPE.exists():
            return JSONResponse(
                {
                    "code": "ASSET_MISSING",
                    "error": f"{CYTOSCAPE} is missing: run `make install` (npm ci installs "
                    "cytoscape from package-lock.json)",
                },
                status_code=503,
            )
        return FileResponse(CYTOSCAPE, headers=HEADERS, media_type="text/javascript")
    if name not in ASSETS:
        return JSONResponse({"code": "NOT_FOUND", "error": "no such file"}, status_code=404)
    return FileResponse(ASSETS[name], headers=HEADERS)


async def _personas(_: Request) -> Response:
    return JSONResponse(
        [
            {"name": n, "description": PERSONAS[n].description, "purposes": PERSONAS[n].purposes}
            for n in PAGE_PERSONAS
        ]
    )


async def _token(request: Request) -> Response:
    """A development (or sandbox) token for one of the page's personas."""
    asked = await requested_persona(request, PAGE_PERSONAS)
    if isinstance(asked, Response):
        return asked
    name, _ = asked
    token = persona_token(request.app.state.services.tokens, name, label="explore")
    return JSONResponse({"persona": name, "purposes": PERSONAS[name].purposes, "token": token})


def workbench_routes(settings: Settings) -> list[BaseRoute]:
    """The explorer's routes; the token endpoint only in development and sandbox modes."""
    routes: list[BaseRoute] = [
        Route("/explore", _page),
        Route("/explore/assets/{name}", _asset),
    ]
    if settings.api.mode in ("development", "sandbox"):
        routes += [
            Route("/explore/personas", _personas),
            Route("/explore/token", _token, methods=["POST"]),
        ]
    return routes
