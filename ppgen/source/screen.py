"""What a policy's text may hold, checked as it is parsed: active content (an error, or removed with a warning),
raw HTML that browsers misread, ids the page uses for itself, template syntax left from another tool, text
indented into a code block, table rows with more cells than their header."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

from ppgen.core.errors import Problem
from ppgen.source import leftovers, sanitize
from ppgen.source.headings import PAGE_IDS_HINT, is_page_id

_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_NEWLINE = re.compile(r"\r\n?|\n")
_NOTE = re.compile(
    r"\b(?:TODO|FIXME|TBD|XXX)\b|(?<![\w.])@[A-Za-z][\w-]*\b(?!\.\w)"
    r"|(?i:\b(?:internal|confidential|privileged|do not publish|not for publication|ask legal|check with)\b)"
)
"""Words of a note for the team (`TODO`, `@ana`, "confidential", "check with legal"), not for readers."""


class Token(Protocol):
    """What the table check reads of a markdown-it token (kept apart from markdown-it, which `markdown` uses)."""

    @property
    def type(self) -> str: ...
    @property
    def map(self) -> list[int] | None: ...


class Screen:
    """What one parse finds a policy's text may not hold, as it goes: its problems, with 0-based lines and no
    path yet (see `markdown.parse`)."""

    def __init__(self, raw_html: str, template_syntax: str) -> None:
        self.raw_html = raw_html
        self.template_syntax = template_syntax
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def active(self, what: str, line: int) -> None:
        """Active content at `line`: an error, or in strip mode a warning (the caller removes it)."""
        if self.raw_html == "strip":
            self.warnings.append(Problem(f"active content {what} removed", None, line, code="raw-html"))
        else:
            hint = 'remove it, or set raw_html = "strip" in ppgen.toml to drop it with a warning'
            self.errors.append(
                Problem(
                    f"active content {what} is not allowed in a policy", None, line, hint, code="raw-html"
                )
            )

    def check_html(self, fragment: str, line: int) -> None:
        """Active content (by mode), HTML browsers misread and page ids (errors in both modes); a note for the
        team in a comment (a warning)."""
        if "<!--" in fragment:
            self._notes(fragment, line)
        for found in sanitize.scan(fragment):
            at = line + found.line
            if found.kind == "active":
                self.active(found.what, at)
            elif found.kind == "misread":
                message = (
                    f"raw HTML {found.what} is read differently by browsers than it looks here, so the text"
                )
                message += " a reader sees would not be the text written"
                hint = "remove it; write the text as Markdown or formatting tags, and notes as <!-- … -->"
                self.errors.append(Problem(message, None, at, hint, code="raw-html"))
            elif is_page_id(found.what):
                message = f"HTML id `{found.what}` is one the page uses for itself"
                self.errors.append(
                    Problem(message, None, at, f"choose another id; {PAGE_IDS_HINT}", code="page-id")
                )

    def _notes(self, fragment: str, line: int) -> None:
        """A warning for each HTML comment holding a note for the team: hidden on the page, it is published in
        the version's raw text, which anyone can download."""
        for comment in sanitize.COMMENT.finditer(fragment):
            words = comment.group(0)[4:].rsplit("--", 1)[0]
            note = _NOTE.search(words)
            if note:
                at = line + fragment.count("\n", 0, comment.start() + 4 + note.start())
                message = f"HTML comment “{sanitize.shown(words, 40)}” is hidden on the page, but "
                message += "published with the version's raw text"
                hint = "keep notes for your team in the commit message or the pull request, not in the policy"
                self.warnings.append(Problem(message, None, at, hint, code="published-comment"))

    def placeholder(self, tag: str, line: int) -> None:
        """A tag that names no HTML element (`<Company Name>`): a template's placeholder, which Markdown reads as
        HTML and a browser would not show. A leftover like `{{ … }}`: an error, or with template_syntax =
        "text" a warning (shown as written: `clean` escapes it)."""
        shown = f"`{sanitize.shown(tag, 40)}`"
        if self.template_syntax == "text":
            message = f"placeholder {shown} left in the text, shown as written"
            hint = "replace it with the words it stood for"
            self.warnings.append(Problem(message, None, line, hint, code="template-syntax"))
        else:
            message = f"placeholder {shown} left in the text: Markdown reads it as an HTML tag, so it would not show"
            hint = "replace it with the words it stood for; to show angle brackets, write \\<"
            hint += ', or set template_syntax = "text" in ppgen.toml to show it as written, with a warning'
            self.errors.append(Problem(message, None, line, hint, code="template-syntax"))

    def indented(self, line: int) -> None:
        """Text indented by four spaces or a tab, which Markdown shows as code: a warning (a paragraph pasted
        from a word processor keeps its indentation, and would read as a box of code with its links written out)."""
        message = "indented text is shown as code: a fixed-width box, its links and formatting as written"
        hint = "remove the indentation (four spaces or a tab); if it is code, fence it with ``` lines"
        self.warnings.append(Problem(message, None, line, hint, code="indented-code"))

    def check_tables(self, tokens: Sequence[Token], text: str) -> None:
        """A warning for each table row with more cells than its header has columns (`overfull_rows`): Markdown
        drops the extra cells and their text, so the page would not show all of the policy."""
        hint = "give the header as many columns, end the row where it should (one row per line), or write | as \\|"
        for line, cells, columns in overfull_rows(tokens, text):
            extra = cells - columns
            lost = "its last cell is" if extra == 1 else f"its last {extra} cells are"
            message = f"table row has {cells} cells but its header {columns}: {lost} not shown"
            self.warnings.append(Problem(message, None, line, hint, code="table-cells"))

    def check_definitions(self, text: str, env: dict[str, Any]) -> None:
        """A warning for each footnote and link reference definition that nothing in `text` refers to: Markdown
        shows neither, so its words would be on no page (a footnote left when its reference went, a line of text
        that happens to read `[Annex A]: Terms`)."""
        for key, number in env.get("footnotes", {}).get("refs", {}).items():
            definition = re.search(rf"^ {{0,3}}\[\^{re.escape(key[1:])}\]:", text, re.MULTILINE)
            if number < 0 and definition:
                message = f"footnote [^{key[1:]}] is never referred to, so its text is not shown"
                hint = f"refer to it with [^{key[1:]}] where it applies, or remove it"
                line = text.count("\n", 0, definition.start())
                self.warnings.append(Problem(message, None, line, hint, code="unshown-definition"))
        references = env.get("references", {})
        # Labels as markdown-it keeps them (`normalizeReference`): the definition's own counts once.
        bracketed = Counter(" ".join(inner.split()).lower().upper() for inner in _BRACKETED.findall(text))
        lines = _NEWLINE.split(
            text
        )  # as markdown-it counts lines: a lone `\r` (an old Mac file) ends one too
        for label, reference in references.items():
            first = (reference.get("map") or (0, 0))[0]
            if bracketed[label] > 1:
                continue
            written = sanitize.shown(lines[first], 50)
            message = f"`{written}` reads as a link definition that no link uses, so it is not shown"
            hint = f"if it is text, start it with \\[; if it is where a link leads, link to it with [{label.title()}]"
            self.warnings.append(Problem(message, None, first, hint, code="unshown-definition"))

    def check_url(self, url: str, where: str, line: int) -> bool:
        """True (after reporting it) when a Markdown link, image or definition has an active URL."""
        if sanitize.active_scheme(url) is None:
            return False
        self.active(f"`{sanitize.shown(url)}` URL in a Markdown {where}", line)
        return True

    def clean(self, html: str, line: int, errors_before: int) -> str:
        """`html` through the sanitiser; an error when that would change the words a reader sees."""
        found = sanitize.placeholders(html)
        for start, tag in found:
            self.placeholder(tag, line + html.count("\n", 0, start))
        html = sanitize.placeholders_as_text(html, found)
        cleaned = sanitize.clean(html)
        before, after = sanitize.visible_text(html), sanitize.visible_text(cleaned)
        if before != after and len(self.errors) == errors_before:
            message = (
                f"raw HTML here is read differently by browsers than as written: its text"
                f" “{sanitize.shown(before, 40)}” would become “{sanitize.shown(after, 40)}”"
            )
            hint = "close every tag where it opens, or write it as Markdown"
            self.errors.append(Problem(message, None, line, hint, code="raw-html"))
        return cleaned

    def check_source(self, text: str, line: int) -> None:
        """Syntax left from another tool in `text` (`leftovers`): an error, or with template_syntax = "text" a
        warning (shown as written: ppgen never runs content through a template engine, so the renderer
        escapes it as any text)."""
        found = Counter(  # (line, what a message shows of it): how many times
            (line + text.count("\n", 0, start), syntax if len(syntax) <= 60 else syntax[:59] + "…")
            for start, syntax in leftovers.find(text)
        )
        for (at, shown), count in found.items():
            times = f" {count} times on this line" if count > 1 else ""
            what = (
                "template syntax" if leftovers.is_template(shown) else "attributes of another Markdown tool"
            )
            if leftovers.TRACKED.search(shown):
                what = "a tracked change or comment of a word processor"
                fix = "accept or reject every tracked change and delete the comments, then convert the text again"
            elif leftovers.is_template(shown):
                fix = "replace it with the words it stood for"
            else:
                fix = "keep only the words they mark: `[words]{.class}` becomes `words`"
            if self.template_syntax == "text":
                message = f"{what} `{shown}` left in the text{times}, shown as written"
                self.warnings.append(Problem(message, None, at, fix, code="template-syntax"))
            else:
                hint = fix + (
                    "; ppgen never runs content through a template engine" if "template" in what else ""
                )
                hint += (
                    ', or set template_syntax = "text" in ppgen.toml to show it as written, with a warning'
                )
                message = f"{what} `{shown}` left in the text{times}"
                self.errors.append(Problem(message, None, at, hint, code="template-syntax"))


