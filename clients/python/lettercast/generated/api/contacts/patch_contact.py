from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact_patch import ContactPatch
from ...models.envelope_contact_out import EnvelopeContactOut
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    contact_id: str,
    *,
    body: ContactPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/contacts/{contact_id}".format(
            contact_id=quote(str(contact_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeContactOut | Error | None:
    if response.status_code == 200:
        response_200 = EnvelopeContactOut.from_dict(response.json())

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
) -> Response[EnvelopeContactOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    contact_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ContactPatch,
) -> Response[EnvelopeContactOut | Error]:
    """Change a contact (named by its id or its email)

     Only the fields sent change. Attributes merge (null removes a key); tags replace the list; the email
    may change to one no other contact has (409 otherwise).

    Args:
        contact_id (str):
        body (ContactPatch): PATCH /v1/contacts/{id}: only the fields sent change. Attributes
            merge; tags replace.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeContactOut | Error]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contact_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ContactPatch,
) -> EnvelopeContactOut | Error | None:
    """Change a contact (named by its id or its email)

     Only the fields sent change. Attributes merge (null removes a key); tags replace the list; the email
    may change to one no other contact has (409 otherwise).

    Args:
        contact_id (str):
        body (ContactPatch): PATCH /v1/contacts/{id}: only the fields sent change. Attributes
            merge; tags replace.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeContactOut | Error
    """

    return sync_detailed(
        contact_id=contact_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    contact_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ContactPatch,
) -> Response[EnvelopeContactOut | Error]:
    """Change a contact (named by its id or its email)

     Only the fields sent change. Attributes merge (null removes a key); tags replace the list; the email
    may change to one no other contact has (409 otherwise).

    Args:
        contact_id (str):
        body (ContactPatch): PATCH /v1/contacts/{id}: only the fields sent change. Attributes
            merge; tags replace.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeContactOut | Error]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contact_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ContactPatch,
) -> EnvelopeContactOut | Error | None:
    """Change a contact (named by its id or its email)

     Only the fields sent change. Attributes merge (null removes a key); tags replace the list; the email
    may change to one no other contact has (409 otherwise).

    Args:
        contact_id (str):
        body (ContactPatch): PATCH /v1/contacts/{id}: only the fields sent change. Attributes
            merge; tags replace.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeContactOut | Error
    """

    return (
        await asyncio_detailed(
            contact_id=contact_id,
            client=client,
            body=body,
        )
    ).parsed
