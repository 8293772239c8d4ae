"""Fixes to moto, applied by the local runtime and the tests.

1. One request at a time. moto evaluates a condition and then writes, with nothing in between to stop
   another thread (its server is threaded, and tests use threads): two writers could both pass
   `sent <= :room`, and a Query iterating a table while another thread adds a partition fails with
   "dictionary changed size during iteration". DynamoDB is neither; a lock around moto's calls keeps it.

2. Transactions without whole-table copies.

moto 5.2.5's TransactWriteItems deep-copies every table it touches to be able to roll back, so each
transaction costs time and memory in proportion to the table (and its stream records): a thousand
contacts made a test take minutes and gigabytes. This version checks every condition first and writes
only when all hold — what DynamoDB itself promises — so nothing needs rolling back, and a cancelled
transaction leaves no stream records behind. Behaviour seen by clients is unchanged.

3. SES v2 message tags. moto drops SendEmail's EmailTags; SES puts them in every event it publishes
   (`mail.tags`), which is how feedback finds its workspace and campaign. This keeps them on the
   message moto records, for the local SES feedback to publish.

4. A Query reads its own partition. moto 5.2.5's Table.query lists every item of the table and keeps
   those of the partition asked for, so each Query costs time in proportion to the table: a page of
   contacts took seconds at a few thousand contacts, minutes at 100,000. For a query of the table itself
   (not an index) this hands it the partition's items only; what it returns is unchanged.

5. A received message's retention, read from its queue. moto 5.2.5 checks it for every message it
   hands out by computing all the queue's attributes, approximate counts included, each a pass over the
   queue's messages: a receive cost time in proportion to the queue's depth, for every message received
   (a tenth of the local runtime's time during a campaign, on the feedback queue). Same check, same
   answer.

6. What moto works out again for every request, worked out once: the server lists its own package
   directory (a `listdir` and ~200 `isdir` calls) to route each request, and lists a response class's
   methods with `inspect.getmembers` to find its action. Neither changes while the process runs.

7. DynamoDB item answers as JSON. moto 5.2.5 serializes every answer by walking botocore's model of it,
   value by value; a DynamoDB item call's answer is already in the wire format (`{"S": ...}`), so it is
   written with `json.dumps`, keeping only the members the model has (what the walk keeps). Checked
   equal to the walk on 12,500 answers of the integration tests; a sixth of the local runtime's time
   during a campaign went to the walk. The same for the streams' GetRecords (its records' images are
   items; its times are written as epoch seconds, as the walk writes them): a third of a test that
   delivers a thousand contact changes to webhooks went to walking them.

8. A sent message reads only what it needs of its queue. moto 5.2.5 computes all of a queue's attributes,
   approximate counts included (each a pass over the queue's messages), for every message sent, to read
   `ContentBasedDeduplication`, which only a FIFO queue has: a send cost time in proportion to the queue's
   depth (1,000 webhook jobs queued took a minute). While a message of a standard queue is sent, its
   attributes read as having none (what that check finds there anyway); FIFO queues are untouched.

9. An item's size is summed once. moto 5.2.5 builds an item attribute by attribute into a dict that sums
   the sizes of all the attributes it holds at each one it is given (to refuse an item over DynamoDB's
   400 KB), so writing an item costs in proportion to the square of its attributes: a tenth of the
   local runtime's time during an import. Sizes only add up, so checking the whole item once refuses
   exactly the items the attribute-by-attribute check refuses.

10. A transaction's conditions parsed once. moto 5.2.5 parses each item's ConditionExpression anew (a
    tokenizer and a parser in Python); an import chunk's transactions repeat the same few conditions
    (`attribute_not_exists(pk)` on every new contact and its email): a tenth of the local runtime's time
    during an import went to parsing them again. A parsed condition is kept by its expression, names and
    values (evaluating it changes nothing in it), so the same condition reads the same.
"""

from __future__ import annotations

import calendar
import functools
import json
import threading
from datetime import datetime
from typing import Any

from moto import backends as moto_backends
from moto.core import responses as moto_responses
from moto.core.responses import ActionResult
from moto.core.utils import unix_time
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    ItemSizeTooLarge,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.table import Table
from moto.dynamodb.models.utilities import bytesize
from moto.sesv2.responses import SESV2Response
from moto.sqs.models import Message, Queue, SQSBackend

