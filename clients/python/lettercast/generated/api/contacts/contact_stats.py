from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelopelist_day_stats import EnvelopelistDayStats
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start_date: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_start_date: None | str | Unset
    if isinstance(start_date, Unset):
        json_start_date = UNSET
    else:
        json_start_date = start_date
    params["start_date"] = json_start_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contacts/stats",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopelistDayStats | Error | None:
    if response.status_code == 200:
        response_200 = EnvelopelistDayStats.from_dict(response.json())

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
) -> Response[EnvelopelistDayStats | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_date: None | str | Unset = UNSET,
) -> Response[EnvelopelistDayStats | Error]:
    """Contacts added, unsubscribed, bounced and deleted per day, with the running total

    Args:
        start_date (None | str | Unset): YYYY-MM-DD, at most 366 days ago (default: 30 days)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopelistDayStats | Error]
    """

    kwargs = _get_kwargs(
        start_date=start_date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    start_date: None | str | Unset = UNSET,
) -> EnvelopelistDayStats | Error | None:
    """Contacts added, unsubscribed, bounced and deleted per day, with the running total

    Args:
        start_date (None | str | Unset): YYYY-MM-DD, at most 366 days ago (default: 30 days)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopelistDayStats | Error
    """

    return sync_detailed(
        client=client,
        start_date=start_date,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_date: None | str | Unset = UNSET,
) -> Response[EnvelopelistDayStats | Error]:
    """Contacts added, unsubscribed, bounced and deleted per day, with the running total

    Args:
        start_date (None | str | Unset): YYYY-MM-DD, at most 366 days ago (default: 30 days)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopelistDayStats | Error]
    """

    kwargs = _get_kwargs(
        start_date=start_date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    start_date: None | str | Unset = UNSET,
) -> EnvelopelistDayStats | Error | None:
    """Contacts added, unsubscribed, bounced and deleted per day, with the running total

    Args:
        start_date (None | str | Unset): YYYY-MM-DD, at most 366 days ago (default: 30 days)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopelistDayStats | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            start_date=start_date,
        )
    ).parsed
