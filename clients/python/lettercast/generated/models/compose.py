from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.compose_variables_type_0 import ComposeVariablesType0
    from ..models.contact_recipients import ContactRecipients
    from ..models.email_recipients import EmailRecipients


T = TypeVar("T", bound="Compose")


@_attrs_define
class Compose:
    """
    Attributes:
        account_key (str): The sender's acc_... key
        recipients (ContactRecipients | EmailRecipients):
        body (None | str | Unset): HTML body (with subject, instead of template_id)
        subject (None | str | Unset):
        template_id (None | str | Unset):
        text (None | str | Unset):
        variables (ComposeVariablesType0 | None | Unset):
    """

    account_key: str
    recipients: ContactRecipients | EmailRecipients
    body: None | str | Unset = UNSET
    subject: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    variables: ComposeVariablesType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.compose_variables_type_0 import ComposeVariablesType0
        from ..models.email_recipients import EmailRecipients

        account_key = self.account_key

        recipients: dict[str, Any]
        if isinstance(self.recipients, EmailRecipients):
            recipients = self.recipients.to_dict()
        else:
            recipients = self.recipients.to_dict()

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
            subject = self.subject

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        variables: dict[str, Any] | None | Unset
        if isinstance(self.variables, Unset):
            variables = UNSET
        elif isinstance(self.variables, ComposeVariablesType0):
            variables = self.variables.to_dict()
        else:
            variables = self.variables

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account_key": account_key,
                "recipients": recipients,
            }
        )
        if body is not UNSET:
            field_dict["body"] = body
        if subject is not UNSET:
            field_dict["subject"] = subject
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if text is not UNSET:
            field_dict["text"] = text
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.compose_variables_type_0 import ComposeVariablesType0
        from ..models.contact_recipients import ContactRecipients
        from ..models.email_recipients import EmailRecipients

        d = dict(src_dict)
        account_key = d.pop("account_key")

        def _parse_recipients(data: object) -> ContactRecipients | EmailRecipients:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recipients_type_0 = EmailRecipients.from_dict(data)

                return recipients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            recipients_type_1 = ContactRecipients.from_dict(data)

            return recipients_type_1

        recipients = _parse_recipients(d.pop("recipients"))

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject = _parse_subject(d.pop("subject", UNSET))

        def _parse_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_id = _parse_template_id(d.pop("template_id", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        def _parse_variables(data: object) -> ComposeVariablesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                variables_type_0 = ComposeVariablesType0.from_dict(data)

                return variables_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ComposeVariablesType0 | None | Unset, data)

        variables = _parse_variables(d.pop("variables", UNSET))

        compose = cls(
            account_key=account_key,
            recipients=recipients,
            body=body,
            subject=subject,
            template_id=template_id,
            text=text,
            variables=variables,
        )

        return compose
