"""DESIGN.md budget: a first page view is under 150 KB of HTML, CSS and JavaScript, with no
request to any other site."""

from urllib.parse import urlsplit

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET_BYTES = 150 * 1024


@pytest.mark.parametrize("path", ["/ja/", "/en/guides/newcomers-guide/", "/ja/accounts/signup/"])
def test_first_view_is_small_and_first_party(demo_site, browser_page, live_server, path):
    responses = []
    browser_page.on("response", lambda response: responses.append(response))

    browser_page.goto(path)
    browser_page.wait_for_load_state("networkidle")

    own_host = urlsplit(live_server.url).netloc
    foreign = [r.url for r in responses if urlsplit(r.url).netloc != own_host]
    assert not foreign, f"requests to other sites: {foreign}"
    counted = [
        r for r in responses if r.request.resource_type in {"document", "stylesheet", "script"}
    ]
    assert {r.request.resource_type for r in counted} >= {"document", "stylesheet", "script"}
    total = sum(len(r.body()) for r in counted)
    print(f"{path}: {total} bytes of HTML, CSS and JavaScript in {len(counted)} responses")
    assert total < BUDGET_BYTES
