"""Builders for the events AWS sends: API Gateway REST proxy events and Lambda contexts."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from functions.core.auth import Caller


@dataclass
class LambdaContext:
    function_name: str = "test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test"
    aws_request_id: str = "req"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def domain_of(caller: Caller, name: str = "acme") -> str:
    """A domain only this workspace names. Domains and sender addresses are claimed account-wide (a claim
    can block another workspace), and the tests of a worker share one account."""
    return f"{name}-{caller.workspace_id[-12:]}.example"


def rest_event(
    method: str,
    url: str,
    *,
    body: Any = None,
    caller: Caller | None = None,
    headers: dict[str, str] | None = None,
    resource: str = "/{proxy+}",
    raw_body: str | None = None,
    raw_bytes: bytes | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event, as the gateway sends it after the authorizer."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
    return {
        "resource": resource,
        "path": parts.path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": {"proxy": parts.path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/prod{parts.path}",
            "stage": "prod",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest"},
            "authorizer": caller.to_context() if caller else None,
        },
        "body": base64.b64encode(raw_bytes).decode() if raw_bytes is not None else text,
        # A binary media type's body (text/csv, images) is passed base64-encoded, as it came.
        "isBase64Encoded": raw_bytes is not None,
    }
