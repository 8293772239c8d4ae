"""Route guards generated from the merged OpenAPI document: workspace isolation and scopes.

Every operation of /v1/openapi.json is its own test case, so a route is covered the day it is added,
without anyone remembering to list it:
- isolation: workspace A names workspace B's objects (in the path, or as a reference in the body) and
  gets the very answer an object that never existed gets (404 for a path id: A cannot even tell that
  B's object exists); nothing changes;
- scopes: a key of A that lacks the scope of the route's group gets 403 and nothing changes.

The only hand-written parts are how to make one object of each kind (`PARAMS`, `REFERENCES`, `MAKERS`)
and a valid body per operation (`BODIES`); each fails loudly when the document has something it does
not know. Exceptions, each with its reason where it is made: admin reads (`reaches_other_workspaces`),
body fields a route does not read (`REFERENCE_BODIES`), the optimistic-lock `version` (`world`).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from moto.dynamodb.models import dynamodb_backends

from functions.account import service as accounts
from functions.account.models import ApiKeyCreate
from functions.core import aws as core_aws
from functions.core.auth import SCOPES, Caller
from functions.core.http import WRITE_METHODS, Api
from functions.core.ids import new_id
from functions.docs import openapi
from infra.local.events import ACCOUNT, REGION
from infra.local.gateway import Gateway
from infra.local.pollers import load_handler
from infra.topology import IDEMPOTENCY, TOPOLOGY, Function, Route
from tests.integration.conftest import Client, Reply

DOCUMENT = json.loads(openapi.document())
PARAM = re.compile(r"\{([^}/]+)\}")
# The local gateway's route matching: the most specific resource first, as API Gateway chooses.
BINDINGS = Gateway(TOPOLOGY, local_pages={}).bindings


# --- the operations of the document ----------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str  # the template, e.g. /v1/lists/{list_id}/fields/{field_id}
    function: Function
    route: Route
    body_schema: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def write(self) -> bool:
        return self.method in WRITE_METHODS

    @cached_property
    def scope(self) -> str | None:
        """The scope the function's own resolver demands on this path (None: no key needed)."""
        app = importlib.import_module(self.function.handler.rpartition(".")[0]).app
        assert isinstance(app, Api), f"{self.function.handler} is not built on functions.core.http.Api"
        return app._scope_for(self.path)

    def url(self, values: dict[str, str]) -> str:
        return PARAM.sub(lambda m: quote(values[m.group(1)], safe="@"), self.path)


def served_by(method: str, path: str) -> tuple[Function, Route]:
    concrete = PARAM.sub("x", path)
    for binding in BINDINGS:
        if binding.pattern.match(concrete) and binding.route.method in ("ANY", method):
            return binding.function, binding.route
    raise AssertionError(f"{method} {path} is in the OpenAPI document, but no topology route serves it")


def operations() -> list[Operation]:
    found = []
    for path, methods in DOCUMENT["paths"].items():
        for method, spec in methods.items():
            if spec.get("security") == []:
                continue  # the public pages and the document itself: no API key, nothing to guard
            function, route = served_by(method.upper(), path)
            content = (spec.get("requestBody") or {}).get("content") or {}
            assert not content or "application/json" in content, f"{method} {path}: a body that is not JSON"
            schema = content["application/json"]["schema"] if content else None
            found.append(Operation(spec["operationId"], method.upper(), path, function, route, schema))
    return sorted(found, key=lambda op: op.id)


OPERATIONS = operations()


def call(caller: Caller, method: str, url: str, body: Any = None) -> Reply:
    """The request as the gateway routes it, once the authorizer has described `caller`."""
    function, _ = served_by(method, urlsplit(url).path)
    return Client(load_handler(function.handler), caller).call(method, url, body)


# --- one object of every kind, in a workspace ------------------------------------------------


@dataclass(frozen=True)
class Param:
    object: str  # the object (a key of MAKERS) that fills it
    also: tuple[str, ...] = ()  # other objects that name the same thing (a contact's email)
    alone: bool = True  # names an object by itself; False: a value that only means something under its parent


