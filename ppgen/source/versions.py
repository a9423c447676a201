"""One policy's versions from their sources: each file's front matter and text into a Version, validated
together (the titles they inherit, one version per effective date), every problem reported at once."""

from __future__ import annotations

import difflib
from datetime import date
from functools import lru_cache
from typing import Any

from ppgen.core.chars import control_hint, decode, find_control
from ppgen.core.dates import RANGE_HINT, BadDate, in_range, parse_day
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.model import Policy, Version
from ppgen.source import frontmatter, leftovers, texts, titles
from ppgen.source.config import Settings
from ppgen.source.corrections import read_corrections
from ppgen.source.folder import Source

FRONT_MATTER_KEYS = (
    "title",
    "effective",
    "updated",
    "summary",
    "description",
    "aliases",
    "id",
    "corrections",
    "source",
)


_OTHER_NAMES = {
    "date": "effective",
    "effective_date": "effective",
    "lastmod": "updated",
    "last_modified_at": "updated",
    "last_updated": "updated",
    "modified": "updated",
    "updated_at": "updated",
    "permalink": "aliases",
    "redirect_from": "aliases",
}
"""Keys that Jekyll, Hugo and other generators write for what ppgen has a key of its own for."""


def _unknown_hint(key: str) -> str:
    """How to fix a front-matter key ppgen does not know: its name here, or remove it."""
    ours = _OTHER_NAMES.get(key.lower())
    if ours == "aliases":
        return (
            "to keep that old address working, list it under `aliases: [/old-address/]`; else remove the key"
        )
    if ours is not None:
        return f"ppgen calls it `{ours}`: rename it, or remove it"
    close = difflib.get_close_matches(key.lower(), FRONT_MATTER_KEYS, n=1, cutoff=0.75)
    if close:
        return f"did you mean `{close[0]}`?"
    return "remove it: ppgen knows only " + ", ".join(FRONT_MATTER_KEYS)


def _string(
    data: dict[str, Any], key: str, shown: str, lines: dict[str, int], problems: list[Problem]
) -> str | None:
    value = data.get(key)
    if value is None:
        if key in data:
            problems.append(
                Problem(
                    f"`{key}` is empty",
                    shown,
                    lines.get(key),
                    f'write {key}: "…", or leave the key out',
                    code="front-matter",
                )
            )
        return None
    line = texts.one_line(value)
    if line is None:
        problems.append(
            Problem(
                f"`{key}` must be a line of text",
                shown,
                lines.get(key),
                f'write {key}: "…"',
                code="front-matter",
            )
        )
    return line


