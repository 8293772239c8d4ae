"""Create every resource of the topology with boto3 (moto server or mock_aws) and name them.

Used by the local runtime and by the integration tests, so both run on the real table definitions.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from typing import Any

import boto3

from infra.local import moto_patches
from infra.topology import SETTINGS_ENV, Table, Topology

PREFIX = "lettercast"


def table_definition(table: Table, name: str) -> dict[str, Any]:
    keys = [(table.pk, "HASH")] + ([(table.sk, "RANGE")] if table.sk else [])
    attributes = {table.pk, *([table.sk] if table.sk else [])}
    for index in table.indexes:
        attributes |= {index.pk, index.sk}
    definition: dict[str, Any] = {
        "TableName": name,
        "KeySchema": [{"AttributeName": a, "KeyType": t} for a, t in keys],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in sorted(attributes)],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if table.indexes:
        definition["GlobalSecondaryIndexes"] = [
            {
                "IndexName": i.name,
                "KeySchema": [
                    {"AttributeName": i.pk, "KeyType": "HASH"},
                    {"AttributeName": i.sk, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for i in table.indexes
        ]
    if table.stream:
        definition["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return definition


def create_all(
    topology: Topology, session: boto3.Session | None = None, prefix: str = PREFIX
) -> dict[str, str]:
    """Create what does not exist yet; return the environment variables that name each resource."""
    moto_patches.apply()  # in-process moto (tests, the local runtime): cheap transactions
    session = session or boto3.Session()
    env: dict[str, str] = {}
    ddb = session.client("dynamodb")
    existing = set(ddb.list_tables().get("TableNames", []))
    for table in topology.tables:
        name = f"{prefix}-{table.name}"
        if name not in existing:
            ddb.create_table(**table_definition(table, name))
            if table.ttl_attribute:
                ddb.update_time_to_live(
                    TableName=name,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": table.ttl_attribute},
                )
        env[table.env] = name

    sqs = session.client("sqs")
    for queue in topology.queues:
        dlq_url = sqs.create_queue(QueueName=f"{prefix}-{queue.name}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        url = sqs.create_queue(
            QueueName=f"{prefix}-{queue.name}",
            Attributes={
                "VisibilityTimeout": str(queue.visibility_timeout_s),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": queue.max_receives}
                ),
            },
        )["QueueUrl"]
        env[queue.env] = url
        env[queue.env.replace("_URL", "_DLQ_URL")] = dlq_url

    s3 = session.client("s3")
    for bucket in topology.buckets:
        name = f"{prefix}-{bucket.name}"
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
            s3.create_bucket(Bucket=name)
        env[bucket.env] = name
        # The bucket's event notifications, as on AWS: moto then sends S3's event JSON to the queue itself.
        sqs = session.client("sqs")
        notices = [
            {
                "QueueArn": sqs.get_queue_attributes(
                    QueueUrl=env[topology.queue(queue_name).env], AttributeNames=["QueueArn"]
                )["Attributes"]["QueueArn"],
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": key_prefix}]}},
            }
            for key_prefix, queue_name in bucket.notify
        ]
        if notices:
            s3.put_bucket_notification_configuration(
                Bucket=name, NotificationConfiguration={"QueueConfigurations": notices}
            )

    sns = session.client("sns")
    for topic in topology.topics:
        arn = sns.create_topic(Name=f"{prefix}-{topic.name}")["TopicArn"]
        env[topic.env] = arn
        subscribed = {
            s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=arn).get("Subscriptions", [])
        }
        for queue_name in topic.subscribers:
            url = env[topology.queue(queue_name).env]
            queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            if queue_arn not in subscribed:
                sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn)

    ses = session.client("sesv2")
    existing_sets = {c for c in ses.list_configuration_sets().get("ConfigurationSets", [])}
    if topology.configuration_set not in existing_sets:
        ses.create_configuration_set(ConfigurationSetName=topology.configuration_set)
    env[SETTINGS_ENV.ses_configuration_set] = topology.configuration_set
    for queue in topology.queues:
        env[queue.max_receives_env] = str(queue.max_receives)
        if queue.sends_per_consumer_s:
            env[SETTINGS_ENV.send_worker_rate] = str(queue.sends_per_consumer_s)

    if topology.schedule_target:
        scheduler = session.client("scheduler")
        groups = {g["Name"] for g in scheduler.list_schedule_groups().get("ScheduleGroups", [])}
        if topology.schedule_group not in groups:
            scheduler.create_schedule_group(Name=topology.schedule_group)
        env[SETTINGS_ENV.schedule_group] = topology.schedule_group
        env[SETTINGS_ENV.schedule_target_arn] = (
            f"arn:aws:lambda:us-east-1:123456789012:function:{prefix}-{topology.schedule_target}"
        )
        env[SETTINGS_ENV.schedule_role_arn] = f"arn:aws:iam::123456789012:role/{prefix}-scheduler"

    sm = session.client("secretsmanager")
    for secret in topology.secrets:
        name = f"{prefix}/{secret.name}"
        try:
            arn = sm.describe_secret(SecretId=name)["ARN"]
        except sm.exceptions.ResourceNotFoundException:
            arn = sm.create_secret(
                Name=name, Description=secret.description, SecretString=secrets.token_urlsafe(48)
            )["ARN"]
        env[secret.env] = arn
    return env
