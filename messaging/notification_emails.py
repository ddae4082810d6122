"""The e-mail that goes with an in-app notification about something a person did or must answer:
an application, a request for an item, a community's news. One sentence and one link, the
notification's own (``accounts.notifications.present``), in the recipient's language.

They are personal correspondence, like a message, so they follow the "e-mail me about new
messages" preference: "never" sends none; "straight away" and "once a day" both send at once
(each is one event that wants an answer, not a stream to bundle into tomorrow's digest). The
one-click unsubscribe link turns that preference off.
"""

from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import EmailFrequency, Notification
from accounts.notifications import present
from matching.emails import absolute_url, localized_url, recipient_language

from .notifications import unsubscribe_url


def wants_personal_emails(user) -> bool:
    profile = getattr(user, "profile", None)
    frequency = getattr(profile, "email_on_message", EmailFrequency.IMMEDIATELY)
    return bool(user.email) and user.is_active and frequency != EmailFrequency.NEVER


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail for ``notification`` (with its recipient's profile and listing loaded)."""
    user = notification.recipient
    with translation.override(recipient_language(user)):
        text = present(notification)
        unsubscribe = unsubscribe_url(user)
        context = {
            "recipient": user,
            "text": text,
            "url": absolute_url(text.url) if text.url else "",
            "settings_url": localized_url("accounts:profile"),
            "unsubscribe_url": unsubscribe,
        }
        subject = render_to_string("messaging/email/notification_subject.txt", context)
        body = render_to_string("messaging/email/notification_message.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def email_notification(*, notification_id: int) -> bool:
    """Send the e-mail of one notification if its recipient wants it; whether it was sent."""
    notification = (
        Notification.objects.select_related("recipient__profile", "listing")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not wants_personal_emails(notification.recipient):
        return False
    notification_email(notification).send()
    return True


def email_on_commit(notifications: Iterable[Notification]) -> None:
    """Queue the e-mail of each (saved) notification once the transaction commits."""
    from .tasks import send_notification_email

    for notification in notifications:
        transaction.on_commit(
            lambda pk=notification.pk: send_notification_email.enqueue(notification_id=pk)
        )
