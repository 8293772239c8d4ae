from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_import_out import EnvelopeImportOut
from ...models.error import Error
from ...models.list_import_in import ListImportIn
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    list_id: str,
    *,
    body: ListImportIn | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/lists/{list_id}/subscribers/import".format(
            list_id=quote(str(list_id), safe=""),
        ),
    }

    if isinstance(body, ListImportIn):
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        if not isinstance(body, Unset):
            _kwargs["content"] = body.payload
        headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeImportOut | Error | None:
    if response.status_code == 201:
        response_201 = EnvelopeImportOut.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = EnvelopeImportOut.from_dict(response.json())

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
) -> Response[EnvelopeImportOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    list_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ListImportIn | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeImportOut | Error]:
    """Import subscribers of a list from a CSV file

     As POST /v1/imports with this list: each row's contact is subscribed to it (its fields checked per
    row; a contact that unsubscribed is not subscribed again).

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (ListImportIn | Unset): POST /v1/imports (JSON): a job waiting for its file, uploaded
            to `upload_url`.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeImportOut | Error]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    list_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ListImportIn | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeImportOut | Error | None:
    """Import subscribers of a list from a CSV file

     As POST /v1/imports with this list: each row's contact is subscribed to it (its fields checked per
    row; a contact that unsubscribed is not subscribed again).

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (ListImportIn | Unset): POST /v1/imports (JSON): a job waiting for its file, uploaded
            to `upload_url`.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeImportOut | Error
    """

    return sync_detailed(
        list_id=list_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    list_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ListImportIn | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeImportOut | Error]:
    """Import subscribers of a list from a CSV file

     As POST /v1/imports with this list: each row's contact is subscribed to it (its fields checked per
    row; a contact that unsubscribed is not subscribed again).

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (ListImportIn | Unset): POST /v1/imports (JSON): a job waiting for its file, uploaded
            to `upload_url`.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeImportOut | Error]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    list_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ListImportIn | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeImportOut | Error | None:
    """Import subscribers of a list from a CSV file

     As POST /v1/imports with this list: each row's contact is subscribed to it (its fields checked per
    row; a contact that unsubscribed is not subscribed again).

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (ListImportIn | Unset): POST /v1/imports (JSON): a job waiting for its file, uploaded
            to `upload_url`.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeImportOut | Error
    """

    return (
        await asyncio_detailed(
            list_id=list_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
