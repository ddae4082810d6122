"""The Wagtail admin's side of "I'd like this": its audit log actions, and a small panel on
the coordinators' admin home (how many items and skills changed hands, in all and in the last
30 days, with the top categories). Registered from listings/wagtail_hooks.py, which imports
this module."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .impact import fulfilled_exchange_counts, total_fulfilled_exchanges

RECENT_DAYS = 30
TOP_CATEGORIES = 5


class FulfilledExchangesPanel(Component):
    name = "fulfilled_exchanges"
    template_name = "listings/item_requests/admin/exchanges_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
        context.update(
            {
                "total": total_fulfilled_exchanges(),
                "recent": total_fulfilled_exchanges(since=since),
                "recent_days": RECENT_DAYS,
                "by_category": fulfilled_exchange_counts(by="category")[:TOP_CATEGORIES],
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_fulfilled_exchanges_panel(request, panels):
    if request.user.is_coordinator:
        panels.append(FulfilledExchangesPanel())


@hooks.register("register_log_actions")
def register_item_request_log_actions(actions):
    actions.register_action("yui.item_request.create", _("Ask for an item"), _("Asked for"))
    actions.register_action(
        "yui.item_request.withdraw", _("Withdraw a request"), _("Request withdrawn")
    )
    actions.register_action("yui.item_request.choose", _("Choose a requester"), _("Promised"))
    actions.register_action(
        "yui.item_request.undo_choice", _("Undo the choice of a requester"), _("Open again")
    )
