"""The directory, a community's page, and creating or editing a community."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.languages import spoken_language_choices
from listings.filters import CategoryTree
from listings.models import Kind, Listing

from .. import services
from ..forms import CommunityForm, DirectoryForm, directory_areas, raise_as_form_errors
from ..models import Community, MemberRole, MemberStatus
from .board import board_context

COMMUNITIES_PER_PAGE = 20
UPCOMING_ACTIVITIES = 10
OTHER_LISTINGS = 12


def index(request):
    """Every visible community, featured first; filters and keywords narrow it. A fixed
    number of queries whatever the page holds."""
    tree = CategoryTree()
    form = DirectoryForm(request.GET or None, tree=tree, areas=directory_areas())
    communities = (
        form.filter(Community.objects.visible())
        .select_related("category")
        .with_member_count()
        .order_by("-featured", "-created_at", "-pk")
    )
    page = Paginator(communities, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/community_index.html",
        {"form": form, "page": page, "communities": page.object_list, "query": query.urlencode()},
    )


def detail(request, pk: int):
    """The public part for anyone who may see the community; the board and the chat's link
    for its members."""
    community = services.access_community(request.user, pk)
    membership = services.membership_of(request.user, community)
    is_member = membership is not None and membership.is_active
    can_manage = services.can_manage(request.user, community, membership)
    members = (
        community.members.filter(status=MemberStatus.ACTIVE)
        .select_related("user__profile")
        .order_by("joined_at", "pk")
    )
    organisers = [m for m in members if m.role == MemberRole.ORGANISER]
    listings = (
        Listing.objects.published()
        .filter(community=community)
        .select_related("category")
        .prefetch_related("photos")
    )
    upcoming = listings.filter(kind=Kind.ACTIVITY, activity_starts_at__gte=timezone.now()).order_by(
        "activity_starts_at", "pk"
    )[:UPCOMING_ACTIVITIES]
    others = listings.exclude(
        Q(kind=Kind.ACTIVITY) & Q(activity_starts_at__gte=timezone.now())
    ).order_by("-published_at", "-pk")[:OTHER_LISTINGS]
    context = {
        "community": community,
        "membership": membership,
        "is_member": is_member,
        "can_manage": can_manage,
        "organisers": organisers,
        "member_count": len(members),
        "languages": [dict(spoken_language_choices()).get(c, c) for c in community.languages],
        "upcoming": list(upcoming),
        "other_listings": list(others),
        "pending_count": (
            community.members.filter(status=MemberStatus.PENDING).count() if can_manage else 0
        ),
    }
    if is_member or (request.user.is_authenticated and request.user.is_coordinator):
        context.update(board_context(request, community, preview=True))
    return render(request, "communities/community_detail.html", context)


@login_required
def create(request):
    """Anyone logged in (a resident or a coordinator) creates a community and organises it."""
    form = CommunityForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.create_community(
                by=request.user, photo=form.cleaned_data["photo"], **form.community_fields()
            )
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            messages.success(request, _("Your community is ready. Invite people to join."))
            return redirect("communities:detail", community.pk)
    return render(request, "communities/community_form.html", {"form": form, "community": None})


@login_required
def edit(request, pk: int):
    """Organisers and coordinators edit the community's description."""
    community = services.access_community(request.user, pk)
    if not services.can_manage(request.user, community):
        raise PermissionDenied(_("Only the community's organisers can do this."))
    form = CommunityForm(
        request.POST or None, request.FILES or None, instance=community, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_community(
                by=request.user,
                community=community,
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data.get("remove_photo", False),
                **form.community_fields(),
            )
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            messages.success(request, _("The community is saved."))
            return redirect("communities:detail", community.pk)
    return render(
        request, "communities/community_form.html", {"form": form, "community": community}
    )
