"""CSV downloads of the admin reports, for Danish spreadsheets: UTF-8 with a byte-order mark,
semicolons between the cells, and a sheet per table (a heading line, then its rows).

A cell that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return first) is prefixed with an apostrophe: a search text is whatever people typed.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def csv_response(filename, tables):
    """A download of ``tables``: ``[(title, header, rows), ...]``, each row a sequence."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    for index, (title, header, rows) in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([cell(title)])
        writer.writerow([cell(name) for name in header])
        for row in rows:
            writer.writerow([cell(value) for value in row])
    return response
