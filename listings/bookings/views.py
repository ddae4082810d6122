"""Space bookings on the site: the week and day views, booking, my bookings, the owner's pages.
Thin: the rules and every write are in ``services``; the slots in ``availability``."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import ACTIVE_BOOKING_STATUSES, BookableSpace, Booking, BookingStatus, Kind, Listing
from . import services
from .availability import SpaceCalendar, load_space, local_tz
from .forms import (
    BookingForm,
    ClosedDateFormSet,
    DecisionForm,
    OpeningHoursFormSet,
    RoomFormSet,
    SpaceRulesForm,
)
from .grids import day_grid, week_grid
from .ics import booking_calendar


def _visible_space(request, pk: int) -> BookableSpace:
    """The bookable space of a listing ``request.user`` may see; 404 otherwise."""
    listing = get_object_or_404(Listing.objects.visible_to(request.user), pk=pk, kind=Kind.SPACE)
    try:
        return load_space(listing=listing)
    except BookableSpace.DoesNotExist:
        raise Http404 from None


def _date_param(request, name: str) -> datetime.date:
    """The date in ``?name=YYYY-MM-DD``; today when it is absent or not a date."""
    try:
        value = parse_date(request.GET.get(name, ""))
    except ValueError:  # well-formed but impossible, e.g. 2026-02-31
        value = None
    return value or timezone.localdate()


def _calendar_context(request, space: BookableSpace, calendar: SpaceCalendar) -> dict:
    listing = space.listing
    return {
        "listing": listing,
        "space": space,
        "rooms": calendar.rooms,
        "can_manage": services.can_manage_space(request.user, listing),
        "today": calendar.today,
    }


def space_week(request, pk: int):
    """Seven days of one room (``?room=``) from ``?week=`` (today when absent): a phone shows
    what can still be booked first, not the past days of a Monday-to-Sunday week."""
    space = _visible_space(request, pk)
    first_day = _date_param(request, "week")
    calendar = SpaceCalendar(
        space, first_day, first_day + datetime.timedelta(days=6), timezone.now(), request.user
    )
    if not calendar.rooms:
        raise Http404
    room_id = request.GET.get("room", "")
    room = next((r for r in calendar.rooms if str(r.pk) == room_id), calendar.rooms[0])
    columns, rows = week_grid(calendar, room)
    form = BookingForm(
        rooms=calendar.rooms,
        slot_minutes=space.slot_minutes,
        initial={"room": room.pk, "people": 1},
        auto_id="inline_%s",
    )
    return render(
        request,
        "listings/bookings/space_week.html",
        {
            **_calendar_context(request, space, calendar),
            "room": room,
            "columns": columns,
            "rows": rows,
            "week_start": first_day,
            "week_end": first_day + datetime.timedelta(days=6),
            "previous_week": first_day - datetime.timedelta(days=7),
            "next_week": first_day + datetime.timedelta(days=7),
            "form": form,
        },
    )


def space_day(request, pk: int):
    """Every room of a space on one day (``?date=``)."""
    space = _visible_space(request, pk)
    day = _date_param(request, "date")
    calendar = SpaceCalendar(space, day, day, timezone.now(), request.user)
    columns, rows = day_grid(calendar, day)
    return render(
        request,
        "listings/bookings/space_day.html",
        {
            **_calendar_context(request, space, calendar),
            "day": day,
            "columns": columns,
            "rows": rows,
            "closed": calendar.closed.get(day),
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1),
        },
    )


def _initial_from_query(request, space: BookableSpace, rooms) -> dict:
    initial = {"people": 1, "room": rooms[0].pk if rooms else None}
    if request.GET.get("room", "").isdigit():
        initial["room"] = int(request.GET["room"])
    start = parse_datetime(request.GET.get("start", "") or "") if request.GET.get("start") else None
    if start is not None:
        start = timezone.make_aware(start, local_tz()) if timezone.is_naive(start) else start
        start = timezone.localtime(start, local_tz())
        end = parse_datetime(request.GET.get("end", "") or "") if request.GET.get("end") else None
        if end is not None:
            end = timezone.make_aware(end, local_tz()) if timezone.is_naive(end) else end
            end = timezone.localtime(end, local_tz())
        else:
            end = start + space.slot
        initial.update(date=start.date(), start_time=start.time(), end_time=end.time())
    return initial


@login_required
def book_space(request, pk: int):
    """The booking form: pre-filled from a slot's link (``?room=&start=``), posted to the
    service; a refusal shows next to the field it concerns, with what was typed kept."""
    space = _visible_space(request, pk)
    rooms = list(space.rooms.all())
    if request.method == "POST":
        form = BookingForm(request.POST, rooms=rooms, slot_minutes=space.slot_minutes)
        if form.is_valid():
            try:
                booking = services.book_space(
                    user=request.user,
                    room_id=form.cleaned_data["room"],
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    purpose=form.cleaned_data["purpose"],
                    people=form.cleaned_data["people"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("listings:booking_detail", booking.pk)
    else:
        try:
            form = BookingForm(
                initial=_initial_from_query(request, space, rooms),
                rooms=rooms,
                slot_minutes=space.slot_minutes,
            )
        except ValueError:
            form = BookingForm(rooms=rooms, slot_minutes=space.slot_minutes)
    room_id = form["room"].value()
    return render(
        request,
        "listings/bookings/book.html",
        {
            "listing": space.listing,
            "space": space,
            "rooms": rooms,
            "form": form,
            "week_room": next((r for r in rooms if str(r.pk) == str(room_id)), None),
        },
        status=400 if request.method == "POST" else 200,
    )


def _booking_for(request, booking_id: int) -> Booking:
    """A booking its booker, the space's owner or a coordinator may see; 404 for anyone else."""
    booking = get_object_or_404(
        Booking.objects.select_related("room__space__listing", "booker__profile"), pk=booking_id
    )
    listing = booking.room.space.listing
    if booking.booker_id != request.user.pk and not services.can_manage_space(
        request.user, listing
    ):
        raise Http404
    return booking


