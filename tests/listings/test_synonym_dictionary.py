"""The synonym dictionary is edited in the admin and applies to the next search, everywhere."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from listings.models import Listing, SynonymGroup
from listings.search import DEFAULT_SYNONYM_GROUPS
from listings.search import synonyms as synonyms_module
from listings.search.synonyms import SYNONYMS_VERSION_KEY, current_synonyms
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_listings_synonymgroup:add"
EDIT_URL = "wagtailsnippets_listings_synonymgroup:edit"
DELETE_URL = "wagtailsnippets_listings_synonymgroup:delete"


def published(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def add_group(client, spellings: str):
    data = querydict_from_html(
        client.get(reverse(ADD_URL)).content.decode(), form_id="w-editor-form"
    )
    data["spellings"] = spellings
    return client.post(reverse(ADD_URL), data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def garbage():
    return published(title="粗大ゴミの運び出しを手伝います", description="重い家具も大丈夫です。")


def test_the_default_groups_are_in_the_dictionary():
    stored = [group.spelling_list() for group in SynonymGroup.objects.order_by("pk")]
    assert stored == [list(group) for group in DEFAULT_SYNONYM_GROUPS]


def test_a_group_added_in_the_admin_applies_to_the_next_search(client, coordinator, garbage):
    assert not Listing.objects.search("廃棄物").exists()
    client.force_login(coordinator)

    response = add_group(client, "ごみ\nゴミ\n廃棄物")

    assert response.status_code == 302
    assert list(Listing.objects.search("廃棄物")) == [garbage]
    assert list(Listing.objects.published().search("廃棄物")) == [garbage]


def test_the_search_page_uses_the_dictionary(client, coordinator, garbage):
    SynonymGroup.objects.create(spellings="ゴミ\n廃棄物")
    page = BeautifulSoup(client.get("/en/listings/", {"q": "廃棄物"}).content, "html.parser")
    assert "粗大ゴミの運び出しを手伝います" in page.get_text("")  # matched words are marked


def test_editing_and_deleting_a_group_apply_at_once(client, coordinator):
    phone = published(title="スマホの設定をお手伝い")
    group = SynonymGroup.objects.get(spellings__startswith="スマホ")
    assert list(Listing.objects.search("スマートフォン")) == [phone]
    client.force_login(coordinator)

    url = reverse(EDIT_URL, args=[group.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data["spellings"] = "スマホ\nsmartphone"
    assert client.post(url, data).status_code == 302
    assert not Listing.objects.search("スマートフォン").exists()
    assert list(Listing.objects.search("smartphone")) == [phone]

    assert client.post(reverse(DELETE_URL, args=[group.pk])).status_code == 302
    assert not Listing.objects.search("smartphone").exists()


def test_a_group_needs_two_different_spellings(client, coordinator):
    client.force_login(coordinator)
    before = SynonymGroup.objects.count()

    for spellings in ("ゴミ", "ＰＣ\npc\n\n"):
        response = add_group(client, spellings)
        assert response.status_code == 200
        assert "Write at least two different spellings" in response.content.decode()

    assert SynonymGroup.objects.count() == before


def test_residents_are_refused(client, resident):
    group = SynonymGroup.objects.first()
    client.force_login(resident)

    for url in (reverse(ADD_URL), reverse(EDIT_URL, args=[group.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(reverse(ADD_URL), {"spellings": "ゴミ\n廃棄物"})
    client.post(reverse(DELETE_URL, args=[group.pk]))

    assert not SynonymGroup.objects.filter(spellings__contains="廃棄物").exists()
    assert SynonymGroup.objects.filter(pk=group.pk).exists()


def test_each_process_rebuilds_only_when_the_shared_version_changes(
    django_capture_on_commit_callbacks,
):
    built = current_synonyms()
    version = cache.get(SYNONYMS_VERSION_KEY)
    assert current_synonyms() is built  # no rebuild while nothing changed

    # A row changed without a signal (as another process's edit looks from here) is not seen
    # until the shared version changes.
    SynonymGroup.objects.filter(spellings__startswith="スマホ").update(spellings="スマホ\nスマフォ")
    assert current_synonyms() is built

    with django_capture_on_commit_callbacks(execute=True):
        SynonymGroup.objects.create(spellings="草刈\n除草")
        during = cache.get(SYNONYMS_VERSION_KEY)
    after = cache.get(SYNONYMS_VERSION_KEY)

    assert len({version, during, after}) == 3  # changed at once, and again after commit
    rebuilt = current_synonyms()
    assert rebuilt is not built
    assert set(rebuilt.group("スマフォ")) == {"スマホ", "スマフォ"}
    assert set(rebuilt.group("除草")) == {"草刈", "除草"}


def test_a_process_whose_cache_entry_was_evicted_rebuilds():
    built = current_synonyms()
    SynonymGroup.objects.filter(spellings__startswith="スマホ").update(spellings="スマホ\nスマフォ")
    cache.delete(SYNONYMS_VERSION_KEY)

    assert current_synonyms() is not built
    assert synonyms_module._built[0] == cache.get(SYNONYMS_VERSION_KEY)
