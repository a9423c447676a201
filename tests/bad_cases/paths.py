"""Bad input about paths: links out of the content and theme folders, loops, links to nothing, one slug twice,
folder-level errors that point at a file, and a version file git ignores.

Files that cannot be read are not here: the suite runs as root, whom `chmod 000` does not stop, so
tests/test_paths.py runs those builds as a separate process without the capability to bypass it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from badinput import CONFIG, FIRST, GOOD, Bad, body
from gitrepo import ISOLATED

NEW = "content/privacy/2025-05-01.md"
"""A third version of the good site's policy, where a case needs one."""
TERMS = body("## Scope\n\nThese terms apply.\n", "title: Terms\n")


def _outside_policy_folder(site: Path) -> None:
    elsewhere = site.parent / "elsewhere" / "terms"
    elsewhere.mkdir(parents=True, exist_ok=True)
    (elsewhere / "2025-01-01.md").write_text(TERMS, encoding="utf-8")
    (site / "content" / "terms").symlink_to(elsewhere, target_is_directory=True)


def _template_to_a_secret(site: Path) -> None:
    secret = site.parent / "secret.txt"
    secret.write_text("root:x:0:0:TOP SECRET\n", encoding="utf-8")
    (site / "theme" / "templates").mkdir(parents=True, exist_ok=True)
    (site / "theme" / "templates" / "policy.html").symlink_to(secret)


def _link(name: str, target: str) -> Callable[[Path], None]:
    def setup(site: Path) -> None:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).symlink_to(target)

    return setup


def _pipe(site: Path) -> None:
    os.mkfifo(site / NEW)


def _git_ignores_the_new_version(site: Path) -> None:
    when = "2025-04-01T10:00:00+00:00"
    env = {**os.environ, **ISOLATED, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}

    def git(*args: str) -> None:
        who = ["-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
        subprocess.run(["git", *who, *args], cwd=site, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")  # the new version stays out: .gitignore names it
    git("commit", "-q", "-m", "Two versions")


CASES: list[Bad] = [
    Bad(
        "content-folder-is-a-file",
        {"ppgen.toml": CONFIG + 'content = "notes.txt"\n', "notes.txt": "x\n"},
        "notes.txt: ",
        "the content folder is a file",
    ),
    Bad(
        "content-folder-missing",
        {"ppgen.toml": CONFIG + 'content = "policies"\n'},
        "policies: ",
        "content folder not found",
    ),
    Bad(
        "policy-folder-links-outside",
        {},
        "content/terms: ",
        "policy links outside the content folder",
        setup=_outside_policy_folder,
    ),
    Bad(
        "policy-folder-link-loop",
        {},
        "content/terms: ",
        "symlink loop",
        setup=_link("content/terms", "terms"),
    ),
    Bad(
        "policy-folder-links-to-nothing",
        {},
        "content/terms: ",
        "a link to old-terms, which does not exist",
        setup=_link("content/terms", "old-terms"),
    ),
    Bad("version-file-link-loop", {}, f"{NEW}: ", "symlink loop", setup=_link(NEW, "2025-05-01.md")),
    Bad(
        "version-file-links-to-nothing",
        {},
        f"{NEW}: ",
        "is a link to draft.md, which does not exist",
        setup=_link(NEW, "draft.md"),
    ),
    Bad("version-file-is-a-pipe", {}, f"{NEW}: ", "neither a file nor a folder", setup=_pipe),
    Bad(
        "same-slug-as-file-and-folder",
        {"content/privacy.md": TERMS.replace("Terms", "Privacy")},
        "content/privacy.md:1: ",
        "`privacy` is here and in the folder content/privacy/",
    ),
    # A folder has no line: the error points at the file that shows the problem, so a click gets there.
    Bad(
        "slug-with-space-points-at-its-first-version",
        {"content/cookie policy/2025-01-01.md": TERMS, "content/cookie policy/notes.txt": "x"},
        "content/cookie policy/2025-01-01.md:1: ",
        "the folder content/cookie policy/ is named `cookie policy`, not a valid policy name",
    ),
    Bad(
        "slug-with-space-points-at-a-file-when-no-version",
        {"content/cookie policy/notes.txt": "x"},
        "content/cookie policy/notes.txt:1: ",
        "not a valid policy name",
    ),
    # `check` does not read the theme: these are about building only.
    Bad(
        "theme-template-links-to-a-system-file",
        {},
        "theme/templates/policy.html: ",
        "theme template links outside the theme folder",
        setup=_template_to_a_secret,
        check_too=False,
    ),
    Bad(
        "theme-template-link-loop",
        {},
        "theme/templates/history.html: ",
        "symlink loop",
        setup=_link("theme/templates/history.html", "history.html"),
        check_too=False,
    ),
    Bad(
        "static-file-links-to-nothing",
        {},
        "theme/static/brand.css: ",
        "is a link to ../brand.css, which does not exist",
        setup=_link("theme/static/brand.css", "../brand.css"),
        check_too=False,
    ),
    # `check` builds uncommitted text as drafts on purpose (it runs before a commit, as a pre-commit hook).
    Bad(
        "version-file-ignored-by-git",
        {".gitignore": f"/{NEW}\n/site/\n", NEW: GOOD[FIRST].replace("First version.", "Third.")},
        f"{NEW}:1: ",
        "not committed: git ignores it",
        setup=_git_ignores_the_new_version,
        check_too=False,
    ),
]
