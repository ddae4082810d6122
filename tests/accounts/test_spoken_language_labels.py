"""A newcomer finds their language in the profile form whatever the page's language is."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected", "unexpected"),
    [
        (
            "/ja/accounts/profile/",
            ["ベトナム語 (Tiếng Việt)", "ネパール語 (नेपाली)"],
            "日本語 (日本語)",
        ),
        (
            "/en/accounts/profile/",
            ["Vietnamese (Tiếng Việt)", "Japanese (日本語)"],
            "English (English)",
        ),
    ],
)
def test_languages_show_their_own_names(client, resident, path, expected, unexpected):
    client.force_login(resident)
    content = client.get(path).content.decode()
    for label in expected:
        assert label in content
    assert unexpected not in content
