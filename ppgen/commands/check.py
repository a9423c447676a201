"""`ppgen check`: every error a build would raise, plus the lint rules that keep a policy site truthful."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ppgen.commands.checklinks import SiteLinks
from ppgen.core.chars import decode
from ppgen.core.document import Document
from ppgen.core.errors import PpgenError, Problem
from ppgen.core.findings import RULES, Finding, archived_note
from ppgen.core.model import Correction, Policy, Version
from ppgen.pipeline.build import validate
from ppgen.site import languages
from ppgen.site.plan import SitePlan
from ppgen.source import datelines, frontmatter, markdown, outline, texts, titles
from ppgen.source.backdated import backdated
from ppgen.source.config import Settings
from ppgen.source.corrections import acknowledged, read_corrections
from ppgen.source.history import STAGED, Revision, Staged, editorial_message, read_commit_message
from ppgen.source.load import Loaded, load
from ppgen.source.textchanges import TextChange, text_changes
from ppgen.source.vanished import versions_gone

_DATE_LINE_HINT = (
    'remove it: the page shows "Last updated" and the effective date from the front matter and git history'
)


class _Checker:
    """One run of the rules over a loaded site."""

    def __init__(
        self,
        settings: Settings,
        loaded: Loaded,
        staged: Staged | None = None,
        message_read: bool = False,
        archived: bool = False,
    ) -> None:
        self.settings = settings
        self.loaded = loaded
        self.staged = staged
        self.message_read = message_read
        self.site = loaded.site
        self.slugs = {policy.slug for policy in self.site.policies}
        self.findings: list[Finding] = []
        self.docs: dict[tuple[str, date], Document] = {}
        self.warnings: list[Problem] = []
        """What a build would warn about (text shown as written, content stripped), and how a text is read."""
        self.archived = archived
        self.held: Counter[str] = Counter()
        """What the text rules and the build's warnings found in archived versions, by path (`replaced`)."""
        self.links = SiteLinks(settings, self.site, self.docs, self.findings)

    def add(self, rule: str, message: str, path: str | None, line: int | None, hint: str) -> None:
        assert rule in RULES, rule
        self.findings.append(Finding(rule, Problem(message, path, line, hint, code=rule)))

    def validated(self, site_plan: SitePlan) -> None:
        """The build's own phase 1 (`build.validate`: the site's problems, every version parsed): each of its
        problems a finding, and the documents that parsed kept for the lint rules."""
        found = validate(site_plan, self.settings)
        self.findings += [Finding.of(problem) for problem in found.problems]
        for parsed in found.policies:
            self.docs.update(parsed.documents(site_plan, self.settings, None))
        for policy in self.site.policies:  # warnings in the order of the versions, each text's note first
            for version in policy.versions:
                doc = self.docs.get((policy.slug, version.effective))
                if doc is not None:
                    said = [*outline.notes(doc, version.path), *doc.warnings]
                    if self.replaced(policy, version):
                        self.held[version.path] += len(said)
                    else:
                        self.warnings += said

    def replaced(self, policy: Policy, version: Version) -> bool:
        """Is this an archived version whose text rules are counted, not listed (no `--archived`)?"""
        in_force = policy.in_force(self.site.today)
        return not self.archived and in_force is not None and version.effective < in_force.effective

    def text_rules(self, version: Version, doc: Document) -> None:
        """Hand-written dates and headings that repeat an id."""
        for block in doc.blocks:
            if block.kind in ("paragraph", "heading") and datelines.is_date_line(block.text):
                message = f"the text carries its own date line: “{block.text[:60]}”"
                self.add("manual-date", message, version.path, block.line, _DATE_LINE_HINT)
        for heading in doc.headings:
            base = markdown.slugify(heading.text)
            if heading.id != base and re.fullmatch(rf"{re.escape(base)}-\d+", heading.id):
                self.add(
                    "duplicate-id",
                    f"heading “{heading.text}” repeats the id `{base}`, so it became `{heading.id}`, "
                    "which changes if the first one goes",
                    version.path,
                    heading.line,
                    f"pin a lasting id with `## {heading.text} {{#{base}-…}}`, or reword one heading",
                )

    def title(self, version: Version) -> None:
        """A text that opens with a level-1 heading other than its front-matter title: which one is meant?"""
        try:
            front = frontmatter.split(decode(texts.source(version), version.path), version.path)
        except PpgenError:
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

    def history_rules(self, policy: Policy) -> None:
        """Published text changed later (not editorial, no correction that day), and single-file revisions out
        of order or undated."""
        zone, today = self.settings.zone, self.site.today
        single = self.loaded.single_file.get(policy.slug, ())
        shown = {d.revision.sha: d.shown for d in single}
        handled: set[str | None] = set()
        for version in policy.versions:
            if version.effective > today:
                continue
            revisions = self.loaded.revisions.get((policy.slug, version.effective), ())
            corrections: tuple[Correction, ...] | None = None
            for change in text_changes(revisions, version.title, self.loaded.texts, zone):
                if change.day <= version.effective:
                    continue
                handled.add(change.revision.sha)
                if corrections is None:
                    corrections = self._corrections(version, revisions)
                if not acknowledged(corrections, change.day):
                    sha = change.revision.sha
                    where = version.path if sha == STAGED else shown.get(sha, version.path)
                    self._changed_after_effective(policy.slug, version, change, where, corrections)
        latest: date | None = None
        titles = {v.effective: v.title for v in policy.versions}
        for before, after in zip((None, *single), single, strict=False):  # the first one after None
            where = after.revision.label
            if latest is not None and after.effective < latest:
                self.add(
                    "effective-order",
                    f"{where} sets effective {after.effective.isoformat()}, "
                    f"earlier than {latest.isoformat()} before it",
                    after.shown,
                    after.line,
                    "versions take effect in order: give the new text a later effective date",
                )
            latest = max(latest or after.effective, after.effective)
            if before is None or after.revision.sha in (None, *handled) or after.revision.editorial:
                continue
            if (before.effective, before.updated) == (
                after.effective,
                after.updated,
            ) and self.loaded.texts.changed(before.revision, after.revision, titles.get(after.effective, "")):
                self.add(
                    "undated-revision",
                    f"{where} changed the text of the {after.effective.isoformat()} version "
                    "without a new effective date or `updated`",
                    after.shown,
                    self.loaded.texts.first_difference(before.revision, after.revision),
                    "set `effective:` to the day the new text takes effect, or `updated:`; "
                    "if no meaning changed, mark the commit `Policy-Change: editorial`",
                )

    def _corrections(self, version: Version, revisions: tuple[Revision, ...]) -> tuple[Correction, ...]:
        """The corrections that acknowledge changes to a version: in the text being checked.

        With --staged that is the text the commit will hold (the index), not the working tree: a correction
        written but not staged would not be in the commit."""
        if self.staged is None or not revisions:
            return version.corrections
        try:
            front = frontmatter.split(decode(revisions[-1].data, version.path), version.path)
        except PpgenError:
            return ()  # the build error is reported for the working tree's text
        value = front.data.get("corrections", [])
        return read_corrections(value, (), None, front.end_line, version.path, self.settings.zone, None)[0]

    def _changed_after_effective(
        self, slug: str, version: Version, change: TextChange, path: str, corrections: tuple[Correction, ...]
    ) -> None:
        """A change to the text in force that nothing acknowledges: a commit made, or the one about to be."""
        effective, day = version.effective.isoformat(), change.day.isoformat()
        since = f"the text of the version in force since {effective}"
        correct = f"add `{{date: {day}, note: …}}` to the version's `corrections` (shown to visitors)"
        new = f"publish changed text as a new version with `ppgen new {slug}`"
        editorial = "`Policy-Change: editorial`"
        if change.revision.sha != STAGED:
            message = f"commit {change.revision.short} changed {since} on {day}, after it took effect"
            hint = (
                f"{new}; if the change corrects the text, {correct}; "
                f"if no meaning changed, mark the commit with the trailer {editorial}"
            )
        elif self.message_read:
            message = (
                f"this commit changes {since}, after it took effect, "
                f"and its message has no trailer {editorial}"
            )
            hint = (
                f"if no meaning changed, end the message with the trailer line {editorial}; "
                f"if the change corrects the text, {correct}; else {new}"
            )
        else:
            message = f"the staged change edits {since}, after it took effect (a commit today, {day})"
            hint = (
                f"if the change corrects the text, {correct}; if no meaning changed, commit with the trailer "
                f"{editorial}, checked by the commit-msg hook (`ppgen check --commit-msg`), as the message "
                f"does not exist yet; else {new}"
            )
        if corrections:
            dates = ", ".join(sorted({c.date.isoformat() for c in corrections}))
            message += f" (no correction is dated {day}; its corrections are dated {dates})"
        self.add("changed-after-effective", message, path, change.line, hint)

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
                    f"version {version.effective.isoformat()} was announced on {announced.isoformat()}, "
                    f"{given} day{'s' * (given != 1)} before it takes effect; notice_days asks for {days}",
                    version.path,
                    (version.line_of("effective") or 1),
                    f"move `effective` to {(announced + timedelta(days=days)).isoformat()} or later, "
                    "or lower notice_days in ppgen.toml",
                )

    def future_updated(self, policy: Policy) -> None:
        """`updated`, correction and commit dates that have not come yet: "Last updated" would claim a change no
        one has made. An upcoming version may say its effective date (what "Last updated" shows anyway), no later."""
        today = self.site.today
        for version in policy.versions:
            said = max(today, version.effective, *(c.date for c in version.corrections))
            if version.updated is not None and version.updated > max(today, version.effective):
                upcoming = (
                    f", and it takes effect on {version.effective}" if version.effective > today else ""
                )
                message = f"`updated: {version.updated}` has not come yet (today is {today}{upcoming})"
                hint = "set `updated` to the day the text was changed, or remove it"
                self.add("future-updated", message, version.path, version.line_of("updated"), hint)
            elif version.updated is None and version.last_updated > said:  # from git: a commit's date
                message = f"last changed in a commit dated {version.last_updated}, after today ({today})"
                hint = "fix the clock that dated the commit, then the commit's date: git commit --amend --date=now"
                self.add("future-updated", message, version.path, 1, hint)
            for correction in version.corrections:
                if correction.date > today:
                    message = f"the correction dated {correction.date} has not come yet (today is {today})"
                    hint = "date a correction on the day the text was changed"
                    self.add("future-updated", message, version.path, correction.line, hint)


