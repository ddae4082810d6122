"""A new resident signs up, confirms the e-mail, fills in the profile and switches to English."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "aoi.newcomer@example.jp"
PASSWORD = "Hinata-zaka 7 chome!"


def confirmation_link(outbox) -> str:
    assert len(outbox) == 1, [message.subject for message in outbox]
    assert outbox[0].to == [EMAIL]
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", outbox[0].body)
    assert match, outbox[0].body
    return match.group(0)


def test_new_resident_signs_up_fills_in_profile_and_switches_to_english(
    demo_site, live_server, browser_page
):
    page = browser_page
    page.goto("/ja/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")

    # From the top of the page, the first Tab reaches the skip link, which then shows.
    skip_link = page.get_by_role("link", name="本文へ移動")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    skip_link.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    page.get_by_role("navigation", name="メイン").get_by_role("link", name="新規登録").click()
    expect(page).to_have_url(re.compile(r"/ja/accounts/signup/$"))
    page.get_by_label("Eメール").fill(EMAIL)
    page.get_by_label(re.compile(r"^パスワード(?!\s*\(再入力)")).fill(PASSWORD)
    page.get_by_label("パスワード (再入力)").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="ユーザー登録").click()

    expect(page).to_have_url(re.compile(r"/ja/accounts/confirm-email/$"))
    link = confirmation_link(mail.outbox)
    assert link.startswith(f"{live_server.url}/ja/")

    page.goto(link)
    page.get_by_role("main").get_by_role("button", name="確認", exact=True).click()

    # Confirming logs the new resident in and lands on their account page.
    expect(page).to_have_url(re.compile(r"/ja/accounts/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")
    user = User.objects.get(email=EMAIL)
    assert user.emailaddress_set.get().verified

    page.get_by_role("link", name="プロフィールを編集").click()
    page.get_by_label("表示名").fill("あおい")
    page.get_by_label("地域").fill("城東")
    page.get_by_role("group", name="話せる言語").get_by_label("ベトナム語").check()
    page.get_by_label("大きな文字").check()
    page.get_by_role("main").get_by_role("button", name="保存する").click()

    expect(page).to_have_url(re.compile(r"/ja/accounts/$"))
    expect(page.get_by_role("status")).to_contain_text("プロフィールを保存しました。")
    profile_section = page.get_by_role("region", name="プロフィール")
    expect(profile_section).to_contain_text("あおい")
    expect(profile_section).to_contain_text("城東")
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    profile = User.objects.get(email=EMAIL).profile
    assert profile.spoken_languages == ["vi"]
    assert profile.large_text

    page.get_by_label("言語 / Language").select_option("en")
    page.get_by_role("button", name="変更").click()

    expect(page).to_have_url(re.compile(r"/en/accounts/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_label("Language", exact=True)).to_have_value("en")

    # The choice sticks: the next visit to the bare site goes to the English pages.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("connecting what neighbours")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("My account")
    assert User.objects.get(email=EMAIL).profile.language == "en"
