"""The one exception hierarchy; `functions.core.http` maps it to the API error envelope once."""

from __future__ import annotations

from typing import Any


class LettercastError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra

    def envelope(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


class Invalid(LettercastError):
    status = 400
    code = "validation_failed"


class Unauthorized(LettercastError):
    status = 401
    code = "unauthorized"


class Forbidden(LettercastError):
    status = 403
    code = "forbidden"


class NotFound(LettercastError):
    status = 404
    code = "not_found"

    def __init__(self, kind: str, ident: str | None = None, **extra: Any) -> None:
        message = f"No {kind} with id {ident!r}" if ident is not None else f"No such {kind}"
        super().__init__(message, code=f"{kind.replace(' ', '_')}_not_found", **extra)


class RouteNotFound(LettercastError):
    status = 404
    code = "route_not_found"


class Conflict(LettercastError):
    status = 409
    code = "conflict"


class TooLarge(LettercastError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(LettercastError):
    status = 415
    code = "unsupported_media_type"


class Unprocessable(LettercastError):
    status = 422
    code = "unprocessable"


class RateLimited(LettercastError):
    status = 429
    code = "rate_limited"

    def __init__(
        self, message: str, *, retry_after_s: int, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message, **extra)
        self.retry_after_s = retry_after_s
        self.headers = headers or {}


class Unavailable(LettercastError):
    """A service we depend on did not answer: try again shortly."""

    status = 503
    code = "service_unavailable"
