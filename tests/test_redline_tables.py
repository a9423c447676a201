"""Tables keep their shape in a redline, whatever changes: cells, rows or columns.

Hypothesis draws a table and an edit of it (cells changed, rows added or removed, columns added or
removed, several at once); in the older column of the side-by-side view and in text shown once, every
row of every table has as many cells as that table's header row; in the merged view (also the newer
column), every row with text of both versions is as wide, a removed row as wide as the older table and
an added row as the newer (none wider than the others); and the redline's oracle holds.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppgen.redline.terminal import format_diff
from ppgen.site.templates import Theme
from ppgen.source.markdown import parse
from test_redline import THEME_WORDS, check, columns, inline_view

WORDS = Theme(None, "en").wording("en", "en")[0]
CELL = st.sampled_from(["alpha", "beta", "gamma", "delta", "Name", "Data kept", "30 days", "never", "x", ""])


class _Rows(HTMLParser):
    """The rows of each table (tables nested in cells do not occur here): per row, its cell count and
    which version's text it shows (`old`: deleted text only, `new`: inserted only, `both`, or `blank`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[int]]] = []
        """Per table, per row: [cells, deleted text seen, inserted text seen, plain text seen]."""
        self.inside: list[str] = []
        self.notes = 0
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
            self.open = True
        elif tag == "tr":
            self.tables[-1].append([0, 0, 0, 0])
        elif tag in ("td", "th"):
            self.tables[-1][-1][0] += 1
        elif tag in ("ins", "del"):
            self.inside.append(tag)
        elif tag == "span" and "rl-note" in (dict(attrs).get("class") or "") or self.notes and tag == "span":
            self.notes += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.open = False
        elif tag in ("ins", "del") and self.inside:
            self.inside.pop()
        elif tag == "span" and self.notes:
            self.notes -= 1

    def handle_data(self, data: str) -> None:
        if self.open and self.tables[-1] and data.strip() and not self.notes:
            row = self.tables[-1][-1]
            row[1 if self.inside[-1:] == ["del"] else 2 if self.inside[-1:] == ["ins"] else 3] += 1


def shapes(html: str) -> list[list[int]]:
    """The cell count of each row, per table."""
    rows = _Rows()
    rows.feed(html)
    return [[row[0] for row in table] for table in rows.tables]


def merged_shapes(html: str) -> list[dict[str, set[int]]]:
    """Per table, the cell counts of its rows that show only deleted text (`old`), only inserted
    text (`new`), and the others (`both`); rows that show no text at all are left out."""
    rows = _Rows()
    rows.feed(html)
    found = []
    for table in rows.tables:
        kinds: dict[str, set[int]] = {"old": set(), "new": set(), "both": set()}
        for cells, deleted, inserted, plain in table:
            if deleted or inserted or plain:
                kinds[
                    "old"
                    if deleted and not inserted and not plain
                    else "new"
                    if inserted and not deleted and not plain
                    else "both"
                ].add(cells)
        found.append(kinds)
    return found


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
    for edit in draw(
        st.lists(
            st.sampled_from(["cell", "add row", "drop row", "add column", "drop column"]),
            min_size=1,
            max_size=4,
        )
    ):
        if edit == "cell":
            r, c = (
                draw(st.integers(1, len(new) - 1)) if len(new) > 1 else 0,
                draw(st.integers(0, len(new[0]) - 1)),
            )
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
    html = redline.inline(WORDS)  # one markup: side by side shows the older column beside the merged text
    inline = inline_view(html)
    olds = columns(html)[0]
    for view, part in (("older column", olds), ("shown once", columns(html)[2])):
        for rows in shapes(part):
            assert len(set(rows)) <= 1, f"{view}: rows of one table with {rows} cells\n{part}"
    # The merged view (also the newer column side by side, its deletions hidden): rows with text of both
    # versions all as wide; a removed row as wide as the older table, an added one as the newer (they
    # differ when a column was added or removed), none wider.
    widths = {"old": len(pair[0][0]), "new": len(pair[1][0])}
    for kinds in merged_shapes(inline):
        assert len(kinds["both"]) <= 1, f"merged: rows of one table with {kinds} cells\n{inline}"
        for side in ("old", "new"):
            assert kinds[side] <= {widths[side]}, (
                f"merged: {side} rows with {kinds[side]} cells, not {widths[side]}\n{inline}"
            )
            assert not kinds["both"] or max(kinds[side], default=0) <= min(kinds["both"]), (
                f"merged: {kinds}\n{inline}"
            )


