"""Imported listings are searchable at once: the import writes their search documents."""

import pytest

from listings.importing import import_listings
from listings.models import Listing
from tests.listings.import_files import write_csv

pytestmark = pytest.mark.django_db


def test_imported_listings_are_found_by_keyword_search(tmp_path):
    path = write_csv(
        tmp_path / "register.csv",
        [
            {
                "ref": "R-1",
                "kind": "activity",
                "direction": "offer",
                "title": "シニア向けパソコン教室",
                "description": "毎週木曜日に公民館で開いています。",
                "category": "digital",
            },
            {
                "ref": "R-2",
                "kind": "item",
                "direction": "offer",
                "title": "Cadeira de bebê",
                "description": "Em bom estado, para doação.",
                "category": "goods-children",
            },
        ],
    )

    import_listings(path=path)

    assert [listing.ref for listing in Listing.objects.published().search("ﾊﾟｿｺﾝ")] == ["R-1"]
    assert [listing.ref for listing in Listing.objects.published().search("bebe")] == ["R-2"]


def test_readings_of_imported_listings_are_indexed_after_commit(
    tmp_path, django_capture_on_commit_callbacks
):
    """The import writes documents without readings (fast), then a task adds them once the
    import has committed."""
    rows = [
        {
            "ref": f"R-{number}",
            "kind": "activity",
            "direction": "offer",
            "title": title,
            "description": "毎週土曜日に開いています。",
            "category": "hobbies",
            "tags": "野菜",
        }
        for number, title in enumerate(["子育て中のお母さんの集まり", "畑で野菜づくり"])
    ]
    path = write_csv(tmp_path / "register.csv", rows)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_listings(path=path)
    assert not Listing.objects.published().search("こそだて").exists()
    assert [listing.ref for listing in Listing.objects.published().search("子育て")] == ["R-0"]

    for callback in callbacks:
        callback()  # what the commit does: the immediate task backend runs the task now

    assert [listing.ref for listing in Listing.objects.published().search("こそだて")] == ["R-0"]
    # A tag's reading is indexed too, for every listing that has it.
    assert {listing.ref for listing in Listing.objects.published().search("やさい")} == {
        "R-0",
        "R-1",
    }
