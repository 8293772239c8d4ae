from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.submit_form_data_body import SubmitFormDataBody
from ...models.submit_form_json_body import SubmitFormJsonBody
from ...models.submit_form_response_200 import SubmitFormResponse200
from ...types import UNSET, Response


def _get_kwargs(
    public_id: str,
    *,
    body: SubmitFormJsonBody | SubmitFormDataBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/f/{public_id}".format(
            public_id=quote(str(public_id), safe=""),
        ),
    }

    if isinstance(body, SubmitFormJsonBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, SubmitFormDataBody):
        _kwargs["data"] = body.to_dict()
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | SubmitFormResponse200 | None:
    if response.status_code == 200:
        response_200 = SubmitFormResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 303:
        response_303 = cast(Any, None)
        return response_303

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[Any | Error | SubmitFormResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitFormJsonBody | SubmitFormDataBody | Unset = UNSET,
) -> Response[Any | Error | SubmitFormResponse200]:
    """A signup: form-encoded from a browser (answered with a page), or JSON (answered with JSON)

    Args:
        public_id (str):
        body (SubmitFormJsonBody): The form's inputs by name: email, and the list's fields the
            form shows
        body (SubmitFormDataBody): The form's inputs by name: email, and the list's fields the
            form shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | SubmitFormResponse200]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitFormJsonBody | SubmitFormDataBody | Unset = UNSET,
) -> Any | Error | SubmitFormResponse200 | None:
    """A signup: form-encoded from a browser (answered with a page), or JSON (answered with JSON)

    Args:
        public_id (str):
        body (SubmitFormJsonBody): The form's inputs by name: email, and the list's fields the
            form shows
        body (SubmitFormDataBody): The form's inputs by name: email, and the list's fields the
            form shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | SubmitFormResponse200
    """

    return sync_detailed(
        public_id=public_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitFormJsonBody | SubmitFormDataBody | Unset = UNSET,
) -> Response[Any | Error | SubmitFormResponse200]:
    """A signup: form-encoded from a browser (answered with a page), or JSON (answered with JSON)

    Args:
        public_id (str):
        body (SubmitFormJsonBody): The form's inputs by name: email, and the list's fields the
            form shows
        body (SubmitFormDataBody): The form's inputs by name: email, and the list's fields the
            form shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | SubmitFormResponse200]
    """

    kwargs = _get_kwargs(
        public_id=public_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    public_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SubmitFormJsonBody | SubmitFormDataBody | Unset = UNSET,
) -> Any | Error | SubmitFormResponse200 | None:
    """A signup: form-encoded from a browser (answered with a page), or JSON (answered with JSON)

    Args:
        public_id (str):
        body (SubmitFormJsonBody): The form's inputs by name: email, and the list's fields the
            form shows
        body (SubmitFormDataBody): The form's inputs by name: email, and the list's fields the
            form shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | SubmitFormResponse200
    """

    return (
        await asyncio_detailed(
            public_id=public_id,
            client=client,
            body=body,
        )
    ).parsed
