"""Posting and editing a listing through the form, as a resident on a phone without JavaScript."""

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.forms import KIND_FIELDS, ListingForm
from listings.models import Area, Category, Listing, ListingSettings, Status
from listings.services import submit_listing
from tests.accounts.markup import (
    checked_values,
    field_errors,
    fields_with_errors,
    input_value,
    parse,
)
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

NEW_URL = "/en/listings/new/"

# A value for every kind-specific field, so that a test can see which ones were kept.
KIND_VALUES = {
    "skill_mode": "online",
    "item_condition": "good",
    "item_quantity": "2",
    "item_transfer": "lend",
    "space_capacity": "12",
    "space_facilities": "机、椅子、Wi-Fi",
    "space_address": "城東1-2-3",
    "activity_starts_at": "2031-05-10T10:00",
    "activity_recurrence": "毎週水曜日 10:00",
    "activity_place": "城東公民館",
    "activity_capacity": "8",
}
EMPTY = {
    "skill_mode": "",
    "item_condition": "",
    "item_quantity": None,
    "item_transfer": "",
    "space_capacity": None,
    "space_facilities": "",
    "space_address": "",
    "activity_starts_at": None,
    "activity_recurrence": "",
    "activity_place": "",
    "activity_capacity": None,
}


@pytest.fixture
def digital():
    return Category.objects.get(slug="digital")


@pytest.fixture
def review_required():
    settings = ListingSettings.load()
    settings.require_review = True
    settings.save()
    return settings


