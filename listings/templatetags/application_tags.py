"""Applications in templates that the listing views render without knowing about them: the
panel on an activity's page and the organiser's links on "My listings". Nothing is asked of
the database for listings that are not activities."""

from django import template
from django.db.models import Count
from django.utils import timezone

from ..applications.forms import ApplyForm
from ..applications.services import can_organise, organiser_ids
from ..models import ACTIVE_STATUSES, Application, ApplicationSettings, Kind

register = template.Library()


@register.simple_tag(takes_context=True)
def application_panel(context, listing) -> dict | None:
    """``{% application_panel listing as panel %}``: what the panel on ``listing``'s page
    shows to the viewer, or None when it is not an activity. At most four queries: the
    settings, their questions, the seats taken and the viewer's own application."""
    if listing.kind != Kind.ACTIVITY:
        return None
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    app_settings = ApplicationSettings.objects.filter(listing_id=listing.pk).first()
    organises = user is not None and user.is_authenticated and can_organise(user, listing)
    if app_settings is None:
        return {"settings": None, "organises": organises} if organises else None
    app_settings.listing = listing
    counts = dict.fromkeys(ACTIVE_STATUSES, 0)
    counts.update(
        Application.objects.filter(listing_id=listing.pk, status__in=ACTIVE_STATUSES)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("status", "count")
    )
    mine = None
    is_organiser = False
    if user is not None and user.is_authenticated:
        is_organiser = user.pk in organiser_ids(listing)
        mine = (
            Application.objects.filter(listing_id=listing.pk, applicant=user)
            .order_by("-applied_at", "-pk")
            .first()
        )
    questions = list(app_settings.questions.all())
    cancel_until = app_settings.cancel_until()
    return {
        "settings": app_settings,
        "organises": organises,
        "is_organiser": is_organiser,
        "closing_reason": app_settings.closing_reason(),
        "confirmed": counts["confirmed"],
        "waitlisted": counts["waitlisted"],
        "applied": counts["applied"],
        "total": sum(counts.values()),
        "free_seats": max(0, app_settings.capacity - counts["confirmed"]),
        "mine": mine,
        "can_cancel": mine is not None
        and mine.is_active
        and (cancel_until is None or timezone.now() < cancel_until),
        "cancel_until": cancel_until,
        "form": ApplyForm(questions=questions),
    }
