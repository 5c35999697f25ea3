"""The HTTP side: routes, the request guard and one-line errors. The work itself is the Service's.

    GET  /                 the review page (package assets; nothing from any other origin)
    GET  /healthz          {"status": "ok", "signature", "in_flight", ...}
    GET  /v1/rules         every rule: code, name, summary, on by default, on in this service
    POST /v1/check         one pair in → the JSON contract v1 object and "gate": "pass" | "fail"
    POST /v1/check-many    JSONL in → JSONL out, streamed, one line per input line (an error object for a bad one)
    POST /v1/fix           one pair (and optionally the findings to apply) → the corrected target, applied, left
    POST /v1/baseline      one pair and one of its findings → added to the configured baseline file

No route has a path parameter and no field names a file: the only file a request can touch is the baseline
given on the command line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .requests import ApiError, finding_from, jsonl_records, pair_request, parse_json, read_body
from .service import Service

ASSETS = Path(__file__).resolve().parent / "assets"
REPORT_CSS = Path(__file__).resolve().parents[1] / "report" / "assets" / "report.css"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
]


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False) + "\n", status_code=status, media_type="application/json")


def error_response(status: int, message: str) -> Response:
    return json_response({"error": " ".join(str(message).split())}, status)


def create_app(service: Service, *, loopback_only: bool = True) -> Starlette:
    assets = {name: (ASSETS / name).read_bytes() for name in ("review.html", "review.js", "review.css")}
    assets["report.css"] = REPORT_CSS.read_bytes()  # the HTML report's colours and marks, shared with the page

    def asset(name: str, media_type: str):
        async def endpoint(request: Request) -> Response:
            return Response(assets[name], media_type=media_type, headers={"cache-control": "no-cache"})
        return endpoint

    async def healthz(request: Request) -> Response:
        return json_response(service.health())

    async def rules(request: Request) -> Response:
        from ..checks import all_checks

        enabled = {check.code for check in service.checker.checks}
        return json_response([
            {"code": cls.code, "name": cls.name, "summary": cls.summary(), "default": bool(cls.default),
             "enabled": cls.code in enabled, "category": cls.category, "severity": str(cls.severity),
             "fix": str(cls.fix)}
            for cls in all_checks()
        ])

    async def one_pair(request: Request, extra: dict | None = None) -> tuple[dict, Any, str | None]:
        obj = parse_json(await read_body(request, service.max_bytes))
        record, fail_on = pair_request(obj, extra)
        return obj, record, fail_on

    async def check(request: Request) -> Response:
        _, record, fail_on = await one_pair(request)
        status, body = await service.run(service.check, record, fail_on)
        return json_response(body, status)

    async def check_many(request: Request) -> Response:
        # Parsed beside the event loop: a 16 MB batch would otherwise hold up every other client's answer.
        items = await run_in_threadpool(jsonl_records, await read_body(request, service.max_bytes))
        if not items:
            raise ApiError(400, "no pairs in the body: send one JSON object a line")
        lines = service.check_lines(items)

        async def stream():
            while True:
                try:
                    line = await service.run(next, lines, None)
                except Exception as err:  # noqa: BLE001 - a bug past check_many's isolation: end with a line
                    yield (json.dumps({"error": f"internal error: {type(err).__name__}"}) + "\n").encode()
                    return
                if line is None:
                    return
                yield line

        return StreamingResponse(stream(), media_type="application/x-ndjson")

    async def fix(request: Request) -> Response:
        obj, record, _ = await one_pair(request, {"unsafe": bool, "findings": list})
        findings = None
        if obj.get("findings") is not None:
            findings = [finding_from(f, record.target) for f in obj["findings"]]
        status, body = await service.run(service.fix, record, findings, bool(obj.get("unsafe", False)))
        return json_response(body, status)

    async def baseline(request: Request) -> Response:
        obj, record, _ = await one_pair(request, {"finding": dict})
        if "finding" not in obj:
            raise ApiError(400, "missing 'finding': the finding to add, as /v1/check returned it")
        status, body = await service.run(service.reject, record, finding_from(obj["finding"], record.target))
        return json_response(body, status)

    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(exc.status_code, exc.detail)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error_response(500, f"internal error ({type(exc).__name__})")

    routes = [
        Route("/", asset("review.html", "text/html; charset=utf-8")),
        Route("/review.js", asset("review.js", "text/javascript; charset=utf-8")),
        Route("/review.css", asset("review.css", "text/css; charset=utf-8")),
        Route("/report.css", asset("report.css", "text/css; charset=utf-8")),
        Route("/healthz", healthz),
        Route("/v1/rules", rules),
        Route("/v1/check", check, methods=["POST"]),
        Route("/v1/check-many", check_many, methods=["POST"]),
        Route("/v1/fix", fix, methods=["POST"]),
        Route("/v1/baseline", baseline, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={ApiError: api_error, HTTPException: http_error,
                                                       Exception: server_error})
    return Guard(app, service, loopback_only)


class Guard:
    """Around the app: on a loopback service, only requests addressed to a loopback name (a web page that got a
    DNS name pointed at 127.0.0.1 cannot reach it); security headers on every answer; the count of API requests
    in flight, from their first byte to their last (a streamed answer included), which /healthz reports."""

    def __init__(self, app, service: Service, loopback_only: bool):
        self.app, self.service, self.loopback_only = app, service, loopback_only

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.loopback_only and not _loopback_host(scope):
            response = error_response(421, "this service answers only requests to 127.0.0.1 or localhost")
            return await response(scope, receive, send)

        async def secured(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        counted = scope["path"].startswith("/v1/")
        if counted:
            self.service.enter()
        try:
            await self.app(scope, receive, secured)
        finally:
            if counted:
                self.service.leave()


def _loopback_host(scope) -> bool:
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").strip().lower()
    if host.startswith("["):
        name = host.split("]")[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in LOOPBACK_NAMES
