"""Editing one's own profile; invalid input is shown next to its field and nothing is lost."""

import datetime

import pytest
from django.utils import timezone

from listings.models import Category
from tests.accounts.markup import (
    checked_values,
    field_errors,
    fields_with_errors,
    in_language,
    input_value,
    parse,
)

pytestmark = pytest.mark.django_db

PROFILE_URL = "/ja/accounts/profile/"


def months_ago(months: int) -> datetime.date:
    first = timezone.localdate().replace(day=1)
    total = first.year * 12 + first.month - 1 - months
    return first.replace(year=total // 12, month=total % 12 + 1)


@pytest.fixture
def interests():
    childcare = Category.objects.get(slug="childcare")
    digital = Category.objects.get(slug="digital")
    return [childcare, digital]


def profile_form(categories, **changes):
    data = {
        "display_name": "ひなた",
        "area": "城東",
        "spoken_languages": ["ja", "vi"],
        "interests": [category.pk for category in categories],
        "moved_in": f"{months_ago(3):%Y-%m}",
        "bio": "ベトナムから来ました。料理が好きです。",
        "email_on_message": "daily",
        "email_on_match": "never",
        "email_news": "on",
        "large_text": "on",
    }
    return data | changes


def test_profile_form_shows_current_values(client, resident, interests):
    profile = resident.profile
    profile.area = "城西"
    profile.spoken_languages = ["en", "tl"]
    profile.moved_in = datetime.date(2024, 9, 1)
    profile.save()
    profile.interests.set(interests[:1])
    client.force_login(resident)

    page = client.get(PROFILE_URL)

    assert page.status_code == 200
    assert input_value(page, "display_name") == "はなこ"
    assert input_value(page, "area") == "城西"
    assert checked_values(page, "spoken_languages") == {"en", "tl"}
    assert checked_values(page, "interests") == {str(interests[0].pk)}
    assert input_value(page, "moved_in") == "2024-09"
    assert parse(page).find("input", attrs={"name": "moved_in"})["type"] == "month"


def test_interests_offer_the_top_level_categories_only(client, resident):
    top = Category.objects.get(slug="learning")
    child = Category.objects.create(slug="learning-piano", parent=top, names={"ja": "ピアノ"})
    client.force_login(resident)

    page = client.get(PROFILE_URL)

    offered = {control["value"] for control in parse(page).find_all(attrs={"name": "interests"})}
    assert offered == {str(pk) for pk in Category.objects.top_level().values_list("pk", flat=True)}
    assert len(offered) >= 19
    assert str(child.pk) not in offered
    assert "学び・教室" in page.content.decode()


def test_saving_the_profile_stores_every_field(client, resident, interests):
    client.force_login(resident)

    response = client.post(PROFILE_URL, profile_form(interests))

    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/"
    profile = resident.profile
    profile.refresh_from_db()
    assert profile.display_name == "ひなた"
    assert profile.area == "城東"
    assert profile.spoken_languages == ["ja", "vi"]
    assert set(profile.interests.all()) == set(interests)
    assert profile.moved_in == months_ago(3)
    assert profile.moved_in.day == 1
    assert profile.is_newcomer is True
    assert profile.bio == "ベトナムから来ました。料理が好きです。"
    assert (profile.email_on_message, profile.email_on_match) == ("daily", "never")
    assert profile.email_news is True
    assert profile.large_text is True
    saved = client.get(response["Location"])
    assert in_language("ja", "Your profile has been saved.") in saved.content.decode()


@pytest.mark.parametrize(
    ("moved_in", "stored", "newcomer"),
    [
        ("2025-04", datetime.date(2025, 4, 1), None),
        ("2025/04", datetime.date(2025, 4, 1), None),
        ("2025-04-17", datetime.date(2025, 4, 1), None),
        ("", None, False),
        (f"{months_ago(22):%Y-%m}", months_ago(22), True),
        (f"{months_ago(26):%Y-%m}", months_ago(26), False),
    ],
)
def test_moved_in_is_a_month_stored_as_its_first_day(
    client, resident, interests, moved_in, stored, newcomer
):
    client.force_login(resident)

    response = client.post(PROFILE_URL, profile_form(interests, moved_in=moved_in))

    assert response.status_code == 302
    resident.profile.refresh_from_db()
    assert resident.profile.moved_in == stored
    if newcomer is not None:
        assert resident.profile.is_newcomer is newcomer


def test_unticked_checkboxes_clear_choices(client, resident, interests):
    client.force_login(resident)
    client.post(PROFILE_URL, profile_form(interests))
    form = profile_form(interests)
    for name in ["spoken_languages", "interests", "email_news", "large_text"]:
        del form[name]

    client.post(PROFILE_URL, form)

    profile = resident.profile
    profile.refresh_from_db()
    assert profile.spoken_languages == []
    assert not profile.interests.exists()
    assert profile.email_news is False and profile.large_text is False


INVALID_INPUT = [
    ("moved_in", "2099-01", "This date is in the future."),
    ("moved_in", "abc", "Enter a year and month such as 2025-04."),
    ("spoken_languages", ["ja", "xx"], None),
    ("interests", ["999999"], None),
    ("email_on_message", "hourly", None),
]


@pytest.mark.parametrize(
    ("field", "value", "msgid"), INVALID_INPUT, ids=[f"{f}={v}" for f, v, _m in INVALID_INPUT]
)
def test_invalid_input_is_shown_next_to_its_field_and_keeps_the_rest(
    client, resident, interests, field, value, msgid
):
    client.force_login(resident)
    form = profile_form(interests, **{field: value})

    response = client.post(PROFILE_URL, form)

    assert response.status_code == 200
    assert fields_with_errors(response) == {field}
    errors = field_errors(response, field)
    if msgid:
        assert errors == [in_language("ja", msgid)]
        assert errors != [msgid]
    # Everything else the resident typed or ticked is still there.
    assert input_value(response, "display_name") == "ひなた"
    assert input_value(response, "area") == "城東"
    assert input_value(response, "bio") == form["bio"]
    if field != "spoken_languages":
        assert checked_values(response, "spoken_languages") == {"ja", "vi"}
    if field != "interests":
        assert checked_values(response, "interests") == {str(c.pk) for c in interests}
    if field != "moved_in":
        assert input_value(response, "moved_in") == form["moved_in"]
    else:
        assert input_value(response, "moved_in") == value
    # …and nothing was saved.
    resident.profile.refresh_from_db()
    assert resident.profile.display_name == "はなこ"
    assert resident.profile.moved_in is None


def test_child_category_is_not_an_interest(client, resident):
    top = Category.objects.get(slug="learning")
    child = Category.objects.create(slug="learning-piano", parent=top, names={"ja": "ピアノ"})
    client.force_login(resident)

    response = client.post(PROFILE_URL, profile_form([top], interests=[top.pk, child.pk]))

    assert field_errors(response, "interests")
    assert not resident.profile.interests.exists()


def test_profile_form_speaks_the_page_language(client, resident):
    client.force_login(resident)
    ja = client.get(PROFILE_URL).content.decode()
    en = client.get("/en/accounts/profile/").content.decode()

    for msgid in ["Languages you speak", "Moved here in", "Interests"]:
        assert in_language("ja", msgid) in ja
        assert msgid in en
    assert "Languages you speak" not in ja
