"""The local runtime under concurrent requests: none waits on another for ever.

A key's first use writes its `last_used_at` in the authorizer, while other requests run the function it
lets through: that write and the function's own writes must not wait on each other."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.e2e.conftest import LocalStack


def test_requests_whose_authorizer_writes_run_alongside_the_function_they_wait_for(
    local_stack: LocalStack,
) -> None:
    keys = []
    for i in range(24):  # new workspaces: each key's first request writes in the authorizer
        reply = local_stack.call(
            "POST", "/v1/workspaces", json={"name": f"C{i}", "email": f"c{i}@example.com"}
        )
        assert reply.status_code == 201, reply.text
        keys.append(reply.json()["data"]["key"]["key"])

    def first_requests(key: str) -> list[int]:  # each 30 s at most (LocalStack.call's timeout)
        return [local_stack.call("GET", "/v1/lists", key=key).status_code for _ in range(3)]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for answers in pool.map(first_requests, keys) for s in answers]

    assert statuses == [200] * 72
