"""URLs for the error page tests only: the site's own, plus views that fail."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("This view fails on purpose, to show the 500 page.")


def forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    *i18n_patterns(
        path("broken/", broken_view),
        path("forbidden/", forbidden_view),
        prefix_default_language=True,
    ),
    *site_urlpatterns,  # error pages link to the home page, log-in and the language switcher
]
