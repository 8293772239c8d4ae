"""The local runtime's state on disk: a checkpoint plus its journal, replayed as a crash leaves them."""

from __future__ import annotations

import json
import subprocess
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


RUNTIME = {
    "feedback": ["m1"],
    "cleared": ["m2"],
    "fired": ["default/once"],
    "clock": 60.0,
    "secrets": {"s": "v"},
}


def _checkpoint_3_its_journal_and_journal_4_begun(directory: Path) -> None:
    checkpoint = state.Model(state.empty())
    checkpoint.generation = 3
    checkpoint.apply(["ddb", "t", KEY, _item("WS#1", "checkpointed")])
    state.save(directory, checkpoint)
    other = {"pk": {"S": "WS#2"}, "sk": {"S": "A"}}
    _write(directory / "journal-3.log", [[["ddb", "t", other, _item("WS#2", "in journal 3")]]])
    _write(directory / "journal-4.log", [[["ddb", "t", KEY, _item("WS#1", "in journal 4")]]])


def test_a_new_checkpoint_is_the_last_one_with_its_journal_replayed_and_the_runtime_as_it_was(
    tmp_path: Path,
) -> None:
    _checkpoint_3_its_journal_and_journal_4_begun(tmp_path)
    state.compact(tmp_path, 4, RUNTIME)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal-4.log", "state.json"]
    written = json.loads((tmp_path / "state.json").read_text())
    assert written["generation"] == 4
    assert sorted(i["v"]["S"] for i in written["tables"]["t"].values()) == ["checkpointed", "in journal 3"]
    model = state.load(tmp_path)  # a start: the new checkpoint, then the journal the runtime went on in
    assert sorted(i["v"]["S"] for i in model.tables["t"].values()) == ["in journal 3", "in journal 4"]
    assert (model.generation, model.feedback, model.clock, model.secrets) == (4, {"m1"}, 60.0, {"s": "v"})


def test_the_runtime_has_its_checkpoints_made_by_another_process(tmp_path: Path) -> None:
    _checkpoint_3_its_journal_and_journal_4_begun(tmp_path)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        state.compaction(tmp_path, 4), input=json.dumps(RUNTIME), text=True, cwd=root, check=False
    )
    assert done.returncode == 0
    assert json.loads((tmp_path / "state.json").read_text())["generation"] == 4
    assert not (tmp_path / "journal-3.log").exists()
