"""WebSocket routes. The messaging issue adds ws/messaging/ (a contract in DESIGN.md)."""

websocket_urlpatterns: list = []
