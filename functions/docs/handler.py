"""Lambda entry point serving GET /v1/openapi.json (public)."""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer
from functions.docs import openapi

router = Router()


@router.get("/v1/openapi.json", include_in_schema=False)
def openapi_json():
    return Response(status_code=200, content_type="application/json", body=openapi.document())


app = Api(routers=[router], scope=None)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
