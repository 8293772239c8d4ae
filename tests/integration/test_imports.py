"""Imports: a CSV file sent or uploaded -> S3's notification -> the planner -> chunk workers -> contacts, with
counts, rejected rows by line, a CSV of them, and `import.completed`. Queues and S3 notifications are real
(moto); `background.settle()` delivers them as Lambda would."""

from __future__ import annotations

import csv
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from functions.contacts.handler import handler as contacts_handler
from functions.core import events
from functions.core.auth import Caller
from functions.imports import service, store
from functions.imports.handler import handler
from functions.imports.models import ChunkJob
from functions.lists.handler import handler as lists_handler
from functions.webhooks.handler import handler as webhooks_handler
from tests.integration.conftest import Background, Client
from tests.integration.test_lists import LIST

CSV = {"Content-Type": "text/csv"}


@pytest.fixture
def api(workspace: Caller) -> Client:
    return Client(handler, workspace)


@pytest.fixture
def contacts(workspace: Caller) -> Client:
    return Client(contacts_handler, workspace)


@pytest.fixture
def lists(workspace: Caller) -> Client:
    return Client(lists_handler, workspace)


def send(api: Client, text: str | bytes, url: str = "/v1/imports", **kw: Any) -> dict[str, Any]:
    data = text.encode() if isinstance(text, str) else text
    reply = api.post(url, raw_bytes=data, headers=CSV, **kw)
    assert reply.status == 202, reply.body
    return reply.data


def finished(api: Client, background: Background, import_id: str) -> dict[str, Any]:
    background.settle()
    job = api.get(f"/v1/imports/{import_id}").data
    assert job["status"] in ("completed", "failed"), job
    return job


def errors_file(job: dict[str, Any]) -> list[list[str]]:
    text = requests.get(job["errors_url"], timeout=10).text
    return list(csv.reader(io.StringIO(text)))


def test_a_csv_file_sent_in_the_request_becomes_contacts_with_counts_and_its_bad_rows_by_line(
    api: Client, contacts: Client, background: Background
) -> None:
    contacts.post("/v1/contacts", {"email": "old@example.com", "first_name": "Old"})
    hook = {"url": "https://93.184.215.14/hooks", "topics": ["import.completed"]}
    assert Client(webhooks_handler, api.caller).post("/v1/webhooks", hook).status == 201
    text = (
        "E-mail,First Name,Last Name,Plan\r\n"
        "ann@example.com,Ann,Lee,pro\r\n"
        "not-an-email,Bad,Row,x\r\n"
        "OLD@example.com,,Timer,basic\r\n"
        '"bo@example.com","Bo ""The"" Bold","Line\r\nBreak",free\r\n'
        "ann@example.com,Annie,,pro\r\n"  # the same email again: counted once
        "cy@example.com,Cy,Li,pro,extra\r\n"  # more cells than the header
    )

    job = send(api, text)
    assert job["status"] == "queued"
    done = finished(api, background, job["id"])

    assert done["status"] == "completed", done
    counts = {k: done[k] for k in ("total_rows", "created", "updated", "unchanged", "skipped", "failed_rows")}
    assert counts == {
        "total_rows": 6,
        "created": 2,
        "updated": 1,
        "unchanged": 0,
        "skipped": 1,
        "failed_rows": 2,
    }
    assert done["num_contacts"] == 3
    assert [(e["row"], e["email"]) for e in done["errors"]] == [(3, "not-an-email"), (8, "cy@example.com")]
    assert "too many columns" in done["errors"][1]["reason"]
    ann = contacts.get("/v1/contacts/ann@example.com").data
    assert (ann["first_name"], ann["last_name"], ann["attributes"]) == ("Annie", "Lee", {"plan": "pro"})
    bo = contacts.get("/v1/contacts/bo@example.com").data
    assert (bo["first_name"], bo["last_name"]) == ('Bo "The" Bold', "Line\r\nBreak")
    old = contacts.get("/v1/contacts/old@example.com").data
    assert (old["first_name"], old["last_name"]) == ("Old", "Timer")  # an empty cell changes nothing
    rows = errors_file(done)
    assert rows[0] == ["row", "email", "reason"]
    assert [r[:2] for r in rows[1:]] == [["3", "not-an-email"], ["8", "cy@example.com"]]
    today = datetime.now(UTC).date().isoformat()
    told = [e for e in events.recent(api.caller.workspace_id, today) if e["type"] == "import.completed"]
    assert [(e["data"]["import"]["id"], e["data"]["import"]["created"]) for e in told] == [(job["id"], 2)]


