from django.urls import include, path

from .views import browse, detail, manage, proxy, report

app_name = "listings"

urlpatterns = [
    path("", browse.listing_index, name="index"),
    path("<int:pk>/", detail.listing_detail, name="detail"),
    path("new/", manage.create_listing, name="create"),
    path("mine/", manage.my_listings, name="mine"),
    path("<int:pk>/edit/", manage.edit_listing, name="edit"),
    path("<int:pk>/submit/", manage.submit, name="submit"),
    path("<int:pk>/close/", manage.close, name="close"),
    path("<int:pk>/renew/", manage.renew, name="renew"),
    path("<int:pk>/report/", report.report, name="report"),
    path(
        "new/for/<int:proxy_id>/",
        proxy.create_listing_for_proxy_resident,
        name="create_for_proxy",
    ),
    path("", include("listings.applications.urls")),
    path("", include("listings.bookings.urls")),
    path("", include("listings.item_requests.urls")),
]
