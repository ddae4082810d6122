"""Communities in the Wagtail admin: every community (list, filter, feature or hide) and the
queue of reported board posts."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from listings.models import ReportStatus
from listings.wagtail_hooks import CoordinatorMenuItem

from . import admin_views
from .models import Community, PostReport


class CommunityFilterSet(WagtailFilterSet):
    class Meta:
        model = Community
        fields = ["kind", "join_policy", "featured", "hidden", "category"]


class CommunityViewSet(SnippetViewSet):
    """Coordinators find any community and feature or hide it. Its description belongs to
    its organisers, who edit it on the site (coordinators can too, from the same page)."""

    model = Community
    icon = "group"
    menu_label = gettext_lazy("Communities")
    menu_order = 160
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["name", "kind", "category", "area", "join_policy", "featured", "hidden"]
    filterset_class = CommunityFilterSet
    list_per_page = 50
    ordering = ["-created_at"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("featured"), FieldPanel("hidden")],
    )

    def get_queryset(self, request):
        return Community.objects.select_related("category")


register_snippet(CommunityViewSet)


@hooks.register("register_admin_urls")
def register_community_admin_urls():
    return [
        path(
            "communities/reports/",
            admin_views.post_reports_queue,
            name="communities_post_reports",
        )
    ]


class PostReportsMenuItem(CoordinatorMenuItem):
    def render_component(self, request):
        component = super().render_component(request)
        count = PostReport.objects.filter(status=ReportStatus.OPEN).count()
        if count:
            component.label = _("%(label)s (%(count)d)") % {"label": self.label, "count": count}
        return component


@hooks.register("register_admin_menu_item")
def register_post_reports_menu_item():
    return PostReportsMenuItem(
        gettext_lazy("Board post reports"),
        reverse("communities_post_reports"),
        name="community-post-reports",
        icon_name="warning",
        order=161,
    )


@hooks.register("register_log_actions")
def register_community_log_actions(actions):
    for action, label, message in [
        ("yui.community.create", gettext_lazy("Create community"), gettext_lazy("Created")),
        ("yui.community.join", gettext_lazy("Join community"), gettext_lazy("Joined")),
        ("yui.community.request", gettext_lazy("Ask to join"), gettext_lazy("Asked to join")),
        ("yui.community.approve", gettext_lazy("Accept request"), gettext_lazy("Accepted")),
        ("yui.community.decline", gettext_lazy("Decline request"), gettext_lazy("Declined")),
        ("yui.community.leave", gettext_lazy("Leave community"), gettext_lazy("Left")),
        ("yui.community.remove", gettext_lazy("Remove member"), gettext_lazy("Member removed")),
        (
            "yui.community.organiser",
            gettext_lazy("Make organiser"),
            gettext_lazy("Made an organiser"),
        ),
        ("yui.community.report", gettext_lazy("Report post"), gettext_lazy("Post reported")),
        (
            "yui.community.post.remove",
            gettext_lazy("Remove a member's post"),
            gettext_lazy("Post removed by an organiser"),
        ),
        (
            "yui.community.report.resolve",
            gettext_lazy("Hide reported post"),
            gettext_lazy("Post hidden after a report"),
        ),
        (
            "yui.community.report.dismiss",
            gettext_lazy("Dismiss post report"),
            gettext_lazy("Post report dismissed"),
        ),
    ]:
        actions.register_action(action, label, message)
