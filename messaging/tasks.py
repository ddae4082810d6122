"""Background work of messaging, through django-tasks (at once in development and tests)."""

from django_tasks import task


@task()
def send_unread_message_emails(*, membership_ids: list[int]) -> None:
    """E-mail these members about their unread messages, if still due (queued by
    ``manage.py send_message_notifications``)."""
    from .notifications import email_unread_messages

    email_unread_messages(membership_ids=membership_ids)
