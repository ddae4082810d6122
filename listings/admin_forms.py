"""Forms of the coordinators' listing tools in the Wagtail admin (``wagtail_hooks.py``)."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Category
from .search.analysis import normalize


def name_field(code: str) -> str:
    """The form field holding the name in the site language ``code`` (``pt-br`` → name_pt_br)."""
    return "name_" + code.replace("-", "_")


NAME_FIELDS = [name_field(code) for code, _name in settings.LANGUAGES]


def _names_form_fields() -> dict[str, forms.Field]:
    return {
        name_field(code): forms.CharField(
            label=format_lazy(_("Name ({language})"), language=language_name),
            max_length=80,
            required=code == settings.LANGUAGE_CODE,
        )
        for code, language_name in settings.LANGUAGES
    }


class NamesPerLanguageForm(WagtailAdminModelForm):
    """One "Name (言語)" field per site language, kept together in the model's ``names``.

    Names in languages the site no longer offers are kept as they were.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = self.instance.names or {}
        for code, _language in settings.LANGUAGES:
            if (field := name_field(code)) in self.fields:
                self.fields[field].initial = names.get(code, "")

    def _post_clean(self):
        names = dict(self.instance.names or {})
        for code, _language in settings.LANGUAGES:
            value = (self.cleaned_data.get(name_field(code)) or "").strip()
            if value:
                names[code] = value
            else:
                names.pop(code, None)
        self.instance.names = names
        super()._post_clean()


def _tree_order(categories: list[Category]) -> list[tuple[Category, int]]:
    """Categories depth-first in their tree order, with their depth (0 for the top level)."""
    children: dict[int | None, list[Category]] = {}
    known = {category.pk for category in categories}
    for category in categories:
        parent = category.parent_id if category.parent_id in known else None
        children.setdefault(parent, []).append(category)
    ordered: list[tuple[Category, int]] = []
    stack = [(category, 0) for category in reversed(children.get(None, []))]
    seen: set[int] = set()
    while stack:
        category, depth = stack.pop()
        if category.pk in seen:  # a cycle in old data must not hang the page
            continue
        seen.add(category.pk)
        ordered.append((category, depth))
        stack += [(child, depth + 1) for child in reversed(children.get(category.pk, []))]
    return ordered


def category_tree() -> list[tuple[Category, int]]:
    """Every category in tree order with its depth, in one query."""
    return _tree_order(list(Category.objects.order_by("position", "slug")))


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "— " * getattr(obj, "tree_depth", 0) + obj.name


class CategoryAdminForm(NamesPerLanguageForm):
    """A category: its names, where it sits in the tree, its position among its siblings.

    The slug is part of the public contract (URLs, the API, imports), so it is set once.
    """

    parent = ParentChoiceField(
        queryset=Category.objects.none(),
        required=False,
        label=_("parent category"),
        empty_label=_("(top level)"),
        help_text=_("Leave empty for a top-level category."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A category's own subtree is not offered as its parent (clean_parent refuses it too).
        tree, subtree_depth = [], None
        for category, depth in category_tree():
            if subtree_depth is not None and depth <= subtree_depth:
                subtree_depth = None
            if category.pk is not None and category.pk == self.instance.pk:
                subtree_depth = depth
            if subtree_depth is not None:
                continue
            category.tree_depth = depth
            tree.append(category)
        parent = self.fields["parent"]
        parent.queryset = Category.objects.all()
        parent.choices = [("", parent.empty_label)] + [
            (category.pk, parent.label_from_instance(category)) for category in tree
        ]
        if self.instance.pk and "slug" in self.fields:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _(
                "The slug is used in links and imports, so it cannot be changed."
            )

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None or self.instance.pk is None:
            return parent
        parents = dict(Category.objects.values_list("pk", "parent_id"))
        ancestor, seen = parent.pk, set()
        while ancestor is not None and ancestor not in seen:
            if ancestor == self.instance.pk:
                raise forms.ValidationError(
                    _("A category cannot be inside itself or one of its own sub-categories."),
                    code="cycle",
                )
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
        return parent


for _field_name, _field in _names_form_fields().items():
    CategoryAdminForm.base_fields[_field_name] = _field
    CategoryAdminForm.declared_fields[_field_name] = _field


class AreaAdminForm(NamesPerLanguageForm):
    """An area: the spelling listings use, its names per language, its centre."""

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return cleaned


for _field_name, _field in _names_form_fields().items():
    AreaAdminForm.base_fields[_field_name] = _field
    AreaAdminForm.declared_fields[_field_name] = _field


class SynonymGroupAdminForm(WagtailAdminModelForm):
    """Spellings that mean the same, one per line; at least two different ones."""

    def clean_spellings(self):
        lines = [line.strip() for line in self.cleaned_data["spellings"].splitlines()]
        spellings = list(dict.fromkeys(line for line in lines if line))
        if len({normalize(spelling) for spelling in spellings}) < 2:
            raise forms.ValidationError(
                _("Write at least two different spellings, one per line."), code="too_few"
            )
        return "\n".join(spellings)


class ListingAdminForm(WagtailAdminModelForm):
    """A listing as coordinators edit it; a listing has one owner: an account or a proxy
    resident, never both."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("proxy_owner") and self.instance.owner_id is not None:
            self.add_error(
                "proxy_owner",
                _(
                    "This listing belongs to a resident's account, so it cannot also be "
                    "posted on behalf of a proxy resident."
                ),
            )
        return cleaned
