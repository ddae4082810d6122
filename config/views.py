"""Site-wide views: health check and error pages."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def _redis_answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def healthz(request):
    """200 with {"status": "ok"} when every backing service answers, 503 naming what is down."""
    checks = {"database": "ok" if _database_answers() else "down"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if _redis_answers(settings.REDIS_URL) else "down"
    down = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "ok" if not down else "down", "checks": checks}
    if down:
        body["down"] = down
    response = JsonResponse(body, status=503 if down else 200)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
