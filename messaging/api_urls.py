"""JSON endpoints of messaging, outside the language prefix:
``path("messaging/api/", include("messaging.api_urls"))`` in config/urls.py."""

from django.urls import path

from . import api

app_name = "messaging_api"

urlpatterns = [
    path(
        "conversations/<int:conversation_id>/messages/",
        api.conversation_messages,
        name="conversation_messages",
    ),
]
