from typing import Literal

RecipientState = Literal["bounced", "complained", "delivered", "failed", "queued", "sent", "skipped"]

RECIPIENT_STATE_VALUES: set[RecipientState] = {
    "bounced",
    "complained",
    "delivered",
    "failed",
    "queued",
    "sent",
    "skipped",
}


def check_recipient_state(value: str) -> RecipientState:
    if value in RECIPIENT_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RECIPIENT_STATE_VALUES!r}")
