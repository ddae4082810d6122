"""The OpenAPI schema covers /api/v1/ only, not the Wagtail admin's internal API."""

API_PREFIX = "/api/v1/"


def api_endpoints_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the documented endpoints under /api/v1/."""
    from .views import NotFoundView

    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(API_PREFIX) and getattr(callback, "cls", None) is not NotFoundView
    ]
