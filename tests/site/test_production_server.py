"""The DESIGN.md contract for a production-like process, checked against a real server.

With DJANGO_DEBUG=0, DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost and a SECRET_KEY, every
manage.py command works and `runserver --noreload` serves pages, static files and the
WebSocket endpoint's origin check over plain HTTP.
"""

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import restore_migrated_data
from tests.servers import environment, serving

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECRET_KEY": "a-long-random-secret-used-only-by-this-test-0123456789abcdef",
}


def _manage(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check", env=environment(DJANGO_DEBUG="0"))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def _database_url_for_server(tmp_path_factory, env) -> str:
    """On PostgreSQL, the migrated test database; on SQLite, a file migrated for the server."""
    test_database = connection.settings_dict
    if connection.vendor == "postgresql":
        user = test_database["USER"] or "postgres"
        host = test_database["HOST"] or "127.0.0.1"
        port = test_database["PORT"] or 5432
        return f"postgres://{user}@{host}:{port}/{test_database['NAME']}"
    database_url = f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}"
    migrated = _manage("migrate", "--no-input", env={**env, "DATABASE_URL": database_url})
    assert migrated.returncode == 0, migrated.stderr
    return database_url


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, django_db_setup, django_db_blocker):
    """`runserver --noreload` with debug off, on a migrated database."""
    env = environment(**PRODUCTION_ENV)
    env.pop("REDIS_URL", None)
    with django_db_blocker.unblock():
        restore_migrated_data()  # after a transactional test's flush, the pages are gone
        env["DATABASE_URL"] = _database_url_for_server(tmp_path_factory, env)
    log_path = tmp_path_factory.mktemp("production-log") / "server.log"

    def runserver(port):
        return [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]

    with serving(runserver, env, log_path) as (base_url, port):
        yield base_url, port, log_path


def _get(url):
    request = urllib.request.Request(url, headers={"Accept-Language": "ja"})  # noqa: S310
    return urllib.request.urlopen(request, timeout=10)  # noqa: S310


def test_serves_pages_and_static_files_with_debug_off(production_server):
    base_url, _port, log_path = production_server
    try:
        home = _get(f"{base_url}/")
    except urllib.error.HTTPError as error:
        pytest.fail(f"{error}: {log_path.read_text()[-3000:]}")
    assert home.status == 200
    assert home.url.endswith("/ja/")
    assert "Content-Security-Policy" in home.headers
    stylesheet = _get(f"{base_url}/static/css/site.css")
    assert stylesheet.status == 200
    assert b"--color-primary" in stylesheet.read()
    login = _get(f"{base_url}/ja/accounts/login/")
    assert "ログイン" in login.read().decode()
    assert _get(f"{base_url}/healthz").status == 200


def _websocket_handshake(port: int, origin: str) -> str:
    request = (
        "GET /ws/messaging/ HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request.encode())
        return sock.recv(1024).decode(errors="replace").split("\r\n", 1)[0]


def test_websocket_handshake_from_a_foreign_origin_is_refused(production_server):
    _base_url, port, _log_path = production_server
    status_line = _websocket_handshake(port, "http://evil.example")
    assert status_line.startswith("HTTP/1.1 403"), status_line


def test_healthz_names_the_database_and_redis_when_they_are_down(tmp_path):
    """An ASGI server whose database and Redis do not answer says so with a 503."""
    env = environment(
        **PRODUCTION_ENV,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing",  # nothing listens on port 1
        REDIS_URL="redis://127.0.0.1:1/0",
    )

    def daphne(port):
        executable = str(Path(sys.executable).with_name("daphne"))
        return [executable, "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]

    with serving(daphne, env, tmp_path / "daphne.log") as (base_url, _port):
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=10)  # noqa: S310

    assert answer.value.code == 503
    assert json.loads(answer.value.read()) == {
        "status": "down",
        "checks": {"database": "down", "redis": "down"},
        "down": ["database", "redis"],
    }
