"""EventBridge Scheduler one-time schedules for scheduled campaigns (this group's Scheduler access).

One schedule per campaign, named after it, in the stack's group; it invokes the starter function with
the campaign, and deletes itself once fired.
"""

from __future__ import annotations

import json
from datetime import datetime

from botocore.exceptions import ClientError

from functions.core import aws
from functions.core.settings import settings


def _name(campaign_id: str, action: str) -> str:
    return f"campaign-{campaign_id}" if action == "start" else f"campaign-{campaign_id}-{action}"


def _group() -> str:
    return settings().granted("schedule_group")


def put(workspace_id: str, campaign_id: str, at: datetime, action: str = "start") -> None:
    """Create (or replace) the campaign's schedule to `action` (start, resume) at `at` (UTC)."""
    delete(campaign_id, action)
    aws.client("scheduler").create_schedule(
        Name=_name(campaign_id, action),
        GroupName=_group(),
        ScheduleExpression=f"at({at:%Y-%m-%dT%H:%M:%S})",
        ScheduleExpressionTimezone="UTC",
        FlexibleTimeWindow={"Mode": "OFF"},
        ActionAfterCompletion="DELETE",
        Target={
            "Arn": settings().granted("schedule_target_arn"),
            "RoleArn": settings().granted("schedule_role_arn"),
            "Input": json.dumps({"workspace_id": workspace_id, "campaign_id": campaign_id, "action": action}),
        },
    )


def delete(campaign_id: str, action: str = "start") -> None:
    try:
        aws.client("scheduler").delete_schedule(Name=_name(campaign_id, action), GroupName=_group())
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ResourceNotFoundException":
            raise


def exists(campaign_id: str, action: str = "start") -> bool:
    try:
        aws.client("scheduler").get_schedule(Name=_name(campaign_id, action), GroupName=_group())
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ResourceNotFoundException":
            return False
        raise
    return True
