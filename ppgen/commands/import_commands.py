"""`ppgen import`: the click group that brings an existing policy history in, and its two commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ppgen.commands.options import content_options, errors_to_exit, report, settings_from, shown

if TYPE_CHECKING:  # the importer loads HTML libraries: only when `ppgen import` runs
    from ppgen.importers.common import Imported


@click.group(name="import")
def import_history() -> None:
    """Bring an existing policy history in: from one file's git history, or from a folder of dated snapshots.

    Both write content/<policy>/<date>.md files (title, effective, source), never over an existing file."""


def _imported(result: Imported) -> None:
    """The files an import wrote, its warnings and one summary line per policy."""
    for path in result.written:
        click.echo(f"created {shown(path)}")
    report(result.warnings, "warning")
    for policy in result.policies:
        click.echo(policy.summary())


IMPORT_TITLE = click.option(
    "--title",
    help="Title of versions whose text has no leading # heading (or <title>); default: from the policy name.",
)


@import_history.command(name="git")
@click.option(
    "--repo",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="The git checkout holding the file.",
)
@click.option(
    "--path",
    "paths",
    required=True,
    multiple=True,
    metavar="FILE",
    help="The file, from the checkout's folder; repeat for each older name it had, in any order.",
)
@click.option("--policy", required=True, metavar="SLUG", help="The policy to write: content/SLUG/DATE.md.")
@click.option(
    "--date-from-text",
    is_flag=True,
    help='Date each version by its "Effective date:" / "Last updated:" line, not by its commit.',
)
@IMPORT_TITLE
@content_options
def import_git_command(
    repo: Path,
    paths: tuple[str, ...],
    policy: str,
    date_from_text: bool,
    title: str | None,
    config: Path | None,
    content: Path | None,
) -> None:
    """One version per day the file changed on HEAD's first-parent history (the day's last commit), dated by
    the commit (in the site's time zone) unless --date-from-text; versions that read as the one before are dropped."""
    from ppgen.importers.from_git import import_git

    with errors_to_exit():
        settings = settings_from(config, content, None)
        result = import_git(
            repo, paths, policy, settings.content_dir, settings.zone, settings.locale, date_from_text, title
        )
    _imported(result)


@import_history.command(name="dir")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--policy",
    metavar="SLUG",
    help="Import every snapshot as a version of SLUG (default: from each file's or folder's name).",
)
@IMPORT_TITLE
@content_options
def import_dir_command(
    directory: Path, policy: str | None, title: str | None, config: Path | None, content: Path | None
) -> None:
    """A folder of dated snapshots, <policy>-YYYY-MM-DD.<md|txt|html> (or YYYY-MM-DD.<ext> in a folder per policy):
    Markdown as it is, plain text as paragraphs, HTML converted with its active content and the page's
    navigation, banner and footer left out (each a warning)."""
    from ppgen.importers.from_folder import import_dir

    with errors_to_exit():
        settings = settings_from(config, content, None)
        result = import_dir(directory, settings.content_dir, policy, title)
    _imported(result)
