"""API Gateway (REST), played locally: routes of the topology, the REQUEST authorizer, proxy events.

A WSGI app: it turns an HTTP request into the event API Gateway would send, runs the authorizer for
non-public routes, calls the function's real handler and writes its proxy response back. Method throttling
of the topology is enforced as API Gateway does it: a token bucket per method, 429 when it is empty.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Request, Response

from functions.core.clock import timestamp
from infra.local import journal, per_thread_requests
from infra.local.events import ACCOUNT, REGION, LambdaContext
from infra.local.pollers import load_handler
from infra.topology import Function, Route, Throttle, Topology

API_ID = "local"
STAGE = "prod"
MAX_BODY = 10 * 1024 * 1024  # API Gateway's own limit
# The RestApi's binary_media_types (infra/stack.py; a stack test keeps the two equal): a request body of
# one of these types reaches the function base64-encoded, any other as UTF-8 text.
BINARY_MEDIA_TYPES = ("image/gif", "image/*", "text/csv")
LocalPage = Callable[[Request], Response]


@dataclass(frozen=True)
class Binding:
    route: Route
    function: Function
    pattern: re.Pattern[str]
    specificity: tuple[int, int]


def _compile(path: str) -> re.Pattern[str]:
    regex = ""
    for part in path.strip("/").split("/"):
        if part.endswith("+}"):
            regex += f"/(?P<{part[1:-2]}>.+)"
        elif part.startswith("{"):
            regex += f"/(?P<{part[1:-1]}>[^/]+)"
        else:
            regex += "/" + re.escape(part)
    return re.compile(f"^{regex}$")


def _bindings(topology: Topology) -> list[Binding]:
    bindings = []
    for function in topology.routed_functions:
        for route in function.routes:
            parts = route.path.strip("/").split("/")
            literal = sum(1 for p in parts if not p.startswith("{"))
            greedy = 1 if route.path.endswith("+}") else 0
            bindings.append(Binding(route, function, _compile(route.path), (literal, -greedy)))
    # The most specific resource wins, as in API Gateway: more literal parts, then non-greedy.
    return sorted(bindings, key=lambda b: b.specificity, reverse=True)


class TokenBucket:
    """One method's throttle: `burst_limit` requests at once, refilled at `rate_limit` a second."""

    def __init__(self, throttle: Throttle, clock: Callable[[], float]) -> None:
        self.throttle = throttle
        self.clock = clock
        self.tokens = float(throttle.burst_limit)
        self.updated = clock()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = self.clock()
            refill = (now - self.updated) * self.throttle.rate_limit
            self.tokens = min(float(self.throttle.burst_limit), self.tokens + refill)
            self.updated = now
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


def _is_binary(content_type: str | None) -> bool:
    mimetype = (content_type or "").split(";")[0].strip().lower()
    return bool(mimetype) and any(fnmatch.fnmatchcase(mimetype, t) for t in BINARY_MEDIA_TYPES)


def _request_body(body: bytes, content_type: str | None) -> tuple[str | None, bool]:
    """The event's `body` and `isBase64Encoded`, as API Gateway REST passes them to a proxy integration."""
    if not body:
        return None, False
    if _is_binary(content_type):
        return base64.b64encode(body).decode(), True
    # A text payload is converted to UTF-8: bytes that are not UTF-8 become U+FFFD, as on AWS.
    return body.decode("utf-8", errors="replace"), False


def _header_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _response_headers(result: dict[str, Any]) -> Headers:
    """`multiValueHeaders` and `headers` merged as API Gateway does: one list, a pair given both ways once.

    Without a Content-Type of the function's, API Gateway answers application/json.
    """
    merged: list[tuple[str, str]] = []
    for key, values in (result.get("multiValueHeaders") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            merged.append((key, _header_value(value)))
    given = {(k.lower(), v) for k, v in merged}
    for key, value in (result.get("headers") or {}).items():
        if (key.lower(), _header_value(value)) not in given:
            merged.append((key, _header_value(value)))
    headers = Headers(merged)
    if "Content-Type" not in headers:
        headers["Content-Type"] = "application/json"
    return headers


def _json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(payload), status=status, headers=headers or {}, content_type="application/json"
    )


