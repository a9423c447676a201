"""What `ppgen check` reports: every problem's stable code, the lint rules by name, a finding, and the
formats a finding is printed in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from ppgen.core.errors import Problem

CODES = {
    "archived": "findings of the text rules in versions replaced before the one in force, counted (a warning)",
    "alias-collision": "an alias that is no plain site path, is an address the site has, or is claimed twice",
    "bad-date": "an effective or updated date that is no date, is out of range or disagrees with another",
    "build-date": "an --as-of or SOURCE_DATE_EPOCH that ppgen cannot build as of",
    "commit-date-order": (
        "a commit of a content file dated before an earlier commit of it: a change it made may be dated too early"
        " (a warning of `ppgen check`)"
    ),
    "published-comment": (
        "an HTML comment holding a note for the team (TODO, @name, confidential…): hidden on the page, published"
        " in the raw text (a warning)"
    ),
    "content-layout": "a content folder, policy folder or file name that is not as ppgen reads them",
    "content-changed": "a version's text that changed, or went, while a build was reading it",
    "control-character": "an invisible control character in the text or the front matter",
    "corrections": "a front-matter `corrections` entry that is not a dated note",
    "duplicate-id": "two headings with one id, or an HTML id another element has (a warning: the HTML's is dropped)",
    "duplicate-version": "two versions of a policy taking effect on one day",
    "encoding": "a file that is not UTF-8",
    "front-matter": "front matter that is not closed, not YAML, or holds a value of the wrong kind",
    "git": "git history that cannot be read, or a single-file policy outside git",
    "heading-level": "level-1 headings in the text, moved one level down, or a heading that skips a level (a warning)",
    "indented-code": "text indented by four spaces or a tab, shown as code (a warning)",
    "manifest": "a --changed-since file that is no ppgen manifest",
    "missing-title": "the first version of a policy without a title",
    "no-text": "a version with no text: an empty file, or front matter or a title alone (a warning)",
    "no-base-url": "no base_url: feeds, sitemap.xml and canonical links are left out",
    "output": "an output folder ppgen may not or cannot write",
    "pdf": "a PDF that cannot be made (`pdf = true` without WeasyPrint, or a page WeasyPrint fails on)",
    "page-id": "an id the page uses for itself, given to a heading or an HTML element of the text",
    "raw-html": "raw HTML with active content, or that browsers read otherwise than it looks",
    "reserved-name": "a policy named like an address of the site's own",
    "same-title": "two policies of one language with one title, which the navigation cannot tell apart (a warning)",
    "settings": "ppgen.toml or a command-line setting that is wrong",
    "shallow-clone": "a shallow git clone, whose history is cut short",
    "table-cells": "a table row with more cells than its header, whose extra cells are not shown (a warning)",
    "template-syntax": (
        "`{{ }}`, `{% %}`, `[AUTOTITLE](…)`, a placeholder `<Company>` or attributes `[words]{.class}` left over"
        " from another tool"
    ),
    "theme": "a theme template that does not compile or render",
    "undated-commit": (
        "a commit of a single-file policy with no readable effective date, older than one that has it: left"
        " out of the policy's history (a warning)"
    ),
    "unclosed-comment": "an HTML comment that is never closed and hides the rest of the text",
    "translation-language": "a translation into a language not in `languages`, or without the text it translates",
    "uncommitted": "a version not committed to git, in a build that publishes committed text only",
    "unshown-definition": "a footnote or link definition nothing refers to, whose words are on no page (a warning)",
    "unknown-key": "a front-matter key ppgen does not know",
    "unknown-policy": "a `policy:` link to a policy the site does not have",
    "unknown-version": "a policy or version that the command line names and the site does not have",
    "unsafe-path": "a link, loop or special file where ppgen reads or writes",
}
"""Every code a problem of `ppgen build` (or of reading the site) carries (`Problem.code`)."""

RULES = {
    "build": "an error `ppgen build` would raise (its code says which)",
    "changed-after-effective": (
        "the text of a published version changed after it took effect, in a commit not marked editorial,"
        " on a day with no correction"
    ),
    "effective-order": "a single-file policy's effective date earlier than the version before it",
    "undated-revision": "a single-file policy's text changed with no new effective date or `updated`",
    "manual-date": 'a body that carries its own "Last updated", "Effective date" or "Stand" line',
    "duplicate-id": "two headings with one id",
    "broken-link": "a link to a page or section of the site that does not exist",
    "broken-image": "an image whose file is not on the site (a build publishes no file from content/)",
    "root-relative-link": "a link starting with / that leads outside base_url's path (the site's own folder)",
    "short-notice": "an upcoming version announced with less notice than notice_days",
    "template-syntax": (
        "`{{ }}`, `{% %}`, `[AUTOTITLE](…)`, a placeholder `<Company>` or attributes `[words]{.class}` left over"
        " from another tool"
    ),
    "version-gone": "a version's file removed, or renamed to another date or policy, after it took effect",
    "future-updated": "a front-matter `updated`, correction or commit date that has not come yet",
    "title-mismatch": "a text that opens with a level-1 heading other than its front-matter `title`",
    "translation-lags": "a translation whose newest version is older than the controlling language's version in force",
    "translation-missing": "a language of `languages` without any version of a policy the controlling language has",
    "translation-headings": "a translation with another number of headings than the controlling version of its date",
}
"""Every lint rule of `ppgen check`, by the name `--format json` gives it; a finding of a rule carries the
rule's name as its code, and a build error found by check counts under the rule of its code, else `build`."""