def check_site(
    settings: Settings,
    today: date,
    *,
    allow_shallow: bool = False,
    staged: bool = False,
    commit_msg: Path | None = None,
    archived: bool = False,
) -> tuple[list[Finding], tuple[Problem, ...]]:
    """Every finding for the site (empty when all is well), and warnings that are not findings.

    `staged`: git's index is the commit about to be made, dated today; `commit_msg` (implies `staged`): the
    file holding that commit's message, whose trailer `Policy-Change: editorial` marks it editorial.
    `archived`: the text rules (date lines, titles, heading ids, links) also for versions replaced before the
    one in force; else what they find there is one warning that counts it (`_held`)."""
    stage = None
    if staged or commit_msg is not None:
        editorial = False
        if commit_msg is not None:
            text = read_commit_message(commit_msg)
            folder = settings.content_dir if settings.content_dir.is_dir() else Path.cwd()
            editorial = editorial_message(text, folder)
        # Noon in the site's zone: the day is today there, whatever the offset.
        stage = Staged(datetime.combine(today, time(12), tzinfo=settings.zone), editorial)
    try:
        loaded = load(settings, today, allow_shallow=allow_shallow, allow_dirty=True, staged=stage)
    except PpgenError as err:
        return [Finding.of(p) for p in err.problems], ()
    checker = _Checker(settings, loaded, stage, message_read=commit_msg is not None, archived=archived)
    site_plan = SitePlan.of(loaded.site, settings)
    urls = site_plan.urls
    checker.validated(site_plan)
    pages = site_plan.urls_served() | {
        a.lstrip("/") for p in loaded.site.policies for v in p.versions for a in v.aliases
    }
    for policy in loaded.site.policies:
        for version in policy.versions:
            doc = checker.docs.get((policy.slug, version.effective))
            before = len(checker.findings)
            checker.title(version)
            if doc is not None:
                checker.text_rules(version, doc)
                checker.links(urls, pages, policy, version, doc)
            if checker.replaced(policy, version):
                kept = [f for f in checker.findings[before:] if f.rule == "build"]  # a build error stays one
                checker.held[version.path] += len(checker.findings) - before - len(kept)
                checker.findings[before:] = kept
        if loaded.history is not None:
            checker.history_rules(policy)
        checker.notice(policy)
        checker.future_updated(policy)

    def headings(slug: str, day: date) -> int | None:
        doc = checker.docs.get((slug, day))
        return len(doc.headings) if doc is not None else None

    checker.findings += [Finding(r, p) for r, p in languages.translation_problems(loaded.site, headings)]
    if loaded.history is not None:
        checker.findings += [Finding("version-gone", p) for p in versions_gone(loaded.history, settings.zone)]
        checker.warnings += backdated(loaded.history, settings.zone)
    return checker.findings, (*loaded.warnings, *checker.warnings, *archived_note(checker.held))