_applied = False
_WRITE_LOCK = threading.RLock()
_CALLS = (
    "put_item",
    "update_item",
    "delete_item",
    "transact_write_items",
    "batch_write_item",
    "get_item",
    "batch_get_item",
    "query",
    "scan",
    "transact_get_items",
)


def locked() -> threading.RLock:
    """Hold to read moto's DynamoDB state directly, with no request changing it meanwhile."""
    return _WRITE_LOCK


def _atomic(method: Any) -> Any:
    @functools.wraps(method)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _WRITE_LOCK:
            return method(*args, **kwargs)

    return locked


def _key_of(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return op["Key"]
    table = backend.get_table(op["TableName"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    seen: set[tuple[str, str]] = set()
    errors: list[tuple[Any, Any, Any]] = []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        key = _key_of(self, op_type, op)
        unique = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if unique in seen:
            raise MultipleTransactionsException()
        seen.add(unique)
        expression = op.get("ConditionExpression")
        if expression is None:
            errors.append((None, None, None))
            continue
        current = self.get_item(op["TableName"], key)
        names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
        if _condition(expression, _frozen(names), _frozen(values)).expr(current):
            errors.append((None, None, None))
            continue
        wants_old = op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
        old = current.to_json()["Attributes"] if current and wants_old else None
        errors.append(("ConditionalCheckFailed", ConditionalCheckFailed().message, old))
    if any(code for code, _, _ in errors):
        raise TransactionCanceledException(errors)
    for item in transact_items:
        op_type, op = next(iter(item.items()))
        names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
        if op_type == "Put":
            self.put_item(op["TableName"], op["Item"])
        elif op_type == "Delete":
            self.delete_item(op["TableName"], op["Key"])
        elif op_type == "Update":
            self.update_item(
                op["TableName"],
                op["Key"],
                update_expression=op["UpdateExpression"],
                expression_attribute_names=names,
                expression_attribute_values=values,
            )


def _frozen(value: dict[str, Any] | None) -> str:
    return json.dumps(value, sort_keys=True) if value else ""


@functools.lru_cache(maxsize=256)
def _condition(expression: str, names: str, values: str) -> Any:
    """A parsed condition (an expression that does not parse raises, and is not kept)."""
    return get_filter_expression(
        expression, json.loads(names) if names else None, json.loads(values) if values else None
    )


_SES_SENDING = threading.Lock()


def ses_sending() -> threading.Lock:
    """Hold to read moto's sent messages with none half-recorded (in the list, its tags not yet back)."""
    return _SES_SENDING


def _send_email_keeping_tags(original: Any) -> Any:
    @functools.wraps(original)
    def send_email(self: SESV2Response) -> str:
        from moto.ses.models import ses_backends

        with _SES_SENDING:  # the message and its tags appear together to whoever reads the list
            reply = original(self)
            message_id = json.loads(reply)["MessageId"]
            tags = json.loads(self.body).get("EmailTags") or []
            for message in reversed(ses_backends[self.current_account][self.region].sent_messages):
                if message.id == message_id:
                    message.tags = {t["Name"]: [t["Value"]] for t in tags}
                    break
        return reply

    return send_email


_partition = threading.local()


def _partition_items(original: Any) -> Any:
    @functools.wraps(original)
    def all_items(self: Table) -> Any:
        asked = getattr(_partition, "asked", None)
        if asked is None or asked[0] is not self:
            return original(self)
        found = self.items.get(asked[1])  # .get: the defaultdict must not grow an empty partition
        if found is None:
            return []
        return list(found.values()) if self.range_key_attr else [found]

    return all_items


def _query_one_partition(original: Any) -> Any:
    @functools.wraps(original)
    def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        if index_name is not None or hash_key is None:
            return original(self, hash_key, *args, **kwargs)
        _partition.asked = (self, hash_key)
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            _partition.asked = None

    return query


def _within_retention(self: SQSBackend, queue_name: str, message: Message) -> bool:
    retention = int(self.get_queue(queue_name).message_retention_period)
    return retention + message.sent_timestamp / 1000 > unix_time()


_sending = threading.local()  # inside SQS's send_message (fix 8)


def _attributes_when_sending(original: property) -> property:
    def attributes(self: Queue) -> dict[str, Any]:
        if getattr(_sending, "on", False) and not self.fifo_queue:
            return {}  # send_message only reads ContentBasedDeduplication: FIFO queues alone have it
        return original.fget(self)  # type: ignore[misc]

    return property(attributes)


def _flagged_send(original: Any) -> Any:
    @functools.wraps(original)
    def send_message(*args: Any, **kwargs: Any) -> Any:
        _sending.on = True
        try:
            return original(*args, **kwargs)
        finally:
            _sending.on = False

    return send_message


def _once(function: Any) -> Any:
    cached = functools.cache(lambda *args: list(function(*args)))

    @functools.wraps(function)
    def once(*args: Any) -> list[Any]:
        return cached(*args)

    return once


_ITEM_CALLS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactWriteItems",
        "TransactGetItems",
    }
)
# The streams' GetRecords answer holds items in the wire format too (its records' images).
_STREAM_CALLS = frozenset({"GetRecords"})


def _epoch(value: Any) -> int | float:
    """A timestamp as the JSON protocols send it (what the walk writes for ApproximateCreationDateTime)."""
    if isinstance(value, datetime):  # the walk's conversion: whole seconds, then milliseconds truncated
        seconds = calendar.timegm(value.timetuple())
        return seconds + (value.microsecond // 1000) / 1000.0 if value.microsecond else seconds
    raise TypeError(type(value).__name__)


def _dynamodb_items_as_json(original: Any) -> Any:
    @functools.wraps(original)
    def execute_result(self: ActionResult, context: Any) -> Any:
        answer = self.result
        operation = context.operation_model
        service = context.service_model.service_name
        calls = {"dynamodb": _ITEM_CALLS, "dynamodbstreams": _STREAM_CALLS}.get(service, frozenset())
        if operation.name not in calls or not isinstance(answer, dict):
            return original(self, context)
        members = operation.output_shape.members
        try:
            body = json.dumps({k: v for k, v in answer.items() if k in members}, default=_epoch)
        except TypeError:  # something that is not wire format yet: the walk knows what to do
            return original(self, context)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    return execute_result


ITEM_SIZE_LIMIT = 405000  # moto's: between what DynamoDB accepts (409 KB) and refuses (410 KB)


def _item_init(self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]) -> None:
    self.hash_key = hash_key
    self.range_key = range_key
    values = {key: DynamoType(value) for key, value in attrs.items()}
    if sum(bytesize(key) + value.size() for key, value in values.items()) > ITEM_SIZE_LIMIT:
        raise ItemSizeTooLarge
    self.attrs = LimitedSizeDict()
    dict.update(self.attrs, values)  # later changes (UpdateItem) still go through its check


def apply() -> None:
    """Idempotent: patch moto's DynamoDB backend in this process."""
    global _applied
    if not _applied:
        DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
        Item.__init__ = _item_init  # type: ignore[method-assign]
        Table.all_items = _partition_items(Table.all_items)  # type: ignore[method-assign]
        Table.query = _query_one_partition(Table.query)  # type: ignore[method-assign]
        SESV2Response.send_email = _send_email_keeping_tags(SESV2Response.send_email)  # type: ignore[method-assign]
        SQSBackend.is_message_valid_based_on_retention_period = _within_retention  # type: ignore[method-assign]
        Queue.attributes = _attributes_when_sending(Queue.attributes)  # type: ignore[method-assign,assignment]
        SQSBackend.send_message = _flagged_send(SQSBackend.send_message)  # type: ignore[method-assign]
        moto_backends.list_of_moto_modules = _once(moto_backends.list_of_moto_modules)
        ActionResult.execute_result = _dynamodb_items_as_json(ActionResult.execute_result)  # type: ignore[method-assign]
        moto_responses.method_names_from_class = _once(moto_responses.method_names_from_class)
        for name in _CALLS:
            if hasattr(DynamoDBBackend, name):
                setattr(DynamoDBBackend, name, _atomic(getattr(DynamoDBBackend, name)))
        _applied = True
