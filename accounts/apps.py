from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, apps=None, **kwargs):
    from django.apps import apps as global_apps

    # post_migrate is sent once per app with models; act on the last one, when every
    # permission exists.
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .roles import ensure_coordinators_group

    ensure_coordinators_group()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signals  # noqa: F401

        # After every migrate, so that the permissions of all apps exist.
        post_migrate.connect(_ensure_roles, dispatch_uid="accounts.ensure_coordinators_group")
