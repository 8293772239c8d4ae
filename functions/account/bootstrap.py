"""Custom resource (CloudFormation, through the CDK Provider): the operator's workspace and admin key.

Runs on stack creation; the key is written to the BOOTSTRAP_KEY secret, never to an output.
Later updates and deletes change nothing (the data outlives the custom resource). The local runtime
sends the same Create event at every start; LETTERCAST_API_KEY (never set on AWS) picks the key there.
"""

from functions.account import service
from functions.core import aws
from functions.core.observability import logger, metrics, tracer
from functions.core.settings import resource_name, settings


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    props = event.get("ResourceProperties", {})
    if event.get("RequestType") != "Create":
        return {"PhysicalResourceId": event.get("PhysicalResourceId", "operator-workspace")}
    operator_key = settings().operator_api_key
    chosen = operator_key.get_secret_value() if operator_key is not None else None
    workspace_id, raw_key = service.ensure_operator_workspace(
        name=props.get("WorkspaceName", "Operator"),
        email=props.get("OperatorEmail") or "operator@example.com",
        raw_key=chosen,
    )
    if raw_key is None and chosen and service.ensure_operator_key(chosen):
        raw_key = chosen
    if raw_key:
        aws.client("secretsmanager").put_secret_value(
            SecretId=resource_name("SECRET_BOOTSTRAP_KEY_ARN"), SecretString=raw_key
        )
    logger.info("operator workspace ready", extra={"workspace_id": workspace_id})
    return {"PhysicalResourceId": workspace_id, "Data": {"WorkspaceId": workspace_id}}
