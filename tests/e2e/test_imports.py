"""Imports over the local runtime: a file uploaded to the presigned URL (moto's S3 announces it to the
import-uploads queue, as the bucket's notification does on AWS) and a file sent in the request, both read
by the planner and chunk workers into contacts, with the rejected rows' CSV downloadable."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from tests.e2e.conftest import LocalStack, eventually

pytestmark = pytest.mark.e2e


def test_an_uploaded_file_and_a_sent_file_are_imported_and_their_errors_downloadable(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    created = call("POST", "/v1/imports", json={"tags": ["from-upload"]})
    assert created.status_code == 201, created.text
    job = created.json()["data"]
    rows = "".join(f"up{i:03d}@example.com;Up {i}\r\n" for i in range(250))
    body = ("Email Address;First Name\r\n" + rows + "broken;Row\r\n").encode("utf-8-sig")

    put = requests.put(job["upload_url"], data=body, headers={"Content-Type": "text/csv"}, timeout=30)
    assert put.status_code == 200, put.text

    def finished(import_id: str) -> dict:
        data = call("GET", f"/v1/imports/{import_id}").json()["data"]
        return data if data["status"] in ("completed", "failed") else {}

    done = eventually(lambda: finished(job["id"]), timeout_s=30)
    assert (done["status"], done["created"], done["failed_rows"]) == ("completed", 250, 1), done
    assert done["errors"][0]["row"] == 252
    errors = list(csv.reader(io.StringIO(requests.get(done["errors_url"], timeout=30).text)))
    assert errors[1][:2] == ["252", "broken"]
    contact = call("GET", "/v1/contacts/up007@example.com").json()["data"]
    assert (contact["first_name"], contact["tags"]) == ("Up 7", ["from-upload"])

    sent = call(
        "POST",
        "/v1/imports?tags=sent",
        data=b"email,first_name\nup007@example.com,Seven\nnew@example.com,New\n",
        headers={"Content-Type": "text/csv"},
    )
    assert sent.status_code == 202, sent.text
    second = eventually(lambda: finished(sent.json()["data"]["id"]), timeout_s=30)
    assert (second["created"], second["updated"], second["num_contacts"]) == (1, 1, 2)
    assert call("GET", "/v1/contacts/up007@example.com").json()["data"]["first_name"] == "Seven"
    listed = call("GET", "/v1/imports").json()["data"]
    assert [j["id"] for j in listed] == [second["id"], done["id"]]  # newest first


def test_a_list_imported_then_exported_comes_back_as_it_went_in(
    local_stack: LocalStack, new_workspace: str
) -> None:
    call = lambda *a, **k: local_stack.call(*a, key=new_workspace, **k)  # noqa: E731
    the_list = call(
        "POST", "/v1/lists", json={"name": "N", "from_name": "A", "from_email": "news@example.com"}
    )
    list_id = the_list.json()["data"]["id"]
    text = "email,first_name,plan\nann@example.com,Ann,pro\nbo@example.com,@Bo,free\n"
    sent = call(
        "POST",
        f"/v1/lists/{list_id}/subscribers/import",
        data=text.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert sent.status_code == 202, sent.text

    def status(path: str) -> dict:
        data = call("GET", path).json()["data"]
        return data if data["status"] == "completed" else {}

    eventually(lambda: status(f"/v1/imports/{sent.json()['data']['id']}"), timeout_s=30)
    export = call("POST", "/v1/exports", json={"list_id": list_id})
    assert export.status_code == 202, export.text
    done = eventually(lambda: status(f"/v1/exports/{export.json()['data']['id']}"), timeout_s=30)

    rows = list(csv.DictReader(io.StringIO(requests.get(done["download_url"], timeout=30).text)))
    assert sorted((r["email"], r["first_name"], r["attributes.plan"], r["list_status"]) for r in rows) == [
        ("ann@example.com", "Ann", "pro", "subscribed"),
        ("bo@example.com", "'@Bo", "free", "subscribed"),  # escaped, not run by a spreadsheet
    ]