@login_required
def booking_detail(request, booking_id: int):
    """The confirmation page: what was booked, its status, the .ics file, cancel."""
    booking = _booking_for(request, booking_id)
    return render(
        request,
        "listings/bookings/booking_detail.html",
        {
            "booking": booking,
            "listing": booking.room.space.listing,
            "space": booking.room.space,
            "is_booker": booking.booker_id == request.user.pk,
            "can_cancel": services.can_cancel(booking, request.user),
        },
    )


@login_required
def booking_ics(request, booking_id: int):
    booking = _booking_for(request, booking_id)
    response = HttpResponse(booking_calendar(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@login_required
def my_bookings(request):
    """The resident's bookings: coming ones (active) first, then the past and the ended."""
    now = timezone.now()
    bookings = list(
        Booking.objects.filter(booker=request.user)
        .select_related("room__space__listing")
        .order_by("starts_at", "pk")
    )
    for booking in bookings:
        booking.can_cancel = services.can_cancel(booking, request.user, now=now)
    upcoming = [b for b in bookings if b.is_active and b.ends_at > now]
    others = [b for b in bookings if b not in upcoming]
    others.reverse()
    return render(
        request,
        "listings/bookings/my_bookings.html",
        {"upcoming": upcoming, "others": others[:50]},
    )


@login_required
@require_POST
def cancel_booking(request, booking_id: int):
    try:
        services.cancel_booking(user=request.user, booking_id=booking_id)
    except Booking.DoesNotExist:
        raise Http404 from None
    except PermissionDenied:
        raise Http404 from None  # another resident's booking: as if it did not exist
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your booking is cancelled."))
    return redirect("listings:my_bookings")


@login_required
def space_bookings(request, pk: int):
    """The owner's and coordinators' page: requests to answer, then coming bookings, with who
    booked them."""
    listing = get_object_or_404(Listing, pk=pk, kind=Kind.SPACE)
    if not services.can_manage_space(request.user, listing):
        raise PermissionDenied
    space = BookableSpace.objects.filter(listing=listing).first()
    bookings = []
    if space is not None:
        bookings = list(
            Booking.objects.filter(room__space=space, status__in=ACTIVE_BOOKING_STATUSES)
            .filter(ends_at__gt=timezone.now())
            .select_related("room", "booker__profile")
            .order_by("starts_at", "pk")[:200]
        )
    return render(
        request,
        "listings/bookings/space_bookings.html",
        {
            "listing": listing,
            "space": space,
            "requests": [b for b in bookings if b.status == BookingStatus.REQUESTED],
            "confirmed": [b for b in bookings if b.status == BookingStatus.CONFIRMED],
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def decide_booking(request, booking_id: int):
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    decide = (
        services.approve_booking
        if request.POST.get("decision") == "approve"
        else services.decline_booking
    )
    try:
        booking = decide(user=request.user, booking_id=booking_id, note=note)
    except Booking.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        booking = Booking.objects.select_related("room__space").get(pk=booking_id)
    else:
        if booking.status == BookingStatus.CONFIRMED:
            messages.success(request, _("The booking is approved."))
        else:
            messages.success(request, _("The booking request is declined."))
    return redirect("listings:space_bookings", booking.room.space.listing_id)


@login_required
def space_settings(request, pk: int):
    """The owner's (or a coordinator's) booking settings: rules, rooms, opening hours, closed
    dates. Saving them the first time makes the space bookable."""
    listing = get_object_or_404(Listing, pk=pk, kind=Kind.SPACE)
    if not services.can_manage_space(request.user, listing):
        raise PermissionDenied
    space = BookableSpace.objects.filter(listing=listing).first() or BookableSpace(listing=listing)
    data = request.POST if request.method == "POST" else None
    forms = [
        SpaceRulesForm(data, instance=space),
        RoomFormSet(data, instance=space, prefix="rooms"),
        OpeningHoursFormSet(data, instance=space, prefix="hours"),
        ClosedDateFormSet(data, instance=space, prefix="closed"),
    ]
    if data is not None and all(form.is_valid() for form in forms):
        try:
            services.save_space_settings(user=request.user, listing=listing, forms=forms)
        except ProtectedError:
            messages.error(
                request, _("A room that has bookings cannot be removed. Cancel them first.")
            )
        else:
            messages.success(request, _("The booking settings are saved."))
            return redirect("listings:space_booking_settings", listing.pk)
    rules, rooms, hours, closed = forms
    return render(
        request,
        "listings/bookings/space_settings.html",
        {
            "listing": listing,
            "space": space if space.pk else None,
            "rules_form": rules,
            "rooms_formset": rooms,
            "hours_formset": hours,
            "closed_formset": closed,
            "week_url": reverse("listings:space_week", args=[listing.pk]) if space.pk else "",
        },
        status=400 if data is not None else 200,
    )