# Path parameter -> the object that fills it. A parameter missing here fails every case of its route.
PARAMS: dict[str, Param] = {
    "key_id": Param("key_id"),
    "contact_id": Param("contact_id", also=("email",)),
    "tag": Param("tag", alone=False),
    "list_id": Param("list_id"),
    "field_id": Param("field_id"),
    "email": Param("email"),  # a subscriber of the list
    "segment_id": Param("segment_id"),
    "template_id": Param("template_id"),
    "sender_id": Param("sender_id"),
    "domain_id": Param("domain_id"),
    "campaign_id": Param("campaign_id"),
    "webhook_id": Param("webhook_id"),
    "delivery_id": Param("delivery_id"),
    "import_id": Param("import_id"),
    "export_id": Param("export_id"),
    "automation_id": Param("automation_id"),
    "form_id": Param("form_id"),
    "page_id": Param("page_id"),
}
# Body field that names an object -> the object. Every `*_id` and `*_ids` field of a request must be here.
REFERENCES: dict[str, str] = {
    "list_id": "list_id",
    "campaign_id": "campaign_id",
    "segment_id": "segment_id",
    "lists": "list_id",
    "segment_ids": "segment_id",
    "sender_id": "sender_id",
    "template_id": "template_id",
    "confirmation_template_id": "template_id",
    "contact_id": "contact_id",
    "contact_ids": "contact_id",
    "account_key": "account_key",
    "form_id": "form_id",
}


def never_existed(obj: str) -> str:
    """A value of the same shape as `obj` that names nothing."""
    return {"email": "nobody@example.com", "tag": "nobody", "account_key": "acc_nobody"}.get(obj) or new_id()


class Objects:
    """One object of every kind in a workspace, each made on first use (with what it needs) and kept."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller
        suffix = caller.workspace_id[-12:]
        self.values = {
            "domain": f"guard-{suffix}.example",
            "address": f"member-{suffix}@example.com",
            "tag_name": "vip",
        }
        self.keys: dict[frozenset[str], Caller] = {}

    def __getitem__(self, name: str) -> str:
        if name not in self.values:
            assert name in MAKERS, f"no maker of {name!r} in MAKERS of {__name__}"
            self.values[name] = MAKERS[name](self)
        return self.values[name]

    def need(self, *names: str) -> None:
        for name in names:
            self[name]

    def create(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = call(self.caller, "POST", url, body)
        assert reply.status in (200, 201, 202), f"setup POST {url}: {reply.status} {reply.body}"
        return reply.data

    def key(self, scopes: set[str]) -> Caller:
        """A key of this workspace with these scopes (`admin` only where the workspace may hold it)."""
        wanted = frozenset(s for s in scopes if s != "admin" or self.caller.operator)
        if wanted not in self.keys:
            raw = accounts.create_key(self.caller, ApiKeyCreate(name="Limited", scopes=sorted(wanted))).key
            found = accounts.authenticate(raw)
            assert found is not None
            self.keys[wanted] = found
        return self.keys[wanted]


def _subscriber(o: Objects) -> str:
    """A contact subscribed to the list, tagged, with a value for the list's field."""
    o.need("field_id")
    return o.create(
        f"/v1/lists/{o['list_id']}/subscribers",
        {"email": o["address"], "first_name": "Mia", "tags": [o["tag_name"]], "attributes": {"plan": "pro"}},
    )["id"]


def _segment(o: Objects) -> str:
    """A segment of the list with the subscriber linked by hand."""
    segment_id = o.create("/v1/segments", {"name": "VIP", "list_id": o["list_id"]})["id"]
    o.create(f"/v1/segments/{segment_id}/contacts", {"contact_id": o["contact_id"]})
    return segment_id


