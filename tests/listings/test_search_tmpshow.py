from tests.listings.search_cases import CASES
from tests.listings.test_search_quality import ranked_keys


def test_show(indexed_listings, capsys):
    with capsys.disabled():
        for case in CASES:
            found = ranked_keys(indexed_listings, case.query)
            extra = [k for k in found if k not in case.expected]
            if extra:
                print(case.query, "expected", sorted(case.expected), "found", found)
        for q in ["書道 ヨガ", "日本語 ボランティア", "料理 子ども", "japanese volunteer", "パソコン 修理", "犬 散歩", "野菜 畑"]:
            print(q, ranked_keys(indexed_listings, q))
