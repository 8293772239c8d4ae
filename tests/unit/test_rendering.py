"""Merge tags: escaping, key normalization, missing variables, syntax errors, text from html."""

from __future__ import annotations

import pytest

from functions.core import rendering
from functions.core.errors import Invalid


def test_values_are_html_escaped_in_html_only() -> None:
    html = rendering.parse("<p>{{ name }}</p>", html=True)
    text = rendering.parse("{{ name }}", html=False)
    values = {"name": "<script>x</script> & co"}
    assert rendering.render(html, values) == "<p>&lt;script&gt;x&lt;/script&gt; &amp; co</p>"
    assert rendering.render(text, values) == "<script>x</script> & co"


@pytest.mark.parametrize(
    ("key", "normal"), [("First Name", "first_name"), ("PLAN-TIER", "plan_tier"), (" a.b ", "a_b")]
)
def test_variable_keys_are_normalized(key: str, normal: str) -> None:
    assert rendering.normalize({key: 1}) == {normal: 1}


def test_every_missing_tag_is_listed_once() -> None:
    parts = [
        rendering.parse("Hi {{ first_name }}", html=False),
        rendering.parse("<p>{{ first_name }} {{ code }} {{ shop }}</p>", html=True),
    ]
    assert rendering.missing(parts, {"shop": "Acme", "code": ""}) == ["code", "first_name"]


def test_a_syntax_error_names_the_part_and_line() -> None:
    with pytest.raises(Invalid) as refused:
        rendering.parse("<p>ok</p>\n<p>{{ broken </p>", html=True, part="html")
    assert refused.value.code == "template_syntax_error"
    assert refused.value.extra["fields"][0] == {
        "field": "html",
        "line": 2,
        "message": refused.value.extra["fields"][0]["message"],
    }


def test_the_sandbox_refuses_unsafe_attribute_access() -> None:
    parsed = rendering.parse("{{ name.__class__.__mro__ }}", html=False)
    with pytest.raises(Exception, match=r"unsafe|access"):
        rendering.render(parsed, {"name": "x"})


def test_contact_fields_and_attributes_fill_tags() -> None:
    contact = {"email": "a@example.com", "first_name": "Ann", "attributes": {"Plan Tier": "pro"}}
    assert rendering.contact_variables(contact) == {
        "email": "a@example.com",
        "first_name": "Ann",
        "plan_tier": "pro",
    }


def test_text_is_derived_from_html() -> None:
    html = "<html><head><style>p{}</style></head><body><h1>Hello</h1><p>Read <a href='https://x.example/a'>this</a></p><ul><li>one</li><li>two</li></ul><script>x()</script></body></html>"
    assert rendering.text_from_html(html) == "Hello\n\nRead this (https://x.example/a)\n\n- one\n\n- two"
