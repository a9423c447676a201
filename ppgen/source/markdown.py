"""The one MarkdownIt instance: policy Markdown → a Document (sanitised blocks, headings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ppgen.core.document import Block, Container, Document, Heading, assemble
from ppgen.core.errors import PpgenError, Problem
from ppgen.source import links, numbering, rawids, rawlists, rawtables, sanitize
from ppgen.source.headings import PAGE_IDS_HINT, Ids, is_page_id
from ppgen.source.headings import slugify as slugify
from ppgen.source.screen import Screen

_PART_START = re.compile(r"\n(?:(?=#{1,6}(?:[ \t]|$))|[ \t]*\n(?=[^\W\d_]))", re.MULTILINE)
"""Where a new part starts: a `#` heading at the start of a line, or a line that starts with a letter after
a blank line; each match ends where the part starts (the newline first: a literal the regex engine finds fast)."""
_WHOLE_IF = ("```", "~~~", "[^", "]:", "\r")
_HTML_BLOCK = re.compile(r"^[ \t>]*<", re.MULTILINE)
_ID_ATTR = re.compile(r' id="[^"]*"')
_PINNED_ID = re.compile(r"\{(?::\s*)?#([A-Za-z][\w.-]*)\s*\}\s*$")
"""A heading's own id: `{#id}`, or as kramdown writes it (Jekyll, Mozilla's legal docs), `{: #id }`."""
"""A pinned id at the end of a heading (no leading `\\s*`: that would try every space of a long heading)."""
_LEAF_OPEN = {"heading_open", "paragraph_open", "th_open", "td_open", "dt_open"}
_SELF_LEAVES = {"fence", "code_block", "html_block", "hr"}


def plain(children: list[Token]) -> str:
    """The text a reader sees of inline tokens (footnote references as `[n]`)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "footnote_ref":
            parts.append(f"[{child.meta['id'] + 1}]")
    return "".join(parts)


def _heading_ids(state: StateCore) -> None:
    """Give every heading an id: its pinned `{#id}`, else a slug of its text, made unique here.

    `meta["ppgen_id"]` keeps (base id, pinned?) so that `parse` can make ids unique over a whole
    body parsed in parts; a pinned id used twice is reported there."""
    ids = Ids()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        children = inline.children or []
        pinned = None
        if children and children[-1].type == "text":
            match = _PINNED_ID.search(children[-1].content)
            if match:
                pinned = match.group(1)
                children[-1].content = children[-1].content[: match.start()].rstrip()
                whole = _PINNED_ID.search(inline.content)
                inline.content = inline.content[: whole.start()].rstrip() if whole else inline.content
        base = pinned if pinned is not None else slugify(plain(children))
        ident = ids.take(base, pinned is not None)
        token.meta["ppgen_id"] = (base, pinned is not None)
        token.attrSet("id", ident)


def _align_classes(state: StateCore) -> None:
    """Table alignment as classes, not inline styles, so pages need no `unsafe-inline` CSP."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrs.pop("style")
                token.attrSet("class", "align-" + style.removeprefix("text-align:"))


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        # markdown-it leaves a `javascript:`/`vbscript:`/`data:` link as literal text; taken as a
        # link it is reported at its line, or removed in strip mode, like any active URL.
        return sanitize.active_scheme(url) is not None or super().validateLink(url)


def _make_parser() -> MarkdownIt:
    md = _Markdown("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.after("inline", "ppgen_heading_ids", _heading_ids)
    md.core.ruler.after("ppgen_heading_ids", "ppgen_align_classes", _align_classes)
    md.core.ruler.after("ppgen_align_classes", "ppgen_item_numbers", numbering.keep_numbers)
    md.add_render_rule("link_open", _link_open)
    return md


def _link_open(self: RendererHTML, tokens: list[Token], index: int, options: Any, env: Any) -> str:
    """A link to the site itself (`policy:terms`, `../terms/`) as a placeholder that each page makes
    relative to itself (see ppgen.source.links): the body is rendered once and shown at several depths."""
    token = tokens[index]
    href = token.attrGet("href")
    link = links.in_site(href) if isinstance(href, str) else None
    if link is not None:
        token.attrSet("href", links.placeholder(link))
    return self.renderToken(tokens, index, options, env)


MD = _make_parser()


def _line(token: Token, offset: int = 0) -> int:
    """A token's first line (0-based within the part), `offset` lines further."""
    return (token.map[0] if token.map else 0) + offset


