"""The one way out to SES: a batch of messages sent concurrently, one domain outcome per message.

Every sender (compose, campaigns, test sends, automations) hands its messages here, after taking room
from capacity.py. Each message is built (MIME), then claimed by the sender's own conditional write when it
gives one, then sent; only the thread whose claim succeeded calls SES, and botocore never repeats that
call by itself, so a message goes out at most once however the batch is raced or redelivered. No botocore
exception leaves this module: what SES said becomes an Outcome.

The pool's threads are kept between invocations (a warm Lambda reuses them with their boto3 resources).
How many of them one batch uses follows the SES rate and this worker's share of it (`pool_size`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
)

from functions.core import aws
from functions.core.errors import Invalid
from functions.core.observability import logger
from functions.core.settings import settings
from functions.sending import quota
from functions.sending.message import Message, build

Result = Literal["sent", "unknown", "skipped", "invalid", "refused", "throttled", "quota_exhausted", "error"]

MAX_POOL = 16
# What one message costs a thread when sizing the pool: about twice a typical SES call plus the claim, so
# the pool sends well above the worker's share and leaves room for each job's own reads and writes.
MESSAGE_LATENCY_S = 0.2
THROTTLE_CODES = frozenset(
    {"Throttling", "ThrottlingException", "TooManyRequestsException", "LimitExceededException"}
)
_POOL = ThreadPoolExecutor(max_workers=MAX_POOL, thread_name_prefix="send")


@dataclass(frozen=True)
class Outcome:
    """What became of one message.

    sent: SES took it (`ses_message_id`). unknown: the request left and its answer was lost; SES may have
    taken it, so it counts as sent and is never repeated. skipped: the claim found it taken (sent or
    settled by someone else); nothing sent. invalid: it could not be built (`code`, `error`); nothing
    sent. refused: SES refused this message (`code`). throttled: SES asked to slow down or failed for a
    moment, or the request never left; send it again later. quota_exhausted: the account's daily quota
    is used up. error: something that waiting will not mend failed before SES took it (the claim's
    write, missing credentials, a bug; logged); taken as not sent, and the caller's job should fail so
    that its retries and dead-letter queue deal with it.
    """

    message: Message
    result: Result
    claimed: bool = False
    ses_message_id: str | None = None
    code: str | None = None
    error: str | None = None

    @property
    def left(self) -> bool:
        """It may have reached SES: it counts against limits and is never sent again."""
        return self.result in ("sent", "unknown")


Claim = Callable[[Message], bool]


def pool_size(batch: int) -> int:
    """Threads for a batch of `batch`: enough for this worker's share of the SES rate at
    MESSAGE_LATENCY_S a message, at most MAX_POOL and never more than the batch."""
    config = settings()
    share = min(quota.current().max_rate, float(config.send_worker_rate))
    return max(1, min(batch, MAX_POOL, math.ceil(share * MESSAGE_LATENCY_S)))


def deliver(
    sender: dict[str, Any],
    messages: Sequence[Message],
    *,
    claim: Claim | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Send `messages` from `sender`, up to `workers` at a time (default: `pool_size`); outcomes in the
    order of `messages`.

    `claim(message)`: the sender's one conditional write, made in the sending thread just before that
    message's SES call; False means someone else has it (`skipped`). An error in it sends nothing
    (`throttled`: try again later). Once SES throttles or the quota runs out, messages not started yet are
    not tried (the same result, `code` "not_tried")."""
    outcomes: list[Outcome | None] = [None] * len(messages)
    workers = pool_size(len(messages)) if workers is None else max(1, min(workers, len(messages)))
    turns = iter(range(len(messages)))
    lock = threading.Lock()
    stopped: list[Result] = []  # SES throttled or the quota ran out: what was not started is not tried

    def run() -> None:
        while True:
            with lock:
                i = next(turns, None)
            if i is None:
                return
            if stopped:
                outcomes[i] = Outcome(messages[i], stopped[0], code="not_tried")
                continue
            try:
                outcome = _one(sender, messages[i], claim)
            except Exception as exc:  # a bug around the call: logged; taken as not sent
                logger.exception("sending a message failed", extra={"to": messages[i].to})
                outcome = Outcome(messages[i], "error", code=type(exc).__name__, error=str(exc)[:500])
            outcomes[i] = outcome
            if outcome.result in ("throttled", "quota_exhausted"):
                stopped.append(outcome.result)

    if workers <= 1:
        run()
    else:
        aws.client_without_retries("sesv2")  # made here once, not raced for by the pool's threads
        for running in [_POOL.submit(run) for _ in range(workers)]:
            running.result()  # run() turns every failure into an outcome: this only waits
    return [o for o in outcomes if o is not None]


def _one(sender: dict[str, Any], message: Message, claim: Claim | None) -> Outcome:
    try:
        raw = build(sender, message)
    except Invalid as exc:
        return Outcome(message, "invalid", code=exc.code, error=exc.message[:500])
    if claim is not None:
        try:
            if not claim(message):
                return Outcome(message, "skipped")
        except Exception as exc:  # nothing was sent; the caller's job fails and is tried again
            logger.exception("a send claim failed", extra={"to": message.to})
            return Outcome(message, "error", code=type(exc).__name__, error=str(exc)[:500])
    claimed = claim is not None
    try:
        response = aws.client_without_retries("sesv2").send_email(
            FromEmailAddress=sender["from_email"],
            Destination={"ToAddresses": [message.to]},
            Content={"Raw": {"Data": raw}},
            ConfigurationSetName=settings().ses_configuration_set,
            EmailTags=message.tags.email_tags(),
        )
    except ClientError as exc:
        return Outcome(message, _refusal(exc), claimed, code=exc.response["Error"].get("Code", "Unknown"))
    except (EndpointConnectionError, ConnectTimeoutError) as exc:  # it never left: send it again later
        return Outcome(message, "throttled", claimed, code=type(exc).__name__)
    except HTTPClientError as exc:  # it left and its answer was lost (read timeout, connection closed)
        logger.warning("SES answer lost; counted as sent", extra={"to": message.to, "error": str(exc)})
        return Outcome(message, "unknown", claimed, code=type(exc).__name__)
    except Exception as exc:  # no credentials, a parameter refused, a bug: the caller's job fails
        logger.exception("sending a message failed", extra={"to": message.to})
        return Outcome(message, "error", claimed, code=type(exc).__name__, error=str(exc)[:500])
    return Outcome(message, "sent", claimed, ses_message_id=str(response["MessageId"]))


def _refusal(error: ClientError) -> Result:
    code = error.response["Error"].get("Code", "")
    message = error.response["Error"].get("Message", "")
    if code == "SendingPausedException" or "daily message quota" in message.lower():
        return "quota_exhausted"
    if code in THROTTLE_CODES or error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500:
        return "throttled"
    return "refused"
