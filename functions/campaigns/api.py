"""HTTP routes of the campaigns group: definitions, stats and recipients (service.py), sending them
(lifecycle.py), previews and test sends (previews.py), resuming a stalled one (recovery.py)."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from functions.campaigns import lifecycle, messages, previews, recovery, service
from functions.campaigns.models import (
    CampaignCreate,
    CampaignOut,
    CampaignPatch,
    CampaignStats,
    Recipient,
    RecipientState,
    Status,
)
from functions.contacts.models import Activity
from functions.core import http
from functions.core.auth import caller
from functions.core.clock import now
from functions.core.emails import EmailAddress
from functions.core.models import Body, Deleted, Envelope, Page, exactly_one
from functions.core.pagination import DEFAULT_LIMIT, MAX_LIMIT

router = Router()
# GET /v1/contacts/{id}/activity, served by the contacts function: a contact's activity includes the
# campaign messages it was sent, read from their recipient records (messages.py), and this group already
# depends on the contacts group, so the route lives here and not in contacts.api.
contact_activity_router = Router()
TAGS = ["campaigns"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=2048)]
CampaignId = Annotated[str, Path()]


@router.post(
    "/v1/campaigns", tags=TAGS, summary="Create a draft campaign", responses={201: {"description": "Created"}}
)
def create_campaign(body: CampaignCreate) -> Response[Envelope[CampaignOut]]:
    return http.created(service.create(caller().workspace_id, body))


@router.get("/v1/campaigns", tags=TAGS, summary="Campaigns, newest first, optionally by status")
def list_campaigns(
    status: Annotated[Status | None, Query()] = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[Page[CampaignOut]]:
    items, next_cursor = service.page(caller().workspace_id, status, limit, cursor)
    return http.page(items, next_cursor)


@router.get("/v1/campaigns/<campaign_id>", tags=TAGS, summary="Get a campaign")
def get_campaign(campaign_id: CampaignId) -> Response[Envelope[CampaignOut]]:
    return http.ok(service.get(caller().workspace_id, campaign_id))


@router.patch(
    "/v1/campaigns/<campaign_id>", tags=TAGS, summary="Change a campaign (422 once sending or sent)"
)
def patch_campaign(campaign_id: CampaignId, body: CampaignPatch) -> Response[Envelope[CampaignOut]]:
    return http.ok(service.update(caller().workspace_id, campaign_id, body))


@router.delete(
    "/v1/campaigns/<campaign_id>", tags=TAGS, summary="Delete a campaign (422 once sending or sent)"
)
def delete_campaign(campaign_id: CampaignId) -> Response[Deleted]:
    service.delete(caller().workspace_id, campaign_id)
    return http.deleted()


class SendBody(Body):
    send_at: AwareDatetime | None = Field(
        default=None, description="ISO 8601 with a zone; later than now: scheduled"
    )


@router.post(
    "/v1/campaigns/<campaign_id>/send",
    tags=TAGS,
    summary="Send the campaign now, or schedule it with send_at",
    description="202: the audience (the list's subscribers, narrowed to the union of segment_ids, minus "
    "unsubscribed, bounced, complained and suppressed addresses) is fixed and sent, each recipient once.",
    responses={202: {"description": "Sending"}},
)
def send_campaign(campaign_id: CampaignId, body: SendBody) -> Response[Envelope[CampaignOut]]:
    if body.send_at and body.send_at.astimezone(UTC) > now():
        return http.accepted(
            lifecycle.schedule(caller().workspace_id, campaign_id, body.send_at.astimezone(UTC))
        )
    return http.accepted(lifecycle.start(caller().workspace_id, campaign_id))


@router.post(
    "/v1/campaigns/<campaign_id>/cancel",
    tags=TAGS,
    summary="Cancel: no message after this",
    description="A draft, scheduled, sending or paused campaign becomes `cancelled` and sends nothing more. "
    "Every recipient not sent yet becomes `skipped` (reason `cancelled`) shortly after, also when the "
    "queued send batches were lost; `skipped` in the stats counts each once. 422 "
    "`campaign_not_cancellable` once sent or cancelled.",
)
def cancel_campaign(campaign_id: CampaignId) -> Response[Envelope[CampaignOut]]:
    return http.ok(lifecycle.cancel(caller().workspace_id, campaign_id))


@router.post(
    "/v1/campaigns/<campaign_id>/resume",
    tags=TAGS,
    summary="Resume a paused campaign, or a sending one that has stalled",
    description="A `paused` campaign (daily quota, sender limit, failed dispatch) sends again. A `sending` "
    "campaign that has made no progress for LETTERCAST_CAMPAIGN_STALL_AFTER_S seconds (1020 by default: "
    "longer than SQS's longest delay plus the send queue's visibility timeout), for instance because its "
    "queue was purged, has its recipients still `queued` (and shards not dispatched) queued again; nobody "
    "is sent twice. With nobody left to send it is recounted and becomes `sent`. 422 "
    "`campaign_in_progress` (with `last_progress_at` and `resumable_at`) while it is still progressing, "
    "and to a second resume within that time; 422 `campaign_not_paused` for any other status.",
    responses={202: {"description": "Sending again"}},
)
def resume_campaign(campaign_id: CampaignId) -> Response[Envelope[CampaignOut]]:
    return http.accepted(recovery.resume_now(caller().workspace_id, campaign_id))


@router.get("/v1/campaigns/<campaign_id>/stats", tags=TAGS, summary="Counters of a campaign")
def campaign_stats(campaign_id: CampaignId) -> Response[Envelope[CampaignStats]]:
    return http.ok(service.stats(caller().workspace_id, campaign_id))


@router.get("/v1/campaigns/<campaign_id>/recipients", tags=TAGS, summary="Recipients and their send state")
def campaign_recipients(
    campaign_id: CampaignId,
    state: Annotated[RecipientState | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[Page[Recipient]]:
    items, next_cursor = service.recipients_page(caller().workspace_id, campaign_id, state, limit, cursor)
    return http.page(items, next_cursor)


class TestBody(Body):
    emails: Annotated[list[EmailAddress], Field(min_length=1, max_length=previews.MAX_TEST_RECIPIENTS)]
    variables: dict[str, Any] | None = Field(
        default=None, description="Fill tags an address's own contact values do not (they win)"
    )


@router.post(
    "/v1/campaigns/<campaign_id>/test",
    tags=TAGS,
    summary="Send the rendered campaign to at most 10 addresses, marked as a test (stats untouched)",
    description="An address that is a contact is rendered with its own values, then `variables`; a tag "
    "with no value is rendered empty, as in the campaign.",
    responses={204: {"description": "Sent"}},
)
def test_campaign(campaign_id: CampaignId, body: TestBody) -> Response[None]:
    previews.send_test(caller().workspace_id, campaign_id, body.emails, body.variables)
    return Response(status_code=204, body=None)


class PreviewBody(Body):
    model_config = ConfigDict(  # what one_contact checks
        json_schema_extra={
            **exactly_one(("contact_id",), ("email",)),
            "examples": [{"email": "ann@example.com"}],
        }
    )
    contact_id: str | None = Field(default=None, max_length=64)
    email: EmailAddress | None = None

    @model_validator(mode="after")
    def one_contact(self) -> PreviewBody:
        if (self.contact_id is None) == (self.email is None):
            raise ValueError("give exactly one of contact_id or email")
        return self


class CampaignPreview(BaseModel):
    contact_id: str
    email: str
    subject: str
    html: str
    text: str
    missing_variables: list[str] = Field(description="Tags the contact has no value for (rendered empty)")


@router.post(
    "/v1/campaigns/<campaign_id>/preview",
    tags=TAGS,
    summary="The campaign rendered for one contact, and the tags it has no value for",
    description="Rendered as the contact would get it (tags with no value empty), without the tracking "
    "of opens and clicks. 404 when no contact has that id or email.",
)
def preview_campaign(campaign_id: CampaignId, body: PreviewBody) -> Response[Envelope[CampaignPreview]]:
    found = previews.preview(caller().workspace_id, campaign_id, body.contact_id, body.email)
    return http.ok(CampaignPreview(**found))


@contact_activity_router.get(
    "/v1/contacts/<contact_id>/activity",
    tags=["contacts"],
    summary="A contact's activity, newest first",
    description="Each message sent (`sent`), its `delivered`, first `opened` and first `clicked` (with "
    "`url`), `bounced`, `complained`, each list `unsubscribed` and the contact's events, newest first.",
)
def contact_activity(
    contact_id: Annotated[str, Path()], limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[Page[Activity]]:
    entries, next_cursor = messages.activity(caller().workspace_id, contact_id, limit, cursor)
    fields = ("id", "type", "occurred_at", "data")
    return http.page([Activity(**{k: e[k] for k in fields if k in e}) for e in entries], next_cursor)
