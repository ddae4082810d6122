"""The coordinators' booking tools in the Wagtail admin: each bookable space with its rooms,
opening hours and closed dates (a snippet with inline panels), and the utilisation table.
Imported by listings/wagtail_hooks.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import BookableSpace, Booking
from .services import ensure_one_room
from .utilisation import utilisation_by_week


class BookableSpaceForm(WagtailAdminModelForm):
    """Refuses to remove a room that has bookings (they keep it, for the booker's record and
    the utilisation figures); close the room's slots with closed dates instead."""

    def clean(self):
        cleaned_data = super().clean()
        rooms = self.formsets.get("rooms")
        if rooms is None:
            return cleaned_data
        removed = [form.instance for form in rooms.deleted_forms if form.instance.pk]
        if removed and Booking.objects.filter(room__in=removed).exists():
            raise ValidationError(
                _(
                    "A room that has bookings cannot be removed. Add closed dates instead, "
                    "so that nobody can book it any more."
                )
            )
        return cleaned_data


class BookableSpaceViewSet(SnippetViewSet):
    """A centre's rooms and booking rules. A space saved without rooms gets one room for the
    whole space."""

    model = BookableSpace
    icon = "date"
    menu_label = gettext_lazy("Bookable spaces")
    menu_order = 156
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["__str__", "slot_minutes", "requires_approval", "is_open"]
    list_per_page = 100
    edit_handler = ObjectList(
        [
            FieldPanel("listing"),
            MultiFieldPanel(
                [
                    FieldPanel("is_open"),
                    FieldRowPanel([FieldPanel("slot_minutes"), FieldPanel("max_booking_minutes")]),
                    FieldRowPanel(
                        [FieldPanel("book_ahead_days"), FieldPanel("cancel_cutoff_hours")]
                    ),
                    FieldPanel("requires_approval"),
                ],
                heading=gettext_lazy("Rules"),
            ),
            InlinePanel("rooms", heading=gettext_lazy("Rooms"), label=gettext_lazy("Room")),
            InlinePanel(
                "opening_hours",
                heading=gettext_lazy("Opening hours"),
                label=gettext_lazy("Opening period"),
            ),
            InlinePanel(
                "closed_dates",
                heading=gettext_lazy("Closed dates"),
                label=gettext_lazy("Closed date"),
            ),
        ],
        base_form_class=BookableSpaceForm,
    )

    def get_queryset(self, request):
        return BookableSpace.objects.select_related("listing")


register_snippet(BookableSpaceViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def give_a_space_one_room(request, instance):
    if isinstance(instance, BookableSpace):
        ensure_one_room(instance)


@hooks.register("before_delete_snippet")
def refuse_deleting_spaces_with_bookings(request, instances):
    """A bookable space whose rooms have bookings stays (they keep it); it can be closed to
    new bookings instead."""
    spaces = [item for item in instances if isinstance(item, BookableSpace)]
    if not spaces:
        return None
    booked = (
        BookableSpace.objects.filter(pk__in=[space.pk for space in spaces])
        .annotate(bookings=Count("rooms__bookings"))
        .filter(bookings__gt=0)
        .values_list("bookings", flat=True)
    )
    count = sum(booked)
    if not count:
        return None
    messages.error(
        request,
        ngettext(
            "This space cannot be deleted: %(count)d booking was made in its rooms. Untick "
            "“taking bookings” to stop new bookings instead.",
            "This space cannot be deleted: %(count)d bookings were made in its rooms. Untick "
            "“taking bookings” to stop new bookings instead.",
            count,
        )
        % {"count": count},
    )
    return redirect("wagtailsnippets_listings_bookablespace:list")


def utilisation(request):
    """Per room: confirmed booked hours / open hours for the last 8 weeks and the next 4."""
    if not request.user.is_coordinator:
        raise PermissionDenied
    weeks, spaces = utilisation_by_week(today=timezone.localdate())
    return TemplateResponse(
        request,
        "listings/bookings/admin/utilisation.html",
        {"weeks": weeks, "spaces": spaces, "this_week": weeks[8] if len(weeks) > 8 else None},
    )


@hooks.register("register_admin_urls")
def register_booking_admin_urls():
    return [path("bookings/utilisation/", utilisation, name="bookings_utilisation")]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_coordinator


@hooks.register("register_admin_menu_item")
def register_utilisation_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Room utilisation"),
        reverse("bookings_utilisation"),
        name="bookings-utilisation",
        icon_name="table",
        order=157,
    )
