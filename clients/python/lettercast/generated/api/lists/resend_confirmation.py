from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_contact_out import EnvelopeContactOut
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    list_id: str,
    email: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/lists/{list_id}/subscribers/{email}/confirmation".format(
            list_id=quote(str(list_id), safe=""),
            email=quote(str(email), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeContactOut | Error | None:
    if response.status_code == 202:
        response_202 = EnvelopeContactOut.from_dict(response.json())

        return response_202

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
) -> Response[EnvelopeContactOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    list_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeContactOut | Error]:
    """Send a pending subscriber its confirmation email again

     The 7 days to confirm start again. 409 `not_pending` when the address is subscribed or unsubscribed.

    Args:
        list_id (str):
        email (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeContactOut | Error]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        email=email,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    list_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeContactOut | Error | None:
    """Send a pending subscriber its confirmation email again

     The 7 days to confirm start again. 409 `not_pending` when the address is subscribed or unsubscribed.

    Args:
        list_id (str):
        email (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeContactOut | Error
    """

    return sync_detailed(
        list_id=list_id,
        email=email,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    list_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeContactOut | Error]:
    """Send a pending subscriber its confirmation email again

     The 7 days to confirm start again. 409 `not_pending` when the address is subscribed or unsubscribed.

    Args:
        list_id (str):
        email (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeContactOut | Error]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        email=email,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    list_id: str,
    email: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeContactOut | Error | None:
    """Send a pending subscriber its confirmation email again

     The 7 days to confirm start again. 409 `not_pending` when the address is subscribed or unsubscribed.

    Args:
        list_id (str):
        email (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeContactOut | Error
    """

    return (
        await asyncio_detailed(
            list_id=list_id,
            email=email,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