class Gateway:
    def __init__(
        self,
        topology: Topology,
        local_pages: dict[str, LocalPage],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        per_thread_requests.apply()  # functions answer at once here, in threads of one process
        self.topology = topology
        self.bindings = _bindings(topology)
        self.local_pages = local_pages
        self.locks = {f.name: threading.Lock() for f in topology.functions}
        self.buckets = {
            b.route: TokenBucket(throttle, clock)
            for b in self.bindings
            if (throttle := b.route.method_throttle)
        }

    def gateway_error(self, response_type: str) -> Response:
        error = self.topology.gateway_error(response_type)
        return _json_response(
            error.status, {"error": {"code": error.code, "message": error.message}}, dict(error.headers)
        )

    def invoke(self, function: Function, event: dict[str, Any]) -> Any:
        """Call a function as one warm Lambda instance would: one event at a time, and as one unit of the
        journal (an authorizer and the function it lets through are two invocations, as on AWS).

        The unit starts once the function is free: a unit may hold the journal's writer lock, so it must
        never wait for a function another unit is running in (that one would wait for the lock)."""
        handler = load_handler(function.handler)
        with self.locks[function.name], journal.unit():
            return handler(
                event, LambdaContext(f"lettercast-{function.name}", function.memory_mb, function.timeout_s)
            )

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: Request) -> Response:
        for prefix, page in self.local_pages.items():
            if request.path == prefix or request.path.startswith(prefix + "/"):
                return page(request)
        body = request.get_data()
        if len(body) > MAX_BODY:
            return self.gateway_error("REQUEST_TOO_LARGE")
        for binding in self.bindings:
            match = binding.pattern.match(request.path)
            if match and binding.route.method in ("ANY", request.method):
                bucket = self.buckets.get(binding.route)
                if bucket is not None and not bucket.take():
                    return self.gateway_error("THROTTLED")
                return self._proxy(request, body, binding, match.groupdict())
        return self.gateway_error("MISSING_AUTHENTICATION_TOKEN")

    def _event(
        self, request: Request, body: bytes, binding: Binding, params: dict[str, str]
    ) -> dict[str, Any]:
        headers = {k: v for k, v in request.headers.items()}
        multi_headers: dict[str, list[str]] = {}
        for key, value in request.headers.items():
            multi_headers.setdefault(key, []).append(value)
        query = request.args
        text, encoded = _request_body(body, request.headers.get("Content-Type"))
        return {
            "resource": binding.route.path,
            "path": request.path,
            "httpMethod": request.method,
            "headers": headers or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": {k: query.getlist(k)[-1] for k in query} or None,
            "multiValueQueryStringParameters": {k: query.getlist(k) for k in query} or None,
            "pathParameters": params or None,
            "stageVariables": None,
            "requestContext": {
                "resourceId": "local",
                "resourcePath": binding.route.path,
                "httpMethod": request.method,
                "path": f"/{STAGE}{request.path}",
                "accountId": ACCOUNT,
                "apiId": API_ID,
                "stage": STAGE,
                "protocol": "HTTP/1.1",
                "requestId": str(uuid.uuid4()),
                "requestTimeEpoch": int(timestamp() * 1000),
                "identity": {
                    "sourceIp": request.remote_addr or "127.0.0.1",
                    "userAgent": request.user_agent.string,
                },
            },
            "body": text,
            "isBase64Encoded": encoded,
        }

    def _authorize(self, event: dict[str, Any]) -> dict[str, Any] | Response:
        """The REQUEST authorizer's context, or the gateway's 401/403."""
        headers = event["headers"] or {}
        if not any(k.lower() == "authorization" and v for k, v in headers.items()):
            return self.gateway_error("UNAUTHORIZED")  # identity source missing: the authorizer is not called
        method_arn = (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{STAGE}/{event['httpMethod']}{event['path']}"
        )
        authorizer_event = {
            "type": "REQUEST",
            "methodArn": method_arn,
            **{k: event[k] for k in ("resource", "path", "httpMethod", "headers", "multiValueHeaders")},
            **{k: event[k] for k in ("queryStringParameters", "multiValueQueryStringParameters")},
            "pathParameters": event["pathParameters"],
            "stageVariables": None,
            "requestContext": event["requestContext"],
        }
        try:
            policy = self.invoke(self.topology.function(self.topology.authorizer), authorizer_event)
        except Exception as exc:
            return self.gateway_error("UNAUTHORIZED" if str(exc) == "Unauthorized" else "DEFAULT_5XX")
        statements = (policy.get("policyDocument") or {}).get("Statement") or []
        allowed = any(
            s.get("Effect") == "Allow"
            and any(_arn_matches(r, method_arn) for r in _as_list(s.get("Resource")))
            for s in statements
        )
        denied = any(
            s.get("Effect") == "Deny"
            and any(_arn_matches(r, method_arn) for r in _as_list(s.get("Resource")))
            for s in statements
        )
        if denied or not allowed:
            return self.gateway_error("ACCESS_DENIED")
        return {**(policy.get("context") or {}), "principalId": policy.get("principalId")}

    def _proxy(self, request: Request, body: bytes, binding: Binding, params: dict[str, str]) -> Response:
        event = self._event(request, body, binding, params)
        if not binding.route.public:
            context = self._authorize(event)
            if isinstance(context, Response):
                return context
            event["requestContext"]["authorizer"] = context
        try:
            result = self.invoke(binding.function, event)
        except Exception:
            return self.gateway_error("DEFAULT_5XX")
        if not isinstance(result, dict) or "statusCode" not in result:
            return self.gateway_error("DEFAULT_5XX")
        payload = result.get("body") or ""
        data = base64.b64decode(payload) if result.get("isBase64Encoded") else payload.encode()
        return Response(data, status=int(result["statusCode"]), headers=_response_headers(result))


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value] if value else []


def _arn_matches(pattern: str, arn: str) -> bool:
    regex = "^" + re.escape(pattern).replace(r"\*", ".*") + "$"
    return re.match(regex, arn) is not None
