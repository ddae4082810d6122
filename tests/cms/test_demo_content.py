"""`manage.py load_demo`: demo pages in Japanese and English, demo accounts, and idempotence."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision, Site

from accounts.demo import DEMO_PASSWORD
from accounts.models import COORDINATORS_GROUP, User
from cms import demo
from cms.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)
from messaging.models import Conversation, ConversationKind, Message

DEMO_EMAILS = {"coordinator@yui.example", "hanako@yui.example", "minh@yui.example"}


def load_demo_again() -> str:
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def in_locale(model, language_code):
    return model.objects.filter(locale__language_code=language_code)


@pytest.mark.parametrize(
    ("model", "content"),
    [
        (HomePage, demo.HOME),
        (StandardPage, demo.ABOUT),
        (GuideIndexPage, demo.GUIDES),
        (GuidePage, demo.NEWCOMER_GUIDE),
        (NewsIndexPage, demo.NEWS_INDEX),
    ],
    ids=["home", "about", "guide-index", "newcomers-guide", "news-index"],
)
def test_load_demo_creates_each_page_live_in_japanese_and_english(load_demo_output, model, content):
    ja_page = in_locale(model, "ja").get()
    en_page = in_locale(model, "en").get()
    assert (ja_page.title, en_page.title) == (content["ja"]["title"], content["en"]["title"])
    assert ja_page.live and en_page.live
    assert not ja_page.has_unpublished_changes and not en_page.has_unpublished_changes
    assert ja_page.translation_key == en_page.translation_key


def test_load_demo_creates_two_news_items_in_each_language_sharing_translation_keys(
    load_demo_output,
):
    english = Locale.objects.get(language_code="en")
    for item in demo.NEWS:
        ja_news = in_locale(NewsPage, "ja").get(slug=item["ja"]["slug"])
        en_news = ja_news.get_translation(english).specific
        assert (ja_news.title, en_news.title) == (item["ja"]["title"], item["en"]["title"])
        assert ja_news.translation_key == en_news.translation_key
        assert ja_news.date == en_news.date == item["date"]
        assert ja_news.live and en_news.live
    assert in_locale(NewsPage, "ja").count() == 2
    assert in_locale(NewsPage, "en").count() == 2


def test_load_demo_makes_the_japanese_home_the_default_site_with_office_contact(
    load_demo_output,
):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == in_locale(HomePage, "ja").get()
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    office = SiteSettings.for_site(site)
    assert office.office_name == "市民協働プラザ（ふれあいセンター2階）"
    assert office.phone == "0000-00-0000"


def test_load_demo_creates_a_coordinator_and_two_residents_with_verified_emails(
    load_demo_output,
):
    users = User.objects.filter(email__in=DEMO_EMAILS)
    assert users.count() == 3
    coordinators = User.objects.filter(groups__name=COORDINATORS_GROUP)
    assert list(coordinators.values_list("email", flat=True)) == ["coordinator@yui.example"]
    for user in users:
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (user.email, True, True)
        assert user.check_password(DEMO_PASSWORD)
        assert user.email in load_demo_output


def test_load_demo_twice_creates_nothing_twice(load_demo_output):
    models = [Page, Revision, Locale, Site, SiteSettings, User, EmailAddress, Group]
    first = {model.__name__: model.objects.count() for model in models}

    output = load_demo_again()

    assert "Demo content is ready." in output
    assert {model.__name__: model.objects.count() for model in models} == first
    assert first["Page"] == 1 + 2 * 7  # the tree root, then seven pages in each language
    assert first["Locale"] == 2


def test_load_demo_opens_one_conversation_with_two_messages_once(load_demo_output):
    direct = Conversation.objects.filter(kind=ConversationKind.DIRECT)
    conversation = direct.get()
    assert conversation.listing.ref == "demo-005"
    senders = list(conversation.messages.order_by("seq").values_list("sender__email", flat=True))
    assert senders == ["hanako@yui.example", "minh@yui.example"]
    counts = (Conversation.objects.count(), Message.objects.count())

    load_demo_again()

    assert direct.count() == 1 and conversation.messages.count() == 2
    assert (Conversation.objects.count(), Message.objects.count()) == counts
