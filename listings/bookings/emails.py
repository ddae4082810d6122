"""The e-mails about bookings, in the recipient's language.

Booking e-mails answer something the resident did or must do (their booking is confirmed,
approved or declined; a request waits for their answer), so they follow the "e-mail me about
new messages" preference: "never" gets none, either other choice gets them at once. A
confirmed booking's e-mail carries its .ics file.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from matching.emails import localized_url, recipient_language
from messaging.notification_emails import wants_personal_emails

from ..models import Booking, BookingStatus
from .ics import booking_calendar
from .notifications import event_sentence, format_start


def booking_email(booking: Booking, recipient, event: str) -> EmailMessage:
    listing = booking.room.space.listing
    with translation.override(recipient_language(recipient)):
        when = format_start(booking.starts_at)
        context = {
            "recipient": recipient,
            "booking": booking,
            "listing": listing,
            "sentence": event_sentence(
                event, space=listing.title, room=booking.room.name, when=when
            ),
            "url": (
                localized_url("listings:space_bookings", listing.pk)
                if event.startswith("received_")
                else localized_url("listings:booking_detail", booking.pk)
            ),
            "settings_url": localized_url("accounts:profile"),
        }
        subject = render_to_string("listings/bookings/email/booking_subject.txt", context)
        body = render_to_string("listings/bookings/email/booking_message.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient.email])
    if booking.status == BookingStatus.CONFIRMED and not event.startswith("received_"):
        message.attach(
            f"booking-{booking.pk}.ics", booking_calendar(booking), "text/calendar; charset=utf-8"
        )
    return message


def email_booking_event(*, booking_id: int, recipient_id: int, event: str) -> bool:
    """Send the e-mail for ``event`` if the recipient wants booking e-mails; whether it went."""
    booking = Booking.objects.select_related("room__space__listing").filter(pk=booking_id).first()
    recipient = User.objects.select_related("profile").filter(pk=recipient_id).first()
    if booking is None or recipient is None or not wants_personal_emails(recipient):
        return False
    booking_email(booking, recipient, event).send()
    return True
