"""Browser fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The live server runs in a thread of this process, so `django.core.mail.outbox` collects the
mails it sends. Browser tests are transactional (the live server must see what the test writes)
with a serialized rollback, so each starts from what the migrations created: Wagtail's root
page, the locales, the default categories, the coordinators' group.

Playwright's sync API runs an asyncio loop in this thread while a browser is open. Django then
treats the thread as async: ORM calls need DJANGO_ALLOW_ASYNC_UNSAFE, and they get their own
connections (Django keeps connections per async context). So the browser lives only for the
test's body: the database is set up before it starts and flushed after it stops, on the test
database connection itself.
"""

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from tests.conftest import restore_migrated_data, skip_or_fail
from tests.servers import environment, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Leave the database as the migrations made it, for the transactional tests that follow.

    A serialized rollback flushes without re-running post_migrate, so after the last browser
    test the tables would be empty (no coordinators' group, no categories, no Wagtail root).
    """
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


@pytest.fixture
def browser_context(live_server):
    """A fresh headless Chromium window whose relative URLs go to the live server."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(
                base_url=live_server.url,
                locale="ja-JP",
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(10_000)
            try:
                yield context
            finally:
                # Connections the test body opened while the loop ran; unreachable once it stops.
                connections.close_all()
                browser.close()


@pytest.fixture
def browser_page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def log_in_as(browser_context, live_server):
    """Give the browser a session for a user, without going through the login form."""

    def log_in(user) -> None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


@pytest.fixture
def asgi_server(transactional_db, tmp_path):
    """The site under Daphne, HTTP and WebSockets, on the test database; its base URL.

    PostgreSQL only: another process cannot open SQLite's in-memory test database. The server
    uses Redis for its channel layer when REDIS_URL is set (CI), else the in-memory layer, which
    is enough within one process."""
    if connection.vendor != "postgresql":
        skip_or_fail("this browser test runs the site in a second process: it needs PostgreSQL")
    database = connection.settings_dict
    env = environment(
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=(
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        ),
    )

    def daphne(port):
        return [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)] + [
            "config.asgi:application"
        ]

    with serving(daphne, env, tmp_path / "daphne.log") as (base_url, _port):
        yield base_url


@pytest.fixture
def asgi_browser(asgi_server):
    """``open_as(user)``: a new headless Chromium window logged in as ``user`` on
    ``asgi_server``; each call is another person's browser."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )

            def open_as(user):
                client = Client()
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                cookie = client.cookies[settings.SESSION_COOKIE_NAME]
                context = browser.new_context(
                    base_url=asgi_server, locale="ja-JP", viewport={"width": 430, "height": 900}
                )
                context.set_default_timeout(10_000)
                context.add_cookies(
                    [{"name": cookie.key, "value": cookie.value, "url": asgi_server}]
                )
                return context.new_page()

            try:
                yield open_as
            finally:
                connections.close_all()
                browser.close()
