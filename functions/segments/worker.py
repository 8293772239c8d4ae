"""Contacts table stream -> segment membership in real time (Powertools batch processing).

Each changed contact is evaluated against its workspace's rule-based segments; memberships, counts and
segment.entered / segment.exited events are written together, conditionally, so a redelivered record
changes nothing twice.
"""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from functions.core import events
from functions.core.dynamo import plain
from functions.core.observability import logger, metrics, tracer
from functions.segments import service

CONTACT_PK = re.compile(r"^WS#([^#]+)#S#\d+$")
# Changes the evaluator makes itself: they cannot change whether rules match.
OWN_FIELDS = {"segments", "manual_segments", "version"}

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
_matchers: dict[str, dict[str, Any]] = {}  # per invocation: workspace -> compiled segments


def _workspace(keys: dict[str, Any]) -> str | None:
    match = CONTACT_PK.match(str(keys.get("pk", "")))
    return match.group(1) if match and str(keys.get("sk", "")).startswith("C#") else None


def _only_own_changes(old: dict[str, Any], new: dict[str, Any]) -> bool:
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    return changed <= OWN_FIELDS


def record_handler(record: DynamoDBRecord) -> None:
    change = record.dynamodb
    workspace_id = _workspace(change.keys or {}) if change else None
    if workspace_id is None:
        return  # memberships, counters, activity: not contacts
    old = plain(change.old_image or {})
    new = plain(change.new_image or {})
    if record.event_name and record.event_name.name == "REMOVE":
        for segment_id in old.get("segments") or []:
            events.emit(
                workspace_id, "segment.exited", {"segment_id": segment_id, "contact_id": old.get("id")}
            )
        return
    if old and _only_own_changes(old, new):
        return
    if workspace_id not in _matchers:
        _matchers[workspace_id] = service.matchers(workspace_id)
    service.reconcile(workspace_id, new, _matchers[workspace_id])


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    _matchers.clear()  # segment rules may have changed since the last batch
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
