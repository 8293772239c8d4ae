"""Workspaces and API keys: the rules of API.md, no HTTP, no boto3."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import timedelta
from typing import Any

from functions.account import store
from functions.account.models import (
    PROFILE_FIELDS,
    AccountOut,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    ProfileFields,
    Usage,
    WorkspaceCreate,
    WorkspaceCreated,
)
from functions.contacts import service as contacts
from functions.core.auth import Caller
from functions.core.clock import iso, now, parse_iso
from functions.core.errors import Conflict, Forbidden, Invalid, NotFound
from functions.core.ids import new_id
from functions.core.settings import settings
from functions.sending import service as sending

KEY_PREFIX = "lc_"
KEY_PATTERN = re.compile(r"^lc_[A-Za-z0-9_-]{32,128}$")
SHOWN_PREFIX_LENGTH = 10
# The authorizer writes last_used_at at most this often per key (a write per request would be waste).
LAST_USED_RESOLUTION = timedelta(seconds=60)
SLUG_ATTEMPTS = 5  # a slug made from the name, then with random suffixes, until one is free


def hash_key(raw_key: str) -> str:
    """Keys are 256 random bits, so a plain SHA-256 is a safe way to store and look them up."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def new_key_value() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _new_key(name: str, scopes: list[str], raw_key: str | None = None) -> tuple[dict[str, Any], str]:
    raw = raw_key or new_key_value()
    if not KEY_PATTERN.match(raw):
        raise ValueError("an API key is lc_ followed by at least 32 URL-safe characters")
    key = {
        "key_id": new_id(),
        "name": name,
        "prefix": raw[:SHOWN_PREFIX_LENGTH],
        "scopes": sorted(set(scopes)),
        "hash": hash_key(raw),
        "created_at": iso(now()),
    }
    return key, raw


def _account_out(profile: dict[str, Any]) -> AccountOut:
    return AccountOut(
        id=profile["workspace_id"],
        **{f: profile.get(f) for f in PROFILE_FIELDS if f != "name"},
        name=profile["name"],
        usage=Usage(
            contacts=contacts.count(profile["workspace_id"]),
            sends_today=sending.sends_today(profile["workspace_id"]),
            daily_limit=int(profile.get("daily_limit", settings().default_daily_limit)),
        ),
        created_at=profile["created_at"],
        updated_at=profile["updated_at"],
    )


# --- workspaces ------------------------------------------------------------------------------


def create_workspace(
    body: WorkspaceCreate, *, operator: bool = False, raw_key: str | None = None
) -> WorkspaceCreated:
    """A workspace and its first full-access key. Only the operator's workspace may hold `admin`."""
    at = iso(now())
    profile = {
        "workspace_id": new_id(),
        "name": body.name,
        "email": body.email,
        "operator": operator,
        "created_at": at,
        "updated_at": at,
    }
    scopes = ["*"]
    key, raw = _new_key("Default key", scopes, raw_key)
    store.create_workspace(profile, key, operator=operator)
    return WorkspaceCreated(workspace=_account_out(profile), key=ApiKeyCreated(**_key_out(key), key=raw))


def ensure_operator_workspace(name: str, email: str, raw_key: str | None = None) -> tuple[str, str | None]:
    """Create the operator's workspace once. Returns its id and the new key (None if it existed)."""
    existing = store.operator_workspace_id()
    if existing:
        return existing, None
    created = create_workspace(WorkspaceCreate(name=name, email=email), operator=True, raw_key=raw_key)
    return created.workspace.id, created.key.key


def ensure_operator_key(raw_key: str) -> bool:
    """Make `raw_key` a full-access key of the operator workspace (local runtime). True when added."""
    workspace_id = store.operator_workspace_id()
    if workspace_id is None or authenticate(raw_key) is not None:
        return False
    key, _ = _new_key("Local key", ["*"], raw_key)
    store.add_key(workspace_id, key, operator=True)
    return True


def get_account(workspace_id: str) -> AccountOut:
    profile = store.get_profile(workspace_id)
    if profile is None:
        raise NotFound("workspace", workspace_id)
    return _account_out(profile)


