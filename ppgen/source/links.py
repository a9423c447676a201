"""Links in a policy's text to the site itself: how they are carried from parsing to each page.

A version's body is rendered once and shown on pages at different depths: the policy page
(`privacy/`), its version page (`privacy/2025-06-01/`) and redlines (`privacy/diff/a...b/`). So the
renderer writes every in-site link of the body as a placeholder, and the page step (`fill`) turns
each into a link relative to the page it is on, through `pages.Urls`:

- `policy:terms` and `policy:terms#liability` lead to the policy in force of that slug;
- a relative link (`../terms/`, `history/`) is read as written for the policy's own page.

A placeholder is `MARK`, a kind letter, the href as the renderer escaped it, and `MARK` again.
`MARK` is a control character: the loader refuses them in content, and Markdown turns a
character reference to one into U+FFFD. Raw HTML can still hold one (`&#26;`): `fill` takes only
well-formed placeholders and leaves any other MARK as U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from html import unescape
from html.parser import HTMLParser
from typing import Literal, NamedTuple

from ppgen.core.errors import Problem

MARK = "\x1a"
"""Opens and closes a placeholder (SUB: not whitespace to str.split, kept as is by the sanitiser)."""
POLICY_SCHEME = "policy:"
Kind = Literal["policy", "relative"]
_KINDS: dict[str, Kind] = {"P": "policy", "R": "relative"}
_LETTERS = {kind: letter for letter, kind in _KINDS.items()}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_HREF = frozenset(' \t\n"<>' + MARK)


class SiteLink(NamedTuple):
    """A link of a policy's text to a page of the site."""

    kind: Kind
    """`policy`: to the policy in force of a slug; `relative`: written for the policy's own page."""
    href: str
    """`slug`, `slug#fragment` for a policy link; the href as written for a relative one."""

    @property
    def slug(self) -> str:
        """The policy a `policy:` link leads to."""
        return self.href.partition("#")[0].partition("?")[0]


def in_site(href: str) -> SiteLink | None:
    """The site link an href of the Markdown stands for, or None when it needs no rebasing: a fragment
    (`#a`, the same page everywhere), a root-relative path (`/x/`, see `ppgen check`), a URL with a scheme."""
    if href.lower().startswith(POLICY_SCHEME):
        return SiteLink("policy", href[len(POLICY_SCHEME) :])
    if not href or href[0] in "#/" or href.startswith(MARK) or _SCHEME.match(href):
        return None
    return SiteLink("relative", href)


def placeholder(link: SiteLink) -> str:
    """The href the renderer writes for `link` (then escaped with the rest of the tag)."""
    return f"{MARK}{_LETTERS[link.kind]}{link.href}{MARK}"


def written(link: SiteLink) -> str:
    """The href as the policy's Markdown writes it (`policy:terms`, `../terms/`)."""
    return POLICY_SCHEME + link.href if link.kind == "policy" else link.href


def quoted(href: str) -> str:
    """An href as a redline's note quotes it ("link target changed from X to Y"): a relative link as the
    policy writes it (rebased for the page, `../../element.io` would be an address the policy never wrote);
    a link to a policy stays a placeholder, which the page step makes that policy's address on the page and
    `ppgen diff` writes as the Markdown does (`written`)."""
    link = read(href)
    return link.href if link is not None and link.kind == "relative" else href


def read(value: str) -> SiteLink | None:
    """The link an href attribute value (unescaped, e.g. by HTMLParser) holds, if it is a placeholder."""
    if len(value) > 2 and value[0] == MARK and value[-1] == MARK and value[1] in _KINDS:
        href = value[2:-1]
        if not _NOT_IN_HREF.intersection(href):
            return SiteLink(_KINDS[value[1]], href)
    return None


def fill(html: str, resolve: Callable[[SiteLink], str]) -> str:
    """`html` with each placeholder replaced by `resolve(link)`: one pass, no HTML parsing, each distinct
    placeholder resolved once (a page repeats its few links: a redline shows the text twice).

    `resolve` gets the href as it was escaped in the tag and returns it escaped alike (only the
    address changes: its path is made of URL characters, which escaping leaves alone)."""
    if MARK not in html:
        return html
    made: dict[str, str] = {}
    parts = html.split(MARK)  # with no stray MARK, every odd part is a placeholder's inside
    if len(parts) % 2:
        for index in range(1, len(parts), 2):
            text = made.get(parts[index])
            if text is None:
                link = read(MARK + parts[index] + MARK)
                if link is None:
                    break
                text = made[parts[index]] = resolve(link)
            parts[index] = text
        else:
            return "".join(parts)
    return _fill_one_by_one(html, resolve)


