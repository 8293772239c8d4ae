from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_export_out import EnvelopeExportOut
from ...models.error import Error
from ...models.export_in import ExportIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ExportIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/exports",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeExportOut | Error | None:
    if response.status_code == 202:
        response_202 = EnvelopeExportOut.from_dict(response.json())

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
) -> Response[EnvelopeExportOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ExportIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeExportOut | Error]:
    """Export a list's members, a segment's members or a campaign's recipients as CSV

     202, the job; GET /v1/exports/{id} answers `download_url` (a presigned GET, 1 hour) once it is
    `completed`. Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.

    Args:
        idempotency_key (str | Unset):
        body (ExportIn): POST /v1/exports: exactly one of list_id, segment_id and campaign_id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeExportOut | Error]
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
    body: ExportIn,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeExportOut | Error | None:
    """Export a list's members, a segment's members or a campaign's recipients as CSV

     202, the job; GET /v1/exports/{id} answers `download_url` (a presigned GET, 1 hour) once it is
    `completed`. Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.

    Args:
        idempotency_key (str | Unset):
        body (ExportIn): POST /v1/exports: exactly one of list_id, segment_id and campaign_id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeExportOut | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ExportIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeExportOut | Error]:
    """Export a list's members, a segment's members or a campaign's recipients as CSV

     202, the job; GET /v1/exports/{id} answers `download_url` (a presigned GET, 1 hour) once it is
    `completed`. Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.

    Args:
        idempotency_key (str | Unset):
        body (ExportIn): POST /v1/exports: exactly one of list_id, segment_id and campaign_id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeExportOut | Error]
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
    body: ExportIn,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeExportOut | Error | None:
    """Export a list's members, a segment's members or a campaign's recipients as CSV

     202, the job; GET /v1/exports/{id} answers `download_url` (a presigned GET, 1 hour) once it is
    `completed`. Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them.

    Args:
        idempotency_key (str | Unset):
        body (ExportIn): POST /v1/exports: exactly one of list_id, segment_id and campaign_id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeExportOut | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
