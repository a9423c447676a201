"""What `ppgen check` reports: its rules by name, a finding, and the formats a finding is printed in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from ppgen.errors import Problem

RULES = {
    "build": "an error `ppgen build` would raise",
    "changed-after-effective": (
        "the text of a published version changed after it took effect, in a commit not marked editorial,"
        " on a day with no correction"
    ),
    "effective-order": "a single-file policy's effective date earlier than the version before it",
    "undated-revision": "a single-file policy's text changed with no new effective date or `updated`",
    "manual-date": 'a body that carries its own "Last updated" or "Effective date" line',
    "duplicate-id": "two headings with one id",
    "broken-link": "a link to a page or section of the site that does not exist",
    "root-relative-link": "a link starting with / that leads outside base_url's path (the site's own folder)",
    "short-notice": "an upcoming version announced with less notice than notice_days",
    "template-syntax": "`{{ }}` or `{% %}` left over from another tool",
    "future-updated": "a front-matter `updated` or correction date that has not come yet",
    "title-mismatch": "a text that opens with a level-1 heading other than its front-matter `title`",
}
"""Every rule, by the name `--format json` gives it."""
FORMATS = ("text", "json", "github")


@dataclass(frozen=True)
class Finding:
    """One problem `ppgen check` reports, and the rule that found it."""

    rule: str
    """A key of RULES."""
    problem: Problem
    """Where and what, as `path:line: message (hint)`."""


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
