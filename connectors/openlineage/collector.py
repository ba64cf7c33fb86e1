"""``maturity collect``: an OpenLineage HTTP endpoint that spools accepted events for the next scan.

Producers configured with the OpenLineage HTTP transport (``url`` + ``endpoint:
api/v1/lineage``, optional ``auth: {type: api_key}`` and ``compression: gzip``) POST one
event per request; a JSON array is accepted as a batch. Each event is checked with the
crawler's own :func:`validate_event`, so the collector refuses exactly what a scan would
refuse, and accepted events are appended durably to the inbox (:mod:`.inbox`) before the
2xx goes out. A batch is all-or-nothing: one invalid event rejects the request with the
problems of every bad element, so a producer's retry never lands half a batch twice.

Why Starlette on uvicorn rather than the stdlib ``ThreadingHTTPServer``: both ship in
the environment (via dagster-webserver), uvicorn parses HTTP with h11/httptools, keeps
connections alive for producers that emit thousands of events, and turns SIGINT/SIGTERM
into a graceful shutdown that lets in-flight requests finish writing; the stdlib server
is documented as not meant for production and has none of that. The blocking
write+fsync runs in Starlette's thread pool so a slow disk does not stall the event loop.

Answers: 201 ``{"accepted": n}`` (Marquez's status for the same endpoint), 400 with the
reasons, 401 (bearer token missing or wrong, compared in constant time), 413 (body over
the limit: ``Content-Length`` is checked before reading and the limit enforced while
reading, on the wire and after gzip decoding), 415 (an encoding other than gzip), 503
(the inbox could not be written; the producer should retry), 404/405 elsewhere.
``GET /api/v1/health`` answers liveness. Every request is logged on one line without
headers or bodies, so no token reaches a log.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import signal
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connectors.base import redact
from connectors.config import ClientConfig
from connectors.openlineage.inbox import Inbox
from connectors.openlineage.validation import validate_event

log = logging.getLogger("maturity.collect")

LINEAGE_PATH = "/api/v1/lineage"
HEALTH_PATH = "/api/v1/health"
MAX_PROBLEMS_SHOWN = 50  # a batch of 10,000 broken events must not produce a 10 MB answer

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


class _Rejected(Exception):
    """A request refused with a status and a reason the producer can act on."""

    def __init__(self, status: int, reason: str, problems: list[str] | None = None, headers=None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.problems = problems or []
        self.headers = headers


def _answer(request: Request, status: int, body: dict[str, Any], headers=None) -> JSONResponse:
    request.state.note = body.get("error") or (f"accepted={body['accepted']}" if "accepted" in body else "")
    return JSONResponse(body, status_code=status, headers=headers)


def _check_token(request: Request, token: str | None) -> None:
    if token is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    # compare_digest on bytes of possibly different lengths is still constant-time in the
    # secret's content; only the length of the token can leak, which is not the secret.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise _Rejected(
            401,
            "missing bearer token" if not header else "wrong bearer token",
            headers={"WWW-Authenticate": 'Bearer realm="maturity-collect"'},
        )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise _Rejected(400, f"invalid Content-Length {declared[:20]!r}")
        if int(declared) > limit:
            raise _Rejected(413, f"request body of {int(declared)} bytes is over the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _Rejected(413, f"request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, encoding: str, limit: int) -> bytes:
    """Undo ``Content-Encoding: gzip`` (the transport's ``compression``) without inflating past ``limit``."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip"):
        raise _Rejected(415, f"unsupported Content-Encoding {encoding!r} (gzip or none)")
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise _Rejected(400, f"invalid gzip body: {exc}") from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise _Rejected(413, f"decompressed body is over the limit of {limit} bytes")
    if not inflater.eof:
        raise _Rejected(400, "invalid gzip body: truncated")
    return data


def _events(body: bytes) -> list[Any]:
    if not body.strip():
        raise _Rejected(
            400, "empty body: expected an OpenLineage event (JSON object) or a JSON array of them"
        )
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _Rejected(400, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(doc, list):
        if not doc:
            raise _Rejected(400, "empty batch: the JSON array holds no event")
        return doc
    return [doc]


def _validate(events: list[Any], batch: bool) -> None:
    problems: list[str] = []
    bad = 0
    for i, event in enumerate(events):
        found = validate_event(event)
        if found:
            bad += 1
            problems += [f"[{i}] {p}" if batch else p for p in found]
    if problems:
        what = f"{bad} of {len(events)} events are invalid" if batch else "invalid OpenLineage event"
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"... and {len(problems) - len(shown)} more problems")
        raise _Rejected(400, f"{what}; nothing was stored", shown)


def create_app(inbox: Inbox, *, token: str | None, max_request_bytes: int, client: str = "") -> Starlette:
    """The collector as an ASGI app (``serve`` runs it; tests may run it on any server)."""
    accepted_total = 0

    async def lineage(request: Request) -> Response:
        nonlocal accepted_total
        try:
            _check_token(request, token)
            body = await _read_body(request, max_request_bytes)
            body = _decode(body, request.headers.get("content-encoding", ""), max_request_bytes)
            events = _events(body)
            _validate(events, batch=body.lstrip()[:1] == b"[")
            lines = [orjson.dumps(e) for e in events]
            try:
                path = await run_in_threadpool(inbox.append, lines)
            except OSError as exc:
                log.error("cannot write the inbox: %s", exc)
                raise _Rejected(503, "the collector cannot store events right now; retry later") from None
        except _Rejected as rej:
            body_out: dict[str, Any] = {"error": rej.reason}
            if rej.problems:
                body_out["problems"] = rej.problems
            return _answer(request, rej.status, body_out, rej.headers)
        except ClientDisconnect:
            request.state.note = "client disconnected before the body was read"
            return Response(status_code=400)
        accepted_total += len(events)
        request.state.note = f"accepted={len(events)} file={path.name}"
        return JSONResponse({"accepted": len(events)}, status_code=201)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "client": client, "accepted_since_start": accepted_total})

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _answer(request, exc.status_code, {"error": exc.detail}, exc.headers)

    app = Starlette(
        routes=[Route(LINEAGE_PATH, lineage, methods=["POST"]), Route(HEALTH_PATH, health, methods=["GET"])],
        exception_handlers={404: http_error, 405: http_error},
    )
    app.add_middleware(_RequestLog)
    return app


