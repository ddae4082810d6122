"""Coordinators keep the list of areas in the admin; the demo loader brings the demo ones."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from listings.demo import AREAS
from listings.demo_areas import DEMO_AREAS, create_demo_areas
from listings.models import Area

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_listings_area:list"
ADD_URL = "wagtailsnippets_listings_area:add"
EDIT_URL = "wagtailsnippets_listings_area:edit"
DELETE_URL = "wagtailsnippets_listings_area:delete"


def add_area(client, **fields):
    data = querydict_from_html(
        client.get(reverse(ADD_URL)).content.decode(), form_id="w-editor-form"
    )
    data.update(fields)
    return client.post(reverse(ADD_URL), data, HTTP_ACCEPT_LANGUAGE="en")


def test_coordinator_adds_an_area_with_names_and_a_centre(client, coordinator):
    client.force_login(coordinator)

    response = add_area(
        client,
        name="羽黒",
        name_ja="羽黒",
        name_en="Haguro",
        latitude="35.3920",
        longitude="136.9560",
        position="9",
    )

    assert response.status_code == 302
    area = Area.objects.get(name="羽黒")
    assert area.names == {"ja": "羽黒", "en": "Haguro"}
    assert (area.latitude, area.longitude, area.position) == (35.392, 136.956, 9)


def test_a_centre_needs_both_coordinates_in_range(client, coordinator):
    client.force_login(coordinator)

    half = add_area(client, name="楽田", name_ja="楽田", latitude="35.39", longitude="")
    out_of_range = add_area(client, name="楽田", name_ja="楽田", latitude="95", longitude="136.9")

    for response, field in ((half, "longitude"), (out_of_range, "latitude")):
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert (
            "w-field--error"
            in soup.select_one(f"#id_{field}").find_parent(class_="w-field")["class"]
        )
    assert not Area.objects.filter(name="楽田").exists()


def test_the_list_shows_the_areas_in_order(client, coordinator):
    create_demo_areas()
    client.force_login(coordinator)

    page = client.get(reverse(LIST_URL), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    positions = [page.index(english) for _name, english, _lat, _lon in DEMO_AREAS]
    assert positions == sorted(positions)


def test_residents_are_refused(client, resident):
    create_demo_areas()
    area = Area.objects.get(name="本町")
    client.force_login(resident)

    for url in (reverse(LIST_URL), reverse(ADD_URL), reverse(EDIT_URL, args=[area.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(reverse(ADD_URL), {"name": "乗っ取り", "name_ja": "乗っ取り"})
    client.post(reverse(DELETE_URL, args=[area.pk]))

    assert not Area.objects.filter(name="乗っ取り").exists()
    assert Area.objects.filter(pk=area.pk).exists()


def test_demo_areas_cover_the_demo_listings_and_load_once():
    created = create_demo_areas()
    again = create_demo_areas()

    assert len(created) == len(DEMO_AREAS) >= 8
    assert again == []
    assert Area.objects.count() == len(DEMO_AREAS)
    areas = {area.name: area for area in Area.objects.all()}
    for name, (latitude, longitude) in AREAS.items():
        assert (areas[name].latitude, areas[name].longitude) == (latitude, longitude)
        assert set(areas[name].names) == {"ja", "en"}
    for area in areas.values():
        assert abs(area.latitude - 35.37) < 0.05 and abs(area.longitude - 136.94) < 0.05
