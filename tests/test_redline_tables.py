"""Tables keep their shape in a redline, whatever changes: cells, rows or columns.

Hypothesis draws a table and an edit of it (cells changed, rows added or removed, columns added or
removed, several at once); in the merged view and in each column of the side-by-side view, every
row of every table has as many cells as that table's header row; and the redline's oracle holds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_redline import check

from ppgen.markdown import parse
from ppgen.templates import Theme

WORDS = Theme(None, "en").env.get_template("redline_words.html").module.redline_words  # type: ignore[attr-defined]
CELL = st.sampled_from(["alpha", "beta", "gamma", "delta", "Name", "Data kept", "30 days", "never", "x", ""])


class _Rows(HTMLParser):
    """The cell count of each row, per table (tables nested in cells do not occur here)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1


def shapes(html: str) -> list[list[int]]:
    rows = _Rows()
    rows.feed(html)
    return rows.tables


def markdown(table: list[list[str]]) -> str:
    head, *body = table
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "Before the table.\n\n" + "\n".join(lines) + "\n\nAfter the table.\n"


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    columns = draw(st.integers(1, 4))
    head = [f"H{c}" for c in range(columns)]
    body = draw(st.lists(st.lists(CELL, min_size=columns, max_size=columns), min_size=1, max_size=5))
    old = [head, *body]
    new = [list(row) for row in old]
    for edit in draw(st.lists(st.sampled_from(["cell", "add row", "drop row", "add column", "drop column"]), min_size=1, max_size=4)):
        if edit == "cell":
            r, c = draw(st.integers(1, len(new) - 1)) if len(new) > 1 else 0, draw(st.integers(0, len(new[0]) - 1))
            new[r][c] = draw(CELL)
        elif edit == "add row":
            new.insert(draw(st.integers(1, len(new))), [draw(CELL) for _ in new[0]])
        elif edit == "drop row" and len(new) > 2:
            del new[draw(st.integers(1, len(new) - 1))]
        elif edit == "add column":
            at = draw(st.integers(0, len(new[0])))
            for k, row in enumerate(new):
                row.insert(at, f"N{at}" if k == 0 else draw(CELL))
        elif edit == "drop column" and len(new[0]) > 1:
            at = draw(st.integers(0, len(new[0]) - 1))
            for row in new:
                del row[at]
    return old, new


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_every_redline_row_has_its_tables_columns(pair: tuple[list[list[str]], list[list[str]]]) -> None:
    old, new = (parse(markdown(t), "t.md") for t in pair)
    redline = check(old, new)  # the oracle and valid structure, as for every redline
    inline, side = redline.inline(WORDS), redline.side_by_side(WORDS)
    olds = "".join(re.findall(r'<div class="rl-old">(.*?)</div><div class="rl-new">', side, re.DOTALL))
    news = "".join(re.findall(r'<div class="rl-new">(.*?)</div></div>\n', side, re.DOTALL))
    boths = "".join(re.findall(r'<div class="rl-both">(.*?)</div></div>\n', side, re.DOTALL))
    for view, html in (("merged", inline), ("older column", olds), ("newer column", news), ("shown once", boths)):
        for rows in shapes(html):
            assert len(set(rows)) <= 1, f"{view}: rows of one table with {rows} cells\n{html}"
