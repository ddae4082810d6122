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
def index_listing_readings(*, listing_ids: list[int]) -> None:
    """Rebuild these listings' search documents with the kana readings of their kanji words
    (``こそだて`` finds 子育て). The import writes documents without readings, which take
    about 1 ms a title, and queues this after commit so that a register imports at full speed."""
    from .models import Listing
    from .search.index import index_listings

    index_listings(Listing.objects.filter(pk__in=listing_ids).iterator(), readings=True)
