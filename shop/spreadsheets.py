"""CSV files that are safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice ("CSV injection"). Seller names, product titles and
codes, bank-transfer memos and payout references are typed by strangers, so every CSV
the site writes goes through ``spreadsheet_cell``: such a text cell gets a leading
single quote (OWASP's advice), which spreadsheets show as text. Numbers — ints,
Decimals, and text that is just a number like ``-150000`` — stay numbers.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any

from oscar.core.compat import UnicodeCSVWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "-5", "+12.5": a spreadsheet reads these as numbers, never as formulas.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs as a formula.

    Only text is changed; a text cell that is a plain number is left alone.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def spreadsheet_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through ``spreadsheet_cell``."""
    return [spreadsheet_cell(value) for value in row]


class SpreadsheetWriter:
    """``csv.writer`` whose cells go through ``spreadsheet_cell``."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(spreadsheet_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


class SpreadsheetDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose cells go through ``spreadsheet_cell``."""

    def writerow(self, rowdict):
        return super().writerow(
            {key: spreadsheet_cell(value) for key, value in rowdict.items()}
        )

    def writerows(self, rowdicts):
        # DictWriter.writerows does not go through writerow.
        for rowdict in rowdicts:
            self.writerow(rowdict)


class SpreadsheetUnicodeCSVWriter(UnicodeCSVWriter):
    """Oscar's CSV writer (dashboard order list and reports), cells neutralised."""

    def writerow(self, row):
        super().writerow(spreadsheet_row(row))
