"""E-mails about requests for items and skills: someone asked (to the owner's side), you were
chosen (to the requester), the chosen person withdrew (to the owner's side).

They follow the recipient's "e-mail me about new messages" preference, since a request is a
person writing to them: "straight away" and "once a day" both get these e-mails (each is one
event that needs an answer, not a stream to bundle), "never" gets none; the one-click
unsubscribe link turns that preference off. Written in the recipient's language, with the
same sentence and link as the in-app notification.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import EmailFrequency, Notification
from accounts.notifications import present
from matching.emails import absolute_url, localized_url, recipient_language
from messaging.notifications import unsubscribe_url


def wants_email(user) -> bool:
    profile = getattr(user, "profile", None)
    frequency = getattr(profile, "email_on_message", EmailFrequency.IMMEDIATELY)
    return bool(user.email) and user.is_active and frequency != EmailFrequency.NEVER


def item_request_email(notification: Notification) -> EmailMessage:
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
        subject = render_to_string("listings/item_requests/email/subject.txt", context)
        body = render_to_string("listings/item_requests/email/message.txt", context)
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
    if notification is None or not wants_email(notification.recipient):
        return False
    item_request_email(notification).send()
    return True
