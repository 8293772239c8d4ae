"""Scheduled work of the lists group: the hourly expiry of double opt-in signups never confirmed."""

from __future__ import annotations

from typing import Any

from functions.core.observability import logger, metrics, tracer
from functions.lists import optin


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def expiry_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    expired = optin.expire_due()
    logger.info("pending signups expired", extra={"expired": expired})
    return {"expired": expired}
