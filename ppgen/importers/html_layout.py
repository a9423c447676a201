"""Tables, blockquotes and lists an HTML page uses for layout rather than for data, quotation or items,
unwrapped, and the names of its sections in their `<header>`s made headings (each with a warning at its
line); and the merged cells of its data tables repeated in each row and column they cover, which a Markdown
table cannot merge."""

from __future__ import annotations

import copy
import re
from collections import Counter

from bs4 import Tag
from bs4.element import NavigableString

from ppgen.core.errors import Problem

_LAYOUT_CELL = ("h1", "h2", "h3", "h4", "h5", "h6", "table")
"""What a cell of a data table never holds: a table around them lays out a page."""
_BLOCKS = ("p", "ul", "ol", "dl", "blockquote", "pre")
_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col")
"""What a table is made of: a layout table's parts become `<div>`s (its columns, no text, go)."""
_NUMBER = re.compile(r"\s*(\d+)")


def letters(tag: Tag) -> int:
    """How many characters of text `tag` holds, white space aside."""
    return len("".join(tag.get_text().split()))


def _nearest(tag: Tag, names: tuple[str, ...]) -> Tag | None:
    """The closest element around `tag` named one of `names`, if any."""
    return next((parent for parent in tag.parents if parent.name in names), None)


def _own(table: Tag, names: tuple[str, ...]) -> list[Tag]:
    """The elements named `names` of `table` itself, not of a table inside it."""
    return [tag for tag in table.find_all(names) if _nearest(tag, ("table",)) is table]


def _cells(row: Tag) -> list[Tag]:
    """The cells of a table row, in order."""
    return [cell for cell in row.children if isinstance(cell, Tag) and cell.name in ("td", "th")]


def _for_layout(table: Tag) -> bool:
    """Whether `table` lays out a page rather than holding data: a cell of it holds a heading or another
    table, or, in a table without header cells, several paragraphs or lists, or it is one row (a title
    beside links: data has a header row, or rows)."""
    inside = [tag for tag in table.descendants if isinstance(tag, Tag)]
    if any(tag.name in _LAYOUT_CELL for tag in inside):
        return True
    if any(tag.name == "th" for tag in inside):  # no table inside: each <th> is this table's
        return False
    if sum(tag.name == "tr" for tag in inside) == 1:
        return True
    blocks = Counter(id(_nearest(tag, ("td", "th"))) for tag in inside if tag.name in _BLOCKS)
    return any(count > 1 for count in blocks.values())


def _unwrap_layout(table: Tag) -> None:
    """`table` as its cells' content in order: each cell (and row, and the table) a `<div>`."""
    for part in [*_own(table, _TABLE_PARTS), table]:
        if part.decomposed:  # a <col> of a <colgroup> dropped
            continue
        if part.name in ("colgroup", "col"):
            part.decompose()  # column widths: no text
        else:
            part.name = "div"


def _span(cell: Tag, name: str) -> int:
    """A cell's `rowspan` or `colspan` as browsers read it (leading digits; 1 when there are none)."""
    match = _NUMBER.match(str(cell.get(name, "")))
    return int(match.group(1)) if match else 1


def _grid(rows: list[Tag]) -> tuple[list[dict[int, Tag]], list[int]]:
    """Which cell covers each column of each row, and the columns a cell starts in (a column only a
    `colspan` reaches into, as in `colspan="99"` for "the whole row", is left out)."""
    grid: list[dict[int, Tag]] = [{} for _ in rows]
    starts: set[int] = set()
    for number, row in enumerate(rows):
        column = 0
        for cell in _cells(row):
            while column in grid[number]:
                column += 1
            starts.add(column)
            down = _span(cell, "rowspan") or len(rows)  # 0: to the end of the table
            across = min(max(_span(cell, "colspan"), 1), 1000)
            for covered in grid[number : number + down]:
                covered.update(dict.fromkeys(range(column, column + across), cell))
            column += across
    return grid, sorted(starts)


