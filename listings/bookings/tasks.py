"""Background work of bookings, through django-tasks (at once in development and tests)."""

from django_tasks import task


@task()
def send_booking_email(*, booking_id: int, recipient_id: int, event: str) -> None:
    """One e-mail about a booking (queued after the commit by ``services``)."""
    from .emails import email_booking_event

    email_booking_event(booking_id=booking_id, recipient_id=recipient_id, event=event)
