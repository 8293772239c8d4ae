"""Lambda entry point of the imports group."""

from aws_lambda_powertools.logging import correlation_paths

from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer
from functions.imports import api

# An export is the workspace's contacts leaving it: it takes a contacts key, not one that may only import.
app = Api(
    routers=[api.router],
    scope="imports",
    scope_overrides={"/v1/exports": "contacts"},
    csv_routes=api.CSV_ROUTES,
)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
