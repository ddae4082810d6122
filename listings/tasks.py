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
        renew_url = reverse("listings:mine")
    elif listing.proxy_owner is not None and listing.proxy_owner.coordinator is not None:
        recipient = listing.proxy_owner.coordinator
        renew_url = reverse("listings:detail", args=[listing.pk])
    else:
        return
    language = getattr(getattr(recipient, "profile", None), "language", "")
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "listing": listing,
            "owner": recipient,
            "proxy_resident": listing.proxy_owner,
            "renew_url": settings.WAGTAILADMIN_BASE_URL + renew_url,
        }
        subject = render_to_string("listings/email/expiry_reminder_subject.txt", context).strip()
        body = render_to_string("listings/email/expiry_reminder_message.txt", context)
    send_mail(subject, body, None, [recipient.email])