def test_an_upload_through_the_presigned_url_is_imported(
    api: Client, contacts: Client, background: Background
) -> None:
    created = api.post("/v1/imports", {"tags": ["imported"], "mapping": {"Mail": "email", "Notes": ""}})
    assert created.status == 201, created.body
    job = created.data
    assert job["status"] == "queued" and job["upload_url"]
    latin1 = "Mail;Navn;Notes\nmüller@example.com;Jürgen Müller;secret\n".encode("cp1252")

    put = requests.put(job["upload_url"], data=latin1, headers={"Content-Type": "text/csv"}, timeout=10)
    assert put.status_code == 200, put.text
    done = finished(api, background, job["id"])

    assert (done["status"], done["created"]) == ("completed", 1), done
    contact = contacts.get("/v1/contacts/müller@example.com").data
    assert contact["tags"] == ["imported"]
    assert contact["attributes"] == {"navn": "Jürgen Müller"}  # "Notes" mapped to nothing: not kept
    assert (
        "upload_url" not in api.get(f"/v1/imports/{job['id']}").data
        or not api.get(f"/v1/imports/{job['id']}").data["upload_url"]
    )


def test_a_list_import_subscribes_every_row_and_checks_the_lists_fields(
    api: Client, lists: Client, contacts: Client, background: Background
) -> None:
    list_id = lists.post("/v1/lists", LIST).data["id"]
    field = {"tag": "city", "label": "City", "type": "text", "required": True}
    assert lists.post(f"/v1/lists/{list_id}/fields", field).status == 201
    text = "email,city\na@example.com,Oslo\nb@example.com,\nc@example.com,Bergen\n"

    reply = lists.post(f"/v1/lists/{list_id}/subscribers/import", raw_bytes=text.encode(), headers=CSV)
    assert reply.status == 202, reply.body
    done = finished(api, background, reply.data["id"])

    assert (done["created"], done["failed_rows"], done["list_id"]) == (2, 1, list_id)
    assert "City is required" in done["errors"][0]["reason"]
    assert lists.get(f"/v1/lists/{list_id}").data["subscribers_count"] == 2
    assert contacts.get("/v1/contacts/b@example.com").status == 404


def test_update_existing_false_skips_the_contacts_there_already(
    api: Client, contacts: Client, background: Background
) -> None:
    contacts.post("/v1/contacts", {"email": "kept@example.com", "first_name": "Kept"})

    text = "email,first_name\nkept@example.com,Changed\nnew@example.com,New\n"
    job = finished(api, background, send(api, text, url="/v1/imports?update_existing=false")["id"])

    assert (job["created"], job["skipped"]) == (1, 1)
    assert contacts.get("/v1/contacts/kept@example.com").data["first_name"] == "Kept"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x00\x01\x02binary\x00", "binary_file"),
        (b"first_name,last_name\nAnn,Lee\n", "no_email_column"),
        ((",".join(f"c{i}" for i in range(101)) + ",email\n").encode(), "too_many_columns"),
        (b"email\n", "no_rows"),
    ],
    ids=["binary", "no email column", "over 100 columns", "header only"],
)
def test_a_file_that_cannot_be_imported_fails_the_job_with_its_reason_and_writes_nothing(
    api: Client, contacts: Client, background: Background, data: bytes, code: str
) -> None:
    job = send(api, data)
    done = finished(api, background, job["id"])

    assert done["status"] == "failed"
    assert done["error"]["code"] == code
    assert contacts.get("/v1/contacts?limit=10").data == []


