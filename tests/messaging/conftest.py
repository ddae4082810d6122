import pytest

from tests.conftest import let_go_of_stray_connections, restore_migrated_data


@pytest.fixture(scope="package", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """The consumer tests are transactional with a serialized rollback, which leaves the
    tables empty after the last of them: put the migrated data back for what follows. Their
    sockets' threads leave connections behind: let go of them."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()
        let_go_of_stray_connections()
