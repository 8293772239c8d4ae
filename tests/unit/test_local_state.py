"""The local runtime's state on disk: a checkpoint plus its journal, replayed as a crash leaves them."""

from __future__ import annotations

import json
from pathlib import Path

from infra.local import journal, state


def _item(pk: str, value: str) -> dict[str, object]:
    return {"pk": {"S": pk}, "sk": {"S": "A"}, "v": {"S": value}}


KEY = {"pk": {"S": "WS#1"}, "sk": {"S": "A"}}


def _write(path: Path, units: list[list[list[object]]], torn: str = "") -> None:
    path.write_text("".join(json.dumps(u) + "\n" for u in units) + torn)


def test_a_unit_cut_off_mid_write_is_not_replayed_and_nothing_after_it(tmp_path: Path) -> None:
    _write(
        tmp_path / "journal-0.log",
        [[["ddb", "t", KEY, _item("WS#1", "first")]], [["ddb", "t", KEY, _item("WS#1", "second")]]],
        torn='[["ddb", "t", {"pk": {"S": "WS#1"}, "sk": {"S": "A"}}, {"pk": {"S": "WS#1"',
    )
    model = state.load(tmp_path)
    assert [i["v"]["S"] for i in model.tables["t"].values()] == ["second"]


def test_the_journal_continues_the_checkpoint_of_its_generation_and_older_journals_are_ignored(
    tmp_path: Path,
) -> None:
    checkpoint = state.Model(state.empty())
    checkpoint.generation = 3
    checkpoint.apply(["ddb", "t", KEY, _item("WS#1", "checkpointed")])
    state.save(tmp_path, checkpoint)
    _write(tmp_path / "journal-2.log", [[["ddb", "t", KEY, None]]])  # before the checkpoint: stale
    _write(tmp_path / "journal-3.log", [[["ses", {"id": "m1", "raw": "Subject: hi\n\nx"}]]])
    model = state.load(tmp_path)
    assert [i["v"]["S"] for i in model.tables["t"].values()] == ["checkpointed"]
    assert list(model.ses) == ["m1"]
    journal.remove_older(tmp_path, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal-3.log", "state.json"]


def test_a_message_moved_to_its_dead_letter_queue_is_in_that_queue_only() -> None:
    model = state.Model(state.empty())
    message = {"id": "m1", "body": "{}"}
    model.apply(["sqs+", "send", message])
    model.apply(["sqs+", "send-dlq", message])
    assert (model.queues["send"], list(model.queues["send-dlq"])) == ({}, ["m1"])
    model.apply(["sqs-", "send-dlq", "m1"])
    assert model.queues["send-dlq"] == {}


def test_stream_records_stay_until_their_consumer_has_handled_them() -> None:
    model = state.Model(state.empty())
    for event_id in ("e1", "e2", "e3"):
        model.apply(["rec", "contacts", {"eventID": event_id, "dynamodb": {}}])
    model.apply(["pos", "contacts", "e2"])
    assert list(model.streams["contacts"]) == ["e3"]
    assert state.Model(model.data()).streams["contacts"].keys() == {"e3"}


def test_a_checkpoint_not_yet_in_place_loses_nothing_the_journal_after_it_is_replayed_too(
    tmp_path: Path,
) -> None:
    # A stop while checkpoint 4 was being written: checkpoint 3, its journal, and journal 4 begun.
    checkpoint = state.Model(state.empty())
    checkpoint.generation = 3
    state.save(tmp_path, checkpoint)
    _write(tmp_path / "journal-3.log", [[["ddb", "t", KEY, _item("WS#1", "in journal 3")]]])
    _write(tmp_path / "journal-4.log", [[["ddb", "t", KEY, _item("WS#1", "in journal 4")]]])
    model = state.load(tmp_path)
    assert [i["v"]["S"] for i in model.tables["t"].values()] == ["in journal 4"]
    assert model.generation == 4  # the runtime goes on in journal 4


def test_the_local_clock_survives_in_the_journal_and_the_checkpoint(tmp_path: Path) -> None:
    _write(tmp_path / "journal-0.log", [[["clock", 3600.0]], [["clock", 90_000.0]]])
    model = state.load(tmp_path)
    assert model.clock == 90_000.0
    model.apply(["clock", 3600.0])  # journaled out of order by two advances at once: it never goes back
    assert model.clock == 90_000.0
    state.save(tmp_path, model)
    journal.remove_older(tmp_path, 1)
    assert state.load(tmp_path).clock == 90_000.0
    assert state.Model(state.empty()).clock == 0.0
