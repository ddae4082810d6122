"""Coordinators list, filter and edit every listing in the Wagtail admin; residents cannot."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from listings.models import Listing
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_listings_listing:list"
EDIT_URL = "wagtailsnippets_listings_listing:edit"


@pytest.fixture
def published():
    listing = ListingFactory(title="畑の草取りを手伝います")
    return submit_listing(listing=listing, by=listing.owner)


def test_coordinator_lists_and_filters_listings(client, coordinator, published):
    draft = ListingFactory(title="まだ下書きの掲載")
    client.force_login(coordinator)

    everything = client.get(reverse(LIST_URL)).content.decode()
    drafts_only = client.get(reverse(LIST_URL), {"status": "draft"}).content.decode()

    assert published.title in everything and draft.title in everything
    assert draft.title in drafts_only and published.title not in drafts_only


def test_coordinator_edits_a_listing_and_the_edit_is_logged(client, coordinator, published):
    client.force_login(coordinator)
    url = reverse(EDIT_URL, args=[published.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data["title"] = "畑の草取りを手伝います（土曜のみ）"
    data["featured"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "畑の草取りを手伝います（土曜のみ）"
    assert published.featured is True
    assert published.status == "published"


def test_resident_is_refused_by_the_listing_admin(client, resident, published):
    client.force_login(resident)
    for url in (reverse(LIST_URL), reverse(EDIT_URL, args=[published.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    response = client.post(reverse(EDIT_URL, args=[published.pk]), {"title": "乗っ取り"})
    assert Listing.objects.get(pk=published.pk).title == "畑の草取りを手伝います"


def test_listing_admin_list_queries_do_not_grow_with_the_listings(client, coordinator, published):
    client.force_login(coordinator)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(LIST_URL)).status_code == 200
        return len(queries)

    with_one = queries_for_the_list()
    for _ in range(10):
        ListingFactory()
    assert queries_for_the_list() == with_one
