"""Contains all the data models used in inputs/outputs"""

from .account_out import AccountOut
from .activity import Activity
from .activity_data import ActivityData
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_created import ApiKeyCreated
from .api_key_out import ApiKeyOut
from .attempt import Attempt
from .automation_create import AutomationCreate
from .automation_create_reentry import AutomationCreateReentry
from .automation_out import AutomationOut
from .automation_out_reentry import AutomationOutReentry
from .automation_out_status import AutomationOutStatus
from .automation_out_steps_item import AutomationOutStepsItem
from .automation_out_trigger import AutomationOutTrigger
from .automation_patch import AutomationPatch
from .automation_patch_reentry_type_0 import AutomationPatchReentryType0
from .batch_error import BatchError
from .batch_out import BatchOut
from .campaign_create import CampaignCreate
from .campaign_out import CampaignOut
from .campaign_out_status import CampaignOutStatus
from .campaign_patch import CampaignPatch
from .campaign_preview import CampaignPreview
from .campaign_recipients_state_type_0 import CampaignRecipientsStateType0
from .campaign_stats import CampaignStats
from .campaign_stats_links_item import CampaignStatsLinksItem
from .compose import Compose
from .compose_result import ComposeResult
from .compose_variables_type_0 import ComposeVariablesType0
from .condition import Condition
from .condition_operator import ConditionOperator
from .condition_step import ConditionStep
from .consent_in import ConsentIn
from .consent_record import ConsentRecord
from .contact_batch import ContactBatch
from .contact_batch_out import ContactBatchOut
from .contact_created_trigger import ContactCreatedTrigger
from .contact_out import ContactOut
from .contact_out_attributes import ContactOutAttributes
from .contact_out_events import ContactOutEvents
from .contact_out_status import ContactOutStatus
from .contact_patch import ContactPatch
from .contact_patch_attributes_type_0 import ContactPatchAttributesType0
from .contact_patch_status_type_0 import ContactPatchStatusType0
from .contact_recipients import ContactRecipients
from .contact_upsert import ContactUpsert
from .contact_upsert_attributes_type_0 import ContactUpsertAttributesType0
from .date_trigger import DateTrigger
from .day_stats import DayStats
from .deleted import Deleted
from .delivery_out import DeliveryOut
from .delivery_out_status import DeliveryOutStatus
from .dns_record import DnsRecord
from .dns_record_purpose import DnsRecordPurpose
from .dns_record_type import DnsRecordType
from .domain_create import DomainCreate
from .domain_out import DomainOut
from .domain_out_ownership import DomainOutOwnership
from .domain_out_status import DomainOutStatus
from .email_recipients import EmailRecipients
from .envelope_account_out import EnvelopeAccountOut
from .envelope_api_key_created import EnvelopeApiKeyCreated
from .envelope_automation_out import EnvelopeAutomationOut
from .envelope_batch_out import EnvelopeBatchOut
from .envelope_campaign_out import EnvelopeCampaignOut
from .envelope_campaign_preview import EnvelopeCampaignPreview
from .envelope_campaign_stats import EnvelopeCampaignStats
from .envelope_contact_batch_out import EnvelopeContactBatchOut
from .envelope_contact_out import EnvelopeContactOut
from .envelope_delivery_out import EnvelopeDeliveryOut
from .envelope_domain_out import EnvelopeDomainOut
from .envelope_event_out import EnvelopeEventOut
from .envelope_export_out import EnvelopeExportOut
from .envelope_field_out import EnvelopeFieldOut
from .envelope_form_out import EnvelopeFormOut
from .envelope_import_out import EnvelopeImportOut
from .envelope_list_out import EnvelopeListOut
from .envelope_page_out import EnvelopePageOut
from .envelope_preview_out import EnvelopePreviewOut
from .envelope_rendered import EnvelopeRendered
from .envelope_segment_out import EnvelopeSegmentOut
from .envelope_sender_out import EnvelopeSenderOut
from .envelope_template_out import EnvelopeTemplateOut
from .envelope_webhook_out import EnvelopeWebhookOut
from .envelope_webhook_with_secret import EnvelopeWebhookWithSecret
from .envelope_workspace_created import EnvelopeWorkspaceCreated
from .envelopelist_consent_record import EnvelopelistConsentRecord
from .envelopelist_day_stats import EnvelopelistDayStats
from .error import Error
from .error_error import ErrorError
from .error_error_fields_item import ErrorErrorFieldsItem
from .event_batch import EventBatch
from .event_in import EventIn
from .event_in_properties_type_0 import EventInPropertiesType0
from .event_out import EventOut
from .event_out_properties import EventOutProperties
from .event_summary import EventSummary
from .event_trigger import EventTrigger
from .exit_step import ExitStep
from .export_in import ExportIn
from .export_out import ExportOut
from .export_out_status import ExportOutStatus
from .failure import Failure
from .field_create import FieldCreate
from .field_create_type import FieldCreateType
from .field_out import FieldOut
from .field_out_type import FieldOutType
from .field_patch import FieldPatch
from .field_patch_type import FieldPatchType
from .form_create import FormCreate
from .form_out import FormOut
from .form_patch import FormPatch
from .form_stats import FormStats
from .get_open_api_document_response_200 import GetOpenApiDocumentResponse200
from .group import Group
from .group_match import GroupMatch
from .import_in import ImportIn
from .import_in_mapping_type_0 import ImportInMappingType0
from .import_out import ImportOut
from .import_out_mapping_type_0 import ImportOutMappingType0
from .import_out_status import ImportOutStatus
from .item_error import ItemError
from .job_error import JobError
from .list_campaigns_status_type_0 import ListCampaignsStatusType0
from .list_contacts_status_type_0 import ListContactsStatusType0
from .list_create import ListCreate
from .list_deliveries_status_type_0 import ListDeliveriesStatusType0
from .list_import_in import ListImportIn
from .list_import_in_mapping_type_0 import ListImportInMappingType0
from .list_out import ListOut
from .list_patch import ListPatch
from .list_runs_status_type_0 import ListRunsStatusType0
from .list_step import ListStep
from .list_step_type import ListStepType
from .list_trigger import ListTrigger
from .membership import Membership
from .page_activity import PageActivity
from .page_api_key_out import PageApiKeyOut
from .page_automation_out import PageAutomationOut
from .page_campaign_out import PageCampaignOut
from .page_contact_out import PageContactOut
from .page_create import PageCreate
from .page_delivery_out import PageDeliveryOut
from .page_domain_out import PageDomainOut
from .page_field_out import PageFieldOut
from .page_form_out import PageFormOut
from .page_import_out import PageImportOut
from .page_list_out import PageListOut
from .page_out import PageOut
from .page_page_summary import PagePageSummary
from .page_patch import PagePatch
from .page_recipient import PageRecipient
from .page_run_out import PageRunOut
from .page_segment_out import PageSegmentOut
from .page_sender_out import PageSenderOut
from .page_summary import PageSummary
from .page_template_out import PageTemplateOut
from .page_webhook_out import PageWebhookOut
from .preview import Preview
from .preview_body import PreviewBody
from .preview_out import PreviewOut
from .profile_fields import ProfileFields
from .recipient import Recipient
from .recipient_state import RecipientState
from .rejected import Rejected
from .render_body import RenderBody
from .render_body_variables_type_0 import RenderBodyVariablesType0
from .rendered import Rendered
from .row_error import RowError
from .rules import Rules
from .rules_match import RulesMatch
from .run_out import RunOut
from .run_out_status import RunOutStatus
from .save_preferences_body import SavePreferencesBody
from .segment_create import SegmentCreate
from .segment_link import SegmentLink
from .segment_link_attributes_type_0 import SegmentLinkAttributesType0
from .segment_out import SegmentOut
from .segment_out_rules_type_0 import SegmentOutRulesType0
from .segment_out_status import SegmentOutStatus
from .segment_patch import SegmentPatch
from .segment_trigger import SegmentTrigger
from .segment_trigger_type import SegmentTriggerType
from .send_body import SendBody
from .send_step import SendStep
from .sender_create import SenderCreate
from .sender_out import SenderOut
from .sender_patch import SenderPatch
from .stats import Stats
from .step_stats import StepStats
from .submit_form_data_body import SubmitFormDataBody
from .submit_form_json_body import SubmitFormJsonBody
from .submit_form_response_200 import SubmitFormResponse200
from .submit_form_response_200_data import SubmitFormResponse200Data
from .submit_form_response_200_data_status import SubmitFormResponse200DataStatus
from .subscriber_create import SubscriberCreate
from .subscriber_create_attributes_type_0 import SubscriberCreateAttributesType0
from .tag_step import TagStep
from .tags_body import TagsBody
from .template_create import TemplateCreate
from .template_out import TemplateOut
from .template_patch import TemplatePatch
from .test_body import TestBody
from .test_body_variables_type_0 import TestBodyVariablesType0
from .unsubscribe_by_link_body import UnsubscribeByLinkBody
from .update_step import UpdateStep
from .update_step_attributes import UpdateStepAttributes
from .usage import Usage
from .wait_step import WaitStep
from .wait_until_step import WaitUntilStep
from .wait_until_step_weekday_type_0_item import WaitUntilStepWeekdayType0Item
from .wait_until_step_weekday_type_1 import WaitUntilStepWeekdayType1
from .webhook_create import WebhookCreate
from .webhook_create_topics_item import WebhookCreateTopicsItem
from .webhook_out import WebhookOut
from .webhook_patch import WebhookPatch
from .webhook_patch_topics_item import WebhookPatchTopicsItem
from .webhook_with_secret import WebhookWithSecret
from .workspace_create import WorkspaceCreate
from .workspace_created import WorkspaceCreated

