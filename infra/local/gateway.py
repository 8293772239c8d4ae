"""API Gateway (REST), played locally: routes of the topology, the REQUEST authorizer, proxy events.

A WSGI app: it turns an HTTP request into the event API Gateway would send, runs the authorizer for
non-public routes, calls the function's real handler and writes its proxy response back.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from infra.local.events import ACCOUNT, REGION, LambdaContext
from infra.local.pollers import load_handler
from infra.topology import Function, Route, Topology

API_ID = "local"
STAGE = "prod"
MAX_BODY = 10 * 1024 * 1024  # API Gateway's own limit
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


def _json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(payload), status=status, headers=headers or {}, content_type="application/json"
    )


class Gateway:
    def __init__(self, topology: Topology, local_pages: dict[str, LocalPage]) -> None:
        self.topology = topology
        self.bindings = _bindings(topology)
        self.local_pages = local_pages
        self.locks = {f.name: threading.Lock() for f in topology.functions}

    def gateway_error(self, response_type: str) -> Response:
        error = self.topology.gateway_error(response_type)
        return _json_response(error.status, {"error": {"code": error.code, "message": error.message}})

    def invoke(self, function: Function, event: dict[str, Any]) -> Any:
        """Call a function as one warm Lambda instance would: one event at a time."""
        handler = load_handler(function.handler)
        with self.locks[function.name]:
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
        try:
            text, encoded = body.decode("utf-8"), False
        except UnicodeDecodeError:
            text, encoded = base64.b64encode(body).decode(), True
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
                "requestTimeEpoch": int(time.time() * 1000),
                "identity": {
                    "sourceIp": request.remote_addr or "127.0.0.1",
                    "userAgent": request.user_agent.string,
                },
            },
            "body": text if body else None,
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
        response = Response(data, status=int(result["statusCode"]))
        for key, values in (result.get("multiValueHeaders") or {}).items():
            for value in values:
                response.headers.add(key, str(value))
        for key, value in (result.get("headers") or {}).items():
            response.headers[key] = str(value)
        return response


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value] if value else []


def _arn_matches(pattern: str, arn: str) -> bool:
    regex = "^" + re.escape(pattern).replace(r"\*", ".*") + "$"
    return re.match(regex, arn) is not None
