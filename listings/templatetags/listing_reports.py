"""``{% report_form as form %}``: an empty report form for the include on every listing page,
so the listing views need not each build one."""

from django import template

from ..report_forms import ListingReportForm

register = template.Library()


@register.simple_tag
def report_form() -> ListingReportForm:
    return ListingReportForm()
