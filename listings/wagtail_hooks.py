from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_listing_log_actions(actions):
    actions.register_action("yui.listing.submit", _("Submit listing"), _("Submitted for review"))
    actions.register_action("yui.listing.publish", _("Publish listing"), _("Published"))
    actions.register_action("yui.listing.approve", _("Approve listing"), _("Approved"))
    actions.register_action("yui.listing.reject", _("Send listing back"), _("Sent back"))
    actions.register_action("yui.listing.close", _("Close listing"), _("Closed"))
    actions.register_action("yui.listing.renew", _("Renew listing"), _("Renewed"))
    actions.register_action("yui.listing.moderate", _("Moderate listing"), _("Moderated"))
