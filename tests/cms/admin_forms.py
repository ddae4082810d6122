"""Fill in Wagtail admin forms the way a browser would: read the form, change fields, post it.

StreamFields are drawn by JavaScript in the browser, so their data is given explicitly, in
the format Wagtail's own test helpers (`wagtail.test.utils.form_data`) produce.
"""

from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

PAGE_FORM_ID = "page-edit-form"


def form_fields(client: Client, url: str, form_id: str) -> QueryDict:
    """The fields of the form `form_id` on the admin page at url, as the browser would send them."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return querydict_from_html(response.content.decode(), form_id=form_id)


def publish_page_form(client: Client, url: str, fields: dict, body=None):
    """Open the page create or edit form at url, change fields (and body), press Publish."""
    data = form_fields(client, url, PAGE_FORM_ID)
    data.update(fields)
    if body is not None:
        data.update(nested_form_data({"body": streamfield(body)}))
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model, parent) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
