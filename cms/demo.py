"""Demo site content in Japanese and English, loaded by `manage.py load_demo`."""

import datetime

from wagtail.models import Locale, Page, Site

from .models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)


def _cta(title, text, url, label):
    return ("call_to_action", {"title": title, "text": text, "url": url, "link_label": label})


def _paragraph(html):
    return ("paragraph", html)


def _heading(text):
    return ("heading", {"text": text, "level": "h2"})


def _faq(title, items):
    return (
        "faq",
        {"title": title, "items": [{"question": q, "answer": a} for q, a in items]},
    )


HOME = {
    "ja": {
        "title": "結 — まちの「できる」と「ほしい」をつなぐ",
        "intro": "<p>結（ゆい）は、住民どうしが得意なこと・モノ・場所・活動を"
        "「できます」「お願いしたい」で持ち寄る、まちの助け合いの場です。</p>",
        "body": [
            _cta(
                "はじめての方へ",
                "メールアドレスで登録すると、プロフィールを作って助け合いに参加できます。",
                "/ja/accounts/signup/",
                "登録する",
            ),
            _paragraph(
                "<p>運営は市民協働プラザのコーディネーターが行っています。"
                "メールやスマホをお持ちでない方は、窓口でお手伝いします。</p>"
            ),
        ],
    },
    "en": {
        "title": "Yui — connecting what neighbours can give and what they need",
        "intro": "<p>Yui is the town's place for neighbours to share skills, things, spaces "
        "and activities, as offers (“I can”) and requests (“I need”).</p>",
        "body": [
            _cta(
                "New here?",
                "Sign up with your e-mail address, make a profile and join in.",
                "/en/accounts/signup/",
                "Sign up",
            ),
            _paragraph(
                "<p>Coordinators at the Civic Collaboration Plaza run the site. If you have no "
                "e-mail or smartphone, the front desk will help you.</p>"
            ),
        ],
    },
}

ABOUT = {
    "ja": {
        "title": "結について",
        "slug": "about",
        "show_in_menus": True,
        "intro": "「結（ゆい）」は、田植えや屋根の葺き替えを近所で助け合った昔からの習わしです。",
        "body": [
            _heading("どんなことができますか"),
            _paragraph(
                "<ul><li>スマホの使い方を教える・教わる</li><li>子ども用品を譲る</li>"
                "<li>集会所の和室を借りる</li><li>料理教室や清掃活動に参加する</li></ul>"
            ),
            _heading("運営"),
            _paragraph(
                "<p>市民協働プラザが運営し、コーディネーターが掲載内容を確認しています。</p>"
            ),
        ],
    },
    "en": {
        "title": "About Yui",
        "slug": "about",
        "show_in_menus": True,
        "intro": "“Yui” is the old village custom of neighbours trading labour, "
        "from planting rice to re-thatching roofs.",
        "body": [
            _heading("What can I do here?"),
            _paragraph(
                "<ul><li>Teach or learn how to use a smartphone</li>"
                "<li>Give away children's things</li><li>Borrow the tatami room of a hall</li>"
                "<li>Join a cooking class or a clean-up</li></ul>"
            ),
            _heading("Who runs it"),
            _paragraph(
                "<p>The Civic Collaboration Plaza runs Yui; coordinators check what is posted.</p>"
            ),
        ],
    },
}

GUIDES = {
    "ja": {
        "title": "くらしのガイド",
        "slug": "guides",
        "show_in_menus": True,
        "intro": "まちでの暮らしに役立つ案内です。",
    },
    "en": {
        "title": "Guides",
        "slug": "guides",
        "show_in_menus": True,
        "intro": "Guides to everyday life in the city.",
    },
}

NEWCOMER_GUIDE = {
    "ja": {
        "title": "はじめての方へ：転入者ガイド",
        "slug": "newcomers-guide",
        "intro": "引っ越してきたばかりの方が、最初の1か月でしておくとよいことをまとめました。",
        "body": [
            _heading("市役所での手続き"),
            _paragraph(
                "<ol><li>転入届（14日以内）</li><li>マイナンバーカードの住所変更</li>"
                "<li>国民健康保険・年金</li><li>ごみの出し方カレンダーの受け取り</li></ol>"
            ),
            _heading("地域とつながる"),
            _paragraph(
                "<p>「移住・多文化共生」カテゴリには、同じように移り住んだ人たちの集まりや、"
                "やさしい日本語の教室があります。</p>"
            ),
            _faq(
                "よくある質問",
                [
                    (
                        "日本語が苦手でも参加できますか。",
                        "<p>はい。プロフィールに話せる言語を登録すると、"
                        "同じ言語を話す人が見つかりやすくなります。</p>",
                    ),
                    (
                        "相談はどこでできますか。",
                        "<p>市民協働プラザの窓口で、平日9時から17時まで受け付けています。</p>",
                    ),
                ],
            ),
        ],
    },
    "en": {
        "title": "Welcome: a newcomer's guide",
        "slug": "newcomers-guide",
        "intro": "What to do in your first month after moving to the city.",
        "body": [
            _heading("At the city office"),
            _paragraph(
                "<ol><li>Register your move-in (within 14 days)</li>"
                "<li>Update the address on your My Number card</li>"
                "<li>National health insurance and pension</li>"
                "<li>Pick up the rubbish collection calendar</li></ol>"
            ),
            _heading("Meet your neighbours"),
            _paragraph(
                "<p>The “Newcomers” category lists groups of people who moved here too, "
                "and classes in easy Japanese.</p>"
            ),
            _faq(
                "Questions",
                [
                    (
                        "Can I join if my Japanese is not good?",
                        "<p>Yes. Add the languages you speak to your profile, so people who "
                        "speak them can find you.</p>",
                    ),
                    (
                        "Where can I ask for advice?",
                        "<p>At the Civic Collaboration Plaza desk, weekdays 9:00 to 17:00.</p>",
                    ),
                ],
            ),
        ],
    },
}

