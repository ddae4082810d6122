"""Renaming an area in the admin takes its listings and residents along."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from accounts.models import Profile
from listings.models import Area, Listing
from listings.services import submit_listing
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_renaming_an_area_renames_it_on_listings_and_profiles(
    client, coordinator, django_capture_on_commit_callbacks
):
    area = Area.objects.create(name="城東", names={"ja": "城東", "en": "Joto"})
    listing = ListingFactory(area="城東", title="畑の野菜をおすそわけ")
    submit_listing(listing=listing, by=listing.owner)
    elsewhere = ListingFactory(area="羽黒")
    neighbour = UserFactory()
    Profile.objects.filter(user=neighbour).update(area="城東")

    client.force_login(coordinator)
    edit_url = reverse("wagtailsnippets_listings_area:edit", args=[area.pk])
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="w-editor-form")
    data.update({"name": "城東町", "name_ja": "城東町"})
    with django_capture_on_commit_callbacks(execute=True):  # the re-index task runs on commit
        response = client.post(edit_url, data)

    assert response.status_code == 302
    assert Listing.objects.get(pk=listing.pk).area == "城東町"
    assert Listing.objects.get(pk=elsewhere.pk).area == "羽黒"
    assert Profile.objects.get(user=neighbour).area == "城東町"
    # The search document carries the new name.
    assert list(Listing.objects.published().search("城東町")) == [listing]
