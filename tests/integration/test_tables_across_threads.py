"""The contacts listing and the send batch query tables from several threads at once. boto3 builds a
query's condition with a builder kept on the client, so threads sharing one resource can swap each
other's placeholders: a query then names the wrong key ("missed key schema element") or, worse, the
wrong value. Each thread must get its own resource."""

from __future__ import annotations

import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

from boto3.dynamodb.conditions import Key

from functions.core.aws import table


def test_queries_from_many_threads_each_read_their_own_partition(aws: dict[str, str]) -> None:
    prefix = f"THREADS#{uuid.uuid4().hex}"
    partitions = [f"{prefix}#{n}" for n in range(8)]
    with table("catalog").batch_writer() as batch:
        for pk in partitions:
            for k in range(3):
                batch.put_item(Item={"pk": pk, "sk": f"F#{k}", "of": pk})
            batch.put_item(Item={"pk": pk, "sk": "G#other", "of": pk})

    def read(i: int) -> list[str]:
        pk = partitions[i % len(partitions)]
        items = table("catalog").query(
            KeyConditionExpression=Key("pk").eq(pk) & Key("sk").begins_with("F#"),
            FilterExpression=Key("of").eq(pk),
        )["Items"]
        return [pk, *sorted(item["of"] + item["sk"] for item in items)]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as they do under load
    try:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(read, range(400)))
    finally:
        sys.setswitchinterval(interval)

    for pk, *got in answers:
        assert got == [f"{pk}F#{k}" for k in range(3)]
