"""Lambda entry point of the pages group (the pages themselves are served by functions/public/landing.py)."""

from aws_lambda_powertools.logging import correlation_paths

from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer
from functions.pages import api

app = Api(routers=[api.router], scope="pages")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
