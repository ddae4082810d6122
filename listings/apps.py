from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        from listings import signals  # noqa: F401  (connects the search indexing receivers)
        from listings.applications import notifications as application_notifications  # noqa: F401
        from listings.bookings import notifications as booking_notifications  # noqa: F401
        from listings.item_requests import notifications as item_notifications  # noqa: F401
        from listings.item_requests import receivers  # noqa: F401  (counts fulfilled exchanges)
