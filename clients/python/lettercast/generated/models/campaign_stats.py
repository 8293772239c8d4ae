from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_stats_links_item import CampaignStatsLinksItem


T = TypeVar("T", bound="CampaignStats")


@_attrs_define
class CampaignStats:
    """
    Attributes:
        bounce_rate (float | Unset):  Default: 0.0.
        bounced (int | Unset):  Default: 0.
        click_rate (float | Unset):  Default: 0.0.
        clicked (int | Unset):  Default: 0.
        complained (int | Unset):  Default: 0.
        delivered (int | Unset):  Default: 0.
        failed (int | Unset):  Default: 0.
        links (list[CampaignStatsLinksItem] | Unset):
        open_rate (float | Unset):  Default: 0.0.
        opened (int | Unset):  Default: 0.
        recipients (int | Unset):  Default: 0.
        sent (int | Unset):  Default: 0.
        skipped (int | Unset):  Default: 0.
        unique_clicks (int | Unset):  Default: 0.
        unique_opens (int | Unset):  Default: 0.
        unsubscribed (int | Unset):  Default: 0.
    """

    bounce_rate: float | Unset = 0.0
    bounced: int | Unset = 0
    click_rate: float | Unset = 0.0
    clicked: int | Unset = 0
    complained: int | Unset = 0
    delivered: int | Unset = 0
    failed: int | Unset = 0
    links: list[CampaignStatsLinksItem] | Unset = UNSET
    open_rate: float | Unset = 0.0
    opened: int | Unset = 0
    recipients: int | Unset = 0
    sent: int | Unset = 0
    skipped: int | Unset = 0
    unique_clicks: int | Unset = 0
    unique_opens: int | Unset = 0
    unsubscribed: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bounce_rate = self.bounce_rate

        bounced = self.bounced

        click_rate = self.click_rate

        clicked = self.clicked

        complained = self.complained

        delivered = self.delivered

        failed = self.failed

        links: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = []
            for links_item_data in self.links:
                links_item = links_item_data.to_dict()
                links.append(links_item)

        open_rate = self.open_rate

        opened = self.opened

        recipients = self.recipients

        sent = self.sent

        skipped = self.skipped

        unique_clicks = self.unique_clicks

        unique_opens = self.unique_opens

        unsubscribed = self.unsubscribed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if bounce_rate is not UNSET:
            field_dict["bounce_rate"] = bounce_rate
        if bounced is not UNSET:
            field_dict["bounced"] = bounced
        if click_rate is not UNSET:
            field_dict["click_rate"] = click_rate
        if clicked is not UNSET:
            field_dict["clicked"] = clicked
        if complained is not UNSET:
            field_dict["complained"] = complained
        if delivered is not UNSET:
            field_dict["delivered"] = delivered
        if failed is not UNSET:
            field_dict["failed"] = failed
        if links is not UNSET:
            field_dict["links"] = links
        if open_rate is not UNSET:
            field_dict["open_rate"] = open_rate
        if opened is not UNSET:
            field_dict["opened"] = opened
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if sent is not UNSET:
            field_dict["sent"] = sent
        if skipped is not UNSET:
            field_dict["skipped"] = skipped
        if unique_clicks is not UNSET:
            field_dict["unique_clicks"] = unique_clicks
        if unique_opens is not UNSET:
            field_dict["unique_opens"] = unique_opens
        if unsubscribed is not UNSET:
            field_dict["unsubscribed"] = unsubscribed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.campaign_stats_links_item import CampaignStatsLinksItem

        d = dict(src_dict)
        bounce_rate = d.pop("bounce_rate", UNSET)

        bounced = d.pop("bounced", UNSET)

        click_rate = d.pop("click_rate", UNSET)

        clicked = d.pop("clicked", UNSET)

        complained = d.pop("complained", UNSET)

        delivered = d.pop("delivered", UNSET)

        failed = d.pop("failed", UNSET)

        _links = d.pop("links", UNSET)
        links: list[CampaignStatsLinksItem] | Unset = UNSET
        if _links is not UNSET:
            links = []
            for links_item_data in _links:
                links_item = CampaignStatsLinksItem.from_dict(links_item_data)

                links.append(links_item)

        open_rate = d.pop("open_rate", UNSET)

        opened = d.pop("opened", UNSET)

        recipients = d.pop("recipients", UNSET)

        sent = d.pop("sent", UNSET)

        skipped = d.pop("skipped", UNSET)

        unique_clicks = d.pop("unique_clicks", UNSET)

        unique_opens = d.pop("unique_opens", UNSET)

        unsubscribed = d.pop("unsubscribed", UNSET)

        campaign_stats = cls(
            bounce_rate=bounce_rate,
            bounced=bounced,
            click_rate=click_rate,
            clicked=clicked,
            complained=complained,
            delivered=delivered,
            failed=failed,
            links=links,
            open_rate=open_rate,
            opened=opened,
            recipients=recipients,
            sent=sent,
            skipped=skipped,
            unique_clicks=unique_clicks,
            unique_opens=unique_opens,
            unsubscribed=unsubscribed,
        )

        campaign_stats.additional_properties = d
        return campaign_stats

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
