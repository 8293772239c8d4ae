"""API Gateway REQUEST authorizer: `Authorization: Bearer lc_...` -> workspace and scopes.

The policy allows every route because API Gateway caches it per key (60 s): each function checks
the scopes its routes need from the context this returns.
"""

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
)

from functions.account import service
from functions.core.observability import logger, metrics, tracer


def bearer_token(header: str | None) -> str:
    scheme, _, token = (header or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=APIGatewayAuthorizerRequestEvent)
def handler(event: APIGatewayAuthorizerRequestEvent, context):
    current = service.authenticate(
        bearer_token(event.headers.get("Authorization") or event.headers.get("authorization"))
    )
    if current is None:
        logger.info("api key refused")
        raise Exception("Unauthorized")  # API Gateway answers 401 (the UNAUTHORIZED gateway response)
    arn = event.parsed_arn
    policy = APIGatewayAuthorizerResponse(
        principal_id=current.key_id,
        context=current.to_context(),
        region=arn.region,
        aws_account_id=arn.aws_account_id,
        api_id=arn.api_id,
        stage=arn.stage,
    )
    policy.allow_all_routes()
    return policy.asdict()
