import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from communities.models import Community

from .export import export_user_data
from .forms import DeleteAccountForm, ProfileForm
from .preferences import remember_large_text
from .services import delete_account


@login_required
def overview(request):
    communities = Community.objects.visible_to(request.user).joined_by(request.user)
    return render(
        request,
        "accounts/overview.html",
        {"profile": request.user.profile, "communities": communities.order_by("name")},
    )


@login_required
def edit_profile(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:overview")
    return render(request, "accounts/profile_form.html", {"form": form})


@login_required
def export_data(request):
    data = export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"yui-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})


@require_POST
def set_text_size(request):
    """Switch the large-text mode: in a cookie, and on the profile when logged in."""
    large_text = request.POST.get("large_text") == "1"
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    remember_large_text(response, large_text)
    if request.user.is_authenticated:
        profile = request.user.profile
        profile.large_text = large_text
        profile.save(update_fields=["large_text", "updated_at"])
    return response


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a logged-in profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        profile = request.user.profile
        profile.language = language
        profile.save(update_fields=["language", "updated_at"])
    return response
