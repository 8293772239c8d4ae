from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.compose import Compose
from ...models.compose_result import ComposeResult
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: Compose,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/compose",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ComposeResult | Error | None:
    if response.status_code == 200:
        response_200 = ComposeResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ComposeResult | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Compose,
    idempotency_key: str | Unset = UNSET,
) -> Response[ComposeResult | Error]:
    """Send without a campaign, to at most 100 recipients

     Exactly one of template_id or subject+body. Recipients are {emails: [...]} or {type: contacts,
    contact_ids: [...]}. Unsubscribed, bounced, complained and suppressed addresses and invalid ones
    come back in `failed`; a merge tag with no value refuses the whole request (400 missing_variables);
    the sender's daily limit is a 429 with Retry-After. Scope: send.

    Args:
        idempotency_key (str | Unset):
        body (Compose):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ComposeResult | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Compose,
    idempotency_key: str | Unset = UNSET,
) -> ComposeResult | Error | None:
    """Send without a campaign, to at most 100 recipients

     Exactly one of template_id or subject+body. Recipients are {emails: [...]} or {type: contacts,
    contact_ids: [...]}. Unsubscribed, bounced, complained and suppressed addresses and invalid ones
    come back in `failed`; a merge tag with no value refuses the whole request (400 missing_variables);
    the sender's daily limit is a 429 with Retry-After. Scope: send.

    Args:
        idempotency_key (str | Unset):
        body (Compose):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ComposeResult | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Compose,
    idempotency_key: str | Unset = UNSET,
) -> Response[ComposeResult | Error]:
    """Send without a campaign, to at most 100 recipients

     Exactly one of template_id or subject+body. Recipients are {emails: [...]} or {type: contacts,
    contact_ids: [...]}. Unsubscribed, bounced, complained and suppressed addresses and invalid ones
    come back in `failed`; a merge tag with no value refuses the whole request (400 missing_variables);
    the sender's daily limit is a 429 with Retry-After. Scope: send.

    Args:
        idempotency_key (str | Unset):
        body (Compose):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ComposeResult | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Compose,
    idempotency_key: str | Unset = UNSET,
) -> ComposeResult | Error | None:
    """Send without a campaign, to at most 100 recipients

     Exactly one of template_id or subject+body. Recipients are {emails: [...]} or {type: contacts,
    contact_ids: [...]}. Unsubscribed, bounced, complained and suppressed addresses and invalid ones
    come back in `failed`; a merge tag with no value refuses the whole request (400 missing_variables);
    the sender's daily limit is a 429 with Retry-After. Scope: send.

    Args:
        idempotency_key (str | Unset):
        body (Compose):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ComposeResult | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
