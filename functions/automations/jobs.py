"""The jobs on the automation-runs queue, as models: built by the trigger fan-out, the sweeper and the runner,
parsed at the runner's edge."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, RootModel


class RunJob(BaseModel):
    """What the runner is asked to do for one contact.

    enter: the trigger of `automation_id` fired for the contact (a run starts, as its re-entry allows).
    advance: the contact's run of `automation_id` may be due: run its steps until a wait or the end.
    leave: the contact unsubscribed, bounced, complained or was erased: every active run of it ends.
    """

    kind: Literal["enter", "advance", "leave"]
    workspace_id: str
    contact_id: str
    automation_id: str | None = None
    reason: str | None = None  # leave: why
    cause: str | None = None  # enter: what fired the trigger (a domain event's id, date:<day>), entered once
    event: dict[str, Any] | None = Field(default=None, description="enter: the domain event's data")

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class SweepJob(BaseModel):
    """Queue the runs of one due shard whose wait is over."""

    kind: Literal["sweep"] = "sweep"
    shard: int

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class DateJob(BaseModel):
    """Queue the contacts of one contact shard whose date attribute falls on `day` (a date trigger)."""

    kind: Literal["date"] = "date"
    workspace_id: str
    automation_id: str
    day: str  # the workspace's local day, YYYY-MM-DD
    shard: int

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class SweepsJob(RootModel[Annotated[SweepJob | DateJob, Field(discriminator="kind")]]):
    """A message of the automation-sweeps queue: a due shard to sweep or a contact shard to scan."""