def overfull_rows(tokens: Sequence[Token], text: str) -> list[tuple[int, int, int]]:
    """(line, cells, columns) of each table row with more cells than its table's header has columns: Markdown
    drops the cells past the last column, with their text (two rows written on one line, a stray `|`)."""
    lines: list[str] = []  # the text's lines, split at the first row of a table body (most parts have none)
    found: list[tuple[int, int, int]] = []
    columns, body = 0, False
    for token in tokens:
        if token.type == "table_open":
            columns, body = 0, False
        elif token.type == "th_open":
            columns += 1
        elif token.type == "tbody_open":
            body = True
            lines = lines or _LINE_BREAK.split(text)  # as markdown-it counts lines: a lone \r ends one too
        elif token.type == "tr_open" and body and token.map:
            cells = _cells(lines[token.map[0]])
            if cells > columns:
                found.append((token.map[0], cells, columns))
    return found


_LINE_BREAK = re.compile(r"\r\n?|\n")
_ROW_START = re.compile(r"^[\s>]*")
"""What comes before a table row's first cell on its line: indentation, a blockquote's `>`."""


def _cells(line: str) -> int:
    """How many cells a table row's source line holds, as markdown-it counts them (`\\|` is no separator; a
    `|` at either end opens or closes the row)."""
    row = _ROW_START.sub("", line).rstrip()
    cells = len(re.split(r"(?<!\\)\|", row))
    return cells - row.startswith("|") - (len(row) > 1 and row.endswith("|") and not row.endswith("\\|"))
