"""CMS fixtures. Building the demo content takes seconds, so each test module builds it once.

The module's data lives in a transaction left open for the module and rolled back at its end.
Each test's own `db` transaction nests inside it as a savepoint, so what a test changes is
undone before the next one. Tests using these fixtures must not ask for transaction=True.
"""

import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from cms.demo import create_demo_pages
from cms.models import HomePage

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def _rolled_back_at_exit(django_db_blocker):
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _demo_pages_for_module(django_db_setup, django_db_blocker):
    with _rolled_back_at_exit(django_db_blocker):
        with django_db_blocker.unblock():
            home_pk = create_demo_pages().pk
        yield home_pk


@pytest.fixture
def demo_site(_demo_pages_for_module, db):
    """The Japanese demo home page, with its English translation and the pages below them."""
    return HomePage.objects.get(pk=_demo_pages_for_module)


@pytest.fixture(scope="module")
def _load_demo_output_for_module(django_db_setup, django_db_blocker):
    output = io.StringIO()
    with _rolled_back_at_exit(django_db_blocker):
        # The same fast hasher as the autouse _fast_passwords fixture, which is function-scoped.
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            call_command("load_demo", stdout=output)
        yield output.getvalue()


@pytest.fixture
def load_demo_output(_load_demo_output_for_module, db):
    """What `manage.py load_demo` printed, run once for the module on an empty database."""
    return _load_demo_output_for_module
