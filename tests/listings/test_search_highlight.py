"""Matched words marked with <mark> in results, across the normalisation search uses: width,
kana, synonyms, diacritics, readings; everything else escaped."""

import pytest
from bs4 import BeautifulSoup
from django.utils.safestring import SafeString

from listings.search import DEFAULT_SYNONYMS, Synonyms
from listings.search.highlight import SNIPPET_LENGTH, Highlighter
from listings.services import submit_listing
from tests.factories import ListingFactory

NO_SYNONYMS = Synonyms([])


def marked(query: str, text: str, synonyms=DEFAULT_SYNONYMS) -> str:
    return str(Highlighter(query, synonyms=synonyms).highlight(text))


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("ﾊﾟｿｺﾝ", "パソコン教室", "<mark>パソコン</mark>教室"),
        ("ぱそこん", "パソコン教室", "<mark>パソコン</mark>教室"),
        ("パソコン", "ﾊﾟｿｺﾝ修理します", "<mark>ﾊﾟｿｺﾝ</mark>修理します"),
        ("ＰＣ", "古いPCをゆずります", "古い<mark>PC</mark>をゆずります"),
        ("pc", "Free PC help", "Free <mark>PC</mark> help"),
        ("スマホ", "スマートフォンの使い方", "<mark>スマートフォン</mark>の使い方"),
        ("子供", "子ども服をゆずります", "<mark>子ども</mark>服をゆずります"),
        ("portugues", "Aulas de português", "Aulas de <mark>português</mark>"),
        (
            "tieng viet",
            "Dạy tiếng Việt cho trẻ em",
            "Dạy <mark>tiếng</mark> <mark>Việt</mark> cho trẻ em",
        ),
        ("cafe", "Café volunteers", "<mark>Café</mark> volunteers"),
        ("japanse", "Japanese conversation", "<mark>Japanese</mark> conversation"),
        ("教室", "日本語の教室です", "日本語の<mark>教室</mark>です"),
        ("日本語教室", "日本語の教室です", "<mark>日本語</mark>の<mark>教室</mark>です"),
        ("畑", "畑を貸します", "<mark>畑</mark>を貸します"),
        ("やさい", "採れたて野菜をどうぞ", "採れたて<mark>野菜</mark>をどうぞ"),
        ("こそだて", "子育て相談", "<mark>子育て</mark>相談"),
    ],
)
def test_matches_are_marked_in_what_the_poster_wrote(query, text, expected):
    assert marked(query, text) == expected


def test_latin_words_are_marked_whole_not_inside_other_words():
    assert marked("pc", "Epcot PC", synonyms=NO_SYNONYMS) == "Epcot <mark>PC</mark>"


def test_kana_typed_for_a_kanji_word_does_not_mark_a_chance_overlap():
    assert marked("やさい", "ご連絡ください") == "ご連絡ください"


def test_text_is_escaped_and_the_result_is_safe_html():
    result = Highlighter("script", synonyms=NO_SYNONYMS).highlight('<script>alert("x")</script>')

    assert isinstance(result, SafeString)
    assert str(result) == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt;"
    )


def test_overlapping_matches_make_one_mark():
    assert (
        marked("日本語 本語教室", "日本語教室", synonyms=NO_SYNONYMS) == "<mark>日本語教室</mark>"
    )


def test_the_snippet_is_cut_round_the_first_match():
    text = "あ" * 200 + "パソコンを教えます。" + "い" * 200

    snippet = str(Highlighter("ぱそこん", synonyms=NO_SYNONYMS).snippet(text))

    assert "<mark>パソコン</mark>を教えます" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_LENGTH + 2


def test_a_short_description_is_shown_whole_and_marked():
    snippet = Highlighter("野菜", synonyms=NO_SYNONYMS).snippet("野菜をおすそわけします。")
    assert str(snippet) == "<mark>野菜</mark>をおすそわけします。"


def test_without_a_match_the_snippet_is_the_start_of_the_text():
    snippet = Highlighter("畑", synonyms=NO_SYNONYMS).snippet("x" * 300)
    assert str(snippet) == "x" * SNIPPET_LENGTH + "…"


def test_punctuation_alone_marks_nothing():
    highlighter = Highlighter("・", synonyms=NO_SYNONYMS)
    assert not highlighter
    assert str(highlighter.highlight("<b>")) == "&lt;b&gt;"


@pytest.mark.django_db
def test_the_search_page_marks_titles_and_description_snippets(client):
    listing = ListingFactory(
        title="スマートフォンの使い方を教えます",
        description="LINEの登録など。スマートフォンが初めての方も歓迎です。",
    )
    submit_listing(listing=listing, by=listing.owner)
    other = ListingFactory(title="<b>ｽﾏﾎ</b> 相談", description="なんでも")
    submit_listing(listing=other, by=other.owner)

    response = client.get("/ja/listings/", {"q": "すまほ"})

    soup = BeautifulSoup(response.content, "html.parser")
    titles = {card.find("h3").get_text(): card for card in soup.select(".listing-card")}
    card = titles["スマートフォンの使い方を教えます"]
    assert [mark.get_text() for mark in card.find("h3").find_all("mark")] == ["スマートフォン"]
    snippet = card.select_one(".listing-card__snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["スマートフォン"]
    # The poster's own markup is shown as text, never as HTML.
    escaped = titles["<b>ｽﾏﾎ</b> 相談"].find("h3")
    assert escaped.find("b") is None
    assert [mark.get_text() for mark in escaped.find_all("mark")] == ["ｽﾏﾎ"]


@pytest.mark.django_db
def test_the_search_page_marks_a_kanji_word_found_by_its_reading(client):
    listing = ListingFactory(title="採れたて野菜をおすそわけ", description="朝どれです。")
    submit_listing(listing=listing, by=listing.owner)

    response = client.get("/ja/listings/", {"q": "やさい"})

    title = BeautifulSoup(response.content, "html.parser").select_one(".listing-card h3")
    assert [mark.get_text() for mark in title.find_all("mark")] == ["野菜"]
