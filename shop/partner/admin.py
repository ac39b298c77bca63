from django.contrib import admin
from oscar.apps.partner.admin import *  # noqa: E402, F403, I001

from shop.partner.models import Bank


@admin.register(Bank)
class BankAdmin(admin.ModelAdmin):
    list_display = ("short_name", "bin", "name")
    search_fields = ("short_name", "bin", "name")
