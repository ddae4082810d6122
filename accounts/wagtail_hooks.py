"""Proxy residents in the Wagtail admin: coordinators keep the record and the consent of
residents without e-mail or smartphone, and post listings on their behalf.

Creating and editing go through Wagtail actions registered for ProxyResident below, so that
whoever saves one (the admin, code) records the consent the same way and leaves the same audit
log: who took the consent, and every change to it with its value before and after.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from .languages import spoken_language_choices
from .models import COORDINATORS_GROUP, ProxyResident, User

# The consent as it is logged: each change is kept with its value before and after.
CONSENT_FIELDS = ("consent_given_on", "consent_scope", "consent_withdrawn_on")
# Changing what was agreed (or when) is a new consent, taken by whoever records the change.
CONSENT_TERMS = ("consent_given_on", "consent_scope")


def coordinators():
    """The people who can be a proxy resident's contact: coordinators and superusers."""
    return (
        User.objects.filter(Q(groups__name=COORDINATORS_GROUP) | Q(is_superuser=True))
        .distinct()
        .select_related("profile")
        .order_by("email")
    )


def consent_of(proxy_resident: ProxyResident) -> dict:
    """The consent fields as JSON-ready values, for the audit log."""

    def as_json(value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {name: as_json(getattr(proxy_resident, name)) for name in CONSENT_FIELDS}


def field_label(name: str) -> str:
    return str(capfirst(ProxyResident._meta.get_field(name).verbose_name))


def open_listings_of(proxy_resident: ProxyResident):
    from listings.models import Status

    return proxy_resident.listings.exclude(status=Status.CLOSED)


class ProxyResidentForm(WagtailAdminModelForm):
    """Languages as checkboxes, and only coordinators as the contact (the current user by
    default, through the initial instance of the create view)."""

    spoken_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages they speak"),
        choices=spoken_language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "coordinator" in self.fields:
            self.fields["coordinator"].queryset = coordinators()

    def clean(self):
        cleaned_data = super().clean()
        given_on = cleaned_data.get("consent_given_on")
        withdrawn_on = cleaned_data.get("consent_withdrawn_on")
        today = timezone.localdate()
        if given_on and given_on > today:
            self.add_error("consent_given_on", _("This date is in the future."))
        if withdrawn_on and withdrawn_on > today:
            self.add_error("consent_withdrawn_on", _("This date is in the future."))
        if given_on and withdrawn_on and withdrawn_on < given_on:
            self.add_error(
                "consent_withdrawn_on", _("Consent cannot be withdrawn before it was given.")
            )
        return cleaned_data


class CreateProxyResidentAction(CreateAction):
    """Create a proxy resident: the user creating the record is recorded as having taken their
    consent, and the consent is logged on its own besides the creation."""

    def _save_instance(self):
        if self.user is not None:
            self.instance.consent_recorded_by = self.user
        super()._save_instance()

    @transaction.atomic
    def _create(self, skip_permission_checks=False):
        instance = super()._create(skip_permission_checks=skip_permission_checks)
        log(
            instance=instance,
            action="yui.proxy.consent_recorded",
            user=self.user,
            data={"consent": consent_of(instance)},
        )
        return instance


class EditProxyResidentAction(EditAction):
    """Save changes to a proxy resident, logging which fields changed (not their values) and,
    separately, every change to the consent with its value before and after.

    A change to what was agreed, or when, is a new consent recorded by the user saving it. When
    consent is withdrawn, every listing still open on their behalf is closed as withdrawn.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # EditAction would log a bare "wagtail.edit"; _edit logs one that names the fields.
        self.logs_edit = bool(self.log_action)
        self.log_action = None

    @transaction.atomic
    def _edit(self, skip_permission_checks=False):
        stored = ProxyResident.objects.select_for_update().get(pk=self.instance.pk)
        changed = [
            field.name
            for field in ProxyResident._meta.concrete_fields
            if field.editable
            and not field.primary_key
            and getattr(stored, field.attname) != getattr(self.instance, field.attname)
        ]
        if self.user is not None and any(name in changed for name in CONSENT_TERMS):
            self.instance.consent_recorded_by = self.user
            if "consent_recorded_by" not in changed and stored.consent_recorded_by_id != (
                self.user.pk
            ):
                changed.append("consent_recorded_by")
        before = consent_of(stored)

        instance = super()._edit(skip_permission_checks=skip_permission_checks)

        if self.logs_edit:
            log(
                instance=instance,
                action="yui.proxy.edit" if changed else "wagtail.edit",
                user=self.user,
                data={"fields": changed},
                content_changed=bool(changed),
            )
        after = consent_of(instance)
        if before != after:
            withdrawn = before["consent_withdrawn_on"] is None and instance.consent_withdrawn_on
            data = {"before": before, "after": after}
            if withdrawn:
                data["closed_listings"] = self._close_listings(instance)
            log(
                instance=instance,
                action="yui.proxy.consent_withdrawn" if withdrawn else "yui.proxy.consent_changed",
                user=self.user,
                data=data,
            )
        return instance

    def _close_listings(self, proxy_resident: ProxyResident) -> list[int]:
        from listings.models import ClosedReason
        from listings.services import close_listing

        closed = []
        for listing in open_listings_of(proxy_resident):
            close_listing(listing=listing, by=self.user, reason=ClosedReason.WITHDRAWN)
            closed.append(listing.pk)
        return closed


@hooks.register("register_actions")
def register_proxy_resident_actions(registry):
    registry.register(ProxyResident, CreateProxyResidentAction)
    registry.register(ProxyResident, EditProxyResidentAction)


class ProxyEditFormatter(LogFormatter):
    label = gettext_lazy("Edit proxy resident")

    def format_message(self, log_entry):
        names = log_entry.data.get("fields", [])
        return _("Edited: %(fields)s") % {"fields": ", ".join(map(field_label, names))}


def describe_consent_change(data: dict) -> str:
    before, after = data.get("before", {}), data.get("after", {})
    changes = []
    for name in CONSENT_FIELDS:
        if before.get(name) != after.get(name):
            changes.append(
                _("%(field)s: “%(before)s” → “%(after)s”")
                % {
                    "field": field_label(name),
                    "before": before.get(name) or "—",
                    "after": after.get(name) or "—",
                }
            )
    return "; ".join(changes)


class ConsentRecordedFormatter(LogFormatter):
    label = gettext_lazy("Record consent")

    def format_message(self, log_entry):
        consent = log_entry.data.get("consent", {})
        return _("Consent recorded: given on %(date)s to “%(scope)s”") % {
            "date": consent.get("consent_given_on") or "—",
            "scope": consent.get("consent_scope") or "—",
        }


class ConsentChangedFormatter(LogFormatter):
    label = gettext_lazy("Change consent")

    def format_message(self, log_entry):
        return _("Consent changed: %(changes)s") % {
            "changes": describe_consent_change(log_entry.data)
        }


class ConsentWithdrawnFormatter(LogFormatter):
    label = gettext_lazy("Withdraw consent")

    def format_message(self, log_entry):
        closed = len(log_entry.data.get("closed_listings", []))
        message = _("Consent withdrawn: %(changes)s") % {
            "changes": describe_consent_change(log_entry.data)
        }
        if closed:
            message += " " + ngettext(
                "%(count)d listing closed.", "%(count)d listings closed.", closed
            ) % {"count": closed}
        return message


class ListingPostedFormatter(LogFormatter):
    label = gettext_lazy("Post a listing on their behalf")

    def format_message(self, log_entry):
        return _("Listing posted on their behalf: “%(title)s” (#%(id)s)") % {
            "title": log_entry.data.get("title", ""),
            "id": log_entry.data.get("listing", ""),
        }


class PostedForProxyFormatter(LogFormatter):
    label = gettext_lazy("Post listing on behalf of a resident")

    def format_message(self, log_entry):
        return _("Posted and published on behalf of proxy resident #%(id)s") % {
            "id": log_entry.data.get("proxy_resident", "")
        }


@hooks.register("register_log_actions")
def register_proxy_log_actions(actions):
    actions.register_action("yui.proxy.edit")(ProxyEditFormatter)
    actions.register_action("yui.proxy.consent_recorded")(ConsentRecordedFormatter)
    actions.register_action("yui.proxy.consent_changed")(ConsentChangedFormatter)
    actions.register_action("yui.proxy.consent_withdrawn")(ConsentWithdrawnFormatter)
    actions.register_action("yui.proxy.listing_posted")(ListingPostedFormatter)
    actions.register_action("yui.listing.post_for_proxy")(PostedForProxyFormatter)


def post_for_them_url(proxy_resident: ProxyResident) -> str:
    return reverse("listings:create_for_proxy", args=[proxy_resident.pk])


class ProxyResidentPageButtonsMixin:
    """Adds "Post a listing for them" and "History" to the proxy resident's admin pages."""

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("History"),
                url=reverse(
                    "wagtailsnippets_accounts_proxyresident:history", args=[quote(self.object.pk)]
                ),
                icon_name="history",
                priority=20,
            )
        ]
        if self.object.has_consent:
            buttons.append(
                HeaderButton(
                    _("Post a listing for them"),
                    url=post_for_them_url(self.object),
                    icon_name="plus",
                    priority=10,
                )
            )
        return buttons


