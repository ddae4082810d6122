"""The coordinators' message reports queue in the admin (``messaging.admin_views``): its URL,
its menu item with the number of open reports, and the labels of messaging's audit log
actions."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from listings.models import ReportStatus
from listings.wagtail_hooks import CoordinatorMenuItem

from . import admin_views
from .models import MessageReport


@hooks.register("register_admin_urls")
def register_messaging_admin_urls():
    return [
        path("messaging/reports/", admin_views.reports_queue, name="messaging_reports_queue"),
    ]


class MessageReportsMenuItem(CoordinatorMenuItem):
    """The queue, its label followed by the number of open reports when there are any."""

    def render_component(self, request):
        component = super().render_component(request)
        count = MessageReport.objects.filter(status=ReportStatus.OPEN).count()
        if count:
            component.label = _("%(label)s (%(count)d)") % {"label": self.label, "count": count}
        return component


@hooks.register("register_admin_menu_item")
def register_message_reports_menu_item():
    return MessageReportsMenuItem(
        gettext_lazy("Message reports"),
        reverse("messaging_reports_queue"),
        name="message-reports",
        icon_name="warning",
        order=153,
    )


@hooks.register("register_log_actions")
def register_messaging_log_actions(actions):
    actions.register_action(
        "yui.conversation.create",
        gettext_lazy("Create conversation"),
        gettext_lazy("Conversation created"),
    )
    actions.register_action(
        "yui.conversation.report",
        gettext_lazy("Report conversation"),
        gettext_lazy("Conversation reported"),
    )
    actions.register_action(
        admin_views.STAFF_VIEW_ACTION,
        gettext_lazy("View reported messages"),
        gettext_lazy("Reported messages viewed by staff"),
    )
    actions.register_action(
        admin_views.RESOLVE_ACTION,
        gettext_lazy("Resolve message report"),
        gettext_lazy("Message report resolved"),
    )
    actions.register_action(
        admin_views.DISMISS_ACTION,
        gettext_lazy("Dismiss message report"),
        gettext_lazy("Message report dismissed"),
    )
