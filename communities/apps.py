from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from communities import (
            notifications,  # noqa: F401  (registers how they read)
            signals,  # noqa: F401  (hands communities over on deletion)
        )