def _sender(o: Objects) -> str:
    """A sender on the workspace's domain (its account_key is what compose takes)."""
    o.need("domain_id")
    sender = o.create("/v1/senders", {"name": "S", "from_name": "G", "from_email": f"news@{o['domain']}"})
    o.values["account_key"] = sender["account_key"]
    return sender["id"]


def _existing(value: str, *needs: str) -> Callable[[Objects], str]:
    """A value that names something only once these objects exist (a subscriber's email, its tag)."""

    def make(o: Objects) -> str:
        o.need(*needs)
        return o[value]

    return make


def _campaign(o: Objects) -> str:
    """A draft to the list, narrowed to the segment, from the sender."""
    return o.create(
        "/v1/campaigns",
        {
            "title": "Guarded",
            "subject": "News",
            "html": "<p>Hello {{ first_name }}</p>",
            "list_id": o["list_id"],
            "sender_id": o["sender_id"],
            "segment_ids": [o["segment_id"]],
        },
    )["id"]


def _definition(o: Objects, **changes: Any) -> dict[str, Any]:
    """An automation made of the workspace's own objects: who subscribes to the list gets the template from
    the sender, and a day later is subscribed to the list again (which changes nothing)."""
    return {
        "name": "Welcome",
        "trigger": {"type": "list_subscribed", "list_id": o["list_id"]},
        "steps": [
            {"type": "send", "sender_id": o["sender_id"], "template_id": o["template_id"]},
            {"type": "wait", "duration": "P1D"},
            {"type": "subscribe", "list_id": o["list_id"]},
        ],
        **changes,
    }


def _form(o: Objects) -> str:
    """A signup form on the list, asking for its field."""
    o.need("field_id")
    return o.create("/v1/forms", {"name": "Signup", "list_id": o["list_id"], "fields": ["plan"]})["id"]


# Object -> how to make one in a workspace (returns what names it).
MAKERS: dict[str, Callable[[Objects], str]] = {
    "list_id": lambda o: o.create(
        "/v1/lists", {"name": "News", "from_name": "G", "from_email": f"news@{o['domain']}"}
    )["id"],
    "field_id": lambda o: o.create(f"/v1/lists/{o['list_id']}/fields", {"label": "Plan", "tag": "plan"})[
        "id"
    ],
    "contact_id": _subscriber,
    "email": _existing("address", "contact_id"),
    "tag": _existing("tag_name", "contact_id"),
    "segment_id": _segment,
    "template_id": lambda o: o.create(
        "/v1/templates", {"name": "T", "subject": "Hi {{ first_name }}", "html": "<p>Hi</p>"}
    )["id"],
    "domain_id": lambda o: o.create("/v1/domains", {"domain": o["domain"]})["id"],
    "sender_id": _sender,
    "account_key": _existing("account_key", "sender_id"),
    "campaign_id": _campaign,
    # A literal public address: saving it needs no DNS lookup (nothing is delivered in these tests).
    "webhook_id": lambda o: o.create("/v1/webhooks", {"url": "https://93.184.215.14/hook", "topics": ["*"]})[
        "id"
    ],
    "delivery_id": lambda o: o.create(f"/v1/webhooks/{o['webhook_id']}/test", {})["id"],
    "import_id": lambda o: o.create("/v1/imports", {"tags": ["guarded"]})["id"],
    "export_id": lambda o: o.create("/v1/exports", {"list_id": o["list_id"]})["id"],
    "key_id": lambda o: accounts.create_key(o.caller, ApiKeyCreate(name="Kept", scopes=["contacts:read"])).id,
    "automation_id": lambda o: o.create("/v1/automations", _definition(o))["id"],  # a draft
    "form_id": _form,
    "page_id": lambda o: o.create("/v1/pages", {"slug": "guarded", "title": "G", "html": "<p>Hi</p>"})["id"],
}

_workspaces: dict[str, Objects] = {}


def objects_of(caller: Caller) -> Objects:
    """The objects of a workspace, kept across the cases that use the same workspace."""
    if caller.workspace_id not in _workspaces:
        _workspaces[caller.workspace_id] = Objects(caller)
    return _workspaces[caller.workspace_id]