def test_bad_requests_are_refused_up_front(api: Client, lists: Client) -> None:
    empty = api.post("/v1/imports", raw_bytes=b"", headers=CSV)
    unknown_list = api.post("/v1/imports", {"list_id": "01a20000-0000-7000-8000-00000000dead"})
    bad_mapping = api.post("/v1/imports", {"mapping": {"Mail": "nonsense"}})
    too_large = api.post("/v1/imports", raw_bytes=b"email\n" + b"a@example.com\n" * 400_000, headers=CSV)

    assert (empty.status, empty.error["code"]) == (400, "empty_file")
    assert (unknown_list.status, unknown_list.error["code"]) == (404, "list_not_found")
    assert (bad_mapping.status, bad_mapping.error["code"]) == (400, "invalid_mapping")
    assert too_large.status == 413
    assert api.get("/v1/imports").data == []  # nothing stored for any of them


def chunk_jobs(api: Client, import_id: str) -> list[ChunkJob]:
    ws = api.caller.workspace_id
    job = store.get_job(ws, import_id, consistent=True)
    assert job is not None
    return [
        ChunkJob(
            workspace_id=ws,
            import_id=import_id,
            chunk=0,
            start=int(job["shape"]["header_bytes"]),
            end=int(job["size_bytes"]),
            first_line=2,
        )
    ]


def test_a_chunk_run_again_after_its_worker_died_counts_its_rows_as_the_first_run_did(
    api: Client, contacts: Client, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "email,first_name\n" + "".join(f"r{i}@example.com,R{i}\n" for i in range(40))
    counted = store.chunk_done
    calls = {"n": 0}

    def dies_the_first_time(*args: Any, **kwargs: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the worker died after writing its contacts, before counting them")
        return counted(*args, **kwargs)

    monkeypatch.setattr(store, "chunk_done", dies_the_first_time)
    job = send(api, text)
    background.settle()  # the first attempt writes the contacts, then dies
    assert api.get(f"/v1/imports/{job['id']}").data["status"] == "processing"
    service.run_chunk(chunk_jobs(api, job["id"])[0])  # its message, back after the visibility timeout
    done = api.get(f"/v1/imports/{job['id']}").data

    assert calls["n"] == 2
    assert (done["status"], done["created"], done["updated"], done["unchanged"]) == ("completed", 40, 0, 0)
    service.run_chunk(chunk_jobs(api, job["id"])[0])  # and once more after it was counted: nothing changes
    again = api.get(f"/v1/imports/{job['id']}").data
    assert (again["created"], again["processed_rows"]) == (40, 40)
    assert len(contacts.get("/v1/contacts?limit=100").data) == 40


def test_overlapping_imports_at_once_keep_one_contact_per_email_and_exact_counts(
    api: Client, contacts: Client, lists: Client, background: Background
) -> None:
    list_id = lists.post("/v1/lists", LIST).data["id"]
    first = "email\n" + "".join(f"o{i:02d}@example.com\n" for i in range(0, 60))
    second = "email\n" + "".join(f"o{i:02d}@example.com\n" for i in range(30, 90))
    jobs = [
        send(api, first, url=f"/v1/imports?list_id={list_id}"),
        send(api, second, url=f"/v1/imports?list_id={list_id}"),
    ]
    # Plan both, then run their chunks at the same moment, as two Lambda instances would.
    while background.queues["import-uploads"].poll_once():
        pass
    chunks = [chunk_jobs(api, j["id"])[0] for j in jobs]
    barrier = threading.Barrier(2)

    def run(chunk: ChunkJob) -> None:
        barrier.wait()
        service.run_chunk(chunk)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, chunks))
    background.settle()

    done = [api.get(f"/v1/imports/{j['id']}").data for j in jobs]
    assert all(d["status"] == "completed" for d in done)
    assert sum(d["created"] for d in done) == 90
    assert sum(d["created"] + d["updated"] + d["unchanged"] for d in done) == 120
    emails = [c["email"] for page in [contacts.get("/v1/contacts?limit=100").data] for c in page]
    assert len(emails) == len(set(emails)) == 90
    assert lists.get(f"/v1/lists/{list_id}").data["subscribers_count"] == 90
    assert contacts.get("/v1/contacts/stats").data[-1]["sum"] == 90


