"""The merged OpenAPI document: every group's router in one resolver, built once per process."""

from __future__ import annotations

import json
from functools import cache

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.models import Server

from functions.account import api as account_api
from functions.automations import api as automations_api
from functions.campaigns import api as campaigns_api
from functions.compose import api as compose_api
from functions.contacts import api as contacts_api
from functions.events import api as events_api
from functions.forms import api as forms_api
from functions.imports import api as imports_api
from functions.lists import api as lists_api
from functions.pages import api as pages_api
from functions.segments import api as segments_api
from functions.senders import api as senders_api
from functions.templates import api as templates_api
from functions.webhooks import api as webhooks_api

# The routers of every HTTP function, as its handler includes them (a test checks the names against the
# topology's routed functions).
ROUTERS = {
    "account": (account_api.router,),
    "contacts": (lists_api.contacts_router, campaigns_api.contact_activity_router, contacts_api.router),
    "lists": (lists_api.router, imports_api.lists_router),
    "segments": (segments_api.router,),
    "templates": (templates_api.router,),
    "senders": (senders_api.router,),
    "compose": (compose_api.router,),
    "campaigns": (campaigns_api.router,),
    "events": (events_api.router,),
    "webhooks": (webhooks_api.router,),
    "imports": (imports_api.router,),
    "automations": (automations_api.router,),
    "forms": (forms_api.router,),
    "pages": (pages_api.router,),
}

DESCRIPTION = (
    "Lettercast: self-hosted email marketing. Authenticate with `Authorization: Bearer lc_...`. "
    'Errors are `{"error": {"code", "message"}}`; lists are `{"data", "next_cursor"}`.'
)


@cache
def document() -> str:
    app = APIGatewayRestResolver(enable_validation=True)
    for routers in ROUTERS.values():
        for router in routers:
            app.include_router(router)
    schema = app.get_openapi_json_schema(
        title="Lettercast API",
        version="1",
        description=DESCRIPTION,
        servers=[Server(url="/")],
        security_schemes={"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "lc_..."}},
        security=[{"bearer": []}],
    )
    return json.dumps(json.loads(schema), separators=(",", ":"))
