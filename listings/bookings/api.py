"""The bookings API: a space's availability (anonymous, for published bookable spaces) and the
signed-in resident's own bookings. Errors in the API's one JSON shape (``listings.api.errors``)."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.errors import ErrorSerializer
from ..api.pagination import ListingPagination
from ..models import BookableSpace, Booking, BookingStatus, Kind, Listing
from .availability import SlotState, SpaceCalendar, load_space, local_tz

MAX_RANGE_DAYS = 31


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="Start, in Asia/Tokyo time with offset.")
    ends_at = serializers.DateTimeField()
    state = serializers.ChoiceField(
        choices=["free", "booked", "closed"],
        help_text=(
            "free: can be booked; booked: taken (confirmed or waiting for approval); closed: "
            "a closed date, in the past, or not yet open for booking."
        ),
    )


class RoomAvailabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    slots = SlotSerializer(many=True)


class AvailabilitySerializer(serializers.Serializer):
    space = serializers.IntegerField(help_text="The space listing's id.")
    title = serializers.CharField()
    slot_minutes = serializers.IntegerField()
    requires_approval = serializers.BooleanField()
    from_date = serializers.DateField(source="from")
    to_date = serializers.DateField(source="to")
    closed_dates = serializers.ListField(child=serializers.DictField())
    rooms = RoomAvailabilitySerializer(many=True)


class BookingSerializer(serializers.ModelSerializer):
    space = serializers.IntegerField(source="room.space.listing_id")
    space_title = serializers.CharField(source="room.space.listing.title")
    room = serializers.CharField(source="room.name")
    status = serializers.ChoiceField(choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields = [
            "id",
            "space",
            "space_title",
            "room",
            "starts_at",
            "ends_at",
            "purpose",
            "people",
            "status",
            "created_at",
        ]


PUBLIC_STATES = {
    SlotState.FREE: "free",
    SlotState.BOOKED: "booked",
    SlotState.REQUESTED: "booked",
    SlotState.MINE: "booked",
}


def _range(request) -> tuple[datetime.date, datetime.date]:
    errors, dates = {}, {}
    today = timezone.localdate()
    for name, default in (("from", today), ("to", None)):
        raw = request.query_params.get(name)
        if not raw:
            dates[name] = default
            continue
        try:
            dates[name] = parse_date(raw)
        except ValueError:
            dates[name] = None
        if dates[name] is None:
            errors[name] = [_("Give a date as YYYY-MM-DD.")]
    if errors:
        raise exceptions.ValidationError(errors)
    start = dates["from"]
    end = dates["to"] or start + datetime.timedelta(days=6)
    if end < start:
        raise exceptions.ValidationError({"to": [_("“to” must not be before “from”.")]})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise exceptions.ValidationError(
            {"to": [_("Ask for at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}]}
        )
    return start, end


class SpaceAvailabilityView(APIView):
    @extend_schema(
        summary="A space's free and booked slots",
        description=(
            "The slots of every room of a published bookable space, day by day from `from` to "
            "`to` (inclusive, at most 31 days; default: 7 days from today), each `free`, "
            "`booked` or `closed`. Who booked is never shown. 404 for a listing that is not "
            "a published bookable space; 400 for bad dates."
        ),
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The space listing's id."
            ),
            OpenApiParameter("from", OpenApiTypes.DATE, OpenApiParameter.QUERY),
            OpenApiParameter("to", OpenApiTypes.DATE, OpenApiParameter.QUERY),
        ],
        responses={200: AvailabilitySerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, id: int):  # noqa: A002 - the documented path parameter
        start, end = _range(request)
        listing = Listing.objects.published().filter(pk=id, kind=Kind.SPACE).first()
        try:
            space = load_space(listing=listing) if listing else None
        except BookableSpace.DoesNotExist:
            space = None
        if space is None:
            raise exceptions.NotFound()
        calendar = SpaceCalendar(space, start, end, timezone.now())
        # Thousands of slots: written out directly, in AvailabilitySerializer's shape (which
        # documents it), since a serializer field per slot costs most of the answer's time.
        tz = local_tz()
        rooms = [
            {
                "id": room.pk,
                "name": room.name,
                "capacity": room.capacity,
                "slots": [
                    {
                        "starts_at": timezone.localtime(slot.starts_at, tz).isoformat(),
                        "ends_at": timezone.localtime(slot.ends_at, tz).isoformat(),
                        "state": PUBLIC_STATES.get(slot.state, "closed"),
                    }
                    for day in calendar.days
                    for slot in calendar.slots(room, day)
                ],
            }
            for room in calendar.rooms
        ]
        data = {
            "space": listing.pk,
            "title": listing.title,
            "slot_minutes": space.slot_minutes,
            "requires_approval": space.requires_approval,
            "from_date": start.isoformat(),
            "to_date": end.isoformat(),
            "closed_dates": [
                {"date": c.date.isoformat(), "reason": c.reason}
                for c in space.closed_dates.all()
                if start <= c.date <= end
            ],
            "rooms": rooms,
        }
        return Response(data)


@extend_schema(
    summary="My bookings",
    description=(
        "The signed-in resident's bookings, newest start first, with their status. "
        "Anonymous requests get 403."
    ),
    responses={200: BookingSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
)
class MyBookingsView(generics.ListAPIView):
    serializer_class = BookingSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = ListingPagination

    def get_queryset(self):
        return (
            Booking.objects.filter(booker=self.request.user)
            .select_related("room__space__listing")
            .order_by("-starts_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        errors = self.paginator.parameter_errors(request)
        if errors:
            raise exceptions.ValidationError(errors)
        return super().list(request, *args, **kwargs)
