from typing import Literal

CampaignOutStatus = Literal["cancelled", "draft", "paused", "scheduled", "sending", "sent"]

CAMPAIGN_OUT_STATUS_VALUES: set[CampaignOutStatus] = {
    "cancelled",
    "draft",
    "paused",
    "scheduled",
    "sending",
    "sent",
}


def check_campaign_out_status(value: str) -> CampaignOutStatus:
    if value in CAMPAIGN_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CAMPAIGN_OUT_STATUS_VALUES!r}")