def read_version(
    source: Source,
    slug: str,
    settings: Settings,
    inherited_title: str | None,
    inherited_description: str | None = None,
) -> Version:
    """Turn one source into a Version, or raise PpgenError with every problem in it."""
    shown = source.shown or display_path(source.path)
    text = decode(source.raw, shown)
    front = frontmatter.split(text, shown)  # a FrontMatterError is a PpgenError
    data, lines = front.data, front.lines
    problems: list[Problem] = []
    body = front.body.removeprefix("\ufeff")  # a BOM after the front matter (files pasted together)
    control = find_control(body, body=True)  # the front matter's own are found by frontmatter.split
    if control is not None:
        message = f"control character {control.name} in the text"
        problems.append(
            Problem(
                message,
                shown,
                front.body_line + control.line,
                control_hint(control),
                code="control-character",
            )
        )
    unknown = set(data) - set(FRONT_MATTER_KEYS)
    for key in sorted(unknown, key=lambda key: (lines.get(key, 1 << 30), key)):  # in the file's order
        message = f"unknown front-matter key `{key}`"
        problems.append(Problem(message, shown, lines.get(key), _unknown_hint(key), code="unknown-key"))

    def day(key: str) -> date | None:
        value = data.get(key)
        if value is None:
            if key in data:
                problems.append(
                    Problem(
                        f"`{key}` is empty",
                        shown,
                        lines.get(key),
                        f"write {key}: YYYY-MM-DD, or leave the key out",
                        code="bad-date",
                    )
                )
            return None
        try:
            return parse_day(str(value), settings.zone)
        except BadDate as err:
            problems.append(
                Problem(f"`{key}: {value}` {err.reason}", shown, lines.get(key), err.hint, code="bad-date")
            )
            return None

    effective = day("effective")
    updated = day("updated")
    if effective is None and "effective" not in data:
        effective = source.name_date
        if effective is None:
            problems.append(
                Problem(
                    "no effective date",
                    shown,
                    front.end_line,
                    "add `effective: YYYY-MM-DD` to the front matter",
                    code="bad-date",
                )
            )
        elif not in_range(effective):
            message = f"the date {effective.isoformat()} in the file name is not a plausible effective date"
            problems.append(Problem(message, shown, None, RANGE_HINT, code="bad-date"))
            effective = None
    elif effective is not None and source.name_date is not None and effective != source.name_date:
        problems.append(
            Problem(
                f"effective date {effective.isoformat()} does not match the file name {source.name_date.isoformat()}",
                shown,
                lines.get("effective"),
                f"rename the file to {effective.isoformat()}.md or correct `effective`",
                code="bad-date",
            )
        )
    if updated is not None and effective is not None and updated < effective:
        problems.append(
            Problem(
                f"`updated: {data['updated']}` is before the version takes effect ({effective.isoformat()})",
                shown,
                lines.get("updated"),
                "a version is updated after it takes effect: set `updated` to a later date, or remove it",
                code="bad-date",
            )
        )
    # An opening `# Title` is the title: the page's <h1> shows it, outside #policy-text (see `texts.body_of`).
    body, heading, declared = texts.without_title(body, _string(data, "title", shown, lines, problems))
    title = _or_inherited(declared, inherited_title)
    if title is None and "title" not in data:
        hint = "add `title: …` to its front matter, or open the text with a `# Title` heading"
        if heading is not None and not heading.plain:
            hint = "add `title: …` to its front matter: its opening heading holds raw HTML or template syntax"
        problems.append(
            Problem("the first version of a policy needs a title", shown, 1, hint, code="missing-title")
        )
    summary = _string(data, "summary", shown, lines, problems)
    raw_description = data.get("description")
    if isinstance(raw_description, str) and "\n" in raw_description.strip():
        # A YAML block scalar (`|`) keeps its line breaks: the index and <meta> want one line.
        hint = 'write it on one line: description: "…"'
        problems.append(
            Problem(
                "`description` must be one line", shown, lines.get("description"), hint, code="front-matter"
            )
        )
        description = None
    else:
        description = _string(data, "description", shown, lines, problems)
    if settings.template_syntax == "error":  # as in the text: shown as written with "text"
        for key in ("title", "summary", "description"):
            leftover = next(leftovers.find(data[key]), None) if isinstance(data.get(key), str) else None
            if leftover is not None:
                message = f"template syntax `{leftover[1][:60]}` left in `{key}`"
                hint = 'replace it with the words it stood for, or set template_syntax = "text" to show it as written'
                problems.append(Problem(message, shown, lines.get(key), hint, code="template-syntax"))
    aliases = data.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    # What each alias may be is a rule of the whole site's addresses (addresses.py): here only its type.
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.append(
            Problem(
                "`aliases` must be a list of site paths starting with /",
                shown,
                lines.get("aliases"),
                "e.g. aliases: [/privacy-policy/]",
                code="front-matter",
            )
        )
        aliases = []
    where = (text.split("\n"), lines.get("corrections"), front.end_line, shown)
    corrections, wrong = read_corrections(data.get("corrections", []), *where, settings.zone, effective)
    problems.extend(wrong)
    if problems or effective is None or title is None:
        raise PpgenError(*problems)
    return Version(
        policy=slug,
        effective=effective,
        title=title,
        last_updated=updated or max((effective, *(c.date for c in corrections))),
        # Only where the text is and its digest: the text is read again where it is needed (see `texts`).
        text=texts.text_of(source.raw, source.file, source.blob, shown),
        body_line=front.body_line,
        path=shown,
        summary=summary,
        description=_or_inherited(description, inherited_description),
        updated=updated,
        corrections=corrections,
        aliases=tuple(aliases),
        key_lines=_key_lines(tuple(sorted(lines.items(), key=lambda item: item[1]))),
    )


def _or_inherited(value: str | None, inherited: str | None) -> str | None:
    """`value or inherited`, as the `inherited` string itself when they are equal: a policy's versions share
    one title and one description in memory, not one each (the build's main process holds the whole model)."""
    return inherited if not value or value == inherited else value


@lru_cache(maxsize=1024)
def _key_lines(lines: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """`lines` (each front-matter key and its line), as one object for every version whose front matter has
    the same keys on the same lines (most of a policy's versions)."""
    return lines


def _declared_title(source: Source) -> str | None:
    """The title a source's front matter sets, or else its opening `# Title`, when it can be read at all."""
    try:
        front = frontmatter.split(decode(source.raw, ""), "")
    except PpgenError:
        return None
    value = front.data.get("title")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    heading = titles.leading_heading(front.body.removeprefix("\ufeff"))
    return heading.text if heading is not None and heading.plain else None


def build_policy(slug: str, sources: list[Source], settings: Settings) -> Policy:
    """Versions of one policy from its sources (in effective-date order), validated together."""
    problems: list[Problem] = []
    versions: list[Version] = []
    title: str | None = None
    description: str | None = None
    for source in sources:
        try:
            version = read_version(source, slug, settings, title, description)
        except PpgenError as err:
            problems.extend(err.problems)
            title = _declared_title(source) or title  # so the next version is not also "without a title"
            continue
        title, description = version.title, version.description
        versions.append(version)
    seen: dict[date, Version] = {}
    for version in versions:
        if version.effective in seen:
            problems.append(
                Problem(
                    f"two versions take effect on {version.effective.isoformat()}"
                    f" (also {seen[version.effective].path})",
                    version.path,
                    1,
                    "give each version its own effective date",
                    code="duplicate-version",
                )
            )
        seen[version.effective] = version
    if problems:
        raise PpgenError(*problems)
    return Policy(slug, tuple(sorted(versions, key=lambda v: v.effective)))
