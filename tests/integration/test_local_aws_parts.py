"""What the local runtime plays or fixes of AWS: SQS retention on receive, SES feedback published once."""

from __future__ import annotations

import json
import os
import uuid

import boto3

from infra.local.ses import SesFeedback


def test_a_message_older_than_its_queues_retention_is_not_received(aws: dict) -> None:
    from moto.sqs.models import sqs_backends

    sqs = boto3.client("sqs")
    url = sqs.create_queue(
        QueueName=f"retention-{uuid.uuid4().hex[:8]}", Attributes={"MessageRetentionPeriod": "60"}
    )["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    queue = sqs_backends["123456789012"]["us-east-1"].get_queue(url.rsplit("/", 1)[1])
    queue._messages[0].sent_timestamp -= 61_000  # sent 61 s ago: past the 60 s the queue keeps messages

    assert sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []) == []

    sqs.send_message(QueueUrl=url, MessageBody="new")
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    assert [m["Body"] for m in received] == ["new"]


def test_ses_feedback_is_published_once_per_message_across_ticks(aws: dict) -> None:
    sqs, ses = boto3.client("sqs"), boto3.client("sesv2")
    queue = sqs.create_queue(QueueName=f"feedback-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic = os.environ["TOPIC_FEEDBACK_ARN"]
    boto3.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    ses.create_email_identity(EmailIdentity="ticks.example")
    feedback = SesFeedback(topic)
    feedback.tick()  # whatever earlier tests sent: published now, not counted below

    def send(to: str) -> None:
        raw = f"From: a@ticks.example\r\nTo: {to}\r\nSubject: Hi\r\n\r\nbody".encode()
        ses.send_email(
            FromEmailAddress="a@ticks.example",
            Destination={"ToAddresses": [to]},
            Content={"Raw": {"Data": raw}},
        )

    sqs.purge_queue(QueueUrl=queue)
    send("one@example.com")
    assert feedback.tick() == 1
    send("two@example.com")
    send("bounce@simulator.amazonses.com")
    assert feedback.tick() == 2
    assert feedback.tick() == 0  # nothing new: nothing published again

    bodies = []
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [json.loads(json.loads(m["Body"])["Message"]) for m in batch]
        sqs.delete_message_batch(
            QueueUrl=queue,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
        )
    events = sorted(
        (e["mail"]["destination"][0], e["eventType"], e["mail"]["commonHeaders"]["subject"]) for e in bodies
    )
    assert events == [
        ("bounce@simulator.amazonses.com", "Bounce", "Hi"),
        ("one@example.com", "Delivery", "Hi"),
        ("two@example.com", "Delivery", "Hi"),
    ]


def test_a_transactions_conditions_decide_by_their_values_each_time(aws: dict) -> None:
    """The local runtime keeps parsed conditions: the same expression with other values, or against
    another item, must still be decided afresh."""
    client = boto3.client("dynamodb")
    table = os.environ["TABLE_CONTACTS"]
    pk = f"WS#conditions-{uuid.uuid4().hex[:8]}"

    def put(sk: str, version: int, expected: int | None) -> str:
        item = {
            "TableName": table,
            "Item": {"pk": {"S": pk}, "sk": {"S": sk}, "version": {"N": str(version)}},
        }
        if expected is None:
            item["ConditionExpression"] = "attribute_not_exists(pk)"
        else:
            item["ConditionExpression"] = "#v = :v"
            item["ExpressionAttributeNames"] = {"#v": "version"}
            item["ExpressionAttributeValues"] = {":v": {"N": str(expected)}}
        try:
            client.transact_write_items(TransactItems=[{"Put": item}])
        except client.exceptions.TransactionCanceledException:
            return "refused"
        return "written"

    assert [put("a", 1, None), put("b", 1, None), put("a", 1, None)] == ["written", "written", "refused"]
    assert [put("a", 2, 1), put("a", 3, 1), put("a", 3, 2), put("b", 2, 2)] == [
        "written",
        "refused",
        "written",
        "refused",
    ]
    stored = client.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": "a"}})["Item"]
    assert stored["version"] == {"N": "3"}