def _repeat_merged(table: Tag) -> bool:
    """Repeat each merged cell of a data table (no table inside) in every row and column it covers; whether
    it had any."""
    rows = table.find_all("tr")
    if not any(
        _span(cell, name) != 1 for row in rows for cell in _cells(row) for name in ("rowspan", "colspan")
    ):
        return False
    grid, columns = _grid(rows)
    for row, covered in zip(rows, grid, strict=True):
        for cell in _cells(row):
            cell.extract()
        for space in [
            node for node in row.contents if isinstance(node, NavigableString) and not node.strip()
        ]:
            space.extract()  # left before the cells appended, it opened the row with a line break
        for column in columns:
            cell = copy.copy(covered[column]) if column in covered else Tag(name="td")
            for name in ("rowspan", "colspan"):
                cell.attrs.pop(name, None)
            row.append(cell)
    return True


def layout_quotes(root: Tag, shown_path: str) -> list[Problem]:
    """Unwrap each `<blockquote>` of `root` that indents the page rather than quoting (pages from before CSS
    indented their text so: craigslist's policy of 2003 sat in two): one that cites nothing and holds
    another as its only element, a heading or a table, or half the text. One warning each, at its line."""
    warnings = []
    whole = letters(root)
    for quote in root.find_all("blockquote"):
        inside = [tag for tag in quote.children if isinstance(tag, Tag)]
        if quote.has_attr("cite") or not (
            [tag.name for tag in inside] == ["blockquote"]
            or quote.find(_LAYOUT_CELL) is not None
            or 2 * letters(quote) >= whole
        ):
            continue
        quote.name = "div"
        message = "read the <blockquote> as indentation: its content is kept, not as a quotation"
        warnings.append(
            Problem(message, shown_path, quote.sourceline, "compare the result with the original page")
        )
    return warnings


def rework_tables(root: Tag, shown_path: str) -> list[Problem]:
    """Unwrap the layout tables of `root` and repeat the merged cells of its data tables; one warning per
    table changed, at its line."""
    warnings = []
    for table in root.find_all("table"):
        line = table.sourceline
        if _for_layout(table):
            _unwrap_layout(table)
            message = "read the table as page layout: its cells' content is kept in order, not as a table"
            warnings.append(Problem(message, shown_path, line, "compare the result with the original page"))
        elif _repeat_merged(table):
            message = "repeated the table's merged cells in each row and column they cover"
            warnings.append(Problem(message, shown_path, line, "check the table against the original page"))
    return warnings


_NAME_WORDS = 15
"""Most words a `<section>`'s `<header>` holds to be its name (`layout_sections`)."""


def layout_sections(root: Tag, shown_path: str) -> list[Problem]:
    """Make the `<header>` of each `<section>` of `root` that holds one short line and no heading, paragraph,
    list or table a level-2 heading: the section's name (Pinterest's policy of 2017, `<section><header><div
    class="headline__title">How and when do we share information?</div></header>`, was imported with no
    heading at all); and unwrap each list of one item that is `<div>`s of paragraphs and lists: a section's
    text laid out (its `subhead-list`), not an item (every section read as one bullet). One warning each."""
    warnings = []
    for header in root.find_all("header"):
        scope = next(
            (parent for parent in header.parents if parent.name in ("section", "article", "main")), None
        )
        words = header.get_text(" ", strip=True).split()
        if (
            scope is None
            or scope.name != "section"
            or header.find(("h1", "h2", "h3", "h4", "h5", "h6", "table", *_BLOCKS)) is not None
            or not 0 < len(words) <= _NAME_WORDS
        ):
            continue
        heading = root.new_tag("h2")
        heading.string = " ".join(words)
        header.replace_with(heading)
        message = f"read the <header> of a <section> as its heading: “{heading.string}”"
        warnings.append(
            Problem(message, shown_path, header.sourceline, "compare the result with the original page")
        )
    for listed in root.find_all(("ul", "ol")):
        items = [tag for tag in listed.children if isinstance(tag, Tag)]
        if len(items) != 1 or not _laid_out(items[0]):
            continue
        line = listed.sourceline
        items[0].unwrap()
        listed.name = "div"
        message = "read the list of one item as page layout: its content is kept, not as a list"
        warnings.append(Problem(message, shown_path, line, "compare the result with the original page"))
    return warnings


def _laid_out(item: Tag) -> bool:
    """Is a list item `<div>`s holding paragraphs or lists, and no text of its own (`layout_sections`)?"""
    inside = [tag for tag in item.children if isinstance(tag, Tag)]
    return (
        bool(inside)
        and all(tag.name == "div" for tag in inside)
        and any(tag.find(_BLOCKS) for tag in inside)
        and not any(isinstance(text, NavigableString) and text.strip() for text in item.children)
    )
