"""Lambda entry point of the public links (unsubscribe)."""

from aws_lambda_powertools.logging import correlation_paths

from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer
from functions.public import api, forms_pages, landing

app = Api(routers=[api.router, forms_pages.router, landing.router], scope=None)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
