"""Coordinators keep proxy residents in the Wagtail admin: the consent is required, recorded by
whoever takes it, and every change by staff is in the audit log. Residents are refused."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from accounts.models import ProxyResident
from listings.models import Listing, Status
from listings.services import post_listing_for_proxy_resident
from tests.factories import CoordinatorFactory, ListingFactory, ProxyResidentFactory

pytestmark = pytest.mark.django_db

ADMIN = "wagtailsnippets_accounts_proxyresident"
TODAY = timezone.localdate()


def url(view: str, *args) -> str:
    return reverse(f"{ADMIN}:{view}", args=args)


def site_url(name: str, *args) -> str:
    """A link on the site, as the admin (in English) makes it."""
    with translation.override("en"):
        return reverse(name, args=args)


def logs_of(instance, action: str | None = None):
    entries = ModelLogEntry.objects.for_instance(instance).order_by("pk")
    return entries.filter(action=action) if action else entries


def editor_data(client, page_url: str):
    return querydict_from_html(client.get(page_url).content.decode(), form_id="w-editor-form")


def as_post(data) -> dict:
    """A QueryDict as the test client posts it, every value of a list included."""
    return dict(data.lists())


def page_text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def new_person(client, **changes):
    data = editor_data(client, url("add"))
    values = {
        "name": "佐藤 はる",
        "name_reading": "さとう はる",
        "phone": "0568-61-1234",
        "how_to_reach": "水曜日に公民館で。",
        "area": "城東",
        "consent_given_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "consent_scope": "古いミシンをあげる掲載。名前は出さない。",
    }
    for name, value in (values | changes).items():
        data[name] = value
    data.setlist("spoken_languages", ["ja", "pt"])
    return as_post(data)


def log_in(client, user) -> None:
    """Log in with the admin in English, whatever the site's default language."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


@pytest.fixture
def proxy_resident(coordinator):
    return ProxyResidentFactory(coordinator=coordinator)


def post_for(proxy_resident, by, **fields) -> Listing:
    listing = ListingFactory.build(owner=None, **fields)
    return post_listing_for_proxy_resident(proxy_resident=proxy_resident, by=by, listing=listing)


def test_coordinator_creates_a_proxy_resident_and_is_recorded_as_taking_the_consent(
    client, coordinator
):
    someone_else = CoordinatorFactory()
    log_in(client, coordinator)
    data = new_person(client, consent_recorded_by=str(someone_else.pk))

    response = client.post(url("add"), data)

    assert response.status_code == 302
    person = ProxyResident.objects.get()
    assert person.name == "佐藤 はる"
    assert person.spoken_languages == ["ja", "pt"]
    assert person.coordinator == coordinator  # the creator is the contact by default
    assert person.consent_recorded_by == coordinator  # whatever the request said
    assert person.consent_scope == "古いミシンをあげる掲載。名前は出さない。"
    assert list(logs_of(person).values_list("action", "user_id")) == [
        ("wagtail.create", coordinator.pk),
        ("yui.proxy.consent_recorded", coordinator.pk),
    ]
    site_history = page_text(client.get(reverse("wagtailadmin_reports:site_history")))
    assert "Consent recorded: given on" in site_history
    consent = logs_of(person, "yui.proxy.consent_recorded").get().data["consent"]
    assert consent == {
        "consent_given_on": data["consent_given_on"][0],
        "consent_scope": "古いミシンをあげる掲載。名前は出さない。",
        "consent_withdrawn_on": None,
    }


def test_the_add_form_offers_languages_as_checkboxes_and_only_coordinators_as_contact(
    client, coordinator, resident
):
    log_in(client, coordinator)

    html = page_text(client.get(url("add")))

    assert 'type="checkbox" name="spoken_languages" value="vi"' in html
    assert f'<option value="{coordinator.pk}" selected>' in html
    assert f'<option value="{resident.pk}"' not in html
    # Who takes the consent is shown, not asked: there is no control to change it.
    assert "Consent recorded by" in html
    assert 'name="consent_recorded_by"' not in html


def test_missing_consent_gives_errors_next_to_the_fields_and_creates_nothing(client, coordinator):
    log_in(client, coordinator)
    data = new_person(client, consent_given_on="", consent_scope="")

    response = client.post(url("add"), data)

    assert response.status_code == 200
    assert ProxyResident.objects.count() == 0
    assert ModelLogEntry.objects.count() == 0
    errors = response.context["form"].errors
    assert set(errors) == {"consent_given_on", "consent_scope"}
    html = page_text(response)
    assert html.count("This field is required.") >= 2
    assert "could not be created due to errors" in html


