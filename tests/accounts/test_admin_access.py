"""Only coordinators get into the Wagtail admin; residents are turned back at the door."""

import pytest

from tests.accounts.markup import logged_in_user, parse
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NO_ACCESS = "You do not have permission to access the admin."


def admin_login(client, user):
    return client.post(
        "/admin/login/", {"username": user.email, "password": PASSWORD, "next": "/admin/"}
    )


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_resident_logging_into_the_admin_gets_no_dashboard(client, resident):
    response = admin_login(client, resident)
    assert response["Location"] == "/admin/"

    refused = client.get("/admin/", follow=True)

    assert refused.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert "wagtailadmin/home.html" not in [t.name for t in refused.templates]
    assert parse(refused).find("form", class_="login-form") is not None
    messages = parse(refused).find("div", class_="messages").get_text()
    assert NO_ACCESS in messages


def test_resident_logged_in_on_the_site_is_refused_too(client, resident):
    client.force_login(resident)

    response = client.get("/admin/")

    assert response["Location"] == "/admin/login/?next=/admin/"
    for url in ["/admin/pages/", "/admin/users/", "/admin/groups/"]:
        assert client.get(url).status_code == 302, url


def test_coordinator_gets_the_dashboard(client, coordinator):
    admin_login(client, coordinator)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [t.name for t in response.templates]
    assert logged_in_user(client) == coordinator


def test_coordinator_cannot_manage_users(client, coordinator):
    """Users and groups stay with superusers; coordinators run the content."""
    client.force_login(coordinator)
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_admin_link_in_the_site_header_only_for_coordinators(client, resident, coordinator):
    client.force_login(resident)
    assert parse(client.get("/ja/accounts/")).find("a", href="/admin/") is None

    client.force_login(coordinator)
    assert parse(client.get("/ja/accounts/")).find("a", href="/admin/") is not None
