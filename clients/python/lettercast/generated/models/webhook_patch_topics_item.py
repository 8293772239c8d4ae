from typing import Literal

WebhookPatchTopicsItem = Literal[
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

WEBHOOK_PATCH_TOPICS_ITEM_VALUES: set[WebhookPatchTopicsItem] = {
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


def check_webhook_patch_topics_item(value: str) -> WebhookPatchTopicsItem:
    if value in WEBHOOK_PATCH_TOPICS_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WEBHOOK_PATCH_TOPICS_ITEM_VALUES!r}")
