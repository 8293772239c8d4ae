"""SES v2 email identities (addresses and domains): this group's SES access, as store.py is its DynamoDB's."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from functions.core import aws


def _ses() -> Any:
    return aws.client("sesv2")


def _missing(exc: ClientError) -> bool:
    """SES does not know the identity. A 404 of another shape counts too: an address may hold `/` or `%`
    (valid in a local part), which the local SES endpoint reads as another path (a 404 page, not JSON)."""
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return exc.response["Error"]["Code"] in ("NotFoundException", "NotFound") or status == 404


def get(identity: str) -> dict[str, Any] | None:
    try:
        return _ses().get_email_identity(EmailIdentity=identity)
    except ClientError as exc:
        if _missing(exc):
            return None
        raise


def ensure(identity: str) -> dict[str, Any]:
    """Create the identity when SES does not know it (an address gets SES's verification email)."""
    found = get(identity)
    if found is not None:
        return found
    created = _ses().create_email_identity(EmailIdentity=identity)
    return {**created, **(get(identity) or {})}


def delete(identity: str) -> None:
    try:
        _ses().delete_email_identity(EmailIdentity=identity)
    except ClientError as exc:
        if not _missing(exc):
            raise


def verified(info: dict[str, Any] | None) -> bool:
    if not info:
        return False
    return bool(info.get("VerifiedForSendingStatus")) or info.get("VerificationStatus") == "SUCCESS"


def dkim_tokens(info: dict[str, Any]) -> list[str]:
    return list((info.get("DkimAttributes") or {}).get("Tokens") or [])


def dkim_status(info: dict[str, Any]) -> str | None:
    return (info.get("DkimAttributes") or {}).get("Status")
