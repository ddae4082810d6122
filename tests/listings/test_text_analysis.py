"""The search text analysis on its own: normalisation, terms, queries, synonyms, readings."""

import re
import sqlite3
import unicodedata

import pytest

from listings.search import (
    Synonyms,
    closest_words,
    document_terms,
    latin_trigrams,
    normalize,
    query_terms,
    trigram_similarity,
)

NO_SYNONYMS = Synonyms([])


def finds(query: str, document: str, **options) -> bool:
    return query_terms(query, **options).matches(document_terms(document, readings=True))


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("ﾊﾟｿｺﾝ", "パソコン"),
        ("ﾊ゜ｿｺﾝ", "パソコン"),
        ("ＰＣ", "pc"),
        ("Pc", "pc"),
        ("ぱそこん", "パソコン"),
        ("português", "portugues"),
        ("tiếng Việt", "tieng viet"),
        ("café", "cafe"),
        ("Đà Nẵng", "da nang"),
        ("コンピューター", "コンピュータ"),
        ("ｺﾝﾋﾟｭｰﾀｰ", "コンピュータ"),
        ("コンピュ－タ", "コンピュータ"),
        ("ビール", "ビール"),
        ("ソーシャル・メディア", "ソーシャルメディア"),
        ("福祉・介護", "福祉 介護"),
    ],
)
def test_normalize_folds_spellings_residents_type(typed, normalized):
    assert normalize(typed) == normalized


def test_normalize_keeps_dakuten_composed():
    assert normalize("パ") == "パ"
    assert normalize("ガイド") == "ガイド"
    assert all(not unicodedata.combining(c) for c in normalize("ﾊﾟｿｺﾝ ｶﾞｲﾄﾞ café"))


def test_every_term_is_one_token_of_letters_and_digits():
    text = "ﾊﾟｿｺﾝ教室 (PC) — tiếng Việt, 子育て・野菜! e-mail: a_b@example.jp 10分"
    for term in document_terms(text, readings=True):
        assert re.fullmatch(r"[^\W_]+", term), term
        assert all(unicodedata.category(c)[0] in "LN" for c in term), term


def test_cjk_runs_become_bigrams_and_kanji_unigrams():
    terms = document_terms("日本語の教室")
    assert terms[:5] == ["日本", "本語", "語ノ", "ノ教", "教室"]
    assert set(terms[5:]) == {"日", "本", "語", "教", "室"}


def test_latin_words_and_numbers_are_split_from_cjk():
    assert document_terms("PC教室 10分") == ["pc", "教室", "教", "室", "10", "分"]


def test_word_inside_unsegmented_text():
    assert finds("教室", "日本語の教室です")


def test_long_query_matches_with_a_particle_between_its_words():
    for document in ("日本語教室", "日本語の教室"):
        assert finds("日本語教室", document)
        assert finds("料理教室", document.replace("日本語", "料理"), synonyms=NO_SYNONYMS)


def test_split_match_ranks_below_the_whole_phrase():
    query = query_terms("料理教室", synonyms=NO_SYNONYMS)
    whole, split = document_terms("料理教室です"), document_terms("料理の教室です")
    assert query.matches(whole) and query.matches(split)
    assert query.exact().matches(whole)
    assert not query.exact().matches(split)


def test_bigrams_must_stand_next_to_each_other():
    assert not finds("日本語", "日本の語学")
    assert not finds("やさい", "やさしく教えます。ご連絡ください")


@pytest.mark.parametrize(("query", "document"), [("畑", "市民農園の畑"), ("犬", "犬の散歩")])
def test_one_kanji_query(query, document):
    assert finds(query, document)


def test_two_character_query():
    assert finds("介護", "高齢者の介護について相談")
    assert not finds("介護", "保護犬の紹介")


@pytest.mark.parametrize("query", ["ﾊﾟｿｺﾝ", "パソコン", "ＰＣ", "pc", "ぱそこん"])
def test_width_case_and_kana_variants_find_each_other(query):
    assert finds(query, "パソコン教室")
    assert finds(query, "PCの使い方")


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("子供", "子どもの服をゆずります"),
        ("こども", "子供服"),
        ("子ども", "こども食堂"),
        ("スマホ", "スマートフォンの使い方"),
        ("スマートフォン", "スマホ教室"),
        ("スマホ教室", "スマートフォン教室"),
        ("パソコン", "PC pour débutants"),
        ("PC", "古いパソコンをあげます"),
    ],
)
def test_synonyms_expand_the_query(query, document):
    assert finds(query, document)


