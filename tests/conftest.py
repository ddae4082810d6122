"""Shared fixtures. In CI (CI=true) a skipped test counts as a failure: CI has every service."""

import gc
import os
import time

import pytest
from django.core.cache import cache

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str):
    """Skip locally when a service is missing; in CI that is a failure, not a skip."""
    if IN_CI:
        pytest.fail(f"CI must have this, but: {reason}")
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which counts as a failure: {report.longrepr}"


def restore_migrated_data() -> None:
    """Put back what the migrations made (categories, Wagtail's pages, the coordinators'
    group) when a transactional test with a serialized rollback has flushed it: the flush
    leaves the tables empty for whatever runs next. Needs database access (the caller's)."""
    from django.db import connections

    from listings.models import Category

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents and not Category.objects.using(alias).exists():
            connection.creation.deserialize_db_from_string(contents)


def let_go_of_stray_connections() -> None:
    """Free database connections that threads left open, and wait (up to 2 s) until
    PostgreSQL has closed them, so that dropping the test database does not fail because it
    is "being accessed by other users". Channels' test communicator keeps consumers' threads
    from closing their connections (it patches ``channels.db.close_old_connections``); they
    go only when the garbage collector frees them. Needs database access (the caller's)."""
    from django.db import connection

    gc.collect()
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 2
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and cached settings live in the cache (Redis in CI): start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path_factory):
    """Uploaded and demo photos go to a temporary directory, never the repository's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def resident(db):
    from tests.factories import UserFactory

    return UserFactory(profile__display_name="はなこ")


@pytest.fixture
def other_resident(db):
    from tests.factories import UserFactory

    return UserFactory(profile__display_name="Minh")


@pytest.fixture
def coordinator(db):
    from tests.factories import CoordinatorFactory

    return CoordinatorFactory()


@pytest.fixture
def demo_site(db):
    """The demo pages in Japanese and English, as `make run` loads them."""
    from cms.demo import create_demo_pages

    return create_demo_pages()
