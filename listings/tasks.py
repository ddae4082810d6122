from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


@task()
def send_expiry_reminder(*, listing_id: int) -> None:
    """Tell a listing's owner that it expires soon, with the link to renew it. For a listing
    posted on behalf of a proxy resident, tell their contact coordinator instead."""
    from .models import Listing

    listing = (
        Listing.objects.select_related("owner__profile", "proxy_owner__coordinator__profile")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        return
    if listing.owner is not None:
        recipient = listing.owner
        renew_view, renew_args = "listings:mine", ()
    elif listing.proxy_owner is not None and listing.proxy_owner.coordinator is not None:
        recipient = listing.proxy_owner.coordinator
        renew_view, renew_args = "listings:detail", (listing.pk,)
    else:
        return
    language = getattr(getattr(recipient, "profile", None), "language", "")
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "listing": listing,
            "owner": recipient,
            "proxy_resident": listing.proxy_owner,
            "renew_url": settings.WAGTAILADMIN_BASE_URL + reverse(renew_view, args=renew_args),
        }
        subject = render_to_string("listings/email/expiry_reminder_subject.txt", context).strip()
        body = render_to_string("listings/email/expiry_reminder_message.txt", context)
    send_mail(subject, body, None, [recipient.email])


@task()
def reindex_listings(*, listing_ids: list[int]) -> None:
    """Rebuild these listings' search documents in full, kana readings of kanji words
    included (``こそだて`` finds 子育て). Queued after commit by writes that touch many
    listings at once: an import (which writes documents without readings, about 1 ms a
    title, so that a register imports at full speed), a renamed category or area."""
    from .models import Listing
    from .search.index import index_listings

    index_listings(Listing.objects.filter(pk__in=listing_ids).iterator(), readings=True)


REINDEX_BATCH_SIZE = 2000


def reindex_listings_after_commit(listing_ids: list[int]) -> None:
    """Queue ``reindex_listings`` for these listings, in batches, once the transaction
    commits (at once with the immediate backend of development and tests)."""
    from django.db import transaction

    for start in range(0, len(listing_ids), REINDEX_BATCH_SIZE):
        batch = listing_ids[start : start + REINDEX_BATCH_SIZE]
        transaction.on_commit(lambda batch=batch: reindex_listings.enqueue(listing_ids=batch))
