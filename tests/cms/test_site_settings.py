"""Coordinators edit the office contact in the admin's site settings; the footer follows."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from cms.models import SiteSettings

from .admin_forms import form_fields

NEW_CONTACT = {
    "office_name": "ゆい相談窓口（市役所別館1階）",
    "address": "〒000-0001 本町2-3-4",
    "phone": "0000-11-2222",
    "email": "yui@city.example.jp",
    "opening_hours": "月〜土 10:00〜18:00",
}


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["cms", "sitesettings", site.pk])


def footer(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("footer")


def test_coordinator_changes_the_office_contact_and_the_footer_shows_it(
    client, coordinator, demo_site
):
    client.force_login(coordinator)
    data = form_fields(client, settings_url(), "w-editor-form")
    assert data["office_name"] == "市民協働プラザ（ふれあいセンター2階）"
    data.update({**NEW_CONTACT, "site_name": "結 Yui 本町"})

    response = client.post(settings_url(), data)

    assert response.status_code == 302
    assert response.url == settings_url()
    office = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert office.phone == "0000-11-2222"
    for path in ["/ja/", "/en/about/"]:
        site_footer = footer(client, path)
        address = site_footer.find("address").get_text(" ", strip=True)
        for value in NEW_CONTACT.values():
            assert value in address, (path, value)
        assert "市民協働プラザ" not in address
        assert site_footer.find("a", href="mailto:yui@city.example.jp")
        assert site_footer.select_one(".site-footer__name").get_text() == "結 Yui 本町"


def test_invalid_office_email_is_refused_and_the_footer_is_unchanged(
    client, coordinator, demo_site
):
    client.force_login(coordinator)
    data = form_fields(client, settings_url(), "w-editor-form")
    data["email"] = "not an address"

    response = client.post(settings_url(), data)

    assert response.status_code == 200  # the form again, with the error
    assert "email" in response.context["form"].errors
    assert "not an address" not in footer(client, "/ja/").get_text()


@pytest.mark.parametrize("method", ["get", "post"])
def test_resident_cannot_change_site_settings(client, resident, demo_site, method):
    client.force_login(resident)

    response = getattr(client, method)(settings_url(), NEW_CONTACT)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    office = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert office.office_name == "市民協働プラザ（ふれあいセンター2階）"
