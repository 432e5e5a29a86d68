"""The bid journey's addresses (added to commissioning.urls): the provider's under `bids/`,
the start page under the public round page, the office's under a round's office pages."""

from django.urls import path

from commissioning.bids import views

BID = "bids/<int:bid_pk>/"

urlpatterns = [
    path("rounds/<int:pk>/bid/", views.bid_start, name="bid-start"),
    path("bids/", views.bid_list, name="bids"),
    path(BID, views.bid_detail, name="bid"),
    path(f"{BID}sections/<int:section_pk>/", views.bid_section, name="bid-section"),
    path(f"{BID}amounts/", views.bid_amounts, name="bid-amounts"),
    path(f"{BID}partners/", views.bid_partners, name="bid-partners"),
    path(
        f"{BID}partners/<int:partner_pk>/remove/",
        views.bid_partner_remove,
        name="bid-partner-remove",
    ),
    path(f"{BID}check/", views.bid_check, name="bid-check"),
    path(f"{BID}submitted/", views.bid_submitted, name="bid-submitted"),
    path(f"{BID}withdraw/", views.bid_withdraw, name="bid-withdraw"),
    path("commissioning/rounds/<int:pk>/bids/", views.round_bids, name="round-bids"),
    path(
        "commissioning/rounds/<int:pk>/bids/<int:bid_pk>/",
        views.round_bid,
        name="round-bid",
    ),
]
