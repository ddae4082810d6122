"""The in-app side of the expiry reminder: a resident's listings that end soon, for the notice
on the home page (the e-mail is ``services.send_expiry_reminders``)."""

import datetime

from django.utils import timezone

from .models import Listing, ListingSettings

MAX_SHOWN = 5


def listings_ending_soon(user) -> dict:
    """Template context: ``ending_soon`` (up to five of ``user``'s public listings that end
    within the reminder period, soonest first) and ``renewed_until`` (the end date a renewal
    today gives). Two queries."""
    settings = ListingSettings.load()
    now = timezone.now()
    ending = Listing.objects.filter(owner=user).ending_soon(
        within=datetime.timedelta(days=settings.reminder_days), now=now
    )
    return {
        "ending_soon": list(ending[:MAX_SHOWN]),
        "renewed_until": now + datetime.timedelta(days=settings.expiry_days),
    }
