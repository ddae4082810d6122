"""The DESIGN.md contract for a production-like process, checked against a real server.

With DJANGO_DEBUG=0, DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost and a SECRET_KEY, every
manage.py command works and `runserver --noreload` serves pages, static files and the
WebSocket endpoint's origin check over plain HTTP.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECRET_KEY": "a-long-random-secret-used-only-by-this-test-0123456789abcdef",
}


def _environment(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.pop("SECRET_KEY", None)
    env.update(extra)
    return env


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check", env=_environment(DJANGO_DEBUG="0"))
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
    env = _environment(**PRODUCTION_ENV)
    env.pop("REDIS_URL", None)
    with django_db_blocker.unblock():
        env["DATABASE_URL"] = _database_url_for_server(tmp_path_factory, env)
    port = _free_port()
    log_path = tmp_path_factory.mktemp("production-log") / "server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=2)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"runserver exited: {log_path.read_text()}")
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("runserver did not answer within 60 s")
    yield base_url, port, log_path
    server.terminate()
    server.wait(timeout=10)
    log.close()


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
