"""OCOP (One Commune One Product) rules that do not depend on the database."""

import calendar
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

#: A rating decision is valid for 36 months (Decision 148/QĐ-TTg, 2023).
RATING_VALIDITY_MONTHS = 36
MIN_STARS = 3
MAX_STARS = 5


class OcopGroup(models.IntegerChoices):
    """The six OCOP product groups of Decision 148/QĐ-TTg (2023)."""

    FOOD = 1, _("Food")
    BEVERAGES = 2, _("Beverages")
    HERBS = 3, _("Medicinal herbs and herb products")
    HANDICRAFTS = 4, _("Handicrafts")
    ORNAMENTAL = 5, _("Ornamental plants and animals")
    TOURISM = 6, _("Community and eco-tourism services")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_valid_until(decision_date: datetime.date) -> datetime.date:
    """When a rating decided on ``decision_date`` expires, unless it says otherwise."""
    return add_months(decision_date, RATING_VALIDITY_MONTHS)
