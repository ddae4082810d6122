"""Every write of matching: feedback on suggestions (alerts and saved searches have their own
modules, ``alerts`` and ``saved_searches``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from listings.models import Listing

from .models import SuggestionFeedback, Verdict


@transaction.atomic
def record_feedback(
    *, user, suggested: Listing, verdict: str, listing: Listing | None = None, score=None
) -> SuggestionFeedback:
    """Record what a resident thought of ``suggested``, shown for ``listing`` (or in "for you"
    when None); a second verdict on the same suggestion replaces the first. Both listings must
    be ones the resident may see."""
    if not user.is_authenticated:
        raise PermissionDenied
    visible = Listing.objects.visible_to(user)
    if not visible.filter(pk=suggested.pk).exists():
        raise PermissionDenied
    if listing is not None and not visible.filter(pk=listing.pk).exists():
        raise PermissionDenied
    if verdict not in Verdict.values:
        raise ValueError(f"unknown verdict {verdict!r}")
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        user=user,
        listing=listing,
        suggested=suggested,
        defaults={"verdict": verdict, "score": score},
    )
    return feedback