def _fill_one_by_one(html: str, resolve: Callable[[SiteLink], str]) -> str:
    """`fill` for HTML with a stray MARK in it: placeholder by placeholder, each stray MARK replaced."""
    out: list[str] = []
    made: dict[str, str] = {}
    done = 0
    start = html.find(MARK)
    while start >= 0:
        end = html.find(MARK, start + 1)
        raw = html[start : end + 1] if end > start else MARK
        text = made.get(raw)
        if text is None:
            link = read(raw)
            if link is None:  # a stray MARK: only it is replaced
                raw, text = MARK, "\ufffd"
            else:
                text = made[raw] = resolve(link)
        out.append(html[done:start])
        out.append(text)
        done = start + len(raw)
        start = html.find(MARK, done)
    out.append(html[done:])
    return "".join(out)


def join(page: str, href: str) -> str:
    """`href`, written for the site page `page` (site-relative: `privacy/`), as a site-relative address.

    `.` and `..` are worked out; `..` beyond the site root is kept at the front (`../x/`), so a link
    meant to leave the site still does so from any page."""
    path, mark, rest = href.partition("#")
    path, qmark, query = path.partition("?")
    suffix = (qmark + query) + (mark + rest)
    if not path:
        return page + suffix
    segments = page.split("/")[:-1]  # the folders the page is in
    above = 0
    parts = path.split("/")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "..":
            if segments:
                segments.pop()
            else:
                above += 1
            if last:
                segments.append("")
        elif part == ".":
            if last:
                segments.append("")
        elif part or last:
            segments.append(part)
    return "../" * above + "/".join(segments) + suffix


def named_policy(href: str, slugs: Collection[str]) -> str | None:
    """`terms#liability` for `/legal/terms/#liability` when `terms` is a policy of the site: the policy that
    a link to an address of another layout (a copy of the old website's) names by its last part, so that a
    hint can offer the `policy:` link that lasts."""
    address, mark, fragment = href.partition("#")
    parts = [part.removesuffix(".html") for part in address.partition("?")[0].split("/")]
    named = [part for part in parts if part and part != "index"]
    if not named or named[-1] not in slugs:
        return None
    return named[-1] + mark + fragment


def unknown_policies(blocks: Iterable[tuple[str, int]], path: str, slugs: Collection[str]) -> list[Problem]:
    """A problem for each `policy:` link in these (HTML, first line) blocks whose slug is not a policy of
    the site; the line counts the soft breaks before the link. `ppgen build` and `ppgen check` both ask."""
    problems = []
    opening = MARK + _LETTERS["policy"]
    for html, line in blocks:
        start = html.find(opening)
        while start >= 0:
            end = html.find(MARK, start + 2)
            link = read(html[start : end + 1]) if end > start else None
            if link is not None and unescape(link.slug) not in slugs:
                known = ", ".join(sorted(slugs))
                problems.append(
                    Problem(
                        f"link `policy:{unescape(link.href)}` leads to no policy: "
                        f"this site has no policy `{unescape(link.slug)}`",
                        path,
                        line + html.count("\n", 0, start),
                        f"write policy: and the slug of one of this site's policies: {known}",
                        code="unknown-policy",
                    )
                )
            start = html.find(opening, start + 2)
    return problems


class Scanned(HTMLParser):
    """The links and ids of rendered HTML, as `ppgen check` follows them (`scan`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[tuple[str, int]] = []
        """Each link's href and the line it is on, counted from 0."""
        self.srcs: list[tuple[str, int]] = []
        """Each image's src and the line it is on, counted from 0."""
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and tag == "a" and value:
                self.hrefs.append((value.strip(), self.getpos()[0] - 1))
            elif name == "src" and tag == "img" and value:
                self.srcs.append((value.strip(), self.getpos()[0] - 1))
            elif name == "id" and value:
                self.ids.add(value)


def scan(html: str) -> Scanned:
    """The links and images (href or src, line) and the ids of `html`."""
    scanner = Scanned()
    scanner.feed(html)
    scanner.close()
    return scanner
