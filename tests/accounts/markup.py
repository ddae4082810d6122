"""Reading rendered pages as a resident (and a screen reader) meets them.

Each form field is rendered by site/templates/django/forms/field.html: a `div.field` holding
the label, the help text, the errors as `<ul class="errorlist" id="id_<name>_error">` and the
control, which names the error list in `aria-describedby`.
"""

import re

from bs4 import BeautifulSoup
from django.contrib import auth
from django.utils import translation

CONFIRMATION_LINK = re.compile(r"https?://testserver(/\S+)")


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def in_language(language: str, message: str) -> str:
    """`message` as the catalogs translate it into `language`."""
    with translation.override(language):
        return translation.gettext(message)


def field_errors(response, name: str) -> list[str]:
    """The errors shown next to field `name`, after checking that they are tied to it."""
    page = parse(response)
    error_id = f"id_{name}_error"
    error_list = page.find("ul", id=error_id)
    assert error_list is not None, f"no error list next to {name!r}"
    assert "errorlist" in error_list["class"]
    wrapper = error_list.find_parent("div", class_="field")
    assert wrapper is not None and "field--error" in wrapper["class"]
    inputs = wrapper.find_all(attrs={"name": name})
    assert inputs, f"the error list for {name!r} is not in that field's wrapper"
    described = wrapper.find("fieldset") or inputs[0]
    assert error_id in described.get("aria-describedby", "").split()
    assert all(control.get("aria-invalid") == "true" for control in inputs)
    return [item.get_text(" ", strip=True) for item in error_list.find_all("li")]


def fields_with_errors(response) -> set[str]:
    return {
        error_list["id"].removeprefix("id_").removesuffix("_error")
        for error_list in parse(response).find_all("ul", id=re.compile(r"^id_.+_error$"))
    }


def input_value(response, name: str) -> str | None:
    control = parse(response).find(["input", "textarea"], attrs={"name": name})
    assert control is not None, f"no control named {name!r}"
    if control.name == "textarea":
        return control.get_text().strip()
    return control.get("value")


def checked_values(response, name: str) -> set[str]:
    controls = parse(response).find_all("input", attrs={"name": name})
    assert controls, f"no control named {name!r}"
    return {control["value"] for control in controls if control.has_attr("checked")}


def html_classes(response) -> list[str]:
    return parse(response).html.get("class", [])


def link_in_mail(message) -> str:
    """The path of the one link in an e-mail's body."""
    links = CONFIRMATION_LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]


def logged_in_user(client):
    """Who the client's session belongs to (AnonymousUser if nobody)."""
    return auth.get_user(client)
