"""HTTP route of compose."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.compose import service
from functions.compose.models import Compose, ComposeResult
from functions.core.auth import caller
from functions.core.http import JSON

router = Router()


@router.post(
    "/v1/compose",
    tags=["compose"],
    summary="Send without a campaign, to at most 100 recipients",
    description="Exactly one of template_id or subject+body. Recipients are {emails: [...]} or "
    "{type: contacts, contact_ids: [...]}. Unsubscribed, bounced, complained and suppressed addresses and "
    "invalid ones come back in `failed`; a merge tag with no value refuses the whole request (400 "
    "missing_variables); the sender's daily limit is a 429 with Retry-After. Scope: send.",
)
def compose(body: Compose) -> Response[ComposeResult]:
    result = service.compose(caller().workspace_id, body)
    return Response(status_code=200, content_type=JSON, body=result)
