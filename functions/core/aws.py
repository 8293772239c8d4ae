"""boto3 clients and tables, created lazily and cached (tests under mock_aws call `reset`).

Clients are shared: boto3 clients are thread-safe. DynamoDB resources are not: a resource's client keeps
one builder for condition expressions, so two threads querying through it can swap each other's
placeholders and query the wrong key or value. The contacts listing and the send batch read from several
threads, so each thread gets its own resource (and its own client under it). Making clients and resources
from one boto3 session in several threads at once is not safe either (botocore's session loads its
credentials and endpoints lazily): they are made one at a time.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from functions.core.settings import resource_name

# Connections enough for the send engine's threads (sending/engine.py) to share one client.
_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, max_pool_connections=32)


_MAKING = threading.Lock()


@cache
def client(service: str) -> Any:
    with _MAKING:
        return boto3.client(service, config=_CONFIG)


@cache
def client_without_retries(service: str) -> Any:
    """For calls botocore must not repeat by itself: after a lost answer a retry may send a second email."""
    once = Config(retries={"mode": "standard", "max_attempts": 1})
    with _MAKING:
        return boto3.client(service, config=_CONFIG.merge(once))


@cache
def client_unvalidated(service: str) -> Any:
    """For large requests built by code (the bulk writer's transactions of 100 items, already in the wire
    format): botocore's check of every parameter against the model costs as much CPU as serializing it,
    and the service checks the request again anyway."""
    unchecked = Config(parameter_validation=False)
    with _MAKING:
        return boto3.client(service, config=_CONFIG.merge(unchecked))


_this_thread = threading.local()
_generation = 0  # moved on by reset: every thread's resources are then made again


def _resources() -> dict[str, Any]:
    """This thread's DynamoDB resource and tables."""
    if getattr(_this_thread, "generation", None) != _generation:
        _this_thread.generation = _generation
        _this_thread.resources = {}
    return _this_thread.resources


def _dynamodb() -> Any:
    resources = _resources()
    if "" not in resources:
        with _MAKING:
            resources[""] = boto3.resource("dynamodb", config=_CONFIG)
    return resources[""]


def table(name: str) -> Any:
    """The DynamoDB Table of the topology table `name` (resource API: Python types in and out), for this
    thread."""
    resources = _resources()
    if name not in resources:
        resources[name] = _dynamodb().Table(resource_name(f"TABLE_{name.upper()}"))
    return resources[name]


def reset() -> None:
    """Forget cached clients and resources (a new mock_aws context or a new endpoint)."""
    global _generation
    client.cache_clear()
    client_without_retries.cache_clear()
    client_unvalidated.cache_clear()
    _generation += 1


def dynamodb_client() -> Any:
    """The resource API's client: transactions with plain Python values."""
    return _dynamodb().meta.client
