"""Automation workers (Powertools batch processing, partial failures).

`run_handler`: the automation-runs queue -> a contact enters, a run goes on, or a contact leaves its runs.
`clock_handler`: every minute (a recurring schedule) -> a sweep job per due shard.
`sweep_handler`: the automation-sweeps queue -> the due runs of one shard, or the contacts of one contact
shard whose date falls today (a date trigger), queued on automation-runs.
"""

from __future__ import annotations

from typing import Any

from functions.automations import dates, runs, service, store, sweeper
from functions.automations.jobs import DateJob, RunJob, SweepsJob
from functions.core.batches import job_records, sqs_handler
from functions.core.observability import logger, metrics, tracer

_pending: list[runs.PendingSend] = []  # the sends the batch's runs reached, sent together after it
_definitions = runs.Definitions()


def run_record(record: Any) -> None:
    # A job that raises (a failed write) comes back after the visibility timeout; its run has not moved.
    pending = service.run_job(_definitions, record.body)
    if pending is not None:
        _pending.append(pending)


_run_batch = sqs_handler(run_record, job_records(RunJob))


def run_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _definitions
    _definitions = runs.Definitions()  # read again for every batch: an automation may have been paused
    _pending.clear()
    response = _run_batch(event, context)
    # The batch's sends at once (room taken once, sent concurrently). Should this fail, the whole batch
    # comes back; every run it moved moved by a conditional write, and a run at its send step is due, so
    # the sweep finds it even if its job were lost.
    pending, _pending[:] = list(_pending), []
    service.deliver_all(pending)
    return response


def sweep_record(record: Any) -> None:
    job = record.body.root
    if isinstance(job, DateJob):
        dates.scan(job, store.get(job.workspace_id, job.automation_id))
    else:
        sweeper.sweep(job.shard)


sweep_handler = sqs_handler(sweep_record, job_records(SweepsJob))


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def clock_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"sweeps": sweeper.tick(), "date_triggers": dates.tick()}
