"""Coordinators post a listing on behalf of a proxy resident (someone without e-mail or
smartphone), with the same form residents use. Only coordinators reach these pages."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import ProxyResident

from ..forms import ListingForm
from ..services import post_listing_for_proxy_resident


def access_proxy_resident(user, pk: int) -> ProxyResident:
    """The proxy resident `pk`, for a coordinator; anyone else is refused before the record is
    even looked up, so that nobody learns which records exist."""
    if not user.is_coordinator:
        raise PermissionDenied(_("Only coordinators can do this."))
    return get_object_or_404(ProxyResident, pk=pk)


def admin_page_of(proxy_resident: ProxyResident) -> str:
    return reverse(
        "wagtailsnippets_accounts_proxyresident:inspect", args=[quote(proxy_resident.pk)]
    )


def consent_withdrawn_message(proxy_resident: ProxyResident) -> str:
    return _("%(name)s has withdrawn their consent, so nothing can be posted for them.") % {
        "name": proxy_resident.name
    }


@login_required
def create_listing_for_proxy_resident(request, proxy_id: int):
    proxy_resident = access_proxy_resident(request.user, proxy_id)
    if not proxy_resident.has_consent:
        messages.error(request, consent_withdrawn_message(proxy_resident))
        return redirect(admin_page_of(proxy_resident))
    form = ListingForm(
        request.POST or None,
        request.FILES or None,
        initial={"area": proxy_resident.area, "spoken_languages": proxy_resident.spoken_languages},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                listing = post_listing_for_proxy_resident(
                    proxy_resident=proxy_resident, by=request.user, listing=form.save(commit=False)
                )
                form.save_photos(listing=listing, by=request.user)
        except ValidationError as error:
            if getattr(error, "code", None) == "consent_withdrawn":
                messages.error(request, consent_withdrawn_message(proxy_resident))
                return redirect(admin_page_of(proxy_resident))
            form.instance.pk, form.instance._state.adding = None, True
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is published on behalf of %(name)s until %(date)s.")
                % {
                    "title": listing.title,
                    "name": proxy_resident.name,
                    "date": formats.date_format(
                        timezone.localtime(listing.expires_at), "DATE_FORMAT"
                    ),
                },
            )
            return redirect("listings:detail", pk=listing.pk)
    return render(
        request,
        "listings/proxy_listing_form.html",
        {
            "form": form,
            "listing": None,
            "require_review": False,
            "proxy_resident": proxy_resident,
            "admin_url": admin_page_of(proxy_resident),
        },
    )
