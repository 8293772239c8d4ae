from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_field_out import EnvelopeFieldOut
from ...models.error import Error
from ...models.field_patch import FieldPatch
from ...types import Response


def _get_kwargs(
    list_id: str,
    field_id: str,
    *,
    body: FieldPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/lists/{list_id}/fields/{field_id}".format(
            list_id=quote(str(list_id), safe=""),
            field_id=quote(str(field_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeFieldOut | Error | None:
    if response.status_code == 200:
        response_200 = EnvelopeFieldOut.from_dict(response.json())

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
) -> Response[EnvelopeFieldOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    list_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FieldPatch,
) -> Response[EnvelopeFieldOut | Error]:
    """Change a field

    Args:
        list_id (str):
        field_id (str):
        body (FieldPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeFieldOut | Error]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        field_id=field_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    list_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FieldPatch,
) -> EnvelopeFieldOut | Error | None:
    """Change a field

    Args:
        list_id (str):
        field_id (str):
        body (FieldPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeFieldOut | Error
    """

    return sync_detailed(
        list_id=list_id,
        field_id=field_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    list_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FieldPatch,
) -> Response[EnvelopeFieldOut | Error]:
    """Change a field

    Args:
        list_id (str):
        field_id (str):
        body (FieldPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeFieldOut | Error]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        field_id=field_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    list_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FieldPatch,
) -> EnvelopeFieldOut | Error | None:
    """Change a field

    Args:
        list_id (str):
        field_id (str):
        body (FieldPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeFieldOut | Error
    """

    return (
        await asyncio_detailed(
            list_id=list_id,
            field_id=field_id,
            client=client,
            body=body,
        )
    ).parsed
