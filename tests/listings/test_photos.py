"""Listing photos: only real JPEG, PNG and WebP photos are stored, re-encoded without EXIF (no
GPS position), upright, with a thumbnail; at most six per listing; only editors change them."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from listings.models import MAX_PHOTOS_PER_LISTING, Category, Listing, ListingPhoto, Status
from listings.photos import MAX_UPLOAD_BYTES, THUMBNAIL_EDGE
from listings.services import add_listing_photos, remove_listing_photo, submit_listing
from tests.accounts.markup import field_errors, parse
from tests.factories import ListingFactory
from tests.listings.test_post_listing import NEW_URL, listing_form

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def image_bytes(fmt="JPEG", size=(640, 480), mode="RGB", color=(200, 80, 40), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps(size=(640, 480), orientation=None) -> bytes:
    """A JPEG as a phone makes it: camera make, GPS position and, optionally, an orientation.
    The top half is red and the bottom half blue, so a rotation can be seen."""
    image = Image.new("RGB", size, (220, 0, 0))
    image.paste((0, 0, 220), (0, size[1] // 2, size[0], size[1]))
    exif = Image.Exif()
    exif[MAKE] = "YuiTestCamera"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (35.0, 22.0, 43.0)
    gps[3] = "E"
    gps[4] = (136.0, 56.0, 40.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(field) -> Image.Image:
    field.open("rb")
    try:
        image = Image.open(io.BytesIO(field.read()))
        image.load()
        return image
    finally:
        field.close()


def raw(field) -> bytes:
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


@pytest.fixture
def digital():
    return Category.objects.get(slug="digital")


def test_a_jpeg_with_gps_is_stored_without_any_exif_and_with_a_thumbnail(
    client, resident, digital, media_root
):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise
    client.force_login(resident)

    response = client.post(
        NEW_URL,
        listing_form(
            digital,
            action="publish",
            photos=[upload(original)],
            photo_alt_text="黒いノートパソコン",
        ),
    )

    assert response.status_code == 302
    listing = Listing.objects.get()
    assert listing.status == Status.PUBLISHED
    photo = listing.photos.get()
    assert photo.alt_text == "黒いノートパソコン"
    for field in (photo.image, photo.thumbnail):
        image = opened(field)
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(GPS_IFD) == {}
        assert "exif" not in image.info
        data = raw(field)
        assert b"Exif" not in data
        assert b"YuiTestCamera" not in data
    assert (photo.width, photo.height) == opened(photo.image).size == (640, 480)
    assert max(opened(photo.thumbnail).size) == THUMBNAIL_EDGE
    # Stored under random names, not the uploaded one.
    assert "photo.jpg" not in photo.image.name
    assert len(stored_files(media_root)) == 2


def test_the_photo_is_turned_upright_from_its_exif_orientation(resident):
    listing = ListingFactory(owner=resident)
    # Orientation 6: the camera was turned; the picture must be rotated 90° clockwise.
    [photo] = add_listing_photos(
        listing=listing, by=resident, files=[upload(jpeg_with_gps((300, 200), orientation=6))]
    )

    image = opened(photo.image).convert("RGB")
    assert image.size == (200, 300)
    red_side, blue_side = image.getpixel((180, 150)), image.getpixel((20, 150))
    assert red_side[0] > 150 and red_side[2] < 80
    assert blue_side[2] > 150 and blue_side[0] < 80
    assert opened(photo.thumbnail).size == (200, 300)
    assert dict(opened(photo.image).getexif()) == {}


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("photo.png", image_bytes("PNG", mode="RGBA", color=(0, 120, 0, 128)), "image/png"),
        ("photo.webp", image_bytes("WEBP", size=(1200, 900)), "image/webp"),
        # The content decides, not the name: a PNG called .jpg is a PNG, and is accepted.
        ("named-wrongly.jpg", image_bytes("PNG"), "image/jpeg"),
    ],
)
def test_png_and_webp_photos_are_accepted_and_stored_as_jpeg(
    client, resident, digital, name, data, content_type
):
    client.force_login(resident)

    response = client.post(
        NEW_URL, listing_form(digital, photos=[upload(data, name, content_type)])
    )

    assert response.status_code == 302
    photo = ListingPhoto.objects.get()
    assert opened(photo.image).format == "JPEG"
    assert max(opened(photo.thumbnail).size) <= THUMBNAIL_EDGE


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def truncated_jpeg() -> bytes:
    data = jpeg_with_gps()
    return data[: len(data) // 2]


def huge_png_header() -> bytes:
    """A 1-bit 8000 × 6000 image (48 million pixels) is a few kilobytes as a PNG."""
    return image_bytes("PNG", size=(8000, 6000), mode="1", color=0)


def too_big_file() -> bytes:
    return image_bytes("JPEG") + b"\0" * (MAX_UPLOAD_BYTES + 1)


NOT_A_PHOTO = "is not a JPEG, PNG or WebP photo"
REFUSED = {
    "svg": ("drawing.svg", svg, "image/svg+xml", NOT_A_PHOTO),
    "svg named jpg": ("photo.jpg", svg, "image/jpeg", NOT_A_PHOTO),
    "gif": ("anim.gif", lambda: image_bytes("GIF"), "image/gif", NOT_A_PHOTO),
    "html named jpg": ("photo.jpg", lambda: b"<!doctype html><p>hi", "image/jpeg", NOT_A_PHOTO),
    "text named jpg": ("photo.jpg", lambda: "写真です".encode(), "image/jpeg", NOT_A_PHOTO),
    "truncated jpeg": ("photo.jpg", truncated_jpeg, "image/jpeg", "damaged or incomplete"),
    "over 40 megapixels": ("big.png", huge_png_header, "image/png", "at most 40 million pixels"),
    "over 10 MB": ("big.jpg", too_big_file, "image/jpeg", "larger than 10.0"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_is_not_an_acceptable_photo_is_refused_next_to_the_field(
    client, resident, digital, media_root, case
):
    name, make, content_type, message = REFUSED[case]
    client.force_login(resident)

    response = client.post(
        NEW_URL,
        listing_form(digital, title="写真つき", photos=[upload(make(), name, content_type)]),
    )

    assert response.status_code == 200
    errors = field_errors(response, "photos")
    assert len(errors) == 1
    assert message in errors[0] and name in errors[0]
    assert not Listing.objects.exists()
    assert not ListingPhoto.objects.exists()
    assert stored_files(media_root) == []
    # What was typed is kept; the files cannot be, and the page says so.
    assert parse(response).find("input", attrs={"name": "title"})["value"] == "写真つき"
    assert "please choose them again" in response.content.decode()


def test_the_service_refuses_a_forged_file_too(resident, media_root):
    listing = ListingFactory(owner=resident)

    with pytest.raises(ValidationError) as refused:
        add_listing_photos(listing=listing, by=resident, files=[upload(svg(), "x.jpg")])

    assert NOT_A_PHOTO in refused.value.message_dict["photos"][0]
    assert stored_files(media_root) == []


def test_when_another_field_is_wrong_the_page_asks_to_choose_the_photos_again(
    client, resident, digital, media_root
):
    client.force_login(resident)

    response = client.post(
        NEW_URL, listing_form(digital, title="", photos=[upload(jpeg_with_gps())])
    )

    assert response.status_code == 200
    summary = parse(response).select_one(".form-errors")
    assert "The photos you chose were not saved: please choose them again" in summary.text
    assert stored_files(media_root) == []

    without_photos = client.post(NEW_URL, listing_form(digital, title=""))
    assert "choose them again" not in without_photos.content.decode()


def small_jpeg(n=0) -> SimpleUploadedFile:
    return upload(image_bytes("JPEG", size=(64, 48), color=(10 * n, 100, 100)), f"p{n}.jpg")


def test_six_photos_at_most_when_posting(client, resident, digital, media_root):
    client.force_login(resident)

    response = client.post(
        NEW_URL,
        listing_form(digital, photos=[small_jpeg(n) for n in range(MAX_PHOTOS_PER_LISTING + 1)]),
    )

    assert field_errors(response, "photos") == [
        "A listing can have at most 6 photos; this would make 7. "
        "Remove some photos or choose fewer."
    ]
    assert not Listing.objects.exists()
    assert stored_files(media_root) == []

    client.post(
        NEW_URL,
        listing_form(digital, photos=[small_jpeg(n) for n in range(MAX_PHOTOS_PER_LISTING)]),
    )
    assert Listing.objects.get().photos.count() == MAX_PHOTOS_PER_LISTING


@pytest.fixture
def listing_with_six_photos(resident):
    listing = ListingFactory(owner=resident)
    add_listing_photos(
        listing=listing, by=resident, files=[small_jpeg(n) for n in range(MAX_PHOTOS_PER_LISTING)]
    )
    return listing


def test_a_seventh_photo_is_refused_by_the_form_and_by_the_service(
    client, resident, digital, listing_with_six_photos, media_root
):
    listing = listing_with_six_photos
    files_before = sorted(stored_files(media_root))
    client.force_login(resident)

    response = client.post(
        f"/en/listings/{listing.pk}/edit/", listing_form(digital, photos=[small_jpeg(7)])
    )

    assert response.status_code == 200
    assert "this would make 7" in field_errors(response, "photos")[0]
    with pytest.raises(ValidationError) as refused:
        add_listing_photos(listing=listing, by=resident, files=[small_jpeg(8)])
    assert "this would make 7" in refused.value.message_dict["photos"][0]
    assert listing.photos.count() == MAX_PHOTOS_PER_LISTING
    assert sorted(stored_files(media_root)) == files_before


def test_removing_one_makes_room_for_another_in_the_same_edit(
    client, resident, digital, listing_with_six_photos, django_capture_on_commit_callbacks
):
    listing = listing_with_six_photos
    first = listing.photos.first()
    client.force_login(resident)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/listings/{listing.pk}/edit/",
            listing_form(digital, photos=[small_jpeg(7)], **{f"photo_{first.pk}_remove": "on"}),
        )

    assert response.status_code == 302
    assert listing.photos.count() == MAX_PHOTOS_PER_LISTING
    assert not listing.photos.filter(pk=first.pk).exists()
    storage = first.image.storage
    assert not storage.exists(first.image.name)
    assert not storage.exists(first.thumbnail.name)


def test_the_owner_describes_and_removes_photos_on_the_edit_page(
    client, resident, digital, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=resident)
    kept, removed = add_listing_photos(
        listing=listing, by=resident, files=[small_jpeg(1), small_jpeg(2)], alt_text="机"
    )
    client.force_login(resident)
    url = f"/en/listings/{listing.pk}/edit/"

    page = parse(client.get(url))
    assert page.find("form", attrs={"data-listing-form": True})["enctype"] == "multipart/form-data"
    assert page.find("label", attrs={"for": f"id_photo_{kept.pk}_alt"}).text.strip()
    assert page.find("label", attrs={"for": f"id_photo_{removed.pk}_remove"})
    assert page.find("img", src=kept.thumbnail.url)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            listing_form(
                digital,
                **{
                    f"photo_{kept.pk}_alt": "木の机と椅子",
                    f"photo_{removed.pk}_alt": "机",
                    f"photo_{removed.pk}_remove": "on",
                },
            ),
        )

    assert list(listing.photos.values_list("alt_text", flat=True)) == ["木の机と椅子"]
    assert not removed.image.storage.exists(removed.image.name)
    assert kept.image.storage.exists(kept.image.name)


def test_another_resident_cannot_add_or_remove_photos(client, resident, other_resident, digital):
    listing = submit_listing(listing=ListingFactory(owner=resident), by=resident)
    [photo] = add_listing_photos(listing=listing, by=resident, files=[small_jpeg(1)])
    draft = ListingFactory(owner=resident)
    client.force_login(other_resident)

    added = client.post(
        f"/en/listings/{listing.pk}/edit/", listing_form(digital, photos=[small_jpeg(2)])
    )
    removed = client.post(
        f"/en/listings/{listing.pk}/edit/",
        listing_form(digital, **{f"photo_{photo.pk}_remove": "on"}),
    )
    on_draft = client.post(
        f"/en/listings/{draft.pk}/edit/", listing_form(digital, photos=[small_jpeg(3)])
    )

    assert added.status_code == removed.status_code == 403
    assert on_draft.status_code == 404  # not even visible to them
    assert list(listing.photos.all()) == [photo]
    assert not draft.photos.exists()
    with pytest.raises(PermissionDenied):
        add_listing_photos(listing=listing, by=other_resident, files=[small_jpeg(4)])
    with pytest.raises(PermissionDenied):
        remove_listing_photo(photo=photo, by=other_resident)
    assert photo.image.storage.exists(photo.image.name)


def test_a_coordinator_may_remove_a_residents_photo(resident, coordinator):
    listing = ListingFactory(owner=resident)
    [photo] = add_listing_photos(listing=listing, by=resident, files=[small_jpeg(1)])

    remove_listing_photo(photo=photo, by=coordinator)

    assert not listing.photos.exists()


def test_my_listings_show_the_first_photo(client, resident):
    listing = ListingFactory(owner=resident, title="写真のある掲載")
    first, _second = add_listing_photos(
        listing=listing, by=resident, files=[small_jpeg(1), small_jpeg(2)], alt_text="椅子"
    )
    for _ in range(3):
        other = ListingFactory(owner=resident)
        add_listing_photos(listing=other, by=resident, files=[small_jpeg(3)])
    client.force_login(resident)

    response = client.get("/en/listings/mine/")

    card = parse(response).find("li", id=f"listing-{listing.pk}")
    thumbnails = card.select("img.card-thumbnail")
    assert [img["src"] for img in thumbnails] == [first.thumbnail.url]
    assert thumbnails[0]["alt"] == "椅子"
    assert len(parse(response).select("img.card-thumbnail")) == 4


def test_demo_listings_have_photos_and_places_and_load_once(demo_site, media_root):
    call_command("load_demo", stdout=io.StringIO())
    photos = ListingPhoto.objects.count()
    call_command("load_demo", stdout=io.StringIO())

    assert ListingPhoto.objects.count() == photos
    published = Listing.objects.published()
    with_photos = published.filter(photos__isnull=False).distinct()
    assert with_photos.count() >= 8
    assert not ListingPhoto.objects.filter(alt_text="").exists()
    places = set(published.exclude(latitude=None).values_list("latitude", "longitude"))
    assert len(places) >= 20
    for latitude, longitude in places:
        assert 35.3 < latitude < 35.45 and 136.85 < longitude < 137.0
    photo = ListingPhoto.objects.first()
    assert opened(photo.image).format == "JPEG"
    assert max(opened(photo.thumbnail).size) == THUMBNAIL_EDGE


def test_search_results_show_each_listings_first_photo_in_a_fixed_number_of_queries(
    client, resident
):
    def publish_with_photo(n):
        listing = ListingFactory(owner=resident, title=f"パソコン {n}")
        add_listing_photos(listing=listing, by=resident, files=[small_jpeg(n)], alt_text=f"写真{n}")
        return submit_listing(listing=listing, by=resident)

    def queries_for_page() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/listings/", {"q": "パソコン"})
        return len(queries), [img["alt"] for img in parse(response).select("img.card-thumbnail")]

    publish_with_photo(1)
    queries_for_page()  # the first search creates the site settings and caches the synonyms
    few, alts = queries_for_page()
    assert alts == ["写真1"]
    for n in range(2, 6):
        publish_with_photo(n)
    many, alts = queries_for_page()
    assert sorted(alts) == [f"写真{n}" for n in range(1, 6)]
    assert many == few


@pytest.mark.parametrize(
    ("mode", "color", "fmt", "grey"),
    [
        ("I;16", 30000, "PNG", 116),  # 16-bit greyscale: scaled, not clipped to white
        ("CMYK", (0, 0, 0, 128), "JPEG", 127),
        ("P", 7, "PNG", None),
        ("LA", (90, 255), "PNG", 90),
    ],
)
def test_unusual_colour_modes_become_ordinary_photos(resident, mode, color, fmt, grey):
    listing = ListingFactory(owner=resident)
    data = image_bytes(fmt, size=(120, 90), mode=mode, color=color)

    [photo] = add_listing_photos(listing=listing, by=resident, files=[upload(data, "p.img")])

    image = opened(photo.image)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (120, 90))
    if grey is not None:
        assert abs(image.convert("L").getpixel((60, 45)) - grey) <= 3
