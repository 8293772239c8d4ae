from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_contacts_status_type_0 import ListContactsStatusType0
from ...models.page_contact_out import PageContactOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    filter_: None | str | Unset = UNSET,
    sort: str | Unset = "created_at:desc",
    status: ListContactsStatusType0 | None | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,
    segment_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_filter_: None | str | Unset
    if isinstance(filter_, Unset):
        json_filter_ = UNSET
    else:
        json_filter_ = filter_
    params["filter"] = json_filter_

    params["sort"] = sort

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, str):
        json_status = status
    else:
        json_status = status
    params["status"] = json_status

    json_tag: None | str | Unset
    if isinstance(tag, Unset):
        json_tag = UNSET
    else:
        json_tag = tag
    params["tag"] = json_tag

    json_list_id: None | str | Unset
    if isinstance(list_id, Unset):
        json_list_id = UNSET
    else:
        json_list_id = list_id
    params["list_id"] = json_list_id

    json_segment_id: None | str | Unset
    if isinstance(segment_id, Unset):
        json_segment_id = UNSET
    else:
        json_segment_id = segment_id
    params["segment_id"] = json_segment_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contacts",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PageContactOut | None:
    if response.status_code == 200:
        response_200 = PageContactOut.from_dict(response.json())

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
) -> Response[Error | PageContactOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    filter_: None | str | Unset = UNSET,
    sort: str | Unset = "created_at:desc",
    status: ListContactsStatusType0 | None | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,
    segment_id: None | str | Unset = UNSET,
) -> Response[Error | PageContactOut]:
    """List contacts, newest first

     `q` searches email and names; `filter` is `field=op:value,...` over email, first_name, last_name,
    name, phone, status, created_at, updated_at, tags and attributes.<key> with ops eq neq contains
    not_contains sw gt gte lt lte exists not_exists; `sort` is created_at:desc or created_at:asc.

    Args:
        limit (int | Unset): Page size Default: 15.
        cursor (str | Unset):
        q (None | str | Unset):
        filter_ (None | str | Unset):
        sort (str | Unset):  Default: 'created_at:desc'.
        status (ListContactsStatusType0 | None | Unset):
        tag (None | str | Unset):
        list_id (None | str | Unset):
        segment_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageContactOut]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        filter_=filter_,
        sort=sort,
        status=status,
        tag=tag,
        list_id=list_id,
        segment_id=segment_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    filter_: None | str | Unset = UNSET,
    sort: str | Unset = "created_at:desc",
    status: ListContactsStatusType0 | None | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,
    segment_id: None | str | Unset = UNSET,
) -> Error | PageContactOut | None:
    """List contacts, newest first

     `q` searches email and names; `filter` is `field=op:value,...` over email, first_name, last_name,
    name, phone, status, created_at, updated_at, tags and attributes.<key> with ops eq neq contains
    not_contains sw gt gte lt lte exists not_exists; `sort` is created_at:desc or created_at:asc.

    Args:
        limit (int | Unset): Page size Default: 15.
        cursor (str | Unset):
        q (None | str | Unset):
        filter_ (None | str | Unset):
        sort (str | Unset):  Default: 'created_at:desc'.
        status (ListContactsStatusType0 | None | Unset):
        tag (None | str | Unset):
        list_id (None | str | Unset):
        segment_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageContactOut
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        q=q,
        filter_=filter_,
        sort=sort,
        status=status,
        tag=tag,
        list_id=list_id,
        segment_id=segment_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    filter_: None | str | Unset = UNSET,
    sort: str | Unset = "created_at:desc",
    status: ListContactsStatusType0 | None | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,
    segment_id: None | str | Unset = UNSET,
) -> Response[Error | PageContactOut]:
    """List contacts, newest first

     `q` searches email and names; `filter` is `field=op:value,...` over email, first_name, last_name,
    name, phone, status, created_at, updated_at, tags and attributes.<key> with ops eq neq contains
    not_contains sw gt gte lt lte exists not_exists; `sort` is created_at:desc or created_at:asc.

    Args:
        limit (int | Unset): Page size Default: 15.
        cursor (str | Unset):
        q (None | str | Unset):
        filter_ (None | str | Unset):
        sort (str | Unset):  Default: 'created_at:desc'.
        status (ListContactsStatusType0 | None | Unset):
        tag (None | str | Unset):
        list_id (None | str | Unset):
        segment_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageContactOut]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        filter_=filter_,
        sort=sort,
        status=status,
        tag=tag,
        list_id=list_id,
        segment_id=segment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 15,
    cursor: str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    filter_: None | str | Unset = UNSET,
    sort: str | Unset = "created_at:desc",
    status: ListContactsStatusType0 | None | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,
    segment_id: None | str | Unset = UNSET,
) -> Error | PageContactOut | None:
    """List contacts, newest first

     `q` searches email and names; `filter` is `field=op:value,...` over email, first_name, last_name,
    name, phone, status, created_at, updated_at, tags and attributes.<key> with ops eq neq contains
    not_contains sw gt gte lt lte exists not_exists; `sort` is created_at:desc or created_at:asc.

    Args:
        limit (int | Unset): Page size Default: 15.
        cursor (str | Unset):
        q (None | str | Unset):
        filter_ (None | str | Unset):
        sort (str | Unset):  Default: 'created_at:desc'.
        status (ListContactsStatusType0 | None | Unset):
        tag (None | str | Unset):
        list_id (None | str | Unset):
        segment_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageContactOut
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            q=q,
            filter_=filter_,
            sort=sort,
            status=status,
            tag=tag,
            list_id=list_id,
            segment_id=segment_id,
        )
    ).parsed
