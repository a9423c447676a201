"""A raw HTML table (pandoc writes one for a Word table whose cells hold paragraphs or lists) is read as a
Markdown table is: rows of cells, so a redline compares it row by row and cell by cell (source/rawtables.py)."""

from __future__ import annotations

import re

from ppgen.source.markdown import parse
from ppgen.source.rawtables import parts
from test_redline import check

PANDOC = """## Retention

<table>
<colgroup>
<col style="width: 50%" />
<col style="width: 50%" />
</colgroup>
<thead>
<tr class="header">
<th>Data</th>
<th>Kept for</th>
</tr>
</thead>
<tbody>
<tr class="odd">
<td>Account data</td>
<td><p>As long as your account exists.</p><ul><li>name</li><li>email</li></ul></td>
</tr>
<tr class="even">
<td>Logs</td>
<td>90 days</td>
</tr>
</tbody>
</table>

Text after.
"""
"""Two versions' table as `pandoc -t gfm` writes a Word table with a list in a cell."""
ADDED = PANDOC.replace(
    '<tr class="even">\n<td>Logs</td>\n<td>90 days</td>',
    '<tr class="even">\n<td>Payment records</td>\n<td>7 years</td>\n</tr>\n'
    '<tr class="odd">\n<td>Logs</td>\n<td>30 days</td>',
)


def test_a_plain_table_is_read_as_rows_of_cells() -> None:
    doc = parse(PANDOC, "p.md")
    cells = [
        (b.kind, b.text, b.line, [c.kind for c in b.containers]) for b in doc.blocks if b.kind in ("th", "td")
    ]
    assert cells == [
        ("th", "Data", 10, ["table", "thead", "tr"]),
        ("th", "Kept for", 11, ["table", "thead", "tr"]),
        ("td", "Account data", 16, ["table", "tbody", "tr"]),
        ("td", "As long as your account exists. name email", 17, ["table", "tbody", "tr"]),
        ("td", "Logs", 20, ["table", "tbody", "tr"]),
        ("td", "90 days", 21, ["table", "tbody", "tr"]),
    ]
    # The page holds the same table, its cells' HTML as written; pandoc's row stripes and empty columns go.
    assert "<td><p>As long as your account exists.</p><ul><li>name</li><li>email</li></ul></td>" in doc.html
    assert "class=" not in doc.html and "<colgroup>" not in doc.html


def test_a_table_that_is_not_plain_stays_one_block() -> None:
    assert parts("<table><caption>Periods</caption><tbody><tr><td>a</td></tr></tbody></table>") is None
    assert parts("<table><tbody><tr><td>a</td></tr>loose words<tr><td>b</td></tr></tbody></table>") is None
    assert parts("<table><tfoot><tr><td>a</td></tr></tfoot></table>") is None
    assert parts("<p>Before</p><table><tbody><tr><td>a</td></tr></tbody></table>") is None
    assert parts("<table><tbody><tr><td>a</td></tr></tbody></table><p>After</p>") is None
    doc = parse("<table><caption>Periods</caption><tr><td>a</td></tr></table>\n", "p.md")
    assert [b.kind for b in doc.blocks] == ["html_block"]
    # A table inside a cell is that cell's HTML.
    nested = parts(
        "<table><tbody><tr><td><table><tbody><tr><td>in</td></tr></tbody></table></td></tr></tbody></table>"
    )
    assert nested is not None
    assert [(p.kind, p.inner) for p in nested if p.kind == "td"] == [
        ("td", "<table><tbody><tr><td>in</td></tr></tbody></table>")
    ]


def test_a_row_added_to_a_raw_table_is_one_change_and_the_others_keep_their_cells() -> None:
    redline = check(parse(PANDOC, "old.md"), parse(ADDED, "new.md"))  # with the oracle and valid HTML
    changes = [(c.kind, c.old, c.new) for c in redline.triage.changes]
    assert changes == [
        ("wording", "", "Payment records 7 years"),
        ("wording", "90 days", "30 days"),
    ]
    # No insertion or note between rows and cells, where a browser would move it out of the table.
    inline = redline.inline_html
    assert "</td><ins" not in inline and "</tr><ins" not in inline and "</td><span" not in inline


SPANNED = """## Retention

<table>
<thead>
<tr><th>Data</th><th>Kept for</th></tr>
</thead>
<tbody>
<tr><td rowspan="2">Account data</td><td>30 days</td></tr>
<tr><td>90 days after closing</td></tr>
<tr><td>Logs</td><td>1 year</td></tr>
</tbody>
</table>
"""
"""A table whose rows differ in width: a cell spans two rows, so the second holds one cell."""


def test_a_cell_changed_in_a_table_with_a_cell_spanning_rows_is_that_cell_alone() -> None:
    redline = check(parse(SPANNED, "old.md"), parse(SPANNED.replace("1 year", "2 years"), "new.md"))
    assert [(c.kind, c.old, c.new) for c in redline.triage.changes] == [("wording", "1 year", "2 years")]
    struck = re.findall(r"<del>(?:<span[^>]*>.*?</span>)?(.*?)</del>", redline.inline_html)
    assert set(struck) == {"1 year"}  # not the older table struck whole
