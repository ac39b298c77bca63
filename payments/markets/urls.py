"""Chợ 4.0 addresses, under /cho/ (Vietnamese) and /en/cho/."""

from django.urls import path

from payments.markets import views

app_name = "markets"

urlpatterns = [
    path("quan-ly/", views.market_list, name="markets"),
    path("quan-ly/<int:market_id>/", views.board, name="board"),
    path(
        "quan-ly/<int:market_id>/quay/<int:stall_id>/",
        views.stall_vendor,
        name="stall-vendor",
    ),
    path("quay/", views.stall_list, name="stalls"),
    path("quay/<int:stall_id>/", views.feed, name="feed"),
    path("quay/<int:stall_id>/moi.json", views.feed_json, name="feed-json"),
    path(
        "quay/<int:stall_id>/standee.<str:extension>",
        views.standee,
        name="standee",
    ),
    path("quay/<int:stall_id>/ma-qr/", views.one_off_qr, name="one-off-qr"),
    path("quay/<int:stall_id>/sao-ke/", views.statement, name="statement"),
]
