from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_form_out import EnvelopeFormOut
from ...models.error import Error
from ...models.form_create import FormCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: FormCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/forms",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeFormOut | Error | None:
    if response.status_code == 201:
        response_201 = EnvelopeFormOut.from_dict(response.json())

        return response_201

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
) -> Response[EnvelopeFormOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FormCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeFormOut | Error]:
    """Create a signup form

     `fields` are tags of the list's fields (GET /v1/lists/{id}/fields), or `first_name` / `last_name`
    for the contact's own; an unknown tag is a 400 naming it. The email field is always on the form, and
    so is every field the list requires. The list must be the workspace's (404 `list_not_found`). At
    most 100 forms per workspace (409 `form_limit_reached`); `name` at most 200 characters,
    `success_message` 2000, `consent_text` 5000; `redirect_url` an absolute http(s) URL of at most 2000;
    at most 20 `fields` and 20 `tags`. The form is served at `hosted_url` (GET: the page; POST: form-
    encoded or JSON, CORS allowed) while `is_published`. A hidden honeypot field stops bots; one address
    signs up at most 3 times an hour per workspace, one source at most 20 times in 10 minutes per form
    (429). `double_opt_in` null follows the list's setting.

    Args:
        idempotency_key (str | Unset):
        body (FormCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeFormOut | Error]
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
    body: FormCreate,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeFormOut | Error | None:
    """Create a signup form

     `fields` are tags of the list's fields (GET /v1/lists/{id}/fields), or `first_name` / `last_name`
    for the contact's own; an unknown tag is a 400 naming it. The email field is always on the form, and
    so is every field the list requires. The list must be the workspace's (404 `list_not_found`). At
    most 100 forms per workspace (409 `form_limit_reached`); `name` at most 200 characters,
    `success_message` 2000, `consent_text` 5000; `redirect_url` an absolute http(s) URL of at most 2000;
    at most 20 `fields` and 20 `tags`. The form is served at `hosted_url` (GET: the page; POST: form-
    encoded or JSON, CORS allowed) while `is_published`. A hidden honeypot field stops bots; one address
    signs up at most 3 times an hour per workspace, one source at most 20 times in 10 minutes per form
    (429). `double_opt_in` null follows the list's setting.

    Args:
        idempotency_key (str | Unset):
        body (FormCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeFormOut | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FormCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[EnvelopeFormOut | Error]:
    """Create a signup form

     `fields` are tags of the list's fields (GET /v1/lists/{id}/fields), or `first_name` / `last_name`
    for the contact's own; an unknown tag is a 400 naming it. The email field is always on the form, and
    so is every field the list requires. The list must be the workspace's (404 `list_not_found`). At
    most 100 forms per workspace (409 `form_limit_reached`); `name` at most 200 characters,
    `success_message` 2000, `consent_text` 5000; `redirect_url` an absolute http(s) URL of at most 2000;
    at most 20 `fields` and 20 `tags`. The form is served at `hosted_url` (GET: the page; POST: form-
    encoded or JSON, CORS allowed) while `is_published`. A hidden honeypot field stops bots; one address
    signs up at most 3 times an hour per workspace, one source at most 20 times in 10 minutes per form
    (429). `double_opt_in` null follows the list's setting.

    Args:
        idempotency_key (str | Unset):
        body (FormCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeFormOut | Error]
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
    body: FormCreate,
    idempotency_key: str | Unset = UNSET,
) -> EnvelopeFormOut | Error | None:
    """Create a signup form

     `fields` are tags of the list's fields (GET /v1/lists/{id}/fields), or `first_name` / `last_name`
    for the contact's own; an unknown tag is a 400 naming it. The email field is always on the form, and
    so is every field the list requires. The list must be the workspace's (404 `list_not_found`). At
    most 100 forms per workspace (409 `form_limit_reached`); `name` at most 200 characters,
    `success_message` 2000, `consent_text` 5000; `redirect_url` an absolute http(s) URL of at most 2000;
    at most 20 `fields` and 20 `tags`. The form is served at `hosted_url` (GET: the page; POST: form-
    encoded or JSON, CORS allowed) while `is_published`. A hidden honeypot field stops bots; one address
    signs up at most 3 times an hour per workspace, one source at most 20 times in 10 minutes per form
    (429). `double_opt_in` null follows the list's setting.

    Args:
        idempotency_key (str | Unset):
        body (FormCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeFormOut | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
