"""boto3 clients and tables, created lazily and cached (tests under mock_aws call `reset`)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from functions.core.settings import resource_name

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5})


@cache
def client(service: str) -> Any:
    return boto3.client(service, config=_CONFIG)


@cache
def client_without_retries(service: str) -> Any:
    """For calls botocore must not repeat by itself: after a lost answer a retry may send a second email."""
    return boto3.client(service, config=Config(retries={"mode": "standard", "max_attempts": 1}))


@cache
def _dynamodb() -> Any:
    return boto3.resource("dynamodb", config=_CONFIG)


@cache
def table(name: str) -> Any:
    """The DynamoDB Table of the topology table `name` (resource API: Python types in and out)."""
    return _dynamodb().Table(resource_name(f"TABLE_{name.upper()}"))


def reset() -> None:
    """Forget cached clients (a new mock_aws context or a new endpoint)."""
    client.cache_clear()
    client_without_retries.cache_clear()
    _dynamodb.cache_clear()
    table.cache_clear()


def dynamodb_client() -> Any:
    """The resource API's client: transactions with plain Python values."""
    return _dynamodb().meta.client
