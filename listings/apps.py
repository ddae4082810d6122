from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        from listings import signals  # noqa: F401  (connects the search indexing receivers)
