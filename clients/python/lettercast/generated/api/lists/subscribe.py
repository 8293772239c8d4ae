from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_contact_out import EnvelopeContactOut
from ...models.error import Error
from ...models.subscriber_create import SubscriberCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    list_id: str,
    *,
    body: SubscriberCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/lists/{list_id}/subscribers".format(
            list_id=quote(str(list_id), safe=""),
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

    if response.status_code == 201:
        response_201 = EnvelopeContactOut.from_dict(response.json())

        return response_201

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
    *,
    client: AuthenticatedClient | Client,
    body: SubscriberCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeContactOut | Error]:
    """Subscribe an email (creates or updates the contact)

     The list's fields are checked against the contact's attributes first (400 names the field). 201 when
    newly subscribed, 200 when it already was. On a double opt-in list the membership is `pending` and a
    confirmation email goes out: 202 (unless `force_subscribe`); the link in it subscribes the contact,
    and an unconfirmed signup lapses after 7 days. 422 `confirmation_sender_missing` when no sender can
    send that email. Each signup keeps a consent record (GET /v1/contacts/{contact_id}/consent) with
    `consent` as given.

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (SubscriberCreate): POST /v1/lists/{id}/subscribers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeContactOut | Error]
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
    body: SubscriberCreate,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeContactOut | Error | None:
    """Subscribe an email (creates or updates the contact)

     The list's fields are checked against the contact's attributes first (400 names the field). 201 when
    newly subscribed, 200 when it already was. On a double opt-in list the membership is `pending` and a
    confirmation email goes out: 202 (unless `force_subscribe`); the link in it subscribes the contact,
    and an unconfirmed signup lapses after 7 days. 422 `confirmation_sender_missing` when no sender can
    send that email. Each signup keeps a consent record (GET /v1/contacts/{contact_id}/consent) with
    `consent` as given.

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (SubscriberCreate): POST /v1/lists/{id}/subscribers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeContactOut | Error
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
    body: SubscriberCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeContactOut | Error]:
    """Subscribe an email (creates or updates the contact)

     The list's fields are checked against the contact's attributes first (400 names the field). 201 when
    newly subscribed, 200 when it already was. On a double opt-in list the membership is `pending` and a
    confirmation email goes out: 202 (unless `force_subscribe`); the link in it subscribes the contact,
    and an unconfirmed signup lapses after 7 days. 422 `confirmation_sender_missing` when no sender can
    send that email. Each signup keeps a consent record (GET /v1/contacts/{contact_id}/consent) with
    `consent` as given.

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (SubscriberCreate): POST /v1/lists/{id}/subscribers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeContactOut | Error]
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
    body: SubscriberCreate,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeContactOut | Error | None:
    """Subscribe an email (creates or updates the contact)

     The list's fields are checked against the contact's attributes first (400 names the field). 201 when
    newly subscribed, 200 when it already was. On a double opt-in list the membership is `pending` and a
    confirmation email goes out: 202 (unless `force_subscribe`); the link in it subscribes the contact,
    and an unconfirmed signup lapses after 7 days. 422 `confirmation_sender_missing` when no sender can
    send that email. Each signup keeps a consent record (GET /v1/contacts/{contact_id}/consent) with
    `consent` as given.

    Args:
        list_id (str):
        idempotency_key (str | Unset):
        body (SubscriberCreate): POST /v1/lists/{id}/subscribers.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeContactOut | Error
    """

    return (
        await asyncio_detailed(
            list_id=list_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
