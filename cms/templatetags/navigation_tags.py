from django import template
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()

# Yui runs one site; the home page of each language sits just under the root (depth 2).
MENU_DEPTH = 3


@register.inclusion_tag("includes/site_menu.html", takes_context=True)
def site_menu(context):
    """The pages under the home page of the active language that are marked "show in menus"."""
    menu_pages = (
        Page.objects.live()
        .public()
        .in_menu()
        .filter(depth=MENU_DEPTH, locale__language_code=get_language())
        .order_by("path")
    )
    current_path = getattr(context.get("page"), "path", "")
    return {
        "menu_items": [
            (menu_page, current_path.startswith(menu_page.path)) for menu_page in menu_pages
        ]
    }
