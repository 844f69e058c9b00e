"""The Starlette app: routes, static files, error pages and security headers.

The Content-Security-Policy allows nothing from outside and no inline script: even if some
extracted string slipped past escaping, the browser would refuse to run it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from dossier.web import api, pages
from dossier.web.db import Reader

STATIC = Path(__file__).parent / "static"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer")]


class SecurityHeaders:
    """Plain ASGI middleware (cheaper than BaseHTTPMiddleware) adding the headers to every answer."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": detail, "status": status}, status_code=status)
    html = pages.ENV.get_template("error.html").render(title=f"Error {status}", path=request.url.path,
                                                       status=status, detail=detail)
    return HTMLResponse(html, status_code=status)


def create_app(db_path: str | Path) -> Starlette:
    """An app over one store file; the store is migrated and indexed once, here."""
    reader = Reader(db_path)
    reader.prepare()
    app = Starlette(routes=[*api.routes, *pages.routes, Mount("/static", StaticFiles(directory=STATIC), name="static")],
                    exception_handlers={HTTPException: _error, Exception: _error})
    app.state.reader = reader
    app.add_middleware(SecurityHeaders)
    return app
