"""WebSocket routes of messaging (a contract in DESIGN.md: ``ws://HOST/ws/messaging/``)."""

from django.urls import path

from .consumers import MessagingConsumer

websocket_urlpatterns = [
    path("ws/messaging/", MessagingConsumer.as_asgi()),
]