def update_account(workspace_id: str, patch: ProfileFields) -> AccountOut:
    changes = patch.model_dump(exclude_unset=True)
    if changes.get("name", "") is None:
        changes.pop("name")  # a workspace always has a name
    if "slug" not in changes:
        return _account_out(store.update_profile(workspace_id, changes, iso(now())))
    if changes["slug"] is None:  # its pages' URLs hang on it
        raise Invalid(
            "slug: a workspace's slug can be changed, not removed",
            fields=[{"field": "slug", "in": "body", "message": "can be changed, not removed"}],
        )
    for _ in range(SLUG_ATTEMPTS):
        current = store.get_profile(workspace_id, consistent=True)
        if current is None:
            raise NotFound("workspace", workspace_id)
        wanted = dict(changes)
        if wanted["slug"] == current.get("slug"):
            wanted.pop("slug")
            return _account_out(store.update_profile(workspace_id, wanted, iso(now())))
        try:
            profile = store.update_profile(workspace_id, wanted, iso(now()), slug_was=current.get("slug"))
        except store.SlugTaken:
            raise Conflict(f"The slug {changes['slug']!r} is taken", code="slug_taken") from None
        except store.SlugMoved:
            continue  # changed by another request meanwhile: read it again
        return _account_out(profile)
    raise Conflict("The slug is being changed by another request; try again", code="slug_changing")


# --- slugs -----------------------------------------------------------------------------------


def slugify(name: str, suffix: str = "") -> str:
    """A slug made of a name (`Café Øst & Co` -> `cafe-st-co`), with `-<suffix>` when given."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "workspace"
    room = 50 - (len(suffix) + 1 if suffix else 0)
    base = base[:room].strip("-")
    return f"{base}-{suffix}" if suffix else base


def slug_of(workspace_id: str) -> str | None:
    """The workspace's slug, None until it has one."""
    profile = store.get_profile(workspace_id)
    return profile.get("slug") if profile else None


def ensure_slug(workspace_id: str) -> str:
    """The workspace's slug; one made from its name (a random suffix when that is taken) if it has none."""
    for attempt in range(SLUG_ATTEMPTS):
        profile = store.get_profile(workspace_id, consistent=True)
        if profile is None:
            raise NotFound("workspace", workspace_id)
        if profile.get("slug"):
            return str(profile["slug"])
        slug = slugify(profile["name"], secrets.token_hex(3) if attempt else "")
        try:
            store.update_profile(workspace_id, {"slug": slug}, iso(now()), slug_was=None)
        except (store.SlugTaken, store.SlugMoved):
            continue  # taken: another suffix; moved: another request gave it one, read it
        return slug
    raise Conflict("No free slug was found for the workspace; set one (PATCH /v1/account)", code="slug_taken")


def workspace_of_slug(slug: str) -> str | None:
    """The workspace a slug names, None when none does."""
    return store.workspace_of_slug(slug)


# --- keys ------------------------------------------------------------------------------------


def _key_out(key: dict[str, Any]) -> dict[str, Any]:
    return ApiKeyOut.from_item(key).model_dump()


def create_key(caller: Caller, body: ApiKeyCreate) -> ApiKeyCreated:
    """A key never gets more than its creator holds, and `admin` stays in the operator workspace."""
    for scope in body.scopes:
        if scope == "*" and "*" not in caller.scopes:
            raise Forbidden("Only a key with '*' can create a key with '*'", code="scope_not_grantable")
        if scope == "admin" and not caller.allows("admin", write=True):
            raise Forbidden("Only the operator workspace can hold 'admin'", code="scope_not_grantable")
        group = scope.split(":")[0]
        if scope not in ("*", "admin") and not caller.allows(group, write=not scope.endswith(":read")):
            raise Forbidden(f"This key cannot grant '{scope}'", code="scope_not_grantable")
    key, raw = _new_key(body.name, body.scopes)
    store.add_key(caller.workspace_id, key, operator=caller.operator)
    return ApiKeyCreated(**_key_out(key), key=raw)


def list_keys(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[ApiKeyOut], str | None]:
    items, next_cursor = store.list_keys(workspace_id, limit, cursor)
    return [ApiKeyOut.from_item(i) for i in items], next_cursor


def revoke_key(caller: Caller, key_id: str) -> None:
    key = store.get_key(caller.workspace_id, key_id)
    if key is None:
        raise NotFound("api key", key_id)
    if key_id == caller.key_id:
        raise Conflict("A key cannot revoke itself; use another key", code="cannot_revoke_own_key")
    if not store.delete_key(caller.workspace_id, key_id, key["hash"]):
        raise NotFound("api key", key_id)


def authenticate(raw_key: str) -> Caller | None:
    """The caller a raw key stands for, or None when it is malformed, unknown or revoked."""
    if not KEY_PATTERN.match(raw_key or ""):
        return None
    key_hash = hash_key(raw_key)
    found = store.lookup_key(key_hash)
    if found is None:
        return None
    moment = now()
    last = found.get("last_used_at")
    if last is None or moment - parse_iso(last) >= LAST_USED_RESOLUTION:
        store.touch_key(found["workspace_id"], found["key_id"], key_hash, iso(moment))
    return Caller(
        workspace_id=found["workspace_id"],
        key_id=found["key_id"],
        scopes=frozenset(found["scopes"]),
        operator=bool(found.get("operator")),
    )
