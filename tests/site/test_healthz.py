import os

import pytest

from tests.conftest import skip_or_fail


@pytest.mark.django_db
def test_healthz_ok_when_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_healthz_checks_real_redis_when_configured(client, settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        skip_or_fail("REDIS_URL is not set, so there is no Redis to check")
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_names_redis_when_it_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["redis"]
    assert body["checks"] == {"database": "ok", "redis": "down"}