class ProxyResidentIndexView(IndexView):
    """No bulk actions: Wagtail's bulk delete would skip both the audit log and the check
    for listings posted on their behalf."""

    @cached_property
    def columns(self):
        return [
            column
            for column in super().columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]


class ProxyResidentCreateView(CreateView):
    def get_initial_form_instance(self):
        """The current user is the contact by default, and is shown as recording the consent
        (CreateProxyResidentAction sets it whatever is posted)."""
        return ProxyResident(coordinator=self.request.user, consent_recorded_by=self.request.user)


class ProxyResidentEditView(ProxyResidentPageButtonsMixin, EditView):
    pass


class ProxyResidentInspectView(ProxyResidentPageButtonsMixin, InspectView):
    def get_spoken_languages_display_value(self):
        names = dict(spoken_language_choices())
        return ", ".join(names.get(code, code) for code in self.object.spoken_languages) or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listings"] = self.object.listings.select_related("category").order_by(
            "-created_at"
        )
        context["post_for_them_url"] = (
            post_for_them_url(self.object) if self.object.has_consent else None
        )
        return context


def consent_status(proxy_resident: ProxyResident) -> str:
    if proxy_resident.has_consent:
        return _("Given on %(date)s") % {
            "date": date_format(proxy_resident.consent_given_on, "DATE_FORMAT")
        }
    return _("Withdrawn on %(date)s") % {
        "date": date_format(proxy_resident.consent_withdrawn_on, "DATE_FORMAT")
    }