__all__ = (
    "AccountOut",
    "Activity",
    "ActivityData",
    "ApiKeyCreate",
    "ApiKeyCreateScopesItem",
    "ApiKeyCreated",
    "ApiKeyOut",
    "Attempt",
    "AutomationCreate",
    "AutomationCreateReentry",
    "AutomationOut",
    "AutomationOutReentry",
    "AutomationOutStatus",
    "AutomationOutStepsItem",
    "AutomationOutTrigger",
    "AutomationPatch",
    "AutomationPatchReentryType0",
    "BatchError",
    "BatchOut",
    "CampaignCreate",
    "CampaignOut",
    "CampaignOutStatus",
    "CampaignPatch",
    "CampaignPreview",
    "CampaignRecipientsStateType0",
    "CampaignStats",
    "CampaignStatsLinksItem",
    "Compose",
    "ComposeResult",
    "ComposeVariablesType0",
    "Condition",
    "ConditionOperator",
    "ConditionStep",
    "ConsentIn",
    "ConsentRecord",
    "ContactBatch",
    "ContactBatchOut",
    "ContactCreatedTrigger",
    "ContactOut",
    "ContactOutAttributes",
    "ContactOutEvents",
    "ContactOutStatus",
    "ContactPatch",
    "ContactPatchAttributesType0",
    "ContactPatchStatusType0",
    "ContactRecipients",
    "ContactUpsert",
    "ContactUpsertAttributesType0",
    "DateTrigger",
    "DayStats",
    "Deleted",
    "DeliveryOut",
    "DeliveryOutStatus",
    "DnsRecord",
    "DnsRecordPurpose",
    "DnsRecordType",
    "DomainCreate",
    "DomainOut",
    "DomainOutOwnership",
    "DomainOutStatus",
    "EmailRecipients",
    "EnvelopeAccountOut",
    "EnvelopeApiKeyCreated",
    "EnvelopeAutomationOut",
    "EnvelopeBatchOut",
    "EnvelopeCampaignOut",
    "EnvelopeCampaignPreview",
    "EnvelopeCampaignStats",
    "EnvelopeContactBatchOut",
    "EnvelopeContactOut",
    "EnvelopeDeliveryOut",
    "EnvelopeDomainOut",
    "EnvelopeEventOut",
    "EnvelopeExportOut",
    "EnvelopeFieldOut",
    "EnvelopeFormOut",
    "EnvelopeImportOut",
    "EnvelopeListOut",
    "EnvelopePageOut",
    "EnvelopePreviewOut",
    "EnvelopeRendered",
    "EnvelopeSegmentOut",
    "EnvelopeSenderOut",
    "EnvelopeTemplateOut",
    "EnvelopeWebhookOut",
    "EnvelopeWebhookWithSecret",
    "EnvelopeWorkspaceCreated",
    "EnvelopelistConsentRecord",
    "EnvelopelistDayStats",
    "Error",
    "ErrorError",
    "ErrorErrorFieldsItem",
    "EventBatch",
    "EventIn",
    "EventInPropertiesType0",
    "EventOut",
    "EventOutProperties",
    "EventSummary",
    "EventTrigger",
    "ExitStep",
    "ExportIn",
    "ExportOut",
    "ExportOutStatus",
    "Failure",
    "FieldCreate",
    "FieldCreateType",
    "FieldOut",
    "FieldOutType",
    "FieldPatch",
    "FieldPatchType",
    "FormCreate",
    "FormOut",
    "FormPatch",
    "FormStats",
    "GetOpenApiDocumentResponse200",
    "Group",
    "GroupMatch",
    "ImportIn",
    "ImportInMappingType0",
    "ImportOut",
    "ImportOutMappingType0",
    "ImportOutStatus",
    "ItemError",
    "JobError",
    "ListCampaignsStatusType0",
    "ListContactsStatusType0",
    "ListCreate",
    "ListDeliveriesStatusType0",
    "ListImportIn",
    "ListImportInMappingType0",
    "ListOut",
    "ListPatch",
    "ListRunsStatusType0",
    "ListStep",
    "ListStepType",
    "ListTrigger",
    "Membership",
    "PageActivity",
    "PageApiKeyOut",
    "PageAutomationOut",
    "PageCampaignOut",
    "PageContactOut",
    "PageCreate",
    "PageDeliveryOut",
    "PageDomainOut",
    "PageFieldOut",
    "PageFormOut",
    "PageImportOut",
    "PageListOut",
    "PageOut",
    "PagePageSummary",
    "PagePatch",
    "PageRecipient",
    "PageRunOut",
    "PageSegmentOut",
    "PageSenderOut",
    "PageSummary",
    "PageTemplateOut",
    "PageWebhookOut",
    "Preview",
    "PreviewBody",
    "PreviewOut",
    "ProfileFields",
    "Recipient",
    "RecipientState",
    "Rejected",
    "RenderBody",
    "RenderBodyVariablesType0",
    "Rendered",
    "RowError",
    "Rules",
    "RulesMatch",
    "RunOut",
    "RunOutStatus",
    "SavePreferencesBody",
    "SegmentCreate",
    "SegmentLink",
    "SegmentLinkAttributesType0",
    "SegmentOut",
    "SegmentOutRulesType0",
    "SegmentOutStatus",
    "SegmentPatch",
    "SegmentTrigger",
    "SegmentTriggerType",
    "SendBody",
    "SendStep",
    "SenderCreate",
    "SenderOut",
    "SenderPatch",
    "Stats",
    "StepStats",
    "SubmitFormDataBody",
    "SubmitFormJsonBody",
    "SubmitFormResponse200",
    "SubmitFormResponse200Data",
    "SubmitFormResponse200DataStatus",
    "SubscriberCreate",
    "SubscriberCreateAttributesType0",
    "TagStep",
    "TagsBody",
    "TemplateCreate",
    "TemplateOut",
    "TemplatePatch",
    "TestBody",
    "TestBodyVariablesType0",
    "UnsubscribeByLinkBody",
    "UpdateStep",
    "UpdateStepAttributes",
    "Usage",
    "WaitStep",
    "WaitUntilStep",
    "WaitUntilStepWeekdayType0Item",
    "WaitUntilStepWeekdayType1",
    "WebhookCreate",
    "WebhookCreateTopicsItem",
    "WebhookOut",
    "WebhookPatch",
    "WebhookPatchTopicsItem",
    "WebhookWithSecret",
    "WorkspaceCreate",
    "WorkspaceCreated",
)
