"""WebSocket routes, included by config/asgi.py behind the origin check and the session."""

from messaging.routing import websocket_urlpatterns as messaging_websocket_urlpatterns

websocket_urlpatterns: list = [
    *messaging_websocket_urlpatterns,
]
