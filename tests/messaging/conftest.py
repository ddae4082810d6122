import pytest

from tests.conftest import restore_migrated_data


@pytest.fixture(scope="package", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """The consumer tests are transactional with a serialized rollback, which leaves the
    tables empty after the last of them: put the migrated data back for what follows."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()
