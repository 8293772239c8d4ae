"""What the public pages say, in the workspace's language (`PATCH /v1/account {"language"}`) where we have
it, else in English. A language is looked up by its primary tag: `nb-NO`, `nb` and `no` are Norwegian."""

from __future__ import annotations

import time

from functions.account import service as account
from functions.core.errors import NotFound

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "not_found_title": "Link not found",
        "not_found": "This link is not valid.",
        "unsubscribe_title": "Unsubscribe",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribe_ask": "Stop receiving {what}?",
        "unsubscribed_title": "Unsubscribed",
        "unsubscribed": "You will not receive {what} any more.",
        "from_list": "emails from the list {name}",
        "everything": "all of these emails",
        "preferences_link": "Choose which emails you receive",
        "preferences_title": "Your email preferences",
        "emails_to": "Emails to {email}",
        "save": "Save",
        "saved": "Your choices are saved.",
        "no_lists": "There are no lists to choose from.",
    },
    "nb": {
        "not_found_title": "Fant ikke lenken",
        "not_found": "Denne lenken er ikke gyldig.",
        "unsubscribe_title": "Meld deg av",
        "unsubscribe_button": "Meld av",
        "unsubscribe_ask": "Vil du slutte å motta {what}?",
        "unsubscribed_title": "Avmeldt",
        "unsubscribed": "Du vil ikke lenger motta {what}.",
        "from_list": "e-post fra listen {name}",
        "everything": "disse e-postene",
        "preferences_link": "Velg hvilke e-poster du vil motta",
        "preferences_title": "Dine e-postvalg",
        "emails_to": "E-post til {email}",
        "save": "Lagre",
        "saved": "Valgene dine er lagret.",
        "no_lists": "Det er ingen lister å velge mellom.",
    },
    "de": {
        "not_found_title": "Link nicht gefunden",
        "not_found": "Dieser Link ist nicht gültig.",
        "unsubscribe_title": "Abmelden",
        "unsubscribe_button": "Abmelden",
        "unsubscribe_ask": "Keine {what} mehr erhalten?",
        "unsubscribed_title": "Abgemeldet",
        "unsubscribed": "Sie erhalten keine {what} mehr.",
        "from_list": "E-Mails der Liste {name}",
        "everything": "dieser E-Mails",
        "preferences_link": "Wählen Sie, welche E-Mails Sie erhalten",
        "preferences_title": "Ihre E-Mail-Einstellungen",
        "emails_to": "E-Mails an {email}",
        "save": "Speichern",
        "saved": "Ihre Auswahl ist gespeichert.",
        "no_lists": "Es gibt keine Listen zur Auswahl.",
    },
    "fr": {
        "not_found_title": "Lien introuvable",
        "not_found": "Ce lien n'est pas valide.",
        "unsubscribe_title": "Se désabonner",
        "unsubscribe_button": "Me désabonner",
        "unsubscribe_ask": "Ne plus recevoir {what} ?",
        "unsubscribed_title": "Désabonnement confirmé",
        "unsubscribed": "Vous ne recevrez plus {what}.",
        "from_list": "les e-mails de la liste {name}",
        "everything": "ces e-mails",
        "preferences_link": "Choisir les e-mails que vous recevez",
        "preferences_title": "Vos préférences d'e-mails",
        "emails_to": "E-mails envoyés à {email}",
        "save": "Enregistrer",
        "saved": "Vos choix sont enregistrés.",
        "no_lists": "Aucune liste à choisir.",
    },
    "es": {
        "not_found_title": "Enlace no encontrado",
        "not_found": "Este enlace no es válido.",
        "unsubscribe_title": "Darse de baja",
        "unsubscribe_button": "Darme de baja",
        "unsubscribe_ask": "¿Dejar de recibir {what}?",
        "unsubscribed_title": "Baja confirmada",
        "unsubscribed": "Ya no recibirás {what}.",
        "from_list": "los correos de la lista {name}",
        "everything": "estos correos",
        "preferences_link": "Elige qué correos recibes",
        "preferences_title": "Tus preferencias de correo",
        "emails_to": "Correos a {email}",
        "save": "Guardar",
        "saved": "Tus preferencias se han guardado.",
        "no_lists": "No hay listas para elegir.",
    },
}
ALIASES = {"no": "nb", "nn": "nb"}
LANGUAGE_TTL_S = 60
_languages: dict[str, tuple[float, str]] = {}


def language_of(tag: str | None) -> str:
    """The language we have for a BCP 47 tag (`nb-NO`, `de`, `fr_CA`), else English."""
    primary = (tag or "").replace("_", "-").split("-")[0].lower()
    primary = ALIASES.get(primary, primary)
    return primary if primary in WORDS else "en"


def _workspace_language(workspace_id: str) -> str:
    """Read once a minute per process: a language changed in the account shows within a minute."""
    cached = _languages.get(workspace_id)
    if cached and time.monotonic() - cached[0] < LANGUAGE_TTL_S:
        return cached[1]
    try:
        language = language_of(account.get_account(workspace_id).language)
    except NotFound:
        language = "en"
    _languages[workspace_id] = (time.monotonic(), language)
    return language


def forget() -> None:
    """Read every workspace's language again (tests, after changing one)."""
    _languages.clear()


def for_workspace(workspace_id: str | None) -> tuple[str, dict[str, str]]:
    """The language and the words of a workspace's pages (English for a link that names none)."""
    language = _workspace_language(workspace_id) if workspace_id else "en"
    return language, WORDS[language]