class ProxyResidentViewSet(SnippetViewSet):
    """Coordinators keep the record of each proxy resident; every change is in the audit log
    (the History button, and Reports → Site history)."""

    model = ProxyResident
    icon = "user"
    menu_label = gettext_lazy("Proxy residents")
    menu_order = 153
    add_to_admin_menu = True
    inspect_view_enabled = True
    # A copy would duplicate a person and claim a consent nobody took.
    copy_view_enabled = False
    index_view_class = ProxyResidentIndexView
    add_view_class = ProxyResidentCreateView
    edit_view_class = ProxyResidentEditView
    inspect_view_class = ProxyResidentInspectView
    inspect_template_name = "accounts/admin/proxy_resident_inspect.html"
    inspect_view_fields = [
        "name",
        "name_reading",
        "phone",
        "how_to_reach",
        "area",
        "spoken_languages",
        "coordinator",
        "consent_given_on",
        "consent_scope",
        "consent_recorded_by",
        "consent_withdrawn_on",
        "notes",
        "created_at",
    ]
    search_fields = ["name", "name_reading", "phone"]
    list_display = [
        "name",
        "name_reading",
        "area",
        Column(
            "coordinator",
            label=gettext_lazy("Contact coordinator"),
            accessor=lambda proxy_resident: proxy_resident.coordinator.display_name,
        ),
        Column(
            "listing_count",
            label=gettext_lazy("Listings"),
            sort_key="listing_count",
        ),
        Column("consent", label=gettext_lazy("Consent"), accessor=consent_status),
    ]
    list_per_page = 50
    ordering = ["name_reading", "name", "pk"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("name_reading")]),
                    FieldPanel("phone"),
                    FieldPanel("how_to_reach"),
                    FieldPanel("area"),
                    FieldPanel("spoken_languages"),
                ],
                heading=gettext_lazy("The person"),
            ),
            FieldPanel("coordinator"),
            MultiFieldPanel(
                [
                    FieldPanel("consent_given_on"),
                    FieldPanel("consent_scope"),
                    FieldPanel("consent_recorded_by", read_only=True),
                    FieldPanel("consent_withdrawn_on"),
                ],
                heading=gettext_lazy("Consent"),
                help_text=gettext_lazy(
                    "Record what they agreed to before posting anything for them. When they "
                    "withdraw their consent, enter the date: their open listings are closed."
                ),
            ),
            FieldPanel("notes"),
        ],
        base_form_class=ProxyResidentForm,
    )

    def get_queryset(self, request):
        return ProxyResident.objects.select_related("coordinator__profile").annotate(
            listing_count=Count("listings")
        )


register_snippet(ProxyResidentViewSet)


@hooks.register("before_delete_snippet")
def refuse_deleting_proxy_residents_with_listings(request, instances):
    """A proxy resident with listings cannot be deleted (their listings keep them), and
    proxy residents are deleted one at a time so that each deletion is logged."""
    proxy_residents = [item for item in instances if isinstance(item, ProxyResident)]
    if not proxy_residents:
        return None
    match = request.resolver_match
    if match is None or match.view_name != "wagtailsnippets_accounts_proxyresident:delete":
        messages.error(request, _("Delete proxy residents one at a time, from their own page."))
        return redirect("wagtailsnippets_accounts_proxyresident:list")
    proxy_resident = proxy_residents[0]
    count = proxy_resident.listings.count()
    if count:
        messages.error(
            request,
            ngettext(
                "%(name)s cannot be deleted: %(count)d listing was posted on their behalf. "
                "Record the withdrawal of their consent instead; that closes their listings.",
                "%(name)s cannot be deleted: %(count)d listings were posted on their behalf. "
                "Record the withdrawal of their consent instead; that closes their listings.",
                count,
            )
            % {"name": proxy_resident.name, "count": count},
        )
        return redirect("wagtailsnippets_accounts_proxyresident:inspect", quote(proxy_resident.pk))
    return None
