"""`ppgen init`: a new site that builds at once, with an empty theme folder ready for overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.source.config import CONFIG_NAME

CONFIG = """\
# Site settings for ppgen. Every key is optional; unknown keys are errors.
title = "Legal"
description = "Our policies, every earlier version, and what changed."
publisher = "Example Ltd"

# The absolute address the site is published at. Feeds, sitemap.xml and canonical links need it:
# base_url = "https://example.com/legal/"

# Dates in front matter are days in this IANA time zone.
timezone = "UTC"

# Which redlines are pre-rendered: any of "adjacent", "to-current", "all".
# diff_pairs = ["adjacent", "to-current"]
"""

POLICY = """\
---
title: Privacy Policy
summary: First version.
---

## Who we are

Example Ltd ("we", "us") runs the example.com service. This policy explains what personal data we
collect when you use it, why, and the choices you have.

## What we collect

- **Account data:** your name and email address.
- **Usage data:** the pages you visit and the features you use.

## Why we collect it

We use your data to provide the service, to keep it secure, and to tell you about changes to it.

## Your rights {#rights}

You may ask us for a copy of your data, or ask us to correct or delete it, by writing to
privacy@example.com.

## Changes to this policy

We publish every version of this policy, and what changed between versions, on this site.
"""

THEME_README = """\
Theme overrides for this site
=============================

ppgen renders every page with its default theme. A file here with the same name as a
default file replaces it; anything else falls through to the default.

templates/   Jinja2 templates: index.html, policy.html, history.html, redline.html,
             no_version.html, 404.html and base.html (the frame every page extends).
static/      CSS, images and scripts, published under _static/ with a content hash in
             their names (link them with {{ asset("name.css") }}).

An override can extend the default template it replaces, so it only has to say what
is different. For example, templates/policy.html:

    {% extends "default/policy.html" %}
    {% block footer %}
    <p>Questions about this policy? Write to privacy@example.com.</p>
    {% endblock %}

"default/<name>" always means the default theme's own template, and {{ super() }}
keeps the default block's content. A line in the footer of every page goes in an
override of base.html:

    {% extends "default/base.html" %}
    {% block footer %}{{ super() }}<p>Example Ltd, 1 Main Street, Springfield.</p>{% endblock %}

To change the look, put your own static/style.css here: copy the default one
(`python -c "import ppgen.site.templates as t; print(t.default_theme())"` prints where
the default theme is) and edit it.

Run `ppgen serve` while you edit: pages reload on every save, and template errors
are shown with their file and line.
"""


GITIGNORE = "/site/\n/.ppgen-cache/\n"
"""What a site's repository should not track: the built site and the build cache."""


def _today_utc() -> date:
    return datetime.now(UTC).date()


def site_files(today: date) -> dict[str, str]:
    """Relative path → text of every file a new site starts with."""
    return {
        CONFIG_NAME: CONFIG,
        f"content/privacy/{today.isoformat()}.md": POLICY,
        "theme/README.txt": THEME_README,
        "theme/templates/.gitkeep": "",
        "theme/static/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }


def _ignored(line: bytes) -> bytes:
    """A .gitignore line as the folder it names: `site/`, `/site` and `/site/` all say the same here."""
    return line.strip().strip(b"/")


def missing_ignores(existing: bytes) -> bytes:
    """The lines of GITIGNORE that an existing .gitignore lacks, ready to append to it."""
    have = {_ignored(line) for line in existing.splitlines()}
    missing = [line for line in GITIGNORE.encode().splitlines() if _ignored(line) not in have]
    if not missing:
        return b""
    lead = b"\n" if existing and not existing.endswith(b"\n") else b""
    return lead + b"\n".join(missing) + b"\n"


class Made(NamedTuple):
    """What `ppgen init` did."""

    created: list[Path]
    """The files it wrote."""
    added: dict[Path, bytes]
    """Lines it appended to a file that was there (an existing `.gitignore`)."""


def init_site(folder: Path, today: date | None = None) -> Made:
    """Write a new site into `folder` (made if missing); refuse to overwrite anything.

    An existing `.gitignore` (ppgen init in a repository that has one) gets the lines it lacks appended.
    """
    files = site_files(today or _today_utc())
    if folder.exists() and not folder.is_dir():
        raise PpgenError(
            Problem("not a folder", display_path(folder), hint="choose a new or existing folder for the site")
        )
    gitignore = folder / ".gitignore"
    # A plain file is added to; a symlink or folder in its place is left alone like any other file.
    append = gitignore.is_file() and not gitignore.is_symlink()
    if append:
        del files[".gitignore"]
    existing = [folder / name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if (folder / "content").is_dir() and any((folder / "content").iterdir()):
        existing.append(folder / "content")
    if existing:
        raise PpgenError(
            *(
                Problem(
                    "already exists; ppgen init never overwrites anything",
                    display_path(p),
                    hint="choose an empty folder, e.g. `ppgen init my-site`",
                )
                for p in existing
            )
        )
    created = []
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite, even in a race
            out.write(text)
        created.append(target)
    added: dict[Path, bytes] = {}
    if append and (lines := missing_ignores(gitignore.read_bytes())):
        with gitignore.open("ab") as out:
            out.write(lines)
        added[gitignore] = lines
    return Made(created, added)
