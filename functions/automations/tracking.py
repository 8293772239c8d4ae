"""Opens and clicks of automation messages: their signed links carry w, a (automation), s (step), c.

Counted once per run and step (the run's `opened` / `clicked` sets), as a campaign counts unique opens."""

from __future__ import annotations

from functions.automations import store
from functions.campaigns.tracking import redirect_target
from functions.core import tokens

KEYS = ("w", "a", "s", "c")


def _first(data: dict[str, str], field: str) -> None:
    step = int(data["s"]) if data["s"].isdigit() else None
    if step is not None and store.mark_once(data["w"], data["a"], data["c"], field, step):
        store.count(data["w"], data["a"], {f"s{step}_{field}": 1})


def opened(token: str) -> bool:
    """Whether the token is an automation message's open pixel (counted)."""
    data = tokens.read("open", token, keys=KEYS)
    if data is None:
        return False
    _first(data, "opened")
    return True


def clicked(token: str) -> str | None:
    """The destination of an automation message's click link (counted), or None."""
    data = tokens.read("click", token, keys=(*KEYS, "u"))
    destination = redirect_target(data["u"]) if data else None
    if data is None or destination is None:
        return None
    _first(data, "clicked")
    return destination