def _closing(tokens: list[Token], index: int) -> int:
    """Index of the token closing the one opened at `index`."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    raise AssertionError("markdown-it produced an unbalanced token stream")


def _without(children: list[Token], active: set[int], env: dict[str, Any]) -> list[Token]:
    """Inline tokens with the links at `active` unlinked (their text kept) and the images there
    replaced by their alt text: what strip mode keeps of a link or image with an active URL."""
    kept: list[Token] = []
    unlinking = False  # links never nest, so the next link_close is the dropped link's own
    for position, child in enumerate(children):
        if position in active and child.type == "image":
            alt = _renderer().renderInlineAsText(child.children or [], MD.options, env)
            kept.append(Token("text", "", 0, content=alt))
        elif position in active:
            unlinking = True
        elif unlinking and child.type == "link_close":
            unlinking = False
        else:
            kept.append(child)
    return kept


def _renderer() -> RendererHTML:
    renderer = MD.renderer
    assert isinstance(renderer, RendererHTML)
    return renderer


def _render_one(tokens: list[Token], index: int, env: dict[str, Any]) -> str:
    """One token as HTML, exactly as the renderer would write it in the whole document."""
    renderer = _renderer()
    token = tokens[index]
    if token.type in renderer.rules:
        return str(renderer.rules[token.type](tokens, index, MD.options, env))
    return renderer.renderToken(tokens, index, MD.options, env)


@dataclass(frozen=True)
class _Part:
    """A stretch of a body parsed on its own: lines 0-based within it, container keys from 0, no sections yet."""

    blocks: tuple[Block, ...]
    headings: tuple[tuple[int, int, str, bool, str, str], ...]
    """(index in `blocks`, level, base id, pinned?, opening and closing tags one level lower) per heading."""
    keys: int
    """How many containers it opened."""
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    html: str
    """Its blocks' HTML: containers never reach across parts, so a body's HTML is its parts' end to end."""


Parts = dict[tuple[str, str, str], _Part]
"""Parts already parsed, by (text, raw_html and template_syntax settings): shared by the versions of a policy,
which are mostly alike."""


def _parts(body: str) -> list[tuple[int, str]]:
    """The body cut before each `#` heading that starts a line and each paragraph that starts a line
    with a letter after a blank line, as (first line, text) pairs.

    Either closes every list, quote, table and paragraph before it (a letter at the margin
    continues no list item, quote or indented code after a blank line), so each part parses
    alone exactly as inside the whole. A body holding anything that can reach across a cut
    (fenced code, an HTML block, a footnote, a link reference definition) stays whole, and so does
    one with carriage returns (line numbers would be counted differently)."""
    if any(mark in body for mark in _WHOLE_IF) or ("<" in body and _HTML_BLOCK.search(body)):
        return [(0, body)]
    cuts = [0, *(m.end() for m in _PART_START.finditer(body)), len(body)]
    parts: list[tuple[int, str]] = []
    line = 0
    for start, stop in pairwise(cuts):
        parts.append((line, body[start:stop]))
        line += body.count("\n", start, stop)
    return parts


def _one_down(tokens: list[Token], index: int, close: int, env: dict[str, Any]) -> tuple[str, str]:
    """The opening and closing tags of the heading opened at `index`, one level down (h6 stays h6)."""
    tag = tokens[index].tag
    lower = f"h{min(int(tag[1]) + 1, 6)}"
    tokens[index].tag = tokens[close].tag = lower
    tags = _render_one(tokens, index, env), _render_one(tokens, close, env)
    tokens[index].tag = tokens[close].tag = tag
    return tags


