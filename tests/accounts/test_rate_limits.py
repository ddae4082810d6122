"""allauth's rate limits are on: guessing a password is stopped, and the real owner is told."""

import pytest

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_repeated_failed_logins_for_one_address_are_stopped(client, resident):
    for _attempt in range(5):
        response = client.post(
            "/en/accounts/login/", {"login": resident.email, "password": "wrong password"}
        )
        assert response.status_code == 200
        assert "not correct" in response.content.decode()

    response = client.post("/en/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_failed_logins_for_another_address_do_not_lock_out_this_one(
    client, resident, other_resident
):
    for _attempt in range(5):
        client.post("/en/accounts/login/", {"login": other_resident.email, "password": "nope"})

    response = client.post("/ja/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)
