"""Background work of messaging, through django-tasks (at once in development and tests)."""

from django_tasks import task


@task()
def send_unread_message_emails(*, membership_ids: list[int]) -> None:
    """E-mail these members about their unread messages, if still due (queued by
    ``manage.py send_message_notifications``)."""
    from .notifications import email_unread_messages

    email_unread_messages(membership_ids=membership_ids)


@task()
def send_notification_email(*, notification_id: int) -> None:
    """The e-mail that goes with one in-app notification, if its recipient wants it (queued
    after the notification's transaction commits: ``notification_emails.email_on_commit``)."""
    from .notification_emails import email_notification

    email_notification(notification_id=notification_id)
