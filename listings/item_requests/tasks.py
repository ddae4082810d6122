"""Background work of "I'd like this", through django-tasks (at once in development and
tests, queued after commit by ``services``)."""

from django_tasks import task


@task()
def send_item_request_email(*, notification_id: int) -> None:
    """E-mail one ITEM_REQUEST notification, if its recipient wants such e-mails."""
    from .emails import email_notification

    email_notification(notification_id=notification_id)
