from oscar.apps.dashboard.reports import apps


class ReportsDashboardConfig(apps.ReportsDashboardConfig):
    """Oscar's reports, forked so that their CSV downloads cannot carry spreadsheet
    formulas (product titles, customer names: see shop/spreadsheets.py)."""

    name = "shop.dashboard.reports"
