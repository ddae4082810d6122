"""The booking form, the owner's decision form and the space's settings page."""

import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ..models import BookableSpace, ClosedDate, OpeningHours, Room
from .availability import local_datetime


class BookingForm(forms.Form):
    """One room, a day, a start and an end on the slot grid, what for and how many people.
    ``starts_at`` / ``ends_at`` (aware, local) are in ``cleaned_data`` once valid."""

    room = forms.TypedChoiceField(label=_("Room"), coerce=int)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_("For example: a circle's practice, a meeting, a cooking class."),
    )
    people = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=1000)

    def __init__(self, *args, rooms, slot_minutes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rooms = {room.pk: room for room in rooms}
        self.fields["room"].choices = [
            (
                room.pk,
                _("%(name)s (up to %(capacity)s people)")
                % {"name": room.name, "capacity": room.capacity},
            )
            for room in rooms
        ]
        step = str(slot_minutes * 60)
        self.fields["start_time"].widget.attrs["step"] = step
        self.fields["end_time"].widget.attrs["step"] = step

    def clean(self):
        cleaned = super().clean()
        date, start, end = (cleaned.get(n) for n in ("date", "start_time", "end_time"))
        if date and start and end:
            cleaned["starts_at"] = local_datetime(date, start)
            ends_on = date if end > start else date + datetime.timedelta(days=1)
            if end == datetime.time(0, 0):  # until midnight
                cleaned["ends_at"] = local_datetime(ends_on, end)
            elif end <= start:
                self.add_error("end_time", _("The end must be after the start."))
            else:
                cleaned["ends_at"] = local_datetime(date, end)
        return cleaned


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the person who booked (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SpaceRulesForm(forms.ModelForm):
    class Meta:
        model = BookableSpace
        fields = [
            "is_open",
            "slot_minutes",
            "max_booking_minutes",
            "book_ahead_days",
            "cancel_cutoff_hours",
            "requires_approval",
        ]


RoomFormSet = inlineformset_factory(
    BookableSpace,
    Room,
    fields=["name", "capacity", "description", "position"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
)
OpeningHoursFormSet = inlineformset_factory(
    BookableSpace,
    OpeningHours,
    fields=["weekday", "opens_at", "closes_at"],
    widgets={
        "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    },
    extra=2,
    can_delete=True,
)
ClosedDateFormSet = inlineformset_factory(
    BookableSpace,
    ClosedDate,
    fields=["date", "reason"],
    widgets={"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    extra=2,
    can_delete=True,
)
