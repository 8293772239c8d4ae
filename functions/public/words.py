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
        "confirmed_title": "Subscription confirmed",
        "confirmed": "You are subscribed to {what}. Thank you!",
        "form_email": "Email",
        "form_first_name": "First name",
        "form_last_name": "Last name",
        "form_submit": "Subscribe",
        "form_choose": "Choose…",
        "form_honeypot": "Leave this field empty",
        "form_fix": "Please correct the fields marked below.",
        "form_thanks_title": "Thank you",
        "form_subscribed": "You are subscribed. Thank you!",
        "form_pending": "Check your inbox to confirm your subscription.",
        "form_error_required": "This field is required.",
        "form_error_email": "Enter a valid email address.",
        "form_error_number": "Enter a number.",
        "form_error_date": "Enter a date (YYYY-MM-DD).",
        "form_error_choice": "Choose one of the options.",
        "form_error_too_long": "This is too long.",
        "form_error_invalid": "This value is not valid.",
        "form_too_many_title": "Too many attempts",
        "form_too_many": "Too many signups from here for now. Please try again later.",
        "form_unreadable_title": "Form not sent",
        "form_unreadable": "The form could not be read. Please go back and try again.",
        "form_unavailable": "This form cannot take signups right now. Please try again later.",
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
        "confirmed_title": "Påmelding bekreftet",
        "confirmed": "Du er nå påmeldt {what}. Takk!",
        "form_email": "E-post",
        "form_first_name": "Fornavn",
        "form_last_name": "Etternavn",
        "form_submit": "Meld meg på",
        "form_choose": "Velg …",
        "form_honeypot": "La dette feltet stå tomt",
        "form_fix": "Rett opp feltene som er merket nedenfor.",
        "form_thanks_title": "Takk",
        "form_subscribed": "Du er påmeldt. Takk!",
        "form_pending": "Sjekk innboksen din for å bekrefte påmeldingen.",
        "form_error_required": "Dette feltet må fylles ut.",
        "form_error_email": "Skriv inn en gyldig e-postadresse.",
        "form_error_number": "Skriv inn et tall.",
        "form_error_date": "Skriv inn en dato (ÅÅÅÅ-MM-DD).",
        "form_error_choice": "Velg et av alternativene.",
        "form_error_too_long": "Dette er for langt.",
        "form_error_invalid": "Denne verdien er ikke gyldig.",
        "form_too_many_title": "For mange forsøk",
        "form_too_many": "For mange påmeldinger herfra akkurat nå. Prøv igjen senere.",
        "form_unreadable_title": "Skjemaet ble ikke sendt",
        "form_unreadable": "Skjemaet kunne ikke leses. Gå tilbake og prøv igjen.",
        "form_unavailable": "Dette skjemaet tar ikke imot påmeldinger akkurat nå. Prøv igjen senere.",
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
        "confirmed_title": "Anmeldung bestätigt",
        "confirmed": "Sie haben {what} abonniert. Vielen Dank!",
        "form_email": "E-Mail",
        "form_first_name": "Vorname",
        "form_last_name": "Nachname",
        "form_submit": "Anmelden",
        "form_choose": "Bitte wählen …",
        "form_honeypot": "Dieses Feld leer lassen",
        "form_fix": "Bitte korrigieren Sie die markierten Felder.",
        "form_thanks_title": "Vielen Dank",
        "form_subscribed": "Sie sind angemeldet. Vielen Dank!",
        "form_pending": "Bitte bestätigen Sie Ihre Anmeldung über den Link in Ihrem Posteingang.",
        "form_error_required": "Dieses Feld ist erforderlich.",
        "form_error_email": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        "form_error_number": "Bitte geben Sie eine Zahl ein.",
        "form_error_date": "Bitte geben Sie ein Datum ein (JJJJ-MM-TT).",
        "form_error_choice": "Bitte wählen Sie eine der Optionen.",
        "form_error_too_long": "Die Eingabe ist zu lang.",
        "form_error_invalid": "Dieser Wert ist ungültig.",
        "form_too_many_title": "Zu viele Versuche",
        "form_too_many": "Zu viele Anmeldungen von hier. Bitte versuchen Sie es später erneut.",
        "form_unreadable_title": "Formular nicht gesendet",
        "form_unreadable": "Das Formular konnte nicht gelesen werden. Bitte versuchen Sie es erneut.",
        "form_unavailable": "Dieses Formular ist gerade nicht verfügbar. Bitte versuchen Sie es später.",
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
        "confirmed_title": "Inscription confirmée",
        "confirmed": "Vous êtes inscrit à {what}. Merci !",
        "form_email": "E-mail",
        "form_first_name": "Prénom",
        "form_last_name": "Nom",
        "form_submit": "S'inscrire",
        "form_choose": "Choisir…",
        "form_honeypot": "Laissez ce champ vide",
        "form_fix": "Veuillez corriger les champs indiqués ci-dessous.",
        "form_thanks_title": "Merci",
        "form_subscribed": "Vous êtes inscrit. Merci !",
        "form_pending": "Consultez votre boîte de réception pour confirmer votre inscription.",
        "form_error_required": "Ce champ est obligatoire.",
        "form_error_email": "Saisissez une adresse e-mail valide.",
        "form_error_number": "Saisissez un nombre.",
        "form_error_date": "Saisissez une date (AAAA-MM-JJ).",
        "form_error_choice": "Choisissez l'une des options.",
        "form_error_too_long": "Cette valeur est trop longue.",
        "form_error_invalid": "Cette valeur n'est pas valide.",
        "form_too_many_title": "Trop de tentatives",
        "form_too_many": "Trop d'inscriptions depuis cet endroit pour le moment. Réessayez plus tard.",
        "form_unreadable_title": "Formulaire non envoyé",
        "form_unreadable": "Le formulaire n'a pas pu être lu. Revenez en arrière et réessayez.",
        "form_unavailable": "Ce formulaire n'accepte pas d'inscriptions pour le moment. Réessayez plus tard.",
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
        "confirmed_title": "Suscripción confirmada",
        "confirmed": "Te has suscrito a {what}. ¡Gracias!",
        "form_email": "Correo electrónico",
        "form_first_name": "Nombre",
        "form_last_name": "Apellidos",
        "form_submit": "Suscribirme",
        "form_choose": "Elige…",
        "form_honeypot": "Deja este campo vacío",
        "form_fix": "Corrige los campos marcados abajo.",
        "form_thanks_title": "Gracias",
        "form_subscribed": "Te has suscrito. ¡Gracias!",
        "form_pending": "Revisa tu bandeja de entrada para confirmar tu suscripción.",
        "form_error_required": "Este campo es obligatorio.",
        "form_error_email": "Introduce una dirección de correo válida.",
        "form_error_number": "Introduce un número.",
        "form_error_date": "Introduce una fecha (AAAA-MM-DD).",
        "form_error_choice": "Elige una de las opciones.",
        "form_error_too_long": "Es demasiado largo.",
        "form_error_invalid": "Este valor no es válido.",
        "form_too_many_title": "Demasiados intentos",
        "form_too_many": "Demasiadas suscripciones desde aquí por ahora. Inténtalo más tarde.",
        "form_unreadable_title": "Formulario no enviado",
        "form_unreadable": "No se pudo leer el formulario. Vuelve atrás e inténtalo de nuevo.",
        "form_unavailable": "Este formulario no acepta suscripciones ahora mismo. Inténtalo más tarde.",
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