# --- request bodies --------------------------------------------------------------------------

Body = dict[str, Any]
# A valid body per operation that takes one: what the caller would send, made of its own objects, and
# changing something were it let through. An operation missing here fails loudly.
BODIES: dict[str, Callable[[Objects], Body]] = {
    "PATCH /v1/account": lambda o: {"company": "Changed"},
    "POST /v1/api-keys": lambda o: {"name": "Made", "scopes": ["contacts:read"]},
    "POST /v1/workspaces": lambda o: {"name": "Made", "email": "made@example.com"},
    "POST /v1/contacts": lambda o: {"email": "made@example.com", "lists": [o["list_id"]]},
    "POST /v1/contacts/batch": lambda o: {
        "contacts": [{"email": "made@example.com", "lists": [o["list_id"]]}]
    },
    "PATCH /v1/contacts/{contact_id}": lambda o: {"first_name": "Changed", "tags": ["changed"]},
    "POST /v1/contacts/{contact_id}/tags": lambda o: {"tags": ["changed"]},
    "POST /v1/lists": lambda o: {"name": "Made", "from_name": "M", "from_email": "made@example.com"},
    "PATCH /v1/lists/{list_id}": lambda o: {"name": "Changed"},
    "POST /v1/lists/{list_id}/fields": lambda o: {"label": "Made", "tag": "made"},
    "PATCH /v1/lists/{list_id}/fields/{field_id}": lambda o: {"label": "Changed", "required": True},
    "POST /v1/lists/{list_id}/subscribers": lambda o: {
        "email": "made@example.com",
        "attributes": {"plan": "x"},
    },
    "POST /v1/segments": lambda o: {"name": "Made", "list_id": o["list_id"]},
    "PATCH /v1/segments/{segment_id}": lambda o: {"name": "Changed"},
    "POST /v1/segments/{segment_id}/contacts": lambda o: {"contact_id": o["contact_id"]},
    "POST /v1/segments/preview": lambda o: {
        "list_id": o["list_id"],
        "rules": {"groups": [{"conditions": [{"field": "email", "operator": "contains", "value": "@"}]}]},
    },
    "POST /v1/templates": lambda o: {"name": "Made", "subject": "S", "html": "<p>x</p>"},
    "PATCH /v1/templates/{template_id}": lambda o: {"name": "Changed"},
    "POST /v1/templates/{template_id}/render": lambda o: {"contact_id": o["contact_id"]},
    "POST /v1/senders": lambda o: {"name": "Made", "from_name": "M", "from_email": f"made@{o['domain']}"},
    "PATCH /v1/senders/{sender_id}": lambda o: {"name": "Changed"},
    "POST /v1/domains": lambda o: {"domain": f"made-{o['domain']}"},
    "POST /v1/compose": lambda o: {
        "account_key": o["account_key"],
        "subject": "Hi",
        "body": "<p>Hi</p>",
        "recipients": {"emails": ["made@example.com"]},
    },
    "POST /v1/events": lambda o: {"contact_id": o["contact_id"], "name": "made"},
    "POST /v1/exports": lambda o: {"list_id": o["list_id"]},
    "POST /v1/imports": lambda o: {"update_existing": True},
    "POST /v1/lists/{list_id}/subscribers/import": lambda o: {"update_existing": True},
    "POST /v1/events/batch": lambda o: {"events": [{"contact_id": o["contact_id"], "name": "made"}]},
    "POST /v1/webhooks": lambda o: {"url": "https://93.184.215.14/made", "topics": ["contact.created"]},
    "PATCH /v1/webhooks/{webhook_id}": lambda o: {"description": "Changed", "topics": ["email.sent"]},
    "POST /v1/campaigns": lambda o: {
        "title": "Made",
        "subject": "S",
        "html": "<p>x</p>",
        "list_id": o["list_id"],
        "sender_id": o["sender_id"],
    },
    "PATCH /v1/campaigns/{campaign_id}": lambda o: {"title": "Changed"},
    "POST /v1/campaigns/{campaign_id}/send": lambda o: {},
    "POST /v1/campaigns/{campaign_id}/test": lambda o: {"emails": ["made@example.com"]},
    "POST /v1/campaigns/{campaign_id}/preview": lambda o: {"contact_id": o["contact_id"]},
    "POST /v1/automations": lambda o: _definition(o, name="Made"),
    "PATCH /v1/automations/{automation_id}": lambda o: _definition(o, name="Changed"),
    "POST /v1/forms": lambda o: {"name": "Made", "list_id": o["list_id"], "fields": ["plan"]},
    "PATCH /v1/forms/{form_id}": lambda o: {"name": "Changed", "fields": ["plan"], "is_published": False},
    "POST /v1/pages": lambda o: {"slug": "made", "title": "Made", "html": "<p>x</p>", "published": True},
    "PATCH /v1/pages/{page_id}": lambda o: {"title": "Changed", "published": True},
}
# "<operation> <field>" -> the body naming `value` there, where setting the field in the operation's body
# would make it invalid (it is one of two ways to say something: html or template_id, ...), or where
# the route does not read the field (the path names the list or segment): there A's own subscriber is
# sent again, which changes nothing, so whatever changes or differs comes from B's reference.
REFERENCE_BODIES: dict[str, Callable[[Objects, Any], Body]] = {
    "POST /v1/exports segment_id": lambda o, v: {"segment_id": v},
    "POST /v1/exports campaign_id": lambda o, v: {"campaign_id": v},
    "POST /v1/lists/{list_id}/subscribers lists": lambda o, v: {"email": o["email"], "lists": v},
    "POST /v1/segments/{segment_id}/contacts lists": lambda o, v: {"email": o["email"], "lists": v},
    "POST /v1/compose template_id": lambda o, v: {
        "account_key": o["account_key"],
        "template_id": v,
        "recipients": {"emails": ["made@example.com"]},
    },
    "POST /v1/compose recipients.contact_ids": lambda o, v: {
        "account_key": o["account_key"],
        "subject": "Hi",
        "body": "<p>Hi</p>",
        "recipients": {"type": "contacts", "contact_ids": v},
    },
    "POST /v1/campaigns template_id": lambda o, v: {
        **{k: x for k, x in BODIES["POST /v1/campaigns"](o).items() if k != "html"},
        "template_id": v,
    },
    # The body's trigger is on a list and its first step a send: a segment trigger, a subscribe step.
    "POST /v1/automations trigger.segment_id": lambda o, v: _definition(
        o, trigger={"type": "segment_entered", "segment_id": v}
    ),
    "POST /v1/automations steps[].list_id": lambda o, v: _definition(
        o, steps=[{"type": "subscribe", "list_id": v}]
    ),
    "PATCH /v1/automations/{automation_id} trigger.segment_id": lambda o, v: _definition(
        o, trigger={"type": "segment_exited", "segment_id": v}
    ),
    "PATCH /v1/automations/{automation_id} steps[].list_id": lambda o, v: _definition(
        o, steps=[{"type": "unsubscribe", "list_id": v}]
    ),
}


