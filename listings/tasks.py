from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


@task()
def send_expiry_reminder(*, listing_id: int) -> None:
    """Tell a listing's owner that it expires soon, with the link to renew it."""
    from .models import Listing

    listing = Listing.objects.select_related("owner__profile").filter(pk=listing_id).first()
    if listing is None or listing.owner is None:
        return
    owner = listing.owner
    with translation.override(owner.profile.language or settings.LANGUAGE_CODE):
        context = {
            "listing": listing,
            "owner": owner,
            "my_listings_url": settings.WAGTAILADMIN_BASE_URL + reverse("listings:mine"),
        }
        subject = render_to_string("listings/email/expiry_reminder_subject.txt", context).strip()
        body = render_to_string("listings/email/expiry_reminder_message.txt", context)
    send_mail(subject, body, None, [owner.email])
