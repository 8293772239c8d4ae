"""Two functions answering at once in the local runtime (threads of one process) each read their own
request, as two Lambda processes would."""

from __future__ import annotations

import threading
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.api_gateway import Router

from infra.local import per_thread_requests


def _event(path: str, body: str) -> dict[str, Any]:
    return {
        "httpMethod": "POST",
        "path": path,
        "resource": path,
        "headers": {"Content-Type": "application/json"},
        "requestContext": {"stage": "local"},
        "queryStringParameters": None,
        "body": body,
        "isBase64Encoded": False,
    }


def test_a_route_reads_its_own_request_while_another_function_answers_one() -> None:
    per_thread_requests.apply()
    both_resolving = threading.Barrier(2, timeout=5)
    seen: dict[str, str] = {}

    def function(path: str) -> APIGatewayRestResolver:
        app, router = APIGatewayRestResolver(), Router()

        @router.post(path)
        def route() -> dict[str, str]:
            both_resolving.wait()  # the other function has stored its request by now
            seen[path] = router.current_event.json_body["from"] + "/" + app.current_event.path
            return {}

        app.include_router(router)
        return app

    imports, account = function("/v1/imports"), function("/v1/account")
    threads = [
        threading.Thread(target=imports.resolve, args=(_event("/v1/imports", '{"from": "imports"}'), None)),
        threading.Thread(target=account.resolve, args=(_event("/v1/account", '{"from": "account"}'), None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen == {"/v1/imports": "imports//v1/imports", "/v1/account": "account//v1/account"}
