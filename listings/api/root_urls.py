"""A URLconf with the API alone, for ``request.urlconf`` on the API's 404 answers.

LocaleMiddleware takes a 404 outside ``i18n_patterns`` for a page missing its language prefix
and redirects /api/v1/… to /ja/api/v1/…, which Wagtail's catch-all page route makes look
valid. Under this URLconf there are no ``i18n_patterns``, so an API 404 stays a JSON 404.
"""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("listings.api.urls"))]
