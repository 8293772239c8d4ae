"""Lambda entry point of the contacts group."""

from aws_lambda_powertools.logging import correlation_paths

from functions.campaigns import api as campaigns_api
from functions.contacts import api
from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer
from functions.lists import api as lists_api

# POST /v1/contacts lives with the lists group (an upsert may subscribe to lists), and a contact's
# activity with the campaigns group (it includes the campaign messages); the paths are ours.
app = Api(
    routers=[lists_api.contacts_router, campaigns_api.contact_activity_router, api.router], scope="contacts"
)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
