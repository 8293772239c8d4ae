from typing import Literal

WebhookCreateTopicsItem = Literal[
    "*",
    "automation.completed",
    "campaign.sent",
    "contact.created",
    "contact.deleted",
    "contact.subscribed",
    "contact.unsubscribed",
    "contact.updated",
    "email.bounced",
    "email.clicked",
    "email.complained",
    "email.delivered",
    "email.opened",
    "email.sent",
    "import.completed",
    "segment.entered",
    "segment.exited",
]

WEBHOOK_CREATE_TOPICS_ITEM_VALUES: set[WebhookCreateTopicsItem] = {
    "*",
    "automation.completed",
    "campaign.sent",
    "contact.created",
    "contact.deleted",
    "contact.subscribed",
    "contact.unsubscribed",
    "contact.updated",
    "email.bounced",
    "email.clicked",
    "email.complained",
    "email.delivered",
    "email.opened",
    "email.sent",
    "import.completed",
    "segment.entered",
    "segment.exited",
}


def check_webhook_create_topics_item(value: str) -> WebhookCreateTopicsItem:
    if value in WEBHOOK_CREATE_TOPICS_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WEBHOOK_CREATE_TOPICS_ITEM_VALUES!r}")
