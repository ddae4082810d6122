"""A resident's "this helped" / "not relevant" on a suggestion: a plain form post."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from listings.models import Listing

from ..models import Verdict
from ..services import record_feedback


class FeedbackForm(forms.Form):
    suggested = forms.IntegerField(min_value=1)
    listing = forms.IntegerField(min_value=1, required=False)
    verdict = forms.ChoiceField(choices=Verdict.choices)
    next = forms.CharField(required=False, max_length=2000)


@login_required
@require_POST
def record_suggestion_feedback(request):
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("This feedback could not be read."))
    visible = Listing.objects.visible_to(request.user)
    suggested = get_object_or_404(visible, pk=form.cleaned_data["suggested"])
    listing = None
    if form.cleaned_data["listing"]:
        listing = get_object_or_404(visible, pk=form.cleaned_data["listing"])
    verdict = form.cleaned_data["verdict"]
    record_feedback(user=request.user, suggested=suggested, listing=listing, verdict=verdict)
    if verdict == Verdict.NOT_RELEVANT:
        messages.success(request, _("Thank you. We will not suggest it here again."))
    else:
        messages.success(request, _("Thank you for telling us."))
    target = form.cleaned_data["next"]
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("listings:detail", pk=listing.pk if listing else suggested.pk)
