from typing import Literal

ListContactsStatusType0 = Literal["active", "bounced", "complained", "unsubscribed"]

LIST_CONTACTS_STATUS_TYPE_0_VALUES: set[ListContactsStatusType0] = {
    "active",
    "bounced",
    "complained",
    "unsubscribed",
}


def check_list_contacts_status_type_0(value: str) -> ListContactsStatusType0:
    if value in LIST_CONTACTS_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_CONTACTS_STATUS_TYPE_0_VALUES!r}")
