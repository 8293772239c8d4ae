from typing import Literal

ListCampaignsStatusType0 = Literal["cancelled", "draft", "paused", "scheduled", "sending", "sent"]

LIST_CAMPAIGNS_STATUS_TYPE_0_VALUES: set[ListCampaignsStatusType0] = {
    "cancelled",
    "draft",
    "paused",
    "scheduled",
    "sending",
    "sent",
}


def check_list_campaigns_status_type_0(value: str) -> ListCampaignsStatusType0:
    if value in LIST_CAMPAIGNS_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_CAMPAIGNS_STATUS_TYPE_0_VALUES!r}")
