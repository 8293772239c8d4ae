"""The local runtime's state on disk: DynamoDB items, S3 objects, secret values, SES identities, schedules.

Written atomically (a temp file renamed over the old one); restored before the runtime seeds anything.
Queue messages in flight are not kept: work that was queued when the runtime stopped is lost.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from pathlib import Path
from typing import Any

import boto3

from infra.topology import Topology

SCHEDULE_FIELDS = (
    "Name",
    "GroupName",
    "ScheduleExpression",
    "ScheduleExpressionTimezone",
    "State",
    "Target",
    "FlexibleTimeWindow",
    "ActionAfterCompletion",
    "Description",
)


def _encode(value: Any) -> Any:
    """Typed DynamoDB JSON with binary values base64-encoded."""
    if isinstance(value, bytes | bytearray):
        return {"__b64__": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _table_items(table_name: str) -> list[Any]:
    """Every item of a table in DynamoDB JSON, read from moto's backend in this process.

    Not a Scan through the server: moto's response serializer made each snapshot of a few thousand items
    cost seconds of CPU, which the local runtime's workers then did not get.
    """
    from moto.dynamodb.models import dynamodb_backends

    from infra.local.events import ACCOUNT, REGION
    from infra.local.moto_patches import locked

    with locked():
        table = dynamodb_backends[ACCOUNT][REGION].get_table(table_name)
        return [item.to_json()["Attributes"] for item in table.all_items()]


def capture(topology: Topology, env: dict[str, str]) -> dict[str, Any]:
    tables = {table.name: _table_items(env[table.env]) for table in topology.tables}
    s3 = boto3.client("s3")
    buckets: dict[str, dict[str, str]] = {}
    for bucket in topology.buckets:
        objects = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=env[bucket.env]):
            for obj in page.get("Contents", []):
                data = s3.get_object(Bucket=env[bucket.env], Key=obj["Key"])["Body"].read()
                objects[obj["Key"]] = base64.b64encode(data).decode()
        buckets[bucket.name] = objects
    sm = boto3.client("secretsmanager")
    secrets = {s.name: sm.get_secret_value(SecretId=env[s.env])["SecretString"] for s in topology.secrets}
    sesv2 = boto3.client("sesv2")
    identities = [i["IdentityName"] for i in sesv2.list_email_identities().get("EmailIdentities", [])]
    scheduler = boto3.client("scheduler")
    schedules = []
    for group in scheduler.list_schedule_groups().get("ScheduleGroups", []):
        for summary in scheduler.list_schedules(GroupName=group["Name"]).get("Schedules", []):
            detail = scheduler.get_schedule(Name=summary["Name"], GroupName=group["Name"])
            schedules.append({k: detail[k] for k in SCHEDULE_FIELDS if k in detail})
    return {
        "version": 1,
        "tables": _encode(tables),
        "buckets": buckets,
        "secrets": secrets,
        "ses_identities": identities,
        "schedules": schedules,
    }


def save(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, default=str))
    os.replace(temporary, path)


def load(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    return json.loads(path.read_text())


def restore(topology: Topology, env: dict[str, str], state: dict[str, Any]) -> None:
    ddb = boto3.client("dynamodb")
    tables = _decode(state.get("tables", {}))
    for table in topology.tables:
        items = tables.get(table.name, [])
        for start in range(0, len(items), 25):
            request = {env[table.env]: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
            while request:
                request = ddb.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
    s3 = boto3.client("s3")
    for bucket in topology.buckets:
        for key, data in state.get("buckets", {}).get(bucket.name, {}).items():
            s3.put_object(Bucket=env[bucket.env], Key=key, Body=base64.b64decode(data))
    sm = boto3.client("secretsmanager")
    for secret in topology.secrets:
        value = state.get("secrets", {}).get(secret.name)
        if value:
            sm.put_secret_value(SecretId=env[secret.env], SecretString=value)
    sesv2 = boto3.client("sesv2")
    for identity in state.get("ses_identities", []):
        with contextlib.suppress(sesv2.exceptions.AlreadyExistsException):
            sesv2.create_email_identity(EmailIdentity=identity)
    scheduler = boto3.client("scheduler")
    for schedule in state.get("schedules", []):
        group = schedule.get("GroupName", "default")
        if group != "default":
            with contextlib.suppress(scheduler.exceptions.ConflictException):
                scheduler.create_schedule_group(Name=group)
        with contextlib.suppress(scheduler.exceptions.ConflictException):
            scheduler.create_schedule(**schedule)
