from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_form_out import EnvelopeFormOut
from ...models.error import Error
from ...models.form_patch import FormPatch
from ...types import Response


def _get_kwargs(
    form_id: str,
    *,
    body: FormPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/forms/{form_id}".format(
            form_id=quote(str(form_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeFormOut | Error | None:
    if response.status_code == 200:
        response_200 = EnvelopeFormOut.from_dict(response.json())

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
) -> Response[EnvelopeFormOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    form_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FormPatch,
) -> Response[EnvelopeFormOut | Error]:
    """Change a signup form

     Only the fields sent change; null clears `double_opt_in` (the list's setting again), `tags`,
    `success_message`, `redirect_url` and `consent_text`. `fields` are tags of the list's fields (GET
    /v1/lists/{id}/fields), or `first_name` / `last_name` for the contact's own; an unknown tag is a 400
    naming it. The email field is always on the form, and so is every field the list requires. The list
    must be the workspace's (404 `list_not_found`). At most 100 forms per workspace (409
    `form_limit_reached`); `name` at most 200 characters, `success_message` 2000, `consent_text` 5000;
    `redirect_url` an absolute http(s) URL of at most 2000; at most 20 `fields` and 20 `tags`.

    Args:
        form_id (str):
        body (FormPatch): Only the fields sent change; null clears `title`, `double_opt_in` (as
            the list says), `tags`,
            `success_message`, `redirect_url` and `consent_text`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeFormOut | Error]
    """

    kwargs = _get_kwargs(
        form_id=form_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    form_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FormPatch,
) -> EnvelopeFormOut | Error | None:
    """Change a signup form

     Only the fields sent change; null clears `double_opt_in` (the list's setting again), `tags`,
    `success_message`, `redirect_url` and `consent_text`. `fields` are tags of the list's fields (GET
    /v1/lists/{id}/fields), or `first_name` / `last_name` for the contact's own; an unknown tag is a 400
    naming it. The email field is always on the form, and so is every field the list requires. The list
    must be the workspace's (404 `list_not_found`). At most 100 forms per workspace (409
    `form_limit_reached`); `name` at most 200 characters, `success_message` 2000, `consent_text` 5000;
    `redirect_url` an absolute http(s) URL of at most 2000; at most 20 `fields` and 20 `tags`.

    Args:
        form_id (str):
        body (FormPatch): Only the fields sent change; null clears `title`, `double_opt_in` (as
            the list says), `tags`,
            `success_message`, `redirect_url` and `consent_text`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeFormOut | Error
    """

    return sync_detailed(
        form_id=form_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    form_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FormPatch,
) -> Response[EnvelopeFormOut | Error]:
    """Change a signup form

     Only the fields sent change; null clears `double_opt_in` (the list's setting again), `tags`,
    `success_message`, `redirect_url` and `consent_text`. `fields` are tags of the list's fields (GET
    /v1/lists/{id}/fields), or `first_name` / `last_name` for the contact's own; an unknown tag is a 400
    naming it. The email field is always on the form, and so is every field the list requires. The list
    must be the workspace's (404 `list_not_found`). At most 100 forms per workspace (409
    `form_limit_reached`); `name` at most 200 characters, `success_message` 2000, `consent_text` 5000;
    `redirect_url` an absolute http(s) URL of at most 2000; at most 20 `fields` and 20 `tags`.

    Args:
        form_id (str):
        body (FormPatch): Only the fields sent change; null clears `title`, `double_opt_in` (as
            the list says), `tags`,
            `success_message`, `redirect_url` and `consent_text`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeFormOut | Error]
    """

    kwargs = _get_kwargs(
        form_id=form_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    form_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FormPatch,
) -> EnvelopeFormOut | Error | None:
    """Change a signup form

     Only the fields sent change; null clears `double_opt_in` (the list's setting again), `tags`,
    `success_message`, `redirect_url` and `consent_text`. `fields` are tags of the list's fields (GET
    /v1/lists/{id}/fields), or `first_name` / `last_name` for the contact's own; an unknown tag is a 400
    naming it. The email field is always on the form, and so is every field the list requires. The list
    must be the workspace's (404 `list_not_found`). At most 100 forms per workspace (409
    `form_limit_reached`); `name` at most 200 characters, `success_message` 2000, `consent_text` 5000;
    `redirect_url` an absolute http(s) URL of at most 2000; at most 20 `fields` and 20 `tags`.

    Args:
        form_id (str):
        body (FormPatch): Only the fields sent change; null clears `title`, `double_opt_in` (as
            the list says), `tags`,
            `success_message`, `redirect_url` and `consent_text`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeFormOut | Error
    """

    return (
        await asyncio_detailed(
            form_id=form_id,
            client=client,
            body=body,
        )
    ).parsed
