"""The review desk's web application (Starlette): one page, its script and style, a JSON API.

Safe by construction: the page is static and fills itself with textContent (no markup from
data); every request that changes anything carries the session's token (X-Desk-Token);
segments, queries and review rows are named by id, never by a path; only the host the desk
listens on is answered; an error is a short page or a JSON message, never a traceback.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
from importlib import resources
from pathlib import Path

from markupsafe import escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import PublisherError
from .preview import Previewer
from .session import Conflict, Session

TOKEN_HEADER = "x-desk-token"
MAX_BODY = 256 * 1024  # bytes: a request body larger than this is refused
ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
log = logging.getLogger("publisher.desk")


def static_dir() -> Path:
    return Path(str(resources.files("publisher.desk") / "static"))


def create(session: Session, previewer: Previewer | None = None, token: str = "") -> Starlette:
    """The application over one session; token: the per-session secret (new when empty)."""
    token = token or secrets.token_urlsafe(32)
    page = _page(session, token)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers=HEADERS)

    async def segments(request: Request) -> Response:
        data = session.overview()
        data["preview"] = previewer.status() if previewer else None
        return _json(data)

    async def alternatives(request: Request) -> Response:
        sid = _id(request.path_params["sid"])
        try:
            return _json({"id": sid, "alternatives": session.alternatives(sid)})
        except KeyError:
            raise HTTPException(404, "no such segment") from None

    async def check(request: Request) -> Response:
        body = await _body(request, token)
        sid = _id(body.get("id"))
        done = await _call(session.check, sid, _text(body, "en"))
        if previewer is not None:
            previewer.changed()  # the page is set again once typing pauses
        return _json(done)

    async def approve(request: Request) -> Response:
        body = await _body(request, token)
        sid = _id(body.get("id"))
        try:
            done = await _call(session.approve, sid, _text(body, "en"), _text(body, "base"))
        except Conflict as exc:
            return _json(
                {"error": str(exc), "conflict": True, "target": exc.target, "base": exc.base}, 409
            )
        if previewer is not None:
            previewer.changed()
        return _json(done)

    async def reload(request: Request) -> Response:
        await _body(request, token)
        return _json(await _call(session.reload_unit, _id(request.path_params["sid"])))

    async def answer(request: Request) -> Response:
        body = await _body(request, token)
        qid = _id(body.get("id"))
        return _json(await _call(session.answer, qid, _text(body, "status"), _text(body, "answer")))

    async def term(request: Request) -> Response:
        body = await _body(request, token)
        done = await _call(
            session.add_term,
            _text(body, "zh"),
            _text(body, "en"),
            _text(body, "forbidden"),
            _text(body, "note"),
        )
        if previewer is not None:
            previewer.changed()
        return _json(done)

    async def decide(request: Request) -> Response:
        body = await _body(request, token)
        done = await _call(session.decide, _id(body.get("key")), _text(body, "choice"))
        if previewer is not None:
            previewer.changed()
        return _json(done)

    async def page_of(request: Request) -> Response:
        sid = _id(request.path_params["sid"])
        if sid not in session.rows:
            raise HTTPException(404, "no such segment")
        found = previewer.page_of(sid) if previewer else None
        status = previewer.status() if previewer else {"error": "no preview"}
        if found is None:
            return _json({"page": None, **status})
        place, version = found
        return _json(
            {
                **status,
                "page": place.page,
                "version": version,
                "box": [place.left, place.top, place.right, place.bottom]
                if place.right > place.left
                else None,
                "image": f"/preview/{version}/{place.page}.png",
            }
        )

    async def image(request: Request) -> Response:
        try:
            number = int(request.path_params["page"])
        except ValueError:
            raise HTTPException(404, "no such page") from None
        png = await run_in_threadpool(previewer.image, number) if previewer else None
        if png is None:
            raise HTTPException(404, "no such page")
        return Response(png, media_type="image/png", headers=HEADERS)

    async def error(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, HTTPException) else 500
        message = exc.detail if isinstance(exc, HTTPException) else "the desk met an error"
        if code == 500:
            log.error("desk error on %s: %r", request.url.path, exc)
        if request.url.path.startswith("/api/"):
            return _json({"error": message}, code)
        return HTMLResponse(_error_page(code, str(message)), code, headers=HEADERS)

    routes = [
        Route("/", index),
        Route("/api/segments", segments),
        Route("/api/alternatives/{sid}", alternatives),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/approve", approve, methods=["POST"]),
        Route("/api/reload/{sid}", reload, methods=["POST"]),
        Route("/api/answer", answer, methods=["POST"]),
        Route("/api/term", term, methods=["POST"]),
        Route("/api/decide", decide, methods=["POST"]),
        Route("/api/page/{sid}", page_of),
        Route("/preview/{version}/{page}.png", image),
        Mount("/static", StaticFiles(directory=static_dir()), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])],
        exception_handlers={HTTPException: error, Exception: error},
    )
    app.state.token = token
    return app


async def _call(fn, *args):
    """A session call; an unknown id is a 404, a user's error a 400 with its message."""
    try:
        return await run_in_threadpool(fn, *args)  # the file work never holds up the server
    except Conflict:
        raise
    except KeyError:
        raise HTTPException(404, "no such item") from None
    except PublisherError as exc:
        raise HTTPException(400, str(exc)) from None


async def _body(request: Request, token: str) -> dict:
    """A data-changing request's JSON body, once its token is checked."""
    given = request.headers.get(TOKEN_HEADER, "")
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(403, "missing or wrong session token: reload the desk's page")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise HTTPException(413, "request too large")
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "not JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "expected a JSON object")
    return body


def _id(value) -> str:
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        raise HTTPException(404, "no such item")
    return value


def _text(body: dict, key: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise HTTPException(400, f"{key} must be text")
    return value


def _json(data, status: int = 200) -> Response:
    return JSONResponse(data, status, headers=HEADERS)


def _page(session: Session, token: str) -> str:
    title = escape(f"{session.doc.name} · review desk")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="desk-token" content="{escape(token)}">
<title>{title}</title>
<link rel="stylesheet" href="/static/desk.css">
<script src="/static/desk.js" defer></script>
</head>
<body>
<noscript>The review desk needs JavaScript (served by the desk itself, nothing from outside).</noscript>
</body>
</html>
"""


def _error_page(code: int, message: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{code} · review desk</title>
<link rel="stylesheet" href="/static/desk.css"></head>
<body class="error-page"><h1>{code}</h1><p>{escape(message)}</p><p><a href="/">Back to the desk</a></p></body>
</html>
"""
