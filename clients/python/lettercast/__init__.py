"""Lettercast API client.

`connect(base_url, api_key)` returns the generated `AuthenticatedClient`, retrying and idempotent; the
operations are functions in `lettercast.generated.api.<tag>` and the bodies and answers are the attrs
classes of `lettercast.generated.models`. Everything under `lettercast.generated` is made by
clients/python/generate.py from the OpenAPI document: change the API, not those files.
"""

from lettercast.connection import connect
from lettercast.generated import AuthenticatedClient, Client
from lettercast.generated.errors import UnexpectedStatus
from lettercast.retries import AsyncRetryTransport, RetryPolicy, RetryTransport

__all__ = [
    "AsyncRetryTransport",
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
    "RetryTransport",
    "UnexpectedStatus",
    "connect",
]