def test_consent_cannot_be_given_in_the_future_or_withdrawn_before_it_was_given(
    client, coordinator
):
    log_in(client, coordinator)
    data = new_person(
        client,
        consent_given_on=(TODAY + datetime.timedelta(days=2)).isoformat(),
        consent_withdrawn_on=(TODAY - datetime.timedelta(days=3)).isoformat(),
    )

    response = client.post(url("add"), data)

    assert response.status_code == 200
    assert ProxyResident.objects.count() == 0
    errors = response.context["form"].errors
    assert errors["consent_given_on"] == ["This date is in the future."]
    assert errors["consent_withdrawn_on"] == ["Consent cannot be withdrawn before it was given."]


def test_another_coordinator_edits_the_phone_and_the_change_is_logged(
    client, proxy_resident, coordinator
):
    colleague = CoordinatorFactory()
    log_in(client, colleague)
    data = editor_data(client, url("edit", proxy_resident.pk))
    data["phone"] = "090-1111-2222"

    response = client.post(url("edit", proxy_resident.pk), as_post(data))

    assert response.status_code == 302
    proxy_resident.refresh_from_db()
    assert proxy_resident.phone == "090-1111-2222"
    assert proxy_resident.consent_recorded_by == coordinator  # the consent did not change
    entry = logs_of(proxy_resident).get()
    assert (entry.action, entry.user, entry.data) == (
        "yui.proxy.edit",
        colleague,
        {"fields": ["phone"]},
    )
    history = page_text(client.get(url("history", proxy_resident.pk)))
    assert "Edited: Phone" in history
    assert "090-1111-2222" not in history  # the log names the field, not the number


def test_a_change_of_what_was_agreed_is_logged_before_and_after_and_recorded_by_the_editor(
    client, proxy_resident, coordinator
):
    colleague = CoordinatorFactory()
    log_in(client, colleague)
    data = editor_data(client, url("edit", proxy_resident.pk))
    old_scope = proxy_resident.consent_scope
    data["consent_scope"] = "野菜と花の苗をあげる掲載。"

    assert client.post(url("edit", proxy_resident.pk), as_post(data)).status_code == 302

    proxy_resident.refresh_from_db()
    assert proxy_resident.consent_recorded_by == colleague
    entry = logs_of(proxy_resident, "yui.proxy.consent_changed").get()
    assert entry.user == colleague
    assert entry.data["before"]["consent_scope"] == old_scope
    assert entry.data["after"]["consent_scope"] == "野菜と花の苗をあげる掲載。"
    edit = logs_of(proxy_resident, "yui.proxy.edit").get()
    assert set(edit.data["fields"]) == {"consent_scope", "consent_recorded_by"}
    history = page_text(client.get(url("history", proxy_resident.pk)))
    assert "Consent changed" in history and "野菜と花の苗をあげる掲載。" in history


def test_withdrawing_consent_is_logged_and_closes_their_open_listings(
    client, proxy_resident, coordinator
):
    published = post_for(proxy_resident, coordinator, title="白菜をあげます")
    log_in(client, coordinator)
    data = editor_data(client, url("edit", proxy_resident.pk))
    data["consent_withdrawn_on"] = TODAY.isoformat()

    assert client.post(url("edit", proxy_resident.pk), as_post(data)).status_code == 302

    proxy_resident.refresh_from_db()
    assert not proxy_resident.has_consent
    published.refresh_from_db()
    assert (published.status, published.closed_reason) == (Status.CLOSED, "withdrawn")
    entry = logs_of(proxy_resident, "yui.proxy.consent_withdrawn").get()
    assert entry.data["before"]["consent_withdrawn_on"] is None
    assert entry.data["after"]["consent_withdrawn_on"] == TODAY.isoformat()
    assert entry.data["closed_listings"] == [published.pk]
    assert logs_of(published, "yui.listing.close").get().user == coordinator
    inspect = page_text(client.get(url("inspect", proxy_resident.pk)))
    assert "nothing can be posted for them" in inspect
    assert site_url("listings:create_for_proxy", proxy_resident.pk) not in inspect