def test_synonym_groups_are_normalized_and_latin_ones_match_whole_words():
    synonyms = Synonyms([("ＰＣ", "ﾊﾟｿｺﾝ"), ("畑", "はたけ")])
    assert synonyms.group("pc") == ("pc", "パソコン")
    assert synonyms.group("ハタケ") == ("畑", "ハタケ")
    assert finds("pc", "パソコン", synonyms=synonyms)
    assert not finds("epcot", "パソコン", synonyms=synonyms)


def test_synonyms_apply_at_query_time_only():
    assert document_terms("スマホ") == ["スマ", "マホ"]


@pytest.mark.parametrize(
    ("query", "document"),
    [("portugues", "Aulas de português"), ("tieng viet", "Dạy tiếng Việt"), ("cafe", "Café")],
)
def test_latin_text_with_or_without_diacritics(query, document):
    assert finds(query, document)
    assert finds(normalize(document), document)
    assert finds(document, normalize(document))


@pytest.mark.parametrize(("query", "document"), [("こそだて", "子育て支援"), ("やさい", "野菜")])
def test_kana_reading_finds_kanji(query, document):
    assert finds(query, document)
    assert not query_terms(query).matches(document_terms(document))  # readings are opt-in


def test_reading_is_not_found_in_kana_across_words():
    assert finds("やさい", "野菜をください")
    assert not finds("やさい", "ご連絡ください")
    assert not finds("やさい", "やさしい先生です。お気軽にください")


def test_readings_are_indexed_apart_from_the_surface():
    terms = document_terms("野菜", readings=True)
    assert terms == ["野菜", "野", "菜", "yヤサ", "yサイ"]


def test_latin_trigrams_for_typos():
    assert latin_trigrams("Japanese") == {
        "  j",
        " ja",
        "jap",
        "apa",
        "pan",
        "ane",
        "nes",
        "ese",
        "se ",
    }
    assert latin_trigrams("日本語") == set()
    assert trigram_similarity("japanse", "Japanese") == pytest.approx(6 / 11)
    assert trigram_similarity("japanse", "portuguese") < 0.2
    assert set(closest_words("japanse", ["portuguese", "japanese", "japan"])) == {
        "japanese",
        "japan",
    }


def test_empty_query_matches_nothing():
    for typed in ("", "  ・ ", "の"):
        query = query_terms(typed)
        assert not query
        assert not query.matches(document_terms("の"))


def test_all_words_must_match_and_relaxed_needs_one():
    query = query_terms("犬 ガーデニング", synonyms=NO_SYNONYMS)
    terms = document_terms("犬の散歩")
    assert not query.matches(terms)
    assert query.relaxed().matches(terms)


def test_rendered_queries():
    query = query_terms("やさい 畑", synonyms=NO_SYNONYMS)
    assert query.to_fts5() == '("ヤサ サイ" OR "yヤサ yサイ") AND "畑"'
    assert query.to_tsquery() == "('ヤサ' <-> 'サイ' | 'yヤサ' <-> 'yサイ') & '畑'"


def test_analysis_is_deterministic():
    text = "子育て中の方へ：野菜とﾊﾟｿｺﾝ、tiếng Việt も教えます。"
    assert document_terms(text, readings=True) == document_terms(text, readings=True)
    assert query_terms(text) == query_terms(text)
    assert query_terms(text).to_fts5() == query_terms(text).to_fts5()


def test_sqlite_fts5_agrees_with_query_matches():
    """The terms survive FTS5's tokenizer and its phrase queries mean what ``matches`` means."""
    documents = [
        "日本語の教室です",
        "ご連絡ください",
        "野菜をつくる畑",
        "スマートフォン講座",
        "Café",
    ]
    queries = ["教室", "日本語教室", "やさい", "畑", "スマホ", "cafe", "ください", "語の教"]
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(terms)")
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no FTS5")
    db.executemany(
        "INSERT INTO docs (rowid, terms) VALUES (?, ?)",
        [(i, " ".join(document_terms(d, readings=True))) for i, d in enumerate(documents)],
    )
    for typed in queries:
        query = query_terms(typed)
        found = {
            row
            for (row,) in db.execute("SELECT rowid FROM docs WHERE docs MATCH ?", [query.to_fts5()])
        }
        expected = {
            i for i, d in enumerate(documents) if query.matches(document_terms(d, readings=True))
        }
        assert found == expected, typed
        assert found, typed
