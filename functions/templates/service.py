"""Templates: the rules of API.md. Rendering lives in functions.core.rendering (compose uses it too)."""

from __future__ import annotations

from typing import Any

from functions.contacts import service as contacts
from functions.core import rendering
from functions.core.clock import iso, now
from functions.core.errors import Invalid, NotFound
from functions.core.ids import is_id, new_id
from functions.templates import store
from functions.templates.models import RenderBody, Rendered, TemplateCreate, TemplateOut, TemplatePatch


def _parts(item: dict[str, Any]) -> list[rendering.Parsed]:
    """Parse subject, html and text (a syntax error is a 400 naming the part and line)."""
    parts = [
        rendering.parse(item["subject"], html=False, part="subject"),
        rendering.parse(item["html"], html=True, part="html"),
    ]
    if item.get("text"):
        parts.append(rendering.parse(item["text"], html=False, part="text"))
    return parts


def check_content(subject: str, html: str, text: str | None) -> None:
    """Subject, html and text parse, and none of them is too large or too busy to render (400 if so)."""
    parts = _parts({"subject": subject, "html": html, "text": text})
    for part in parts:
        rendering.check_bounded(part)


def _out(item: dict[str, Any]) -> TemplateOut:
    names = sorted(set().union(*(p.names for p in _parts(item))))
    return TemplateOut(**{k: v for k, v in item.items() if k in TemplateOut.model_fields}, variables=names)


def load(workspace_id: str, template_id: str) -> dict[str, Any]:
    item = store.get(workspace_id, template_id) if is_id(template_id) else None
    if item is None:
        raise NotFound("template", template_id)
    return item


def create(workspace_id: str, body: TemplateCreate) -> TemplateOut:
    at = iso(now())
    item = {
        "workspace_id": workspace_id,
        "id": new_id(),
        **body.model_dump(exclude_none=True),
        "created_at": at,
    }
    item["updated_at"] = at
    check_content(item["subject"], item["html"], item.get("text"))
    store.put(item, exists=False)
    return _out(item)


def get(workspace_id: str, template_id: str) -> TemplateOut:
    return _out(load(workspace_id, template_id))


def page(workspace_id: str, limit: int, cursor: str | None) -> tuple[list[TemplateOut], str | None]:
    items, next_cursor = store.page(workspace_id, limit, cursor)
    return [_out(i) for i in items], next_cursor


def update(workspace_id: str, template_id: str, patch: TemplatePatch) -> TemplateOut:
    current = load(workspace_id, template_id)
    changes = patch.model_dump(exclude_unset=True)
    for required in ("name", "subject", "html"):
        if required in changes and changes[required] is None:
            raise Invalid(
                f"{required} cannot be removed", fields=[{"field": required, "message": "required"}]
            )
    updated = {k: v for k, v in {**current, **changes, "updated_at": iso(now())}.items() if v is not None}
    check_content(updated["subject"], updated["html"], updated.get("text"))
    if not store.put(updated, exists=True):
        raise NotFound("template", template_id)
    return _out(updated)


def delete(workspace_id: str, template_id: str) -> None:
    if not is_id(template_id) or not store.delete(workspace_id, template_id):
        raise NotFound("template", template_id)


def _parsed(subject: str, html: str, text: str | None) -> list[rendering.Parsed]:
    parts = [
        rendering.parse(subject, html=False, part="subject"),
        rendering.parse(html, html=True, part="html"),
    ]
    return [*parts, rendering.parse(text, html=False, part="text")] if text else parts


def missing_tags(subject: str, html: str, text: str | None, variables: dict[str, Any]) -> list[str]:
    """The merge tags these parts use that `variables` gives no value (a tag with a default never is)."""
    return rendering.missing(_parsed(subject, html, text), variables)


def render_parts(
    subject: str, html: str, text: str | None, variables: dict[str, Any], *, missing: str = "refuse"
) -> tuple[str, str, str]:
    """Render a message for one recipient.

    `missing`: "refuse" (compose) makes every tag without a value a 400 `missing_variables`; "empty"
    (campaigns, automations, test sends) renders it empty, as marketers expect."""
    parts = _parsed(subject, html, text)
    absent = rendering.missing(parts, variables)
    if absent and missing == "refuse":
        raise Invalid(f"No value for {', '.join(absent)}", code="missing_variables", missing_variables=absent)

    def fill(part: rendering.Parsed) -> str:
        # Empty only where the part uses the tag bare: where it has a default, the default applies.
        return rendering.render(part, {**variables, **dict.fromkeys(part.names & set(absent), "")})

    rendered_html = fill(parts[1])
    rendered_text = fill(parts[2]) if text else rendering.text_from_html(rendered_html)
    return fill(parts[0]), rendered_html, rendered_text


def render(workspace_id: str, template_id: str, body: RenderBody) -> Rendered:
    item = load(workspace_id, template_id)
    variables: dict[str, Any] = {}
    if body.contact_id:
        contact = contacts.find(workspace_id, body.contact_id)
        if contact is None:
            raise NotFound("contact", body.contact_id)
        variables.update(rendering.contact_variables(contact))
    variables.update(rendering.normalize(body.variables))
    subject, html, text = render_parts(item["subject"], item["html"], item.get("text"), variables)
    return Rendered(subject=subject, html=html, text=text)
