"""Automations: a trigger, steps run in order for each contact that enters, and the runs that carry them.

What a definition may hold is checked here, once, when it is created or changed: a trigger without its
reference, a step of an unknown type, a wait under a minute or over a year, a send step without content
or sender, or a skip that goes nowhere is a 400 naming the field. Whether the objects named exist in the
caller's workspace is checked by the service (404).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from functions.contacts.models import ID_PATTERN, Attributes, Tags
from functions.core.models import Body, Out, exactly_one
from functions.events.models import EventName
from functions.segments.rules import KEY, Rules
from functions.templates.models import Html, Subject, Text

MAX_AUTOMATIONS = 50  # per workspace: every domain event is matched against the active ones
MAX_STEPS = 50
MIN_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(days=365)
Status = Literal["draft", "active", "paused"]
EDITABLE = ("draft", "paused")
RunStatus = Literal["active", "completed", "exited"]
Reentry = Literal["never", "always", "after_exit"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Id = Annotated[str, Field(pattern=ID_PATTERN)]
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DURATION = TypeAdapter(timedelta)


def _time_of_day(value: str) -> str:
    if not TIME_OF_DAY.fullmatch(value):
        raise ValueError("a time of day as HH:MM, 24-hour (e.g. 09:30)")
    return value


TimeOfDay = Annotated[str, AfterValidator(_time_of_day), Field(description="HH:MM, 24-hour")]


def wait_length(duration: str) -> timedelta:
    """An ISO 8601 duration (PT2H, P3D, P1W, P1DT12H) as a timedelta."""
    return _DURATION.validate_python(duration)


def _duration(value: str) -> str:
    if not isinstance(value, str) or not value.startswith("P"):
        raise ValueError("an ISO 8601 duration such as PT30M, PT2H or P3D")
    try:
        length = wait_length(value)
    except ValidationError:
        raise ValueError("an ISO 8601 duration such as PT30M, PT2H or P3D") from None
    if not MIN_WAIT <= length <= MAX_WAIT:
        raise ValueError("a wait is at least one minute (PT1M) and at most a year (P365D)")
    return value


# --- triggers ----------------------------------------------------------------------------------------


def _properties_only(rules: Rules | None) -> Rules | None:
    for group in rules.groups if rules else ():
        for condition in group.conditions:
            if not condition.field.startswith("attributes."):
                raise ValueError("`where` names the event's properties as properties.<key>")
    return rules


def _properties_as_attributes(value: Any) -> Any:
    """`where` rules name `properties.<key>`; they are checked and run as the rule language's
    `attributes.<key>` against the event's properties (the same typing and operators)."""
    if not isinstance(value, dict):
        return value
    groups = []
    for group in value.get("groups") or []:
        if isinstance(group, dict) and isinstance(group.get("conditions"), list):
            conditions = []
            for condition in group["conditions"]:
                if isinstance(condition, dict) and isinstance(condition.get("field"), str):
                    field = condition["field"]
                    if not field.startswith("properties.") or not KEY.fullmatch(field.split(".", 1)[1]):
                        raise ValueError(
                            f"`where` names the event's properties as properties.<key>: {field!r}"
                        )
                    condition = {**condition, "field": "attributes." + field.split(".", 1)[1]}
                conditions.append(condition)
            group = {**group, "conditions": conditions}
        groups.append(group)
    return {**value, "groups": groups}


class EventTrigger(Body):
    type: Literal["event"]
    event: EventName
    where: Annotated[
        Rules | None, BeforeValidator(_properties_as_attributes), AfterValidator(_properties_only)
    ] = Field(default=None, description="Rules on the event's properties (fields properties.<key>)")


class ListTrigger(Body):
    type: Literal["list_subscribed"]
    list_id: Id


class SegmentTrigger(Body):
    type: Literal["segment_entered", "segment_exited"]
    segment_id: Id


class ContactCreatedTrigger(Body):
    type: Literal["contact_created"]


class DateTrigger(Body):
    """Yearly on the day of a date attribute (its month and day), `offset_days` before (-) or after (+)."""

    type: Literal["date"]
    attribute: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    offset_days: Annotated[int, Field(ge=-365, le=365)] = 0
    time: TimeOfDay = "09:00"


Trigger = Annotated[
    EventTrigger | ListTrigger | SegmentTrigger | ContactCreatedTrigger | DateTrigger,
    Field(discriminator="type"),
]


# --- steps ---------------------------------------------------------------------------------------------


class SendStep(Body):
    # What _content checks: template_id without html, or subject and html without template_id.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                exactly_one(("template_id",), ("html",))["anyOf"][0],
                exactly_one(("template_id",), ("subject", "html"))["anyOf"][1],
            ],
            "examples": [
                {
                    "type": "send",
                    "sender_id": "01932c4e-8f3a-7b2c-9d1e-5f6a7b8c9d0e",
                    "template_id": "01932c4e-8f3a-7b2c-9d1e-5f6a7b8c9d0e",
                }
            ],
        }
    )
    type: Literal["send"]
    sender_id: Id
    template_id: Id | None = None
    subject: Subject | None = None
    html: Html | None = None
    text: Text | None = None
    track_opens: bool = True
    track_clicks: bool = True

    @model_validator(mode="after")
    def _content(self) -> SendStep:
        if self.template_id is not None and self.html is not None:
            raise ValueError("give template_id or subject and html, not both")
        if self.template_id is None and (self.subject is None or self.html is None):
            raise ValueError("a send step needs template_id, or subject and html")
        return self


