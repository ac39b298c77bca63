from oscar.apps.dashboard.reports import reports
from oscar.apps.dashboard.reports.reports import *  # noqa: F403

from shop.spreadsheets import SpreadsheetUnicodeCSVWriter


class ReportCSVFormatter(reports.ReportCSVFormatter):
    """Every report's CSV (Oscar's order, product, user, basket, offer and voucher
    reports all subclass this one) with formula cells neutralised."""

    def get_csv_writer(self, file_handle, **kwargs):
        return SpreadsheetUnicodeCSVWriter(open_file=file_handle, **kwargs)
