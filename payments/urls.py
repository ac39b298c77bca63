from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe-webhook"),
    path(
        "webhooks/bank/<slug:provider>/",
        views.bank_notification_webhook,
        name="bank-webhook",
    ),
    path("orders/<str:token>/status/", views.order_status, name="order-status"),
    path("orders/<str:token>/qr.png", views.order_qr, name="order-qr"),
    path(
        "dashboard/orders/<str:number>/refund/", views.order_refund, name="order-refund"
    ),
    path(
        "dashboard/orders/<str:number>/cash-received/",
        views.order_cash_received,
        name="order-cash-received",
    ),
    path("dashboard/review/", views.review_queue, name="review-queue"),
    path("seller/ledger/", views.seller_ledger, name="seller-ledger"),
    path("dashboard/ledger/", views.ledger, name="ledger"),
    path("dashboard/reconciliation/", views.reconciliation, name="reconciliation"),
]