class WaitStep(Body):
    type: Literal["wait"]
    duration: Annotated[str, AfterValidator(_duration)] = Field(
        description="ISO 8601 duration, one minute to a year: PT30M, PT2H, P3D"
    )


class WaitUntilStep(Body):
    """Until the next moment (in the workspace's timezone) that is on one of `weekday` at `time`."""

    type: Literal["wait_until"]
    weekday: Annotated[list[Weekday], Field(min_length=1, max_length=7)] | Weekday | None = None
    time: TimeOfDay | None = None

    @model_validator(mode="after")
    def _something(self) -> WaitUntilStep:
        if self.weekday is None and self.time is None:
            raise ValueError("a wait_until step needs weekday, time or both")
        return self

    @property
    def weekdays(self) -> list[str]:
        if self.weekday is None:
            return list(WEEKDAYS)
        return [self.weekday] if isinstance(self.weekday, str) else list(self.weekday)


class TagStep(Body):
    type: Literal["tag"]
    add: Tags = Field(default_factory=list)
    remove: Tags = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> TagStep:
        if not self.add and not self.remove:
            raise ValueError("a tag step adds or removes at least one tag")
        return self


class UpdateStep(Body):
    type: Literal["update"]
    attributes: Annotated[Attributes, Field(min_length=1)]


class ListStep(Body):
    type: Literal["subscribe", "unsubscribe"]
    list_id: Id


def _else(value: str) -> str:
    if value != "exit" and not re.fullmatch(r"skip_to:\d{1,2}", value):
        raise ValueError("`else` is exit or skip_to:<step index>")
    return value


class ConditionStep(Body):
    """Goes on to the next step when the contact matches `rules` (the segment rule language); else exits
    or skips forward to the step of index n."""

    type: Literal["condition"]
    rules: Rules
    else_: Annotated[str, AfterValidator(_else)] = Field(default="exit", alias="else")

    @property
    def skip_to(self) -> int | None:
        return None if self.else_ == "exit" else int(self.else_.split(":", 1)[1])


class ExitStep(Body):
    type: Literal["exit"]


Step = Annotated[
    SendStep | WaitStep | WaitUntilStep | TagStep | UpdateStep | ListStep | ConditionStep | ExitStep,
    Field(discriminator="type"),
]


def check_skips(steps: list[Any]) -> list[Any]:
    """A condition skips forward only, to a step that exists: no run loops for ever."""
    for index, step in enumerate(steps):
        target = step.skip_to if isinstance(step, ConditionStep) else None
        if target is not None and not index < target < len(steps):
            raise ValueError(f"the else of step {index} must skip to a later step (below {len(steps)})")
    return steps


# Checked on the list, not the whole body, so that the error names the field (`steps`).
Steps = Annotated[list[Step], Field(min_length=1, max_length=MAX_STEPS), AfterValidator(check_skips)]


class AutomationCreate(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    trigger: Trigger
    steps: Steps
    reentry: Reentry = Field(
        default="never",
        description="never: a contact runs the automation once; after_exit: again once its run ended; "
        "always: every time the trigger fires (an active run starts over)",
    )


class AutomationPatch(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    trigger: Trigger | None = None
    steps: Steps | None = None
    reentry: Reentry | None = None


STEPS_ADAPTER: TypeAdapter[list[Step]] = TypeAdapter(list[Step])
TRIGGER_ADAPTER: TypeAdapter[Trigger] = TypeAdapter(Trigger)


class StepStats(Out):
    index: int
    type: str
    reached: int = 0
    sent: int = 0
    failed: int = 0
    opened: int = 0
    clicked: int = 0


class Stats(Out):
    entered: int = 0
    active: int = 0
    completed: int = 0
    exited: int = 0
    steps: list[StepStats] = Field(default_factory=list)


class AutomationOut(Out):
    id: str
    name: str
    status: Status
    trigger: dict[str, Any]
    steps: list[dict[str, Any]]
    reentry: Reentry
    created_at: str
    updated_at: str
    activated_at: str | None = None
    stats: Stats | None = None

    @classmethod
    def from_item(cls, item: dict[str, Any], stats: Stats | None = None) -> AutomationOut:
        return cls.model_validate({**item, "stats": stats})


class RunOut(Out):
    contact_id: str
    email: str | None = None
    status: RunStatus
    step: int = Field(description="Index of the step the run is at (the next to run, or the wait it is in)")
    next_at: str | None = Field(default=None, description="When a waiting run goes on")
    entered_at: str
    ended_at: str | None = None
    exit_reason: str | None = None
    entries: int = Field(default=1, description="How many times the contact entered")
