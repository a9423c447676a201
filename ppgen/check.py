"""`ppgen check`: every error a build would raise, plus the lint rules that keep a policy site truthful."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ppgen import frontmatter, markdown, titles
from ppgen.addresses import address_problems
from ppgen.config import Settings
from ppgen.document import Document
from ppgen.errors import PpgenError, Problem
from ppgen.history import Revision, text_changes
from ppgen.load import Loaded, decode, load
from ppgen.model import Policy, Version
from ppgen.templates import Theme
from ppgen.pages import Urls, plan, url_of

RULES = {
    "build": "an error `ppgen build` would raise",
    "changed-after-effective": "the text of a published version changed after it took effect, in a commit not marked editorial",
    "effective-order": "a single-file policy's effective date earlier than the version before it",
    "undated-revision": "a single-file policy's text changed with no new effective date or `updated`",
    "manual-date": 'a body that carries its own "Last updated" or "Effective date" line',
    "duplicate-id": "two headings with one id",
    "broken-link": "a link to a page or section of the site that does not exist",
    "short-notice": "an upcoming version announced with less notice than notice_days",
    "template-syntax": "`{{ }}` or `{% %}` left over from another tool",
    "future-updated": "a front-matter `updated` date that has not come yet",
    "title-mismatch": "a text that opens with a level-1 heading other than its front-matter `title`",
}
"""Every rule, by the name `--format json` gives it."""
FORMATS = ("text", "json", "github")

_MANUAL_DATE = re.compile(
    r"^\W*(last[\s-]+(updated|modified|revised|changed|amended)|effective\s+(date|as\s+of|from|on|since)|effective\s*:|"
    r"date\s+of\s+(last\s+)?(update|revision|effect)|(policy|version)\s+date)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_MARKERS = frozenset({"policy-text", "last-updated", "redline"})
"""Ids the theme gives every version page (DESIGN.md's markers)."""


@dataclass(frozen=True)
class Finding:
    """One problem `ppgen check` reports, and the rule that found it."""

    rule: str
    """A key of RULES."""
    problem: Problem
    """Where and what, as `path:line: message (hint)`."""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and tag == "a" and value:
                self.hrefs.append(value.strip())
            elif name == "id" and value:
                self.ids.add(value)


def _scan(html: str) -> _Links:
    scanner = _Links()
    scanner.feed(html)
    scanner.close()
    return scanner


def _join(folder: str, relative: str) -> str | None:
    """`relative` resolved in the site folder `folder` (ends in '/'); None when it climbs above the site root."""
    segments: list[str] = []
    parts = (folder + relative).split("/")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "..":
            if not segments:
                return None
            segments.pop()
            if last:
                segments.append("")
        elif part == "." or (part == "" and not last):
            if last:
                segments.append("")
        else:
            segments.append(part)
    return "/".join(segments)


def _effective_line(version: Version) -> int:
    try:
        return frontmatter.split(decode(version.source, version.path), version.path).lines.get("effective", 1)
    except (PpgenError, frontmatter.FrontMatterError):
        return 1


def _front_line(version: Version, key: str) -> int | None:
    try:
        return frontmatter.split(decode(version.source, version.path), version.path).lines.get(key)
    except (PpgenError, frontmatter.FrontMatterError):
        return None


class _Checker:
    """One run of the rules over a loaded site."""

    def __init__(self, settings: Settings, loaded: Loaded) -> None:
        self.settings = settings
        self.loaded = loaded
        self.site = loaded.site
        self.findings: list[Finding] = []
        self.docs: dict[tuple[str, date], Document] = {}
        self.warnings: list[Problem] = []
        """What a build would warn about (text shown as written, content stripped), and how a text is read."""

    def add(self, rule: str, message: str, path: str | None, line: int | None, hint: str) -> None:
        self.findings.append(Finding(rule, Problem(message, path, line, hint)))

    def parse(self) -> None:
        """The build's Markdown errors, sorted by the rule they break."""
        for policy in self.site.policies:
            for version in policy.versions:
                try:
                    doc = markdown.parse(
                        version.body, version.path, version.body_line, self.settings.raw_html,
                        template_syntax=self.settings.template_syntax, notes=self.warnings,
                    )
                    self.docs[(policy.slug, version.effective)] = doc
                    self.warnings += doc.warnings
                except PpgenError as err:
                    for problem in err.problems:
                        rule = "template-syntax" if problem.message.startswith("template syntax") else "duplicate-id" if problem.message.startswith("heading id") else "build"
                        self.findings.append(Finding(rule, problem))

    def text_rules(self, version: Version, doc: Document) -> None:
        """Hand-written dates and headings that repeat an id."""
        for block in doc.blocks:
            if block.kind in ("paragraph", "heading") and len(block.text) <= 120 and _MANUAL_DATE.match(block.text) and _YEAR.search(block.text):
                self.add("manual-date", f"the text carries its own date line: “{block.text[:60]}”", version.path, block.line, 'remove it: the page shows "Last updated" and the effective date from the front matter and git history')
        for heading in doc.headings:
            base = markdown.slugify(heading.text)
            if heading.id != base and re.fullmatch(rf"{re.escape(base)}-\d+", heading.id):
                self.add("duplicate-id", f"heading “{heading.text}” repeats the id `{base}`, so it became `{heading.id}`, which changes if the first one goes", version.path, heading.line, f"pin a lasting id with `## {heading.text} {{#{base}-…}}`, or reword one heading")

    def title(self, version: Version) -> None:
        """A text that opens with a level-1 heading other than its front-matter title: which one is meant?"""
        try:
            front = frontmatter.split(decode(version.source, version.path), version.path)
        except (PpgenError, frontmatter.FrontMatterError):
            return
        declared = front.data.get("title")
        heading = titles.leading_heading(front.body.removeprefix("\ufeff"))
        if heading is None or not heading.plain or not isinstance(declared, (str, int, float)):
            return  # no heading that could be a title, or no title of its own to differ from
        if isinstance(declared, bool) or not str(declared).strip():
            return  # a title that is no text: `build` reports it
        title = " ".join(str(declared).split())
        if not titles.same(title, heading.text):
            message = f"the text opens with the heading “{heading.text}”, but the title is “{title}”"
            message += "; the page shows the title, and the heading stays in the text as a section"
            hint = "make the two the same (the heading is then the title, shown once), or remove one"
            self.add("title-mismatch", message, version.path, front.body_line + heading.line, hint)

    def links(self, urls: Urls, pages: set[str], policy: Policy, version: Version, doc: Document) -> None:
        """Links to pages or sections of this site that do not exist."""
        shown_at = [urls.version(policy.slug, version.effective)]
        if policy.in_force(self.site.today) == version:
            shown_at.append(urls.policy(policy.slug))
        base_path = urlsplit(self.settings.base_url).path if self.settings.base_url else "/"
        for block in doc.blocks:
            for href in _scan(block.inner).hrefs:
                for page in shown_at:
                    target = self._resolve(href, page, base_path)
                    if target is None:
                        continue
                    problem = self._missing(target, pages, urls, page)
                    if problem:
                        self.add("broken-link", f"link `{href}` {problem}", version.path, block.line, "link to an existing policy, version or section of this site")
                        break

    def _resolve(self, href: str, page: str, base_path: str) -> str | None:
        """The site-relative address a link leads to from `page`, or None when it leaves the site."""
        base = self.settings.base_url
        address, _, fragment = href.partition("#")
        address = address.split("?")[0]
        if base and address.startswith(base):
            path: str | None = address[len(base) :]
        elif address.startswith("//") or _SCHEME.match(address):
            return None
        elif address.startswith("/"):
            path = address[len(base_path) :] if address.startswith(base_path) else None
        elif not address:
            path = page
        else:
            path = _join(page if page.endswith("/") or not page else posixpath.dirname(page) + "/", address)
        if path is None:
            return None
        # Markdown percent-encodes a link's non-ASCII letters: `#個人情報` arrives as `#%E5%80%8B…`.
        return unquote(path) + (f"#{unquote(fragment)}" if fragment else "")

    def _missing(self, target: str, pages: set[str], urls: Urls, page: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        if path not in pages and path + "/" not in pages:
            return f"leads to {path or 'the index'}, which is not a page of this site" + (f" (from {page})" if path else "")
        if not fragment:
            return None
        doc = self._doc_at(path if path in pages else path + "/", urls)
        if doc is None:
            return None
        ids = _scan(doc.html).ids | _MARKERS
        if fragment not in ids:
            return f"leads to section #{fragment}, which {path or 'that page'} does not have"
        return None

    def _doc_at(self, path: str, urls: Urls) -> Document | None:
        for policy in self.site.policies:
            if path == urls.policy(policy.slug):
                current = policy.in_force(self.site.today)
                return self.docs.get((policy.slug, current.effective)) if current else None
            for version in policy.versions:
                if path == urls.version(policy.slug, version.effective):
                    return self.docs.get((policy.slug, version.effective))
        return None

    def history_rules(self, policy: Policy) -> None:
        """Published text changed later, and single-file revisions out of order or undated."""
        zone, today = self.settings.zone, self.site.today
        single = self.loaded.single_file.get(policy.slug, ())
        shown = {d.revision.sha: d.shown for d in single}
        reported: set[str | None] = set()
        for version in policy.versions:
            if version.effective > today:
                continue
            for change in text_changes(self.loaded.revisions.get((policy.slug, version.effective), ()), version.title, self.loaded.texts, zone):
                if change.day > version.effective:
                    reported.add(change.revision.sha)
                    self.add(
                        "changed-after-effective",
                        f"commit {change.revision.short} changed the text of the version in force since {version.effective.isoformat()} on {change.day.isoformat()}, after it took effect",
                        shown.get(change.revision.sha, version.path),
                        change.line,
                        f"publish changed text as a new version with `ppgen new {policy.slug}`; if no meaning changed, mark the commit with the trailer `Policy-Change: editorial`",
                    )
        latest: date | None = None
        titles = {v.effective: v.title for v in policy.versions}
        for before, after in zip((None, *single), single):
            where = f"commit {after.revision.short}" if after.revision.sha else "the uncommitted text"
            if latest is not None and after.effective < latest:
                self.add("effective-order", f"{where} sets effective {after.effective.isoformat()}, earlier than {latest.isoformat()} before it", after.shown, after.line, "versions take effect in order: give the new text a later effective date")
            latest = max(latest or after.effective, after.effective)
            if before is None or after.revision.sha is None or after.revision.editorial or after.revision.sha in reported:
                continue
            if (before.effective, before.updated) == (after.effective, after.updated) and self.loaded.texts.changed(before.revision, after.revision, titles.get(after.effective, "")):
                self.add(
                    "undated-revision",
                    f"{where} changed the text of the {after.effective.isoformat()} version without a new effective date or `updated`",
                    after.shown,
                    self.loaded.texts.first_difference(before.revision, after.revision),
                    "set `effective:` to the day the new text takes effect, or `updated:`; if no meaning changed, mark the commit `Policy-Change: editorial`",
                )

    def notice(self, policy: Policy) -> None:
        """Upcoming versions announced with less notice than the settings ask."""
        zone, today, days = self.settings.zone, self.site.today, self.settings.notice_days
        for version in policy.versions[1:]:
            if version.effective <= today:
                continue
            committed: tuple[Revision, ...] = self.loaded.revisions.get((policy.slug, version.effective), ())
            announced = committed[0].day(zone) if committed and self.loaded.history else None
            announced = announced or today
            given = (version.effective - announced).days
            if given < days:
                self.add(
                    "short-notice",
                    f"version {version.effective.isoformat()} was announced on {announced.isoformat()}, {given} days before it takes effect; notice_days asks for {days}",
                    version.path,
                    _effective_line(version),
                    f"move `effective` to {(announced + timedelta(days=days)).isoformat()} or later, or lower notice_days in ppgen.toml",
                )

    def future_updated(self, policy: Policy) -> None:
        """`updated` dates that have not come yet: "Last updated" would claim a change no one has made.

        An upcoming version may say its effective date (what "Last updated" shows for it anyway), no later."""
        today = self.site.today
        for version in policy.versions:
            if version.updated is not None and version.updated > max(today, version.effective):
                upcoming = ""
                if version.effective > today:
                    upcoming = f", and the version takes effect on {version.effective}"
                self.add(
                    "future-updated",
                    f"`updated: {version.updated.isoformat()}` has not come yet (today is {today}{upcoming})",
                    version.path,
                    _front_line(version, "updated"),
                    "set `updated` to the day the text was changed, or remove it",
                )


def check_site(settings: Settings, today: date, *, allow_shallow: bool = False) -> tuple[list[Finding], tuple[Problem, ...]]:
    """Every finding for the site (empty when all is well), and warnings that are not findings."""
    try:
        loaded = load(settings, today, allow_shallow=allow_shallow, allow_dirty=True)
    except PpgenError as err:
        return [Finding("build", p) for p in err.problems], ()
    checker = _Checker(settings, loaded)
    urls = Urls(pretty=settings.pretty_urls, base_url=settings.base_url)
    checker.findings += [Finding("build", p) for p in address_problems(loaded.site, urls)]  # as `build` does
    checker.findings += [Finding("build", p) for p in Theme(settings.theme_dir, settings.locale).checked()[1]]
    checker.parse()
    specs = plan(loaded.site, settings.diff_pairs, with_feeds=settings.base_url is not None)
    pages = {url_of(spec, urls) for spec in specs} | {a.lstrip("/") for p in loaded.site.policies for v in p.versions for a in v.aliases}
    for policy in loaded.site.policies:
        for version in policy.versions:
            doc = checker.docs.get((policy.slug, version.effective))
            checker.title(version)
            if doc is not None:
                checker.text_rules(version, doc)
                checker.links(urls, pages, policy, version, doc)
        if loaded.history is not None:
            checker.history_rules(policy)
        checker.notice(policy)
        checker.future_updated(policy)
    return checker.findings, (*loaded.warnings, *checker.warnings)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _github(finding: Finding) -> str:
    problem = finding.problem
    properties = []
    if problem.path:
        properties.append(f"file={_github_escape(problem.path.split('@')[0], True)}")
        if problem.line:
            properties.append(f"line={problem.line}")
    properties.append(f"title={_github_escape('ppgen check: ' + finding.rule, True)}")
    where = f"{problem.path}: " if problem.path and "@" in problem.path else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"::error {','.join(properties)}::{_github_escape(where + problem.message + hint)}"


def format_findings(findings: list[Finding], style: str) -> Iterator[str]:
    """The findings as lines of `text` (path:line: message (hint)), one `json` document, or `github` annotations."""
    if style == "json":
        rows = [{"rule": f.rule, "path": f.problem.path, "line": f.problem.line, "message": f.problem.message, "hint": f.problem.hint} for f in findings]
        yield json.dumps({"problems": rows}, indent=2, ensure_ascii=False)
    elif style == "github":
        yield from (_github(f) for f in findings)
    else:
        yield from (str(f.problem) for f in findings)
