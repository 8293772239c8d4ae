from typing import Literal

CampaignRecipientsStateType0 = Literal["bounced", "complained", "delivered", "failed", "queued", "sent", "skipped"]

CAMPAIGN_RECIPIENTS_STATE_TYPE_0_VALUES: set[CampaignRecipientsStateType0] = {
    "bounced",
    "complained",
    "delivered",
    "failed",
    "queued",
    "sent",
    "skipped",
}


def check_campaign_recipients_state_type_0(value: str) -> CampaignRecipientsStateType0:
    if value in CAMPAIGN_RECIPIENTS_STATE_TYPE_0_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CAMPAIGN_RECIPIENTS_STATE_TYPE_0_VALUES!r}")
