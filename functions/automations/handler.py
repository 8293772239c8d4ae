"""Lambda entry point of the automations group (the workers are in functions/automations/workers.py)."""

from aws_lambda_powertools.logging import correlation_paths

from functions.automations import api
from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer

app = Api(routers=[api.router], scope="automations")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
