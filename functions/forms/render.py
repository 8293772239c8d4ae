"""The markup of a signup form: a plain <form> that posts to the hosted URL and works without JavaScript,
and the small script of the embed code that posts it as JSON and says thanks in place.

Shared by the API's `embed_html`, the hosted page (GET /f/{public_id}) and landing pages. Every value is
escaped; ids are `lc-<public_id>-<name>` so that two forms on one page never collide.
"""

from __future__ import annotations

import html
from typing import Any

from functions.campaigns.tracking import public_base
from functions.core.emails import MAX_EMAIL_LENGTH
from functions.forms.models import CONTACT_FIELDS
from functions.public import words

# Bots fill in a field so named; people never see it. The hyphen keeps it apart from every field tag.
HONEYPOT = "website-url"
MAX_TEXT = 2_000  # a contact attribute's longest string
_AUTOCOMPLETE = {"email": "email", "first_name": "given-name", "last_name": "family-name"}
# The look of a form wherever we serve it (hosted page, landing pages); an embedded form takes the site's.
FORM_CSS = (
    ".lc-field{margin:1em 0}.lc-field label{display:block;font-weight:600;margin-bottom:.25em}"
    ".lc-check label{display:inline;font-weight:normal}"
    ".lc-form input:not([type=checkbox]),.lc-form select{font:inherit;width:100%;box-sizing:border-box;"
    "padding:.5em;border:1px solid #767676;border-radius:4px}"
    ".lc-form input[type=checkbox]{width:1.2em;height:1.2em;vertical-align:middle}"
    ":focus-visible{outline:3px solid #0b57d0;outline-offset:2px}"
    ".lc-error,.lc-alert{color:#b3261e;margin:.25em 0 0}.lc-alert{font-weight:600}"
    "[aria-invalid=true]{border-color:#b3261e!important}.lc-consent{font-size:.9em;color:#444}"
    ".lc-form button{font:inherit;padding:.6em 1.4em;background:#0b57d0;color:#fff;border:0;"
    "border-radius:4px;cursor:pointer}"
)

# Hidden from people (and screen readers), never focused: inline, so an embedded form needs no stylesheet.
_HIDDEN = "position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden"

SCRIPT = (
    "<script>(function(){{var f=document.getElementById('{form_id}');"
    "if(!f||!window.fetch||!window.FormData||!window.JSON)return;"
    "f.addEventListener('submit',function(e){{e.preventDefault();var d={{}};"
    "new FormData(f).forEach(function(v,k){{d[k]=v}});"
    "fetch(f.action,{{method:'POST',headers:{{'Content-Type':'application/json'}},body:JSON.stringify(d)}})"
    ".then(function(r){{if(!r.ok)throw r;return r.json()}})"
    ".then(function(j){{if(j.data.redirect_url){{location.assign(j.data.redirect_url);return}}"
    "var p=document.createElement('p');p.className='lc-success';p.setAttribute('role','status');"
    "p.textContent=j.data.message;f.parentNode.replaceChild(p,f)}})"
    # Anything else (a refused address, a network error): the ordinary post, whose page says why.
    ".catch(function(){{f.submit()}})}})}})();</script>"
)


def hosted_url(public_id: str) -> str:
    return f"{public_base()}/f/{public_id}"


def honeypot_name(shown: list[dict[str, Any]]) -> str:
    return HONEYPOT