def body_for(op: Operation, own: Objects) -> Body | None:
    if op.body_schema is None:
        return None
    assert op.key in BODIES, f"{op.key} takes a body: add a valid one to BODIES in {__name__}"
    return BODIES[op.key](own)


def _schema(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return schema


def _is_array(schema: dict[str, Any]) -> bool:
    schema = _schema(schema)
    return schema.get("type") == "array" or any(_is_array(s) for s in schema.get("anyOf", []))


def _items(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The item schemas of an array, or of an optional one (`anyOf` an array and null: a PATCH's field)."""
    schema = _schema(schema)
    found = [schema["items"]] if "items" in schema else []
    return found + [items for alternative in schema.get("anyOf", []) for items in _items(alternative)]


def references(schema: dict[str, Any] | None, prefix: str = "") -> Iterator[tuple[str, bool]]:
    """The fields of a request schema that name an object: (dotted path, whether it is a list)."""
    if schema is None:
        return
    schema = _schema(schema)
    for alternative in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        yield from references(alternative, prefix)
    for name, sub in schema.get("properties", {}).items():
        if name in REFERENCES or name.endswith(("_id", "_ids")):
            yield f"{prefix}{name}", _is_array(sub)
        else:
            yield from references(sub, f"{prefix}{name}.")
            for items in _items(sub):
                yield from references(items, f"{prefix}{name}[].")


def with_reference(op: Operation, own: Objects, path: str, value: str, many: bool) -> Body:
    """The operation's body, naming `value` at `path`."""
    named: Any = [value] if many else value
    special = REFERENCE_BODIES.get(f"{op.key} {path}")
    if special:
        return special(own, named)
    body = body_for(op, own) or {}
    *parents, last = path.split(".")
    at = body
    for part in parents:  # a list of objects gets one object naming it
        at = at.setdefault(part.removesuffix("[]"), [{}] if part.endswith("[]") else {})
        at = at[0] if isinstance(at, list) else at
    at[last] = named
    return body


# --- what a request could change --------------------------------------------------------------


def stored(table_name: str, workspace_ids: tuple[str, ...]) -> list[str]:
    """The items of a table keyed under these workspaces or naming them, read from moto's own store: a Scan,
    even a filtered one, walks and serializes every item of tables that all the tests of a worker share."""
    table = dynamodb_backends[ACCOUNT][REGION].get_table(table_name)
    found = []
    for group in table.items.values():
        for item in group.values() if table.range_key_attr else [group]:
            owner = item.attrs.get("workspace_id")
            if any(w in item.hash_key.value for w in workspace_ids) or (
                owner and owner.value in workspace_ids
            ):
                # `version` only orders writes (optimistic locking): a write that changes nothing else,
                # such as linking a contact that already is linked, changes nothing anyone can see.
                attributes = {k: v for k, v in item.to_json()["Attributes"].items() if k != "version"}
                found.append(json.dumps(attributes, sort_keys=True))
    return sorted(found)


def world(env: dict[str, str], *workspace_ids: str) -> dict[str, Any]:
    """What the workspaces hold and the side effects a request could leave: every item keyed under them or
    naming them (request bookkeeping aside: idempotency records, rate-limit windows), the messages waiting
    in each queue, SES identities, emails sent, one-time schedules."""
    state: dict[str, Any] = {
        t.name: stored(env[t.env], workspace_ids) for t in TOPOLOGY.tables if t is not IDEMPOTENCY
    }
    sqs = core_aws.client("sqs")
    for queue in TOPOLOGY.queues:
        attributes = sqs.get_queue_attributes(
            QueueUrl=env[queue.env], AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        state[f"queue {queue.name}"] = attributes["ApproximateNumberOfMessages"]
    identities = core_aws.client("sesv2").list_email_identities()["EmailIdentities"]
    state["ses identities"] = sorted(i["IdentityName"] for i in identities)
    state["emails sent"] = core_aws.client("ses").get_send_quota()["SentLast24Hours"]
    schedules = core_aws.client("scheduler").list_schedules(GroupName=env["SCHEDULE_GROUP"])["Schedules"]
    state["schedules"] = sorted(s["Name"] for s in schedules)
    return state


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    diff: dict[str, Any] = {}
    for name, was in before.items():
        now = after[name]
        if was != now and isinstance(was, list):
            diff[name] = {"gone": sorted(set(was) - set(now)), "new": sorted(set(now) - set(was))}
        elif was != now:
            diff[name] = {"before": was, "after": now}
    return diff


# --- the guards -----------------------------------------------------------------------------


def reaches_other_workspaces(op: Operation) -> str | None:
    """Why A (the operator: the `workspace` fixture) reaches B's object through `op` by design, else None."""
    if op.scope == "admin" and not op.write:
        return "admin routes are the operator's: it reads every workspace (API.md, GET /v1/workspaces/{id})"
    return None


@dataclass
class Probe:
    """A request of A naming B's objects, and the same request naming objects that never existed."""

    what: str
    values: dict[str, str]  # path parameters
    body: Body | None
    never_values: dict[str, str]
    never_body: Body | None
    names: list[str]  # B's values and the never-existed ones, equal once normalized away
    in_path: bool


def fill(op: Operation, from_b: dict[str, str], mine: Objects, theirs: Objects) -> dict[str, str]:
    """Path parameters: those of `from_b` with B's object it names, the others with A's own."""
    unknown = sorted(set(op.params) - set(PARAMS))
    assert not unknown, f"{op.key}: add {unknown} to PARAMS (and MAKERS) in {__name__}"
    return {p: theirs[from_b[p]] if p in from_b else mine[PARAMS[p].object] for p in op.params}


def path_variants(op: Operation) -> list[dict[str, str]]:
    """Which parameters name B's objects (and which object): all of them, each alternative name included;
    and where a route names two objects (a list and its field), each one under A's other, so a child is
    never found through a parent."""
    if not op.params or set(op.params) - set(PARAMS):
        return [{}] if op.params else []  # fill() says what is missing
    every = {p: PARAMS[p].object for p in op.params}
    found = [every] + [{**every, p: alt} for p in op.params for alt in PARAMS[p].also]
    alone = [p for p in op.params if PARAMS[p].alone]
    if len(alone) >= 2:
        found += [{p: PARAMS[p].object} for p in alone]
    return found


def probes(op: Operation, mine: Objects, theirs: Objects) -> list[Probe]:
    """Every way `op` can name B's objects: path parameters, then each reference in its body."""
    found = []
    for from_b in path_variants(op):
        values = fill(op, from_b, mine, theirs)
        never = {p: never_existed(obj) for p, obj in from_b.items()}
        body = body_for(op, mine)
        found.append(
            Probe(
                what=f"B's {sorted(from_b)}",
                values=values,
                body=body,
                never_values={**values, **never},
                never_body=body,
                names=[values[p] for p in from_b] + list(never.values()),
                in_path=True,
            )
        )
    own = fill(op, {}, mine, theirs) if op.params else {}
    for path, many in references(op.body_schema):
        name = path.rpartition(".")[2].removesuffix("[]")
        assert name in REFERENCES, f"{op.key}: the body field {path} names an object: add it to REFERENCES"
        obj = REFERENCES[name]
        theirs_value, never_value = theirs[obj], never_existed(obj)
        found.append(
            Probe(
                what=f"B's {obj} in the body at {path}",
                values=own,
                body=with_reference(op, mine, path, theirs_value, many),
                never_values=own,
                never_body=with_reference(op, mine, path, never_value, many),
                names=[theirs_value, never_value],
                in_path=False,
            )
        )
    return found


def keys_without_scope(op: Operation) -> list[set[str]]:
    """Every other scope; for a write also the group's read scope alone (a read needs neither)."""
    scope = op.scope
    assert scope, f"{op.key} is an authenticated route, but its function's Api checks no scope"
    read = f"{scope}:read"
    if not op.write:
        return [set(SCOPES) - {"*", scope, read}]
    return [set(SCOPES) - {"*", scope}] + ([{read}] if read in SCOPES else [])


def error_code(reply: Reply) -> str | None:
    """The code of the API's error envelope, None when the answer is not one."""
    error = reply.body.get("error") if isinstance(reply.body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


def _normalized(reply: Reply, names: list[str]) -> tuple[int, str]:
    text = json.dumps(reply.body, sort_keys=True)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "<name>")
    return reply.status, text


class Case:
    """The requests of one operation's guards, each logged with its answer for the failure message."""

    def __init__(self, op: Operation, a: Caller, mine: Objects, theirs: Objects) -> None:
        self.op, self.a, self.mine, self.theirs = op, a, mine, theirs
        self.log: list[str] = []
        self.problems: list[str] = []
        self.probes: list[Probe] = []
        self.keys: list[Caller] = []

    def prepare(self) -> None:
        """Make every object and key the requests use first, so that the snapshots measure only requests."""
        self.probes = probes(self.op, self.mine, self.theirs)
        body_for(self.op, self.mine)  # a route without path ids or body references makes its body's here
        if not self.op.route.public:
            self.keys = [self.mine.key(scopes) for scopes in keys_without_scope(self.op)]

    def request(self, caller: Caller, who: str, values: dict[str, str], body: Body | None) -> Reply:
        url = self.op.url(values)
        reply = call(caller, self.op.method, url, body)
        self.log.append(f"{self.op.method} {url} {json.dumps(body)} {who}\n  -> {reply.status} {reply.body}")
        return reply

    def fail(self, why: str, requests: int = 1) -> None:
        """A problem with the last `requests` requests."""
        self.problems.append("\n".join(self.log[-requests:]) + f"\n  {why}")

    def scopes(self) -> None:
        """A's own objects (without the check the request would go through), keys that lack the scope."""
        values = fill(self.op, {}, self.mine, self.theirs)
        for key in self.keys:
            reply = self.request(
                key, f"with a key of {sorted(key.scopes)}", values, body_for(self.op, self.mine)
            )
            if reply.status != 403 or error_code(reply) != "missing_scope":
                self.fail("expected 403 missing_scope")

    def isolation(self) -> None:
        """A naming B's objects gets the answer an object that never existed gets (404 in the path; in a
        body, whatever the route answers for a dangling reference, compose's per-recipient failures say)."""
        reason = reaches_other_workspaces(self.op)
        for probe in self.probes:
            reply = self.request(self.a, f"as A, {probe.what}", probe.values, probe.body)
            if reason and probe.in_path:  # by design; that it changes nothing is still checked
                if reply.status != 200:
                    self.fail(f"expected 200: {reason}")
            elif probe.in_path and (reply.status != 404 or error_code(reply) is None):
                self.fail("expected 404 with the error envelope")
            else:
                nothing = self.request(
                    self.a, "as A, naming what never existed", probe.never_values, probe.never_body
                )
                if _normalized(reply, probe.names) != _normalized(nothing, probe.names):
                    self.fail("A can tell B's object from one that never existed (compare the answers)", 2)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_an_operation_keeps_workspaces_apart_and_needs_its_scope(
    op: Operation, aws: dict[str, str], workspace: Caller, other_workspace: Caller
) -> None:
    case = Case(op, workspace, objects_of(workspace), objects_of(other_workspace))
    case.prepare()
    before = world(aws, workspace.workspace_id, other_workspace.workspace_id)
    if not op.route.public:
        case.scopes()
    case.isolation()
    after = world(aws, workspace.workspace_id, other_workspace.workspace_id)
    if diff := changes(before, after):
        case.problems.append(
            "these requests changed what the workspaces hold:\n"
            + "\n".join(case.log)
            + f"\n  changes: {json.dumps(diff, indent=1)}"
        )
    if case.problems:
        pytest.fail("\n".join(case.problems), pytrace=False)


def test_the_tables_name_only_what_the_document_has() -> None:
    """A renamed route, parameter or field must not leave an entry behind that looks like coverage."""
    keys = {op.key for op in OPERATIONS}
    params = {p for op in OPERATIONS for p in op.params}
    fields = {f"{op.key} {path}" for op in OPERATIONS for path, _ in references(op.body_schema)}
    names = {path.rpartition(" ")[2].rpartition(".")[2].removesuffix("[]") for path in fields}
    assert sorted(set(BODIES) - keys) == []
    assert sorted(set(PARAMS) - params) == []
    assert sorted(set(REFERENCES) - names) == []
    assert sorted(set(REFERENCE_BODIES) - fields) == []
