"""E-mails about applications and reminders: the in-app notification's own sentence and link,
in the recipient's language, sent only if their profile allows.

News about one's applications is personal correspondence, like a message, so it follows the
"e-mail me about new messages" preference: "never" sends none, otherwise it goes at once (a
confirmation or a reminder is no use in tomorrow's digest).
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import EmailFrequency, Notification
from accounts.notifications import present
from matching.emails import absolute_url, localized_url, recipient_language


def wants_application_emails(user) -> bool:
    profile = getattr(user, "profile", None)
    if not user.is_active or not user.email:
        return False
    return profile is None or profile.email_on_message != EmailFrequency.NEVER


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail for ``notification`` (with its recipient's profile and listing loaded)."""
    user = notification.recipient
    with translation.override(recipient_language(user)):
        text = present(notification)
        context = {
            "recipient": user,
            "subject": notification.get_kind_display(),
            "text": text,
            "url": absolute_url(text.url) if text.url else "",
            "settings_url": localized_url("accounts:profile"),
        }
        subject = render_to_string("listings/applications/email/subject.txt", context)
        body = render_to_string("listings/applications/email/message.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])


def email_notification(*, notification_id: int) -> bool:
    """Send the notification's e-mail if its recipient wants it; whether one was sent."""
    notification = (
        Notification.objects.select_related("recipient__profile", "listing")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not wants_application_emails(notification.recipient):
        return False
    notification_email(notification).send()
    return True