def _parse_part(text: str, raw_html: str, template_syntax: str) -> _Part:
    """One stretch of a body, parsed on its own (lines 0-based within it, no path)."""
    state = Screen(raw_html, template_syntax)
    env: dict[str, Any] = {}
    tokens = MD.parse(text, env)
    state.check_tables(tokens, text)
    state.check_definitions(text, env)
    blocks: list[Block] = []
    headings: list[tuple[int, int, str, bool, str, str]] = []
    stack: list[Container] = []
    closers: list[int] = []
    next_key = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type in _LEAF_OPEN:
            inline = tokens[index + 1]
            children = inline.children or []
            inline_line = _line(inline)
            errors_before = len(state.errors)
            state.check_source(inline.content, inline_line)
            has_html = False
            offset = 0
            active: set[int] = set()
            for position, child in enumerate(children):
                if child.type in ("softbreak", "hardbreak"):
                    offset += 1
                elif child.type == "html_inline":
                    has_html = True
                    state.check_html(child.content, inline_line + offset)
                elif child.type in ("link_open", "image"):
                    url = str(child.attrGet("src" if child.type == "image" else "href"))
                    where = "autolink" if child.markup == "autolink" else child.type.removesuffix("_open")
                    if state.check_url(url, where, inline_line + offset):
                        active.add(position)
            if active:
                children = _without(children, active, env)
            inner = _renderer().renderInline(children, MD.options, env)
            if has_html:
                inner = state.clean(inner, inline_line, errors_before)
            close_index = _closing(tokens, index)
            for between in range(index + 2, close_index):
                inner += _render_one(tokens, between, env)
            text = plain(children)
            kind = token.type[: -len("_open")]
            if kind == "heading":
                base, pinned = token.meta["ppgen_id"]
                lower = _one_down(tokens, index, close_index, env)
                headings.append((len(blocks), int(token.tag[1]), base, pinned, *lower))
            # Table cells have no lines of their own; their text has.
            line = _line(token) if token.map else inline_line
            blocks.append(
                Block(
                    kind,
                    tuple(stack),
                    _render_one(tokens, index, env),
                    inner,
                    _render_one(tokens, close_index, env),
                    text,
                    line,
                    None,
                )
            )
            index = close_index + 1
            continue
        if token.type in _SELF_LEAVES:
            html, text = _render_one(tokens, index, env), token.content
            if token.type == "html_block":
                index, html = rawlists.joined(tokens, index)
                line = _line(token)
                if "<!--" in html and "-->" not in html[html.index("<!--") :]:
                    state.errors.append(
                        Problem(
                            "HTML comment is never closed, so it hides the rest of the policy",
                            None,
                            line + html[: html.index("<!--")].count("\n"),
                            "close it with -->",
                            code="unclosed-comment",
                        )
                    )
                errors_before = len(state.errors)
                state.check_source(html, line)
                state.check_html(html, line)
                html = state.clean(html, line, errors_before)
                table = rawtables.parts(html)
                if table is not None:  # read as a Markdown table is: containers, and a block per cell
                    cells, next_key = rawtables.blocks(table, tuple(stack), line, next_key)
                    blocks += cells
                    index += 1
                    continue
                text = sanitize.text_of(html)
            elif token.type == "hr":
                text = ""
            elif token.type == "code_block":
                state.indented(_line(token))
            blocks.append(Block(token.type, tuple(stack), "", html, "", text.strip(), _line(token), None))
        elif token.nesting == 1:
            close = _closing(tokens, index)
            stack.append(
                Container(
                    next_key,
                    token.type[: -len("_open")],
                    _render_one(tokens, index, env),
                    _render_one(tokens, close, env),
                )
            )
            closers.append(close)
            next_key += 1
        elif token.nesting == -1 and closers and closers[-1] == index:
            stack.pop()
            closers.pop()
        index += 1

    for reference in env.get("references", {}).values():  # used or not: each definition at its own line
        line = reference["map"][0] if reference.get("map") else 0
        state.check_url(reference["href"], "link reference definition", line)
    return _Part(
        tuple(blocks), tuple(headings), next_key, tuple(state.errors), tuple(state.warnings), assemble(blocks)
    )


