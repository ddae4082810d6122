"""Background work of matching, through django-tasks (at once in development and tests)."""

from django_tasks import task


@task()
def run_match_alerts(*, listing_ids: list[int]) -> None:
    """The alert run for listings just published (queued after commit by the
    ``listings_published`` receiver)."""
    from .alerts import send_match_alerts

    send_match_alerts(listing_ids=listing_ids)


@task()
def send_match_alert_emails(*, alert_ids: list[int]) -> None:
    """One e-mail per alert, at once, to residents who asked for them straight away."""
    from .alerts import email_alerts_now

    email_alerts_now(alert_ids=alert_ids)


@task()
def send_match_digest(*, recipient_id: int) -> None:
    """One resident's daily digest (queued by ``manage.py send_match_digests``)."""
    from .alerts import send_match_digest_to

    send_match_digest_to(recipient_id)
