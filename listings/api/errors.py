"""Every error of the API in one JSON shape, documented in the OpenAPI schema:

    {"detail": "<what went wrong>", "errors": {"<parameter>": ["<message>", ...]}}

``errors`` names each bad query parameter (400), or the page past the end (404); it is empty
when no parameter is to blame (an unknown listing, a method the API does not allow).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

NON_PARAMETER_ERRORS = "non_field_errors"


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (for the schema; the handler below builds it)."""

    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages for each query parameter that is to blame; may be empty.",
    )


class PageNotFound(exceptions.NotFound):
    """A page number past the last page: 404, naming the ``page`` parameter."""

    def __init__(self, message: str):
        super().__init__(_("That page does not exist."))
        self.errors = {"page": [message]}


def _messages(detail) -> list[str]:
    if isinstance(detail, (list, tuple)):
        return [str(item) for item in detail]
    return [str(detail)]


def api_exception_handler(exc, context):
    """DRF's handler (which also turns Http404 and PermissionDenied into responses), then the
    body rewritten into the one shape. Anything else is left to raise: a bug, not a 4xx."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors = {name: _messages(messages) for name, messages in detail.items()}
        else:
            errors = {NON_PARAMETER_ERRORS: _messages(detail)}
        summary = _("Some parameters are not valid.")
    elif isinstance(exc, Http404):  # its message names the model, in English
        errors, summary = {}, str(exceptions.NotFound.default_detail)
    else:
        errors = getattr(exc, "errors", {})
        data = response.data
        summary = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    response.data = {"detail": summary, "errors": errors}
    if response.status_code == status.HTTP_404_NOT_FOUND:
        context["request"]._request.urlconf = "listings.api.root_urls"  # see root_urls.py
    return response
