from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.campaign_recipients_state_type_0 import (
    CampaignRecipientsStateType0,
)
from ...models.error import Error
from ...models.page_recipient import PageRecipient
from ...types import UNSET, Response, Unset


def _get_kwargs(
    campaign_id: str,
    *,
    state: CampaignRecipientsStateType0 | None | Unset = UNSET,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, str):
        json_state = state
    else:
        json_state = state
    params["state"] = json_state

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/campaigns/{campaign_id}/recipients".format(
            campaign_id=quote(str(campaign_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PageRecipient | None:
    if response.status_code == 200:
        response_200 = PageRecipient.from_dict(response.json())

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
) -> Response[Error | PageRecipient]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    state: CampaignRecipientsStateType0 | None | Unset = UNSET,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
) -> Response[Error | PageRecipient]:
    """Recipients and their send state

    Args:
        campaign_id (str):
        state (CampaignRecipientsStateType0 | None | Unset):
        limit (int | Unset):  Default: 15.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageRecipient]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        state=state,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    state: CampaignRecipientsStateType0 | None | Unset = UNSET,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
) -> Error | PageRecipient | None:
    """Recipients and their send state

    Args:
        campaign_id (str):
        state (CampaignRecipientsStateType0 | None | Unset):
        limit (int | Unset):  Default: 15.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageRecipient
    """

    return sync_detailed(
        campaign_id=campaign_id,
        client=client,
        state=state,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    state: CampaignRecipientsStateType0 | None | Unset = UNSET,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
) -> Response[Error | PageRecipient]:
    """Recipients and their send state

    Args:
        campaign_id (str):
        state (CampaignRecipientsStateType0 | None | Unset):
        limit (int | Unset):  Default: 15.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageRecipient]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        state=state,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    state: CampaignRecipientsStateType0 | None | Unset = UNSET,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
) -> Error | PageRecipient | None:
    """Recipients and their send state

    Args:
        campaign_id (str):
        state (CampaignRecipientsStateType0 | None | Unset):
        limit (int | Unset):  Default: 15.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageRecipient
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            client=client,
            state=state,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