class _RequestLog:
    """One log line per request: client address, method, path, status, size, time and outcome."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_and_see(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_see)
        finally:
            peer = scope.get("client") or ("-", 0)
            note = (scope.get("state") or {}).get("note", "")
            log.info(
                "%s %s %s %d %s %.1fms %s",
                peer[0],
                scope["method"],
                scope["path"][:200],
                status,
                next((v.decode() for k, v in scope["headers"] if k == b"content-length"), "-"),
                (time.perf_counter() - started) * 1000,
                redact(note)[:300],
            )


def _quiet_server_class():
    import uvicorn

    class Quiet(uvicorn.Server):
        """uvicorn's server, minus re-raising the stop signal after its graceful shutdown.

        uvicorn re-raises SIGTERM/SIGINT once it has stopped so that an embedding program
        dies of it; here the shutdown is the expected end of ``maturity collect``, which
        should log that it stopped and exit 0, like any service stopped by its supervisor.
        """

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            originals = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in originals.items():
                    signal.signal(sig, handler)

    return Quiet


def serve(
    cfg: ClientConfig,
    inbox: Path,
    *,
    host: str,
    port: int,
    token: str | None,
    max_request_bytes: int,
) -> None:
    """Run the collector until SIGINT/SIGTERM; in-flight requests finish writing before it exits."""
    import uvicorn

    _Quiet = _quiet_server_class()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    app = create_app(Inbox(inbox), token=token, max_request_bytes=max_request_bytes, client=cfg.client)
    if token is None and host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s without a token: anyone who can reach it can add lineage", host)
    log.info(
        "collecting OpenLineage events for %s on http://%s:%d%s into %s (token %s, max body %d bytes)",
        cfg.client,
        host,
        port,
        LINEAGE_PATH,
        inbox,
        "required" if token else "not required",
        max_request_bytes,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=10,
        server_header=False,
    )
    _Quiet(config).run()
    log.info("collector for %s stopped", cfg.client)