def test_a_chunk_that_failed_every_attempt_counts_its_rows_failed_each_with_its_line(
    api: Client, background: Background
) -> None:
    job = send(api, "email\na@example.com\nb@example.com\n")
    background.queues["import-uploads"].poll_once()  # planned; its chunk is not run
    chunk = chunk_jobs(api, job["id"])[0]

    service.fail_chunk(chunk)  # what the DLQ's consumer does
    done = api.get(f"/v1/imports/{job['id']}").data

    assert (done["status"], done["failed_rows"], done["created"]) == ("completed", 2, 0)
    assert [e["row"] for e in done["errors"]] == [2, 3]
    assert all("failed every attempt" in e["reason"] for e in done["errors"])


def test_a_file_uploaded_again_while_it_is_imported_fails_the_import_instead_of_mixing_the_two(
    api: Client, contacts: Client, background: Background
) -> None:
    job = api.post("/v1/imports", {}).data
    first = "email\n" + "".join(f"a{i}@example.com\n" for i in range(20))
    assert requests.put(job["upload_url"], data=first.encode(), headers=CSV, timeout=10).status_code == 200
    while background.queues["import-uploads"].poll_once():  # planned for the first file...
        pass
    second = "email,first_name\nb@example.com,B\n"
    assert requests.put(job["upload_url"], data=second.encode(), headers=CSV, timeout=10).status_code == 200

    done = finished(api, background, job["id"])  # ...whose chunks now find another file

    assert (done["status"], done["error"]["code"]) == ("failed", "file_replaced")
    assert contacts.get("/v1/contacts/b@example.com").status == 404


def test_a_worker_that_dies_after_counting_the_last_chunk_leaves_the_job_to_be_completed_by_the_retry(
    api: Client, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    completing = store.complete
    calls = {"n": 0}

    def dies_once(*args: Any, **kwargs: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the worker died after counting the chunk, before completing the job")
        return completing(*args, **kwargs)

    monkeypatch.setattr(store, "complete", dies_once)
    job = send(api, "email\na@example.com\n")
    background.settle()
    assert api.get(f"/v1/imports/{job['id']}").data["status"] == "processing"

    service.run_chunk(chunk_jobs(api, job["id"])[0])  # the message, back after its visibility timeout

    done = api.get(f"/v1/imports/{job['id']}").data
    assert (done["status"], done["created"], done["processed_rows"]) == ("completed", 1, 1)


def test_an_email_in_two_chunks_of_a_file_is_one_contact_created_once(
    api: Client, contacts: Client, background: Background, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CHUNK_BYTES", 64)  # a few rows a chunk
    rows = [f"c{i}@example.com,C{i}" for i in range(12)] + ["c0@example.com,Again"]
    job = send(api, "email,first_name\n" + "\n".join(rows) + "\n")

    done = finished(api, background, job["id"])

    assert done["chunks_total"] > 2
    assert (done["created"], done["updated"], done["total_rows"]) == (12, 1, 13)
    assert done["num_contacts"] == 13  # rows that made, changed or matched a contact
    assert contacts.get("/v1/contacts/c0@example.com").data["first_name"] == "Again"
