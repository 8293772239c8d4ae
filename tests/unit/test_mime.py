"""The MIME a recipient's mail client reads: what it shows must be what was rendered."""

from __future__ import annotations

from email import message_from_bytes, policy

from functions.core import mime


def parsed(**overrides: object) -> object:
    fields = {
        "from_name": "News",
        "from_email": "news@shop.example",
        "to": "ann@example.com",
        "subject": "Hello",
        "html": "<p>Hi</p>",
        "text": "Hi",
    } | overrides
    return message_from_bytes(mime.build(**fields), policy=policy.default)  # type: ignore[arg-type]


def test_non_ascii_names_subjects_and_bodies_read_back_as_written() -> None:
    body = "Grüße, " + "é" * 3000  # one line far longer than a mail line may be
    message = parsed(
        from_name='Zoë "the" Büro, Köln',
        subject="Grüße " + "très long sujet " * 12,
        html=f"<p>{body}</p>",
        text=body,
    )
    assert message["From"].addresses[0].display_name == 'Zoë "the" Büro, Köln'
    assert message["From"].addresses[0].addr_spec == "news@shop.example"
    assert message["Subject"] == "Grüße " + "très long sujet " * 12
    assert message.get_body(("plain",)).get_content() == body
    assert message.get_body(("html",)).get_content() == f"<p>{body}</p>"


def test_a_subject_that_looks_encoded_is_shown_as_typed() -> None:
    assert parsed(subject="=?utf-8?q?x?= 你好")["Subject"] == "=?utf-8?q?x?= 你好"


def test_a_long_link_header_keeps_its_value_exactly() -> None:
    link = "<https://mail.shop.example/u/" + "a" * 300 + ">"
    message = parsed(
        headers={"List-Unsubscribe": link, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    )
    assert message["List-Unsubscribe"] == link
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_internationalized_domain_is_written_in_its_ascii_form() -> None:
    message = parsed(to="ann@bücher.example", reply_to="help@bücher.example")
    assert message["To"] == "ann@xn--bcher-kva.example"
    assert message["Reply-To"] == "help@xn--bcher-kva.example"


def test_each_message_has_its_own_id_on_the_senders_domain() -> None:
    first, second = parsed()["Message-ID"], parsed()["Message-ID"]
    assert first != second and first.endswith("@shop.example>")
