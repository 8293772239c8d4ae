"""Powertools' resolver keeps the request it is answering per thread here, as per process on Lambda.

`ApiGatewayResolver.resolve` stores the event and context on the class (`BaseRouter.current_event`,
`BaseRouter.lambda_context`), for its routers to read: right on Lambda, where a process answers one
request at a time. The local runtime answers requests of different functions at once, in threads of one
process, so a route could read another function's request (seen: `POST /v1/imports` validating an account
request's body). Here both attributes are read and written per thread: on the class through its
metaclass, on a resolver or router through a property of the class, both backed by one thread-local.
"""

from __future__ import annotations

import threading
from abc import ABCMeta
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

PER_THREAD = ("current_event", "lambda_context")
_requests = threading.local()
_applied = False


def _attribute(name: str) -> property:
    def read(_: Any) -> Any:
        try:
            return getattr(_requests, name)
        except AttributeError:
            raise AttributeError(name) from None

    def write(_: Any, value: Any) -> None:
        setattr(_requests, name, value)

    return property(read, write)


class _PerThreadRequests(ABCMeta):
    current_event = _attribute("current_event")
    lambda_context = _attribute("lambda_context")


def apply() -> None:
    """Idempotent. The properties go into the class's own namespace first (for reads on instances), then
    the metaclass takes over assignments to the class (`BaseRouter.current_event = ...`)."""
    global _applied
    if not _applied:
        for name in PER_THREAD:
            setattr(BaseRouter, name, _attribute(name))
        BaseRouter.__class__ = _PerThreadRequests
        _applied = True