def shown_fields(
    form: dict[str, Any], fields: list[dict[str, Any]], said: dict[str, str]
) -> list[dict[str, Any]]:
    """The inputs of the form, in order: the email, the form's fields (a list field by its tag, else the
    contact's first or last name), then every field the list requires that the form did not name.

    Each is {tag, label, type, options, required, contact}: `contact` for the contact's own fields (else an
    attribute of the list's); `fields` are the list's field definitions."""
    by_tag = {f["tag"]: f for f in fields}
    email = {"tag": "email", "label": said["form_email"], "type": "email", "options": None, "required": True}
    shown: list[dict[str, Any]] = [{**email, "contact": True}]
    for tag in [*(form.get("fields") or []), *(f["tag"] for f in fields if f.get("required"))]:
        if tag == "email" or any(s["tag"] == tag for s in shown):
            continue
        if tag in by_tag:
            field = by_tag[tag]
            shown.append(
                {
                    "tag": tag,
                    "label": field["label"],
                    "type": field.get("type") or "text",
                    "options": field.get("options"),
                    "required": bool(field.get("required")),
                    "contact": False,
                }
            )
        elif tag in CONTACT_FIELDS:
            label = said[f"form_{tag}"]
            shown.append(
                {
                    "tag": tag,
                    "label": label,
                    "type": "text",
                    "options": None,
                    "required": False,
                    "contact": True,
                }
            )
    return shown


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _input(form_key: str, field: dict[str, Any], value: Any, error: str | None, said: dict[str, str]) -> str:
    tag, kind = field["tag"], field["type"]
    ident = f"lc-{form_key}-{tag}"
    common = f'id="{ident}" name="{_attr(tag)}"' + (" required" if field["required"] else "")
    if error:
        common += f' aria-invalid="true" aria-describedby="{ident}-error"'
    mark = ' <span aria-hidden="true">*</span>' if field["required"] else ""
    label = f'<label for="{ident}">{html.escape(field["label"])}{mark}</label>'
    problem = f'<p class="lc-error" id="{ident}-error">{html.escape(error)}</p>' if error else ""
    text = "" if value is None or isinstance(value, bool) else str(value)
    if kind == "boolean":
        checked = " checked" if value is True or text.lower() in ("true", "on", "1", "yes") else ""
        box = f'<input type="checkbox" {common} value="true"{checked}>'
        return f'<div class="lc-field lc-check">{box} {label}{problem}</div>'
    if kind == "select":
        options = [f'<option value="">{html.escape(said["form_choose"])}</option>']
        for option in field.get("options") or []:
            selected = " selected" if option == text else ""
            options.append(f'<option value="{_attr(option)}"{selected}>{html.escape(option)}</option>')
        return f'<div class="lc-field">{label}<select {common}>{"".join(options)}</select>{problem}</div>'
    typed = {"email": "email", "number": "number", "date": "date"}.get(kind, "text")
    extra = ' step="any"' if typed == "number" else ""
    extra += (
        f' maxlength="{MAX_EMAIL_LENGTH if typed == "email" else MAX_TEXT}"'
        if typed in ("email", "text")
        else ""
    )
    if tag in _AUTOCOMPLETE and (tag == "email" or kind == "text"):
        extra += f' autocomplete="{_AUTOCOMPLETE[tag]}"'
    box = f'<input type="{typed}" {common}{extra} value="{_attr(text)}">'
    return f'<div class="lc-field">{label}{box}{problem}</div>'


def form_markup(
    form: dict[str, Any],
    fields: list[dict[str, Any]],
    *,
    lang_words: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> str:
    """The <form> element of a form (no script): posts to its hosted URL, works without JavaScript.

    `form`: the form (its `public_id`, `fields` and `consent_text`); `fields`: the definitions of its list's
    fields (`GET /v1/lists/{id}/fields`); `lang_words`: the words of the page's language (English by
    default). `values` and `errors` (input name -> message) show a refused submission again."""
    said = lang_words or words.WORDS["en"]
    values, errors = values or {}, errors or {}
    key = str(form["public_id"])
    shown = shown_fields(form, fields, said)
    parts = []
    if errors:
        parts.append(f'<p class="lc-alert" role="alert">{html.escape(said["form_fix"])}</p>')
    parts += [_input(key, f, values.get(f["tag"]), errors.get(f["tag"]), said) for f in shown]
    trap = honeypot_name(shown)
    parts.append(
        f'<div aria-hidden="true" style="{_HIDDEN}"><label for="lc-{key}-{trap}">'
        f"{html.escape(said['form_honeypot'])}</label>"
        f'<input type="text" id="lc-{key}-{trap}" name="{trap}" tabindex="-1" autocomplete="off" value="">'
        "</div>"
    )
    if form.get("consent_text"):
        consent = "<br>".join(html.escape(line) for line in str(form["consent_text"]).splitlines())
        parts.append(f'<p class="lc-consent">{consent}</p>')
    parts.append(f'<button type="submit">{html.escape(said["form_submit"])}</button>')
    return (
        f'<form class="lc-form" id="lc-form-{key}" method="post" action="{_attr(hosted_url(key))}" '
        f'accept-charset="utf-8">{"".join(parts)}</form>'
    )


def embed_html(
    form: dict[str, Any], fields: list[dict[str, Any]], lang_words: dict[str, str] | None = None
) -> str:
    """The embed code: the form, and a script that posts it as JSON and shows the success message in its
    place (on any error the form is posted the ordinary way)."""
    return form_markup(form, fields, lang_words=lang_words) + SCRIPT.format(
        form_id=f"lc-form-{form['public_id']}"
    )
