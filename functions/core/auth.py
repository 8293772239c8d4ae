"""The caller of a request, as the authorizer described it, and the scope rules of API.md."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from functions.core.errors import Forbidden, Unauthorized

GROUPS = (
    "account",
    "contacts",
    "lists",
    "segments",
    "templates",
    "senders",
    "domains",
    "campaigns",
    "events",
    "webhooks",
    "imports",
    "automations",
    "forms",
    "pages",
)
# `<group>` reads and writes, `<group>:read` only reads, `send` composes, `admin` creates workspaces.
SCOPES = frozenset({"*", "admin", "send", *GROUPS, *(f"{g}:read" for g in GROUPS)})


@dataclass(frozen=True)
class Caller:
    workspace_id: str
    key_id: str
    scopes: frozenset[str]
    operator: bool  # the operator's bootstrap workspace: the only one whose keys may hold `admin`

    def allows(self, scope: str, *, write: bool) -> bool:
        if "*" in self.scopes:
            return scope != "admin" or self.operator
        if scope in ("admin", "send"):
            return scope in self.scopes and (scope != "admin" or self.operator)
        return scope in self.scopes or (not write and f"{scope}:read" in self.scopes)

    def to_context(self) -> dict[str, str]:
        """The authorizer context (API Gateway only passes flat strings)."""
        return {
            "workspace_id": self.workspace_id,
            "key_id": self.key_id,
            "scopes": " ".join(sorted(self.scopes)),
            "operator": "1" if self.operator else "0",
        }

    @classmethod
    def from_context(cls, context: dict[str, Any] | None) -> Caller:
        if not context or not context.get("workspace_id"):
            raise Unauthorized("Missing or invalid API key")
        return cls(
            workspace_id=str(context["workspace_id"]),
            key_id=str(context.get("key_id", "")),
            scopes=frozenset(str(context.get("scopes", "")).split()),
            operator=str(context.get("operator")) == "1",
        )


_current: ContextVar[Caller | None] = ContextVar("caller", default=None)


def current() -> Caller | None:
    """The caller of the request being handled, or None on a public route."""
    return _current.get()


def caller() -> Caller:
    """The caller of the request being handled."""
    current = _current.get()
    if current is None:
        raise Unauthorized("Missing or invalid API key")
    return current


def bind(current: Caller | None) -> Any:
    return _current.set(current)


def unbind(token: Any) -> None:
    _current.reset(token)


def require(current: Caller, scope: str, *, write: bool) -> None:
    if not current.allows(scope, write=write):
        needed = scope if write or scope in ("admin", "send") else f"{scope}:read"
        raise Forbidden(f"This API key lacks the '{needed}' scope", code="missing_scope", scope=needed)