NEWS_INDEX = {
    "ja": {
        "title": "お知らせ",
        "slug": "news",
        "show_in_menus": True,
        "intro": "結と市民協働プラザからのお知らせです。",
    },
    "en": {
        "title": "News",
        "slug": "news",
        "show_in_menus": True,
        "intro": "News from Yui and the Civic Plaza.",
    },
}

NEWS = [
    {
        "date": datetime.date(2026, 11, 1),
        "ja": {
            "title": "結の試験運用を始めました",
            "slug": "launch",
            "intro": "まちの助け合いサイト「結」の試験運用を始めました。ご意見をお寄せください。",
            "body": [_paragraph("<p>使い方の説明会を毎週水曜日に開いています。</p>")],
        },
        "en": {
            "title": "Yui is open for a trial",
            "slug": "launch",
            "intro": "The town's mutual-help site Yui has opened for a trial. "
            "Tell us what you think.",
            "body": [_paragraph("<p>We explain how to use it every Wednesday at the Plaza.</p>")],
        },
    },
    {
        "date": datetime.date(2026, 11, 20),
        "ja": {
            "title": "スマホ相談会（12月）のお知らせ",
            "slug": "smartphone-help-december",
            "intro": "12月の毎週土曜日、ボランティアがスマホの使い方の相談に応じます。",
            "body": [_paragraph("<p>予約は不要です。お気軽にお越しください。</p>")],
        },
        "en": {
            "title": "Smartphone help sessions in December",
            "slug": "smartphone-help-december",
            "intro": "Every Saturday in December, volunteers help with using a smartphone.",
            "body": [_paragraph("<p>No booking needed. Just drop in.</p>")],
        },
    },
]


def _publish(page, fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _ensure(parent, model, content):
    """The page of `model` with content['slug'] under parent, created and published if missing."""
    page = _child(parent, model, content["slug"])
    if page is None:
        page = model(**{key: value for key, value in content.items() if key != "body"})
        if "body" in content:
            page.body = content["body"]
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _ensure_translation(page, locale, content):
    """The translation of page into locale, created from content if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale).specific
    return _publish(translation, content)


def create_demo_pages() -> HomePage:
    """Create the demo pages in Japanese and English; existing pages are left as they are."""
    ja, _ = Locale.objects.get_or_create(language_code="ja")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()

    home = HomePage.objects.filter(locale=ja).first()
    if home is None:
        home = HomePage(
            slug="yui", locale=ja, **{k: v for k, v in HOME["ja"].items() if k != "body"}
        )
        home.body = HOME["ja"]["body"]
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        previous_root = site.root_page
        site.root_page = home
        site.save()
        if not isinstance(previous_root.specific, HomePage):
            previous_root.delete()  # Wagtail's "Welcome" placeholder page
    _ensure_translation(home, en, HOME["en"])

    about = _ensure(home, StandardPage, ABOUT["ja"])
    _ensure_translation(about, en, ABOUT["en"])

    guides = _ensure(home, GuideIndexPage, GUIDES["ja"])
    _ensure_translation(guides, en, GUIDES["en"])
    guide = _ensure(guides, GuidePage, NEWCOMER_GUIDE["ja"])
    _ensure_translation(guide, en, NEWCOMER_GUIDE["en"])

    news_index = _ensure(home, NewsIndexPage, NEWS_INDEX["ja"])
    _ensure_translation(news_index, en, NEWS_INDEX["en"])
    for item in NEWS:
        news = _ensure(news_index, NewsPage, {**item["ja"], "date": item["date"]})
        _ensure_translation(news, en, item["en"])

    settings = SiteSettings.for_site(site)
    if not settings.office_name:
        settings.office_name = "市民協働プラザ（ふれあいセンター2階）"
        settings.address = "〒000-0000 本町1-2-3"
        settings.phone = "0000-00-0000"
        settings.opening_hours = "平日 9:00〜17:00"
        settings.save()
    return home
