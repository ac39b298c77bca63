"""Chợ 4.0 in Django admin, for the operator: markets and stalls editable, stall
payments read-only (they come from bank notifications only)."""

from django.contrib import admin

from payments.markets.models import Market, Stall, StallPayment


class StallInline(admin.TabularInline):
    model = Stall
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("vendor",)


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("name", "commune", "province")
    search_fields = ("name", "commune", "province")
    filter_horizontal = ("managers",)
    inlines = [StallInline]


@admin.register(StallPayment)
class StallPaymentAdmin(admin.ModelAdmin):
    list_display = ("received_at", "stall", "vendor", "amount", "memo", "is_duplicate")
    list_filter = ("is_duplicate", "stall__market")
    search_fields = ("memo", "bank_reference", "account_number")
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