def test_a_list_in_a_cell_whose_items_are_all_deleted_leaves_no_empty_bullet_side_by_side() -> None:
    """A raw HTML list in a cell is part of the cell's words: side by side hides the merged text's deletions
    in the newer column, so an item (and a list) holding deleted words alone is marked as the older version's."""
    header = "| Feature | Terms |\n|---|---|\n"
    old = parse(
        header + "| Service | The Service includes: <ul><li>Issues</li><li>Pages</li></ul> Kept words. |\n",
        "t.md",
    )
    new = parse(header + "| Service | Kept words. |\n", "t.md")
    merged = inline_view(check(old, new).inline(WORDS))
    assert (
        '<ul data-old><li data-old><del><span class="rl-note rl-sr">deleted: </span>Issues</del></li>'
        in merged
    )
    assert "<li>" not in merged
    one = parse(header + "| Service | The Service includes: <ul><li>Issues</li></ul> Kept words. |\n", "t.md")
    merged = inline_view(check(old, one).inline(WORDS))
    assert (
        '<ul><li>Issues</li><li data-old><del><span class="rl-note rl-sr">deleted: </span>Pages</del></li></ul>'
        in merged
    )
    other = parse(
        header + "| Service | The Service includes: <ul><li>Issues</li><li>Wikis</li></ul> Kept words. |\n",
        "t.md",
    )
    merged = inline_view(check(old, other).inline(WORDS))  # an item with words of both versions is no older's
    assert (
        '<li><del><span class="rl-note rl-sr">deleted: </span>Pages</del><ins>' in merged
        and "data-old" not in merged
    )


COOKIES_2018 = """## Advertising

| Cookie | Purpose |
| --- | --- |
| ads | Tracks if a visitor has clicked an ad before. |
| lr_nw | Counts and tracks pageviews on Longreads.com. Used to determine whether to show our popup. |

## Functionality

| Cookie | Purpose |
| --- | --- |
| akm_mobile | Stores whether a user has chosen to view the mobile version of a website. |

## Strictly Necessary

| Cookie | Purpose |
| --- | --- |
| country_code | Used in order to determine whether or not the cookie banner should be shown. |
| wordpress_test_cookie | Checks if cookies are enabled to provide appropriate user experience. |
"""
COOKIES_2021 = """## Required

| Cookie | Purpose |
| --- | --- |
| akm_mobile | Stores whether a user has chosen to view the mobile version of a website. |
| country_code | Used in order to determine whether or not the cookie banner should be shown. |
| wordpress_test_cookie | Checks if cookies are enabled to provide appropriate user experience. |

## Advertising

| Cookie | Purpose |
| --- | --- |
| ads | Tracks if a visitor has clicked an ad before. |
| lr_nw | Counts and tracks pageviews on Longreads.com. Used to determine whether to show our popup. |
"""
"""Automattic's cookie policy, 2018 → 2021: three tables merged into "Required", "Advertising" put after it."""


def test_rows_regrouped_into_other_tables_are_moved_never_one_cookie_reworded_into_another() -> None:
    redline = check(parse(COOKIES_2018, "old.md"), parse(COOKIES_2021, "new.md"))  # the oracle holds
    changes = redline.triage.changes
    # no row paired with another ("ads" → "wordpress_test_cookie"): every row's text is the same in both
    assert not [c for c in changes if c.kind == "wording" and c.old and c.new and not c.heading], changes
    # the new table's header and heading are new words, the old tables' are gone: no cell's words count
    assert redline.triage.moves >= 1 and redline.words_added <= 3 and redline.words_removed <= 7


def test_a_header_row_every_table_repeats_goes_with_its_table() -> None:
    """Automattic's cookie policy (2019 → 2021) deleted "Functionality", "Security" and "Strictly Necessary",
    put their cookies in a new "Required" table and moved "Advertising" down: the deleted tables' "Cookie |
    Purpose" was paired with the header of the table moved in after them, so the moved-in heading was drawn
    between a deleted heading and its table, a deleted cookie read as a row of "Advertising", and the moved
    table's header was deleted and inserted. Such a header goes with its section."""
    header = "| Cookie | Purpose |\n|---|---|\n"
    rows = {
        "ads": "| ads | Tracks if a visitor has clicked an ad before. |\n",
        "ab": '| ab | Used for "AB testing" of new features. |\n',
        "akm": "| akm_mobile | Stores whether a user chose the mobile version of a website. |\n",
        "csrf": "| csrftoken | Security cookie used on accounts.longreads.com. |\n",
        "cc": "| country_code | Decides whether the cookie banner is shown, kept six hours. |\n",
    }
    old = parse(
        f"## Advertising\n\n{header}{rows['ads']}\n## Analytics\n\n{header}{rows['ab']}\n## Functionality\n\n"
        f"{header}{rows['akm']}\n## Security\n\n{header}{rows['csrf']}\n## Strictly Necessary\n\n{header}{rows['cc']}",
        "old.md",
    )
    new = parse(
        f"## Required\n\n{header}{rows['akm']}{rows['cc']}{rows['csrf']}\n## Analytics\n\n{header}{rows['ab']}\n"
        f"## Advertising\n\n{header}{rows['ads']}",
        "new.md",
    )
    redline = check(old, new)
    text = format_diff(old, new, THEME_WORDS)
    assert (
        "moved here from change 1 · Advertising (new line 15) @@\n## Advertising\n| Cookie\n| Purpose\n| ads"
        in text
    )
    named = [(c.kind, c.heading, c.was or c.title) for c in redline.triage.changes if c.kind != "moved"]
    assert named == [
        ("wording", "added", "Required"),
        ("wording", "deleted", "Functionality"),
        ("wording", "deleted", "Security"),
        ("wording", "deleted", "Strictly Necessary"),
    ], named
    assert redline.words_added == 3 and redline.words_removed == 3 * 3 + 1, (
        redline.words_added,
        redline.words_removed,
    )
