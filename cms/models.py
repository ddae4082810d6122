from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from communities.suggestions import communities_for_user, newcomer_communities
from listings.reminders import listings_ending_soon
from matching.for_you import suggestions_for_user

from .blocks import ContentStreamBlock, HomeStreamBlock

# The newcomer's guide (cms/demo.py makes it, in every locale) shows newcomer communities.
NEWCOMER_GUIDE_SLUG = "newcomers-guide"


class HomePage(Page):
    """The front page of a locale: a welcome and the main ways in."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(HomeStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "cms.NewsIndexPage", "cms.GuideIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().filter(locale=self.locale).order_by("-date")[:3]
        )
        context["guides"] = GuidePage.objects.live().public().filter(locale=self.locale)[:4]
        if request.user.is_authenticated:
            context.update(listings_ending_soon(request.user))
            context["for_you"] = suggestions_for_user(request.user)
            context["communities_for_you"] = communities_for_user(request.user)
        return context


class StandardPage(Page):
    """An ordinary page (about us, how it works, terms) built from content blocks."""

    intro = models.TextField(_("introduction"), blank=True, max_length=400)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = (
            NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        )
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), blank=True, max_length=400)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("intro")], heading=_("About this news")),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class GuideIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guide index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.child_of(self).live().public()
        return context


class GuidePage(Page):
    """A guide for residents, such as the newcomer's guide."""

    intro = models.TextField(_("summary"), blank=True, max_length=400)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.slug == NEWCOMER_GUIDE_SLUG:
            context["newcomer_communities"] = newcomer_communities()
        return context


@register_setting(icon="home")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and how to reach them; shown in every page's footer."""

    site_name = models.CharField(_("site name"), max_length=80, default="結 Yui")
    office_name = models.CharField(
        _("coordinating office"), max_length=120, blank=True, help_text=_("e.g. 市民協働プラザ")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)

    panels = [
        FieldPanel("site_name"),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact of the coordinating office"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
