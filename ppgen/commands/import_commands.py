"""`ppgen import`: the click group that brings an existing policy history in, and its two commands."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ppgen.commands.options import content_options, errors_to_exit, report, settings_from, shown
from ppgen.core.errors import PpgenError, Problem
from ppgen.source.config import Settings

if TYPE_CHECKING:  # the importer loads HTML libraries: only when `ppgen import` runs
    from ppgen.importers.common import Imported


@click.group(name="import")
def import_history() -> None:
    """Bring an existing policy history in: from one file's git history, or from a folder of dated snapshots.

    Both write content/<policy>/<date>.md files (title, effective, source), never over an existing file,
    then list what `ppgen build` would stop on in them (each at its line, with how to fix it)."""


def _imported(result: Imported, settings: Settings) -> None:
    """The files an import wrote, its warnings, one summary line per policy, and what in those files
    `ppgen build` would stop on (template syntax left by the tool they came from, raw HTML that is active
    content…), each with how to fix it: said now, not at the first build."""
    for path in result.written:
        click.echo(f"created {shown(path)}")
    report(result.warnings, "warning")
    for policy in result.policies:
        click.echo(policy.summary())
    stopping = _build_would_stop(settings, result.written)
    if stopping:
        report(stopping, "error")
        files = len({problem.path for problem in stopping})
        click.echo(
            f"`ppgen build` would stop on {len(stopping)} problem{'s' * (len(stopping) != 1)} in {files} of"
            " the imported versions (above, each with how to fix it)",
            err=True,
        )


def _build_would_stop(settings: Settings, written: tuple[Path, ...]) -> list[Problem]:
    """The problems the build's own checks (`build.validate`) find in the files an import wrote, in the site
    they joined (not committed yet, as a draft is): those of the site's other files are not the import's."""
    from ppgen.core.dates import build_today
    from ppgen.pipeline.build import validate
    from ppgen.site.plan import SitePlan
    from ppgen.source.load import load

    try:
        site = load(settings, build_today(settings.zone), allow_shallow=True, allow_dirty=True).site
        problems = list(validate(SitePlan.of(site, settings), settings).problems)
    except PpgenError as err:
        problems = list(err.problems)
    mine = {os.path.realpath(path) for path in written}
    return [problem for problem in problems if problem.path and os.path.realpath(problem.path) in mine]


IMPORT_TITLE = click.option(
    "--title",
    help="Title of versions whose file names none; default: a neighbouring version's, else the policy name.",
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
    _imported(result, settings)


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
    _imported(result, settings)