def archived_note(held: dict[str, int]) -> list[Problem]:
    """One warning counting what check's text rules and the build's warnings found in archived versions (by
    path; `ppgen check --archived` lists it): a long history repeats a date line or dead link in each (1,846
    findings in 80 versions, 22 distinct), and those texts are the record of what was published, changed
    only by a correction."""
    count, versions = sum(held.values()), sum(1 for n in held.values() if n)
    found = f"{count} finding{'s' * (count != 1)} in {versions} archived version{'s' * (versions != 1)}"
    message = f"{found} (replaced before the version in force) not listed: text rules and warnings"
    hint = "ppgen check --archived lists them; an archived text changes only with a dated correction"
    return [Problem(message, None, None, hint, code="archived")] if count else []


FORMATS = ("text", "json", "github")


@dataclass(frozen=True)
class Finding:
    """One problem `ppgen check` reports, and the rule that found it."""

    rule: str
    """A key of RULES."""
    problem: Problem
    """Where and what, as `path:line: message (hint)`."""

    @classmethod
    def of(cls, problem: Problem) -> Finding:
        """A build error as a finding: under the rule its code names, else `build`."""
        return cls(problem.code if problem.code in RULES else "build", problem)

    @property
    def code(self) -> str:
        """The stable code of what is wrong: the problem's own, else the rule's."""
        return self.problem.code or self.rule


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _github(finding: Finding, command: str) -> str:
    problem = finding.problem
    properties = []
    if problem.path:
        properties.append(f"file={_github_escape(problem.path.split('@')[0], True)}")
        if problem.line:
            properties.append(f"line={problem.line}")
    properties.append(f"title={_github_escape(f'ppgen {command}: {finding.code}', True)}")
    where = f"{problem.path}: " if problem.path and "@" in problem.path else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"::error {','.join(properties)}::{_github_escape(where + problem.message + hint)}"


def format_findings(findings: list[Finding], style: str, command: str = "check") -> Iterator[str]:
    """The findings as lines of `text` (path:line: message (hint)), one `json` document, or `github` annotations
    (titled `ppgen <command>: <code>`)."""
    if style == "json":
        rows = [
            {
                "rule": f.rule,
                "code": f.code,
                "path": f.problem.path,
                "line": f.problem.line,
                "message": f.problem.message,
                "hint": f.problem.hint,
            }
            for f in findings
        ]
        yield json.dumps({"problems": rows}, indent=2, ensure_ascii=False)
    elif style == "github":
        yield from (_github(f, command) for f in findings)
    else:
        yield from (str(f.problem) for f in findings)