def test_a_proxy_resident_with_listings_cannot_be_deleted_and_the_coordinator_is_told_why(
    client, proxy_resident, coordinator
):
    post_for(proxy_resident, coordinator)
    log_in(client, coordinator)

    for response in (
        client.get(url("delete", proxy_resident.pk)),
        client.post(url("delete", proxy_resident.pk)),
    ):
        assert response.status_code == 302
        assert response["Location"] == url("inspect", proxy_resident.pk)
        message = messages_of(response)[-1]
        assert "cannot be deleted: 1 listing was posted on their behalf" in message
    assert ProxyResident.objects.filter(pk=proxy_resident.pk).exists()


def test_a_proxy_resident_without_listings_can_be_deleted_and_the_deletion_is_logged(
    client, proxy_resident, coordinator
):
    log_in(client, coordinator)
    pk = proxy_resident.pk

    response = client.post(url("delete", pk))

    assert response.status_code == 302
    assert not ProxyResident.objects.filter(pk=pk).exists()
    entry = ModelLogEntry.objects.get(object_id=str(pk), action="wagtail.delete")
    assert entry.user == coordinator


def test_proxy_residents_cannot_be_deleted_in_bulk(client, proxy_resident, coordinator):
    log_in(client, coordinator)
    bulk_delete = (
        reverse("wagtail_bulk_action", args=["accounts", "proxyresident", "delete"])
        + f"?id={proxy_resident.pk}"
    )

    for response in (client.get(bulk_delete), client.post(bulk_delete)):
        assert response.status_code == 302
        assert ProxyResident.objects.filter(pk=proxy_resident.pk).exists()
    assert 'name="bulk-action"' not in page_text(client.get(url("list")))


def test_resident_is_refused_every_proxy_resident_admin_page(client, resident, proxy_resident):
    log_in(client, resident)
    pages = [url("list"), url("add")] + [
        url(view, proxy_resident.pk) for view in ("edit", "inspect", "history", "delete")
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert "/admin/login/" in response["Location"]
    client.post(url("edit", proxy_resident.pk), {"phone": "000"})
    client.post(url("delete", proxy_resident.pk))
    proxy_resident.refresh_from_db()
    assert proxy_resident.phone != "000"


def test_the_list_shows_each_person_their_listings_and_consent_and_finds_them(
    client, coordinator, django_assert_max_num_queries
):
    hanako = ProxyResidentFactory(name="山田 花子", name_reading="やまだ はなこ", phone="0568-1")
    withdrawn = ProxyResidentFactory(
        name="鈴木 一郎", name_reading="すずき いちろう", consent_withdrawn_on=TODAY
    )
    post_for(hanako, coordinator)
    post_for(hanako, coordinator)
    log_in(client, coordinator)

    html = page_text(client.get(url("list")))

    assert "山田 花子" in html and "鈴木 一郎" in html
    assert "Withdrawn on" in html and "Given on" in html
    assert hanako.coordinator.display_name in html
    found = page_text(client.get(url("list"), {"q": "すずき"}))
    assert "鈴木 一郎" in found and "山田 花子" not in found
    most_listings_first = page_text(client.get(url("list"), {"ordering": "-listing_count"}))
    assert most_listings_first.index("山田 花子") < most_listings_first.index("鈴木 一郎")
    by_phone = page_text(client.get(url("list"), {"q": "0568-1"}))
    assert "山田 花子" in by_phone and "鈴木 一郎" not in by_phone
    assert withdrawn.listings.count() == 0

    with django_assert_max_num_queries(25) as few:
        client.get(url("list"))
    for _ in range(10):
        post_for(ProxyResidentFactory(), coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("list")).status_code == 200


def test_the_inspect_page_shows_their_listings_the_posting_button_and_history(
    client, proxy_resident, coordinator
):
    listing = post_for(proxy_resident, coordinator, title="白菜をあげます")
    log_in(client, coordinator)

    html = page_text(client.get(url("inspect", proxy_resident.pk)))

    assert "白菜をあげます" in html
    assert site_url("listings:detail", listing.pk) in html
    assert site_url("listings:create_for_proxy", proxy_resident.pk) in html
    assert url("history", proxy_resident.pk) in html
    assert proxy_resident.phone in html  # coordinators see how to reach them
    edit_page = page_text(client.get(url("edit", proxy_resident.pk)))
    assert site_url("listings:create_for_proxy", proxy_resident.pk) in edit_page
    history = page_text(client.get(url("history", proxy_resident.pk)))
    assert "Listing posted on their behalf: “白菜をあげます”" in history
