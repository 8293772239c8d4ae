"""Date triggers (yearly: birthdays, anniversaries): each day at the automation's time of day, in the
workspace's timezone, the contacts whose date attribute falls on that day (less `offset_days`) enter.

An active date automation is registered in one catalog partition (pk = DATE_TRIGGERS, sk = <ws>#<id>),
read by the every-minute clock. The first tick at or after the time of day claims the day (a conditional
write of `last_day`, so the day fires once however ticks race or the clock jumps), then queues one scan
per contact shard; each scan reads its shard once and queues an `enter` job per contact whose date
matches. A contact enters once a year: the run of last year, ended, may start again (reentry `always`
also restarts one still active).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.account import service as account
from functions.automations import timing
from functions.automations.jobs import DateJob, RunJob
from functions.contacts import service as contacts
from functions.core import aws, clock, queues
from functions.core.dynamo import plain, update_if
from functions.core.errors import NotFound
from functions.core.sharding import SHARDS

CATALOG = "catalog"
PK = "DATE_TRIGGERS"
RUNS_QUEUE = "automation-runs"
SCANS_QUEUE = "automation-sweeps"


def _key(workspace_id: str, automation_id: str) -> dict[str, str]:
    return {"pk": PK, "sk": f"{workspace_id}#{automation_id}"}


def register(workspace_id: str, automation: dict[str, Any]) -> None:
    """The automation is active with a date trigger: the clock looks at it every minute."""
    trigger = automation["trigger"]
    aws.table(CATALOG).put_item(
        Item={
            **_key(workspace_id, automation["id"]),
            "workspace_id": workspace_id,
            "automation_id": automation["id"],
            "time": trigger.get("time", "09:00"),
            # Today counts as done when it is activated after its time: it fires from tomorrow.
            "last_day": _local_today(workspace_id, trigger.get("time", "09:00")),
        }
    )


def unregister(workspace_id: str, automation_id: str) -> None:
    aws.table(CATALOG).delete_item(Key=_key(workspace_id, automation_id))


def _timezone(workspace_id: str) -> str | None:
    try:
        return account.get_account(workspace_id).timezone
    except NotFound:
        return None


def _local_today(workspace_id: str, at: str) -> str:
    """The local day whose time `at` has passed last: today after it, yesterday before it."""
    local = clock.now().astimezone(timing.zone(_timezone(workspace_id)))
    day = local.date() if local.strftime("%H:%M") >= at else local.date() - timedelta(days=1)
    return day.isoformat()


def tick() -> int:
    """Claim each registered automation's day once its time has come; queue its scans. How many fired."""
    items = []
    query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq(PK)}
    while True:
        page = aws.table(CATALOG).query(**query)
        items.extend(plain(i) for i in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    fired = 0
    for item in items:
        day = _local_today(item["workspace_id"], item["time"])
        if item.get("last_day", "") >= day:
            continue
        # Queued first, claimed after: a failure between the two queues the day again next minute, and its
        # entries are the same entries (each carries the day as its cause), never a second run.
        jobs = [
            DateJob(workspace_id=item["workspace_id"], automation_id=item["automation_id"], day=day, shard=s)
            for s in range(SHARDS)
        ]
        queues.send_all(SCANS_QUEUE, [job.body() for job in jobs])
        fired += int(_claim(item, day))
    return fired


def _claim(item: dict[str, Any], day: str) -> bool:
    return update_if(
        aws.table(CATALOG),
        Key={"pk": item["pk"], "sk": item["sk"]},
        UpdateExpression="SET last_day = :day",
        ConditionExpression="attribute_exists(pk) AND (attribute_not_exists(last_day) OR last_day < :day)",
        ExpressionAttributeValues={":day": day},
    )


def anniversary(value: Any, day: date) -> bool:
    """Whether a date attribute (YYYY-MM-DD, or an ISO date-time) falls on `day`'s month and day; 29
    February falls on 28 February in other years."""
    if not isinstance(value, str) or len(value) < 10:
        return False
    try:
        born = date.fromisoformat(value[:10])
    except ValueError:
        return False
    month, dom = born.month, born.day
    if (month, dom) == (2, 29):
        leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
        dom = 29 if leap else 28
    return (day.month, day.day) == (month, dom)


def scan(job: DateJob, automation: dict[str, Any] | None) -> int:
    """Queue an `enter` job for each contact of the shard whose date matches; how many."""
    if automation is None or automation.get("status") != "active" or automation["trigger"]["type"] != "date":
        return 0
    trigger = automation["trigger"]
    # The run starts `offset_days` after the date: the dates that match today are today less the offset.
    target = datetime.fromisoformat(job.day).date() - timedelta(days=int(trigger.get("offset_days", 0)))
    attribute = trigger["attribute"]
    queued = 0
    for page in contacts.scan_pages(job.workspace_id, [job.shard]):
        jobs = [
            RunJob(
                kind="enter",
                workspace_id=job.workspace_id,
                contact_id=c["id"],
                automation_id=job.automation_id,
                cause=f"date:{job.day}",
            ).body()
            for c in page
            if anniversary((c.get("attributes") or {}).get(attribute), target)
        ]
        if jobs:
            queues.send_all(RUNS_QUEUE, jobs)
        queued += len(jobs)
    return queued