def parse(
    body: str,
    path: str,
    first_line: int = 1,
    raw_html: str = "error",
    parts: Parts | None = None,
    *,
    template_syntax: str = "error",
) -> Document:
    """Parse a version body; raise PpgenError listing every problem in it.

    The body is parsed in parts (see `_parts`); with `parts`, a part already parsed for another
    version is reused. Heading ids are made unique over the whole body, as one parse would.
    A body with a level-1 heading uses `#` for sections: all its headings move one level down together
    (h6 stays h6), so that the page's title stays its one h1 (the document says where: `sections_at`)."""
    if "\f" in body:
        body = body.replace("\f", " ")  # a page break (word processors, printouts): white space, lines kept
    parsed: list[tuple[int, _Part]] = []
    for offset, text in _parts(body):
        key = (text, raw_html, template_syntax)
        part = parts.get(key) if parts is not None else None
        if part is None:
            part = _parse_part(text, raw_html, template_syntax)
            if parts is not None:
                parts[key] = part
        parsed.append((first_line + offset, part))
    level_one = (start + part.blocks[h[0]].line for start, part in parsed for h in part.headings if h[1] == 1)
    first = next(level_one, None)
    down = first is not None
    blocks: list[Block] = []
    html: list[str] = []
    headings: list[Heading] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    taken = Ids()
    section: str | None = None
    keys = 0
    for start, part in parsed:
        errors += (replace(p, path=path, line=start + (p.line or 0)) for p in part.errors)
        warnings += (replace(p, path=path, line=start + (p.line or 0)) for p in part.warnings)
        ids: dict[int, tuple[int, str, str, str]] = {}
        for index, level, base, pinned, lower_open, lower_close in part.headings:
            if pinned and base in taken.taken:
                errors.append(
                    Problem(
                        f"heading id `{base}` is used twice",
                        path,
                        start + part.blocks[index].line,
                        "give each {#id} a different name",
                        code="duplicate-id",
                    )
                )
            elif pinned and is_page_id(base):
                message = f"heading id `{base}` is one the page uses for itself"
                hint = f"choose another {{#id}}; {PAGE_IDS_HINT}"
                errors.append(Problem(message, path, start + part.blocks[index].line, hint, code="page-id"))
            ident = taken.take(base, pinned)
            lower = min(level + 1, 6)
            ids[index] = (lower, ident, lower_open, lower_close) if down else (level, ident, "", "")
        moved: dict[int, Container] = {}
        begin = len(blocks)
        for index, block in enumerate(part.blocks):
            opening, closing = block.open, block.close
            if index in ids:
                level, section, lower_open, lower_close = ids[index]
                if down:
                    opening, closing = lower_open, lower_close
                match = _ID_ATTR.search(opening)
                if match:  # the id made unique over the whole body, not only this part
                    opening = f'{opening[: match.start()]} id="{section}"{opening[match.end() :]}'
                headings.append(Heading(level, section, block.text, start + block.line))
            containers = (
                tuple(
                    moved.get(c.key)
                    or moved.setdefault(c.key, Container(c.key + keys, c.kind, c.open, c.close))
                    for c in block.containers
                )
                if keys and block.containers
                else block.containers
            )
            line = start + block.line
            kind, inner, text = block.kind, block.inner, block.text
            blocks.append(Block(kind, containers, opening, inner, closing, text, line, section))
        keys += part.keys
        renamed = any(blocks[begin + index].open != part.blocks[index].open for index in ids)
        html.append(assemble(blocks[begin:]) if renamed else part.html)
    if (fixed := rawids.unique(blocks, path)) is not None:
        blocks, dropped = fixed
        warnings += dropped
        html = [assemble(blocks)]
    if errors:
        raise PpgenError(*sorted(errors, key=lambda problem: problem.line or 0))
    if not any(block.text.strip() for block in blocks):
        warnings.append(_no_text(path, first_line))
    return Document("".join(html), tuple(blocks), tuple(headings), tuple(warnings), first)


def _no_text(path: str, first_line: int) -> Problem:
    """The warning for a body with no text (an empty file, front matter or a title alone), at the line before
    where its text would start. It builds, as a real history may hold one, but never silently: the policy's
    page would be empty, and a redline to it would strike the whole text."""
    message = "the version has no text: its page shows none, and a redline to it strikes every word"
    hint = "write the policy's text below the front matter, or delete the file"
    return Problem(message, path, max(first_line - 1, 1), hint, code="no-text")
