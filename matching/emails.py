"""The e-mails about match alerts: one alert at once, or the day's alerts in a digest.

Each is written in the recipient's language and carries a one-click unsubscribe link, both in
the text and in the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058).
"""

import functools

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from listings.filters import CategoryTree

from .models import MatchAlert
from .saved_searches import describe_search
from .unsubscribe import make_token


def recipient_language(user) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "language", "") or settings.LANGUAGE_CODE).strip()


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@functools.lru_cache(maxsize=8192)
def _localized_path(view: str, language: str, args: tuple = ()) -> str:
    """``reverse`` in ``language``, remembered: an alert run writes thousands of e-mails
    with the same few links."""
    with translation.override(language):
        return reverse(view, args=args)


def localized_url(view: str, *args) -> str:
    """The absolute URL of ``view`` in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return absolute_url(_localized_path(view, language, tuple(args)))


def unsubscribe_url(user) -> str:
    """The one-click unsubscribe page, in the active language."""
    return absolute_url(reverse("matching:unsubscribe", args=[make_token(user)]))


def _message(user, subject: str, body: str, unsubscribe: str) -> EmailMessage:
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _alert_context(alert: MatchAlert, categories: CategoryTree | None = None) -> dict:
    for_listing = alert.for_listing
    return {
        "alert": alert,
        "listing": alert.listing,
        "for_listing": for_listing,
        "proxy_resident": (
            for_listing.proxy_owner
            if for_listing is not None and for_listing.owner_id != alert.recipient_id
            else None
        ),
        "search": (
            describe_search(alert.saved_search.query_string, categories=categories)
            if alert.saved_search
            else ""
        ),
        "listing_url": localized_url("listings:detail", alert.listing_id),
    }


def alert_email(alert: MatchAlert, *, categories: CategoryTree | None = None) -> EmailMessage:
    """The e-mail for one alert. ``alert`` comes with its recipient's profile, its listings
    (and the proxy resident of ``for_listing``) and its saved search; pass ``categories``
    when writing many."""
    user = alert.recipient
    with translation.override(recipient_language(user)):
        unsubscribe = unsubscribe_url(user)
        context = {
            **_alert_context(alert, categories),
            "recipient": user,
            "unsubscribe_url": unsubscribe,
            "settings_url": localized_url("accounts:profile"),
        }
        subject = render_to_string("matching/email/alert_subject.txt", context)
        body = render_to_string("matching/email/alert_message.txt", context)
    return _message(user, subject, body, unsubscribe)


def digest_email(user, alerts: list[MatchAlert], *, total: int | None = None) -> EmailMessage:
    """One e-mail with ``user``'s alerts not yet e-mailed, oldest first; ``total`` when there
    are more than those shown."""
    categories = CategoryTree() if any(alert.saved_search for alert in alerts) else None
    with translation.override(recipient_language(user)):
        unsubscribe = unsubscribe_url(user)
        context = {
            "recipient": user,
            "entries": [_alert_context(alert, categories) for alert in alerts],
            "count": total or len(alerts),
            "more": max(0, (total or len(alerts)) - len(alerts)),
            "notifications_url": localized_url("accounts:notifications"),
            "unsubscribe_url": unsubscribe,
            "settings_url": localized_url("accounts:profile"),
        }
        subject = render_to_string("matching/email/digest_subject.txt", context)
        body = render_to_string("matching/email/digest_message.txt", context)
    return _message(user, subject, body, unsubscribe)