def listing_form(category, **changes):
    data = {
        "kind": "skill",
        "direction": "offer",
        "title": "スマホの使い方を教えます",
        "description": "LINEの登録や写真の送り方など、ゆっくりお教えします。",
        "category": category.pk,
        "tags": "スマホ、LINE, 写真，#LINE",
        "language": "ja",
        "area": "城東",
        "availability": "平日の午前",
        "terms": "free",
        "fee_amount": "",
        "exchange_note": "",
        "spoken_languages": ["ja", "en"],
        "action": "draft",
    }
    return data | changes


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(NEW_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_form_starts_from_the_profile_and_the_page_language(client, resident):
    resident.profile.area = "城西"
    resident.profile.spoken_languages = ["ja", "vi"]
    resident.profile.save()
    client.force_login(resident)

    response = client.get(NEW_URL)

    assert response.status_code == 200
    assert input_value(response, "area") == "城西"
    assert checked_values(response, "spoken_languages") == {"ja", "vi"}
    page = parse(response)
    assert page.find("select", attrs={"name": "language"}).find("option", selected=True)[
        "value"
    ] == ("en")
    # Every kind's fieldset is on the page, so the form works without JavaScript.
    assert {fieldset["data-kind"] for fieldset in page.select("fieldset[data-kind]")} == set(
        KIND_FIELDS
    )
    labels = page.find("div", id="id_direction").get_text()
    assert "I can offer this" in labels and "I am looking for this" in labels

    japanese = client.get("/ja/listings/new/")
    assert (
        parse(japanese)
        .find("select", attrs={"name": "language"})
        .find("option", selected=True)["value"]
        == "ja"
    )


@pytest.mark.parametrize("kind", list(KIND_FIELDS))
def test_each_kind_keeps_its_own_fields_and_clears_the_others(client, resident, digital, kind):
    client.force_login(resident)

    response = client.post(NEW_URL, listing_form(digital, kind=kind, **KIND_VALUES))

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/listings/mine/#listing-{listing.pk}"
    assert listing.kind == kind
    assert listing.owner == resident
    assert listing.status == Status.DRAFT
    assert listing.tags == ["スマホ", "LINE", "写真"]
    assert listing.spoken_languages == ["ja", "en"]
    kept = set(KIND_FIELDS[kind])
    for name, empty in EMPTY.items():
        value = getattr(listing, name)
        if name in kept:
            assert value not in ("", None), name
        else:
            assert value == empty, name
    if kind == "activity":
        assert timezone.localtime(listing.activity_starts_at).hour == 10


def test_a_bad_value_in_another_kinds_fields_is_ignored(client, resident, digital):
    client.force_login(resident)

    client.post(
        NEW_URL, listing_form(digital, kind="item", space_capacity="many", item_quantity="3")
    )

    listing = Listing.objects.get()
    assert listing.item_quantity == 3
    assert listing.space_capacity is None


def test_a_missing_title_is_shown_next_to_the_field_and_nothing_typed_is_lost(
    client, resident, digital
):
    client.force_login(resident)

    response = client.post(
        NEW_URL, listing_form(digital, title="  ", kind="item", item_quantity="3")
    )

    assert response.status_code == 200
    assert not Listing.objects.exists()
    assert fields_with_errors(response) == {"title"}
    assert field_errors(response, "title") == ["This field is required."]
    assert input_value(response, "description").startswith("LINEの登録")
    assert input_value(response, "tags") == "スマホ、LINE, 写真，#LINE"
    assert input_value(response, "item_quantity") == "3"
    assert checked_values(response, "kind") == {"item"}
    assert checked_values(response, "spoken_languages") == {"ja", "en"}
    assert "Please correct the errors below." in response.content.decode()


def test_a_fee_needs_an_amount(client, resident, digital):
    client.force_login(resident)

    response = client.post(NEW_URL, listing_form(digital, terms="fee", fee_amount=""))

    assert response.status_code == 200
    assert not Listing.objects.exists()
    assert field_errors(response, "fee_amount") == ["Say how much the fee is."]
    assert checked_values(response, "terms") == {"fee"}


def test_an_exchange_says_what_is_wanted(client, resident, digital):
    client.force_login(resident)

    response = client.post(NEW_URL, listing_form(digital, terms="exchange"))

    assert not Listing.objects.exists()
    assert field_errors(response, "exchange_note") == ["Say what you would like in exchange."]


def test_an_amount_without_fee_terms_is_dropped(client, resident, digital):
    client.force_login(resident)

    client.post(NEW_URL, listing_form(digital, terms="free", fee_amount="500", exchange_note="x"))

    listing = Listing.objects.get()
    assert listing.fee_amount is None
    assert listing.exchange_note == ""


def test_a_fee_with_its_amount_is_saved(client, resident, digital):
    client.force_login(resident)

    client.post(NEW_URL, listing_form(digital, terms="fee", fee_amount="500"))

    assert Listing.objects.get().fee_amount == 500


def test_too_many_keywords_are_refused(client, resident, digital):
    client.force_login(resident)

    response = client.post(
        NEW_URL, listing_form(digital, tags=",".join(f"t{n}" for n in range(11)))
    )

    assert field_errors(response, "tags") == ["Use at most 10 keywords."]


def test_sub_categories_are_indented_under_their_parent_and_can_be_chosen(
    client, resident, digital
):
    smartphones = Category.objects.create(
        slug="smartphones", parent=digital, names={"ja": "スマホ", "en": "Smartphones"}
    )
    client.force_login(resident)

    options = [
        option.get_text()
        for option in parse(client.get(NEW_URL)).find("select", attrs={"name": "category"})(
            "option"
        )
    ]
    assert options[options.index("Digital help") + 1] == "\u3000└ Smartphones"

    client.post(NEW_URL, listing_form(smartphones))
    assert Listing.objects.get().category == smartphones


def test_save_and_publish_publishes_at_once_without_review(client, resident, digital):
    client.force_login(resident)

    response = client.post(NEW_URL, listing_form(digital, action="publish"), follow=True)

    listing = Listing.objects.get()
    assert listing.status == Status.PUBLISHED
    assert listing.is_public
    assert "is published until" in response.content.decode()


def test_save_and_publish_waits_for_review_when_the_coordinators_require_it(
    client, resident, digital, review_required
):
    client.force_login(resident)
    form_page = client.get(NEW_URL).content.decode()
    assert "Save and send for review" in form_page

    response = client.post(NEW_URL, listing_form(digital, action="publish"), follow=True)

    listing = Listing.objects.get()
    assert listing.status == Status.PENDING
    assert not Listing.objects.published().exists()
    assert "has been sent to the coordinators" in response.content.decode()


def test_the_owner_edits_a_listing_and_sees_what_is_stored(client, resident, digital):
    listing = ListingFactory(owner=resident, tags=["スマホ", "LINE"], area="城東")
    client.force_login(resident)
    url = f"/en/listings/{listing.pk}/edit/"

    response = client.get(url)
    assert response.status_code == 200
    assert input_value(response, "tags") == "スマホ, LINE"
    assert input_value(response, "title") == listing.title

    response = client.post(url, listing_form(digital, title="パソコンも教えます", tags="PC"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "パソコンも教えます"
    assert listing.tags == ["PC"]
    assert listing.status == Status.DRAFT


def test_editing_a_draft_can_publish_it(client, resident, digital):
    listing = ListingFactory(owner=resident)
    client.force_login(resident)

    client.post(f"/en/listings/{listing.pk}/edit/", listing_form(digital, action="publish"))

    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED


def test_editing_a_published_listing_keeps_it_published_and_its_expiry(client, resident, digital):
    listing = ListingFactory(owner=resident)
    submit_listing(listing=listing, by=resident)
    expires_at = listing.expires_at
    client.force_login(resident)

    response = client.get(f"/en/listings/{listing.pk}/edit/")
    assert "Save changes" in response.content.decode()
    assert "Save and publish" not in response.content.decode()
    client.post(f"/en/listings/{listing.pk}/edit/", listing_form(digital, title="新しいタイトル"))

    listing.refresh_from_db()
    assert listing.title == "新しいタイトル"
    assert listing.status == Status.PUBLISHED
    assert listing.expires_at == expires_at


def test_an_edit_does_not_undo_a_status_change_made_meanwhile(resident, digital):
    listing = ListingFactory(owner=resident)
    form = ListingForm(listing_form(digital, title="編集中"), instance=listing, user=resident)
    assert form.is_valid(), form.errors
    submit_listing(listing=Listing.objects.get(pk=listing.pk), by=resident)

    form.save()

    listing.refresh_from_db()
    assert listing.title == "編集中"
    assert listing.status == Status.PUBLISHED


def test_a_coordinator_can_edit_a_residents_listing(client, coordinator, digital):
    listing = ListingFactory()
    client.force_login(coordinator)

    response = client.post(f"/en/listings/{listing.pk}/edit/", listing_form(digital, title="修正"))

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "修正"
    assert listing.owner != coordinator


def test_the_place_is_optional_and_saved_exactly_when_given(client, resident, digital):
    client.force_login(resident)
    page = parse(client.get(NEW_URL))
    for name in ("latitude", "longitude"):
        control = page.find("input", attrs={"name": name})
        assert page.find("label", attrs={"for": control["id"]}).text.strip()
    help_text = page.select_one("[data-location-fields] #location-help").text
    assert "Only the approximate area (within about 500 m) is shown to others." in help_text
    # The "use my current location" button needs JavaScript, so it starts hidden.
    assert page.select_one("[data-geolocate]").has_attr("hidden")

    client.post(NEW_URL, listing_form(digital, latitude="35.3786123", longitude="136.9445987"))
    client.post(NEW_URL, listing_form(digital, title="場所なし", latitude="", longitude=""))

    with_place, without = Listing.objects.order_by("pk")
    assert (with_place.latitude, with_place.longitude) == (35.3786123, 136.9445987)
    assert (without.latitude, without.longitude) == (None, None)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("35.38", "", "longitude", "Give both latitude and longitude, or neither."),
        ("95", "136.94", "latitude", "Ensure this value is less than or equal to 90."),
        ("35.38", "東経", "longitude", "Enter a number."),
    ],
)
def test_a_bad_place_is_refused_next_to_the_field(
    client, resident, digital, latitude, longitude, field, message
):
    client.force_login(resident)

    response = client.post(NEW_URL, listing_form(digital, latitude=latitude, longitude=longitude))

    assert response.status_code == 200
    assert not Listing.objects.exists()
    assert field_errors(response, field) == [message]
    assert input_value(response, "title") == "スマホの使い方を教えます"


def test_the_area_field_suggests_the_coordinators_areas_and_stores_the_name(
    client, resident, digital
):
    Area.objects.create(name="城東", names={"ja": "城東", "en": "Joto"}, position=1)
    Area.objects.create(name="犬山", names={"en": "Inuyama"}, position=2)
    client.force_login(resident)

    page = parse(client.get(NEW_URL))

    area = page.find("input", attrs={"name": "area"})
    options = page.find("datalist", id=area["list"]).find_all("option")
    assert [(option["value"], option.text) for option in options] == [
        ("城東", "Joto"),
        ("犬山", "Inuyama"),
    ]
    client.post(NEW_URL, listing_form(digital, area="城東"))
    assert Listing.objects.get().area == "城東"
    # Any other neighbourhood can still be typed.
    client.post(NEW_URL, listing_form(digital, area="羽黒"))
    assert Listing.objects.filter(area="羽黒").exists()


def test_the_form_works_without_javascript_and_labels_every_photo_input(client, resident):
    client.force_login(resident)

    page = parse(client.get(NEW_URL))

    form = page.find("form", attrs={"data-listing-form": True})
    assert form["enctype"] == "multipart/form-data"
    photos = form.find("input", attrs={"name": "photos"})
    assert photos["type"] == "file" and photos.has_attr("multiple")
    assert photos["accept"] == "image/jpeg,image/png,image/webp"
    for control in form.find_all(["input", "select", "textarea"]):
        if control.get("type") in ("hidden", "radio", "checkbox", "submit"):
            continue
        assert form.find("label", attrs={"for": control["id"]}), control["name"]
    assert page.find("script", src="/static/js/listing.js")
