"""Background work of applications, through django-tasks (at once in development and tests)."""

from django_tasks import task


@task()
def send_notification_email(*, notification_id: int) -> None:
    """The e-mail that goes with one in-app notification about an application or a reminder,
    if its recipient wants e-mails (queued after the notification's transaction commits)."""
    from .emails import email_notification

    email_notification(notification_id=notification_id)
