"""A coordinator posts a listing on behalf of a proxy resident with the residents' form: it is
published at once, belongs to no account, and is logged; the person's name and contact details
are never shown to anyone but coordinators."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from listings.models import Category, Listing, ListingSettings, Status
from listings.services import post_listing_for_proxy_resident
from tests.accounts.markup import field_errors, input_value, parse
from tests.factories import CoordinatorFactory, ListingFactory, ProxyResidentFactory

pytestmark = pytest.mark.django_db


def post_url(proxy_resident) -> str:
    return f"/en/listings/new/for/{proxy_resident.pk}/"


def admin_page(proxy_resident) -> str:
    return reverse("wagtailsnippets_accounts_proxyresident:inspect", args=[proxy_resident.pk])


def listing_form(**changes) -> dict:
    data = {
        "kind": "item",
        "direction": "offer",
        "title": "白菜をあげます",
        "description": "畑でとれた白菜です。公民館で受け取れます。",
        "category": Category.objects.get(slug="food").pk,
        "tags": "野菜、白菜",
        "language": "ja",
        "area": "城東",
        "availability": "火曜日の午前",
        "terms": "free",
        "item_condition": "new",
        "item_quantity": "3",
        "item_transfer": "give",
        "spoken_languages": ["ja"],
        "action": "publish",
    }
    return data | changes


def logs(instance, action):
    return ModelLogEntry.objects.for_instance(instance).filter(action=action)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def proxy_resident(coordinator):
    return ProxyResidentFactory(
        coordinator=coordinator,
        name="山田 花子",
        phone="0568-61-9876",
        how_to_reach="火曜日の午前に公民館で会えます。",
        area="城北",
        spoken_languages=["ja", "pt"],
    )


@pytest.fixture
def review_required():
    settings = ListingSettings.load()
    settings.require_review = True
    settings.save()


def test_the_page_is_the_residents_form_started_from_the_persons_area_and_languages(
    client, coordinator, proxy_resident
):
    client.force_login(coordinator)

    response = client.get(post_url(proxy_resident))

    assert response.status_code == 200
    page = parse(response)
    form = page.find("form", attrs={"data-listing-form": True})
    assert form["action"] == post_url(proxy_resident)
    assert "山田 花子" in page.find("h1").get_text()
    assert input_value(response, "area") == "城北"
    checked = {box["value"] for box in form.select('input[name="spoken_languages"][checked]')}
    assert checked == {"ja", "pt"}
    # One button: a coordinator's post is published at once, never a draft for review.
    buttons = form.select('button[type="submit"]')
    assert [button["value"] for button in buttons] == ["publish"]


@pytest.mark.usefixtures("review_required")
def test_a_coordinator_posts_for_them_and_it_is_published_at_once_and_logged(
    client, coordinator, proxy_resident
):
    client.force_login(coordinator)

    response = client.post(post_url(proxy_resident), listing_form())

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/listings/{listing.pk}/"
    assert listing.status == Status.PUBLISHED and listing.is_public
    assert listing.owner is None
    assert listing.proxy_owner == proxy_resident
    assert listing.posted_by == coordinator
    assert listing.published_at is not None and listing.expires_at > timezone.now()
    assert (listing.kind, listing.item_quantity, listing.tags) == ("item", 3, ["野菜", "白菜"])
    entry = logs(listing, "yui.listing.post_for_proxy").get()
    assert (entry.user, entry.data) == (coordinator, {"proxy_resident": proxy_resident.pk})
    on_them = logs(proxy_resident, "yui.proxy.listing_posted").get()
    assert on_them.user == coordinator
    assert on_them.data == {"listing": listing.pk, "title": "白菜をあげます"}
    assert "is published on behalf of 山田 花子" in messages_of(response)[0]


def test_a_bad_form_keeps_what_was_typed_and_posts_nothing(client, coordinator, proxy_resident):
    client.force_login(coordinator)

    response = client.post(post_url(proxy_resident), listing_form(title="", terms="exchange"))

    assert response.status_code == 200
    assert Listing.objects.count() == 0
    assert field_errors(response, "title")
    assert field_errors(response, "exchange_note")
    assert input_value(response, "area") == "城東"


def test_nothing_is_posted_once_their_consent_is_withdrawn(client, coordinator, proxy_resident):
    proxy_resident.consent_withdrawn_on = timezone.localdate()
    proxy_resident.save()
    client.force_login(coordinator)

    for response in (
        client.get(post_url(proxy_resident)),
        client.post(post_url(proxy_resident), listing_form()),
    ):
        assert response.status_code == 302
        with translation.override("en"):
            assert response["Location"] == admin_page(proxy_resident)
        assert "山田 花子 has withdrawn their consent" in messages_of(response)[-1]
    assert Listing.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        post_listing_for_proxy_resident(
            proxy_resident=proxy_resident, by=coordinator, listing=ListingFactory.build(owner=None)
        )
    assert refused.value.code == "consent_withdrawn"
    assert Listing.objects.count() == 0


def test_the_service_reads_the_stored_consent_not_a_stale_copy(coordinator, proxy_resident):
    stale = type(proxy_resident).objects.get(pk=proxy_resident.pk)
    proxy_resident.consent_withdrawn_on = timezone.localdate()
    proxy_resident.save()

    with pytest.raises(ValidationError):
        post_listing_for_proxy_resident(
            proxy_resident=stale, by=coordinator, listing=ListingFactory.build(owner=None)
        )


def test_a_resident_is_refused_the_posting_page_and_the_service(client, resident, proxy_resident):
    client.force_login(resident)

    assert client.get(post_url(proxy_resident)).status_code == 403
    assert client.post(post_url(proxy_resident), listing_form()).status_code == 403
    # The same answer whether or not the record exists: nothing to learn by guessing ids.
    assert client.get(f"/en/listings/new/for/{proxy_resident.pk + 100}/").status_code == 403
    assert Listing.objects.count() == 0
    with pytest.raises(PermissionDenied):
        post_listing_for_proxy_resident(
            proxy_resident=proxy_resident, by=resident, listing=ListingFactory.build(owner=None)
        )


def test_anonymous_visitors_are_sent_to_log_in_and_unknown_people_are_not_found(
    client, coordinator, proxy_resident
):
    response = client.get(post_url(proxy_resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(coordinator)
    assert client.get(f"/en/listings/new/for/{proxy_resident.pk + 100}/").status_code == 404


def test_their_name_and_contact_details_are_on_no_page_or_api_answer_a_resident_sees(
    client, resident, coordinator, proxy_resident
):
    listing = post_listing_for_proxy_resident(
        proxy_resident=proxy_resident,
        by=coordinator,
        listing=ListingFactory.build(owner=None, title="白菜をあげます"),
    )
    secrets = ["山田", "花子", proxy_resident.phone, proxy_resident.how_to_reach]
    pages = [
        f"/en/listings/{listing.pk}/",
        "/ja/listings/",
        "/en/listings/?q=白菜",
        f"/api/v1/listings/{listing.pk}/",
        "/api/v1/listings/?q=白菜",
    ]
    for visitor in (None, resident):
        if visitor:
            client.force_login(visitor)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            text = response.content.decode()
            if page.startswith("/api/"):
                body = response.json()
                assert listing.pk in [item["id"] for item in body.get("results", [body])], page
            else:
                assert f"/listings/{listing.pk}/" in text, page
            for secret in secrets:
                assert secret not in text, (page, secret)
    detail = client.get(f"/en/listings/{listing.pk}/")
    assert parse(detail).select("[data-proxy-listing]")


def test_any_coordinator_edits_their_listing_on_the_site_and_the_edit_is_logged(
    client, coordinator, resident, proxy_resident
):
    listing = post_listing_for_proxy_resident(
        proxy_resident=proxy_resident, by=coordinator, listing=ListingFactory.build(owner=None)
    )
    colleague = CoordinatorFactory()
    edit_url = f"/en/listings/{listing.pk}/edit/"

    client.force_login(resident)
    assert client.post(edit_url, listing_form(title="乗っ取り")).status_code == 403

    client.force_login(colleague)
    response = client.post(
        edit_url,
        listing_form(kind=listing.kind, category=listing.category_id, title="白菜と大根をあげます"),
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "白菜と大根をあげます"
    assert (listing.owner, listing.proxy_owner) == (None, proxy_resident)
    assert listing.status == Status.PUBLISHED
    assert logs(listing, "wagtail.edit").get().user == colleague


def test_the_listing_admin_filters_listings_posted_on_behalf_of_a_resident(
    client, coordinator, proxy_resident
):
    post_listing_for_proxy_resident(
        proxy_resident=proxy_resident,
        by=coordinator,
        listing=ListingFactory.build(owner=None, title="代理の掲載"),
    )
    ListingFactory(title="本人の掲載")
    client.force_login(coordinator)
    list_url = reverse("wagtailsnippets_listings_listing:list")

    by_proxy = client.get(list_url, {"posted_for_proxy": "true"}).content.decode()
    by_residents = client.get(list_url, {"posted_for_proxy": "false"}).content.decode()

    assert "代理の掲載" in by_proxy and "本人の掲載" not in by_proxy
    assert "本人の掲載" in by_residents and "代理の掲載" not in by_residents
