"""The command line: thin click commands, each calling one library function."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ppgen import __version__
from ppgen.core.errors import PpgenError, Problem, bug_report, debugging
from ppgen.source.config import Settings, load_settings, with_overrides

if TYPE_CHECKING:  # the importer loads HTML libraries: only when `ppgen import` runs
    from ppgen.importers.common import Imported

_PROGRESS_FROM = 200
"""Builds of at least this many pages (redlines, feeds and raw texts included) show a progress bar on a terminal."""
INTERNAL_ERROR = 3
"""Exit status when ppgen fails by its own fault (a bug); 1 is bad input, 2 a wrong command line."""


def _report(problems: tuple[Problem, ...] | list[Problem], label: str = "") -> None:
    """Each problem on its own line on stderr: `path:line: [label: ]message (hint)`."""
    for problem in problems:
        click.echo(problem.format(label), err=True)


@contextmanager
def _errors_to_exit(code: int = 1, style: str = "text", command: str = "") -> Iterator[None]:
    """PpgenError → its `path:line: message (hint)` lines on stderr and exit `code`; with `style` json or
    github, the problems in that format on stdout instead (see `findings.format_findings`)."""
    try:
        yield
    except PpgenError as err:
        if style == "text":
            _report(err.problems)
        else:
            from ppgen.core.findings import Finding, format_findings

            for line in format_findings([Finding.of(p) for p in err.problems], style, command):
                click.echo(line)
        sys.exit(code)


FORMAT = click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line: message (hint); json: one document; github: workflow annotations.",
)


def _day(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value else None


CONFIG_HELP = "Site settings (default: ppgen.toml in this folder or the nearest one above it)."


def content_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every command that reads or writes a site's content: --config, --content."""
    function = click.option(
        "--content",
        type=click.Path(path_type=Path, file_okay=False),
        help="Content folder (default: content/ beside ppgen.toml).",
    )(function)
    function = click.option("--config", type=click.Path(path_type=Path, dir_okay=False), help=CONFIG_HELP)(
        function
    )
    return function


def site_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that makes the site shares: --config, --content, --base-url."""
    function = click.option(
        "--base-url", metavar="URL", help="Absolute URL the site is served at (overrides base_url)."
    )(function)
    return content_options(function)


def settings_from(
    config: Path | None,
    content: Path | None,
    base_url: str | None,
    out: Path | None = None,
    *,
    for_disk: bool = False,
) -> Settings:
    """Settings from ppgen.toml (see `config.find_config`) and the command line."""
    settings = load_settings(config, base_url=base_url)
    return with_overrides(settings, content=content, output=out, for_disk=for_disk)


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_day,
    metavar="DATE",
    help="Build as if today were DATE (default: SOURCE_DATE_EPOCH, else today).",
)

ALLOW_SHALLOW = click.option(
    "--allow-shallow",
    is_flag=True,
    help="In a shallow git clone, warn and fall back to effective dates instead of failing.",
)


class _Guarded(click.Group):
    """The command group, with the last line of defence around every command.

    Bad input arrives as PpgenError and is reported as such (a command that forgot to catch it
    still says `path:line: …` and exits 1). click's own exceptions and exits, and Ctrl-C, are
    click's to report. Anything else, in this process or a worker's (ProcessPoolExecutor raises
    a worker's exception again here), is a bug: one line on stderr, exit status 3, and the
    traceback only with PPGEN_DEBUG=1.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except PpgenError as err:
            _report(err.problems)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # only without standalone mode: the caller reports them
        except Exception as err:
            if debugging():
                traceback.print_exception(err, file=sys.stderr)
            click.echo(bug_report(err), err=True)
            sys.exit(INTERNAL_ERROR)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ppgen")
def main() -> None:
    """ppgen builds a static site of versioned legal policies: the policy in force,
    every earlier version, redlines between versions, feeds and a truthful "Last updated"."""


@main.command()
@site_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder (default: site/ beside ppgen.toml).",
)
@AS_OF
@click.option(
    "--changed-since",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="OLD_MANIFEST",
    help="Print `A|M|D path` on stdout for every file that differs from an earlier build's ppgen-manifest.json.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (and --changed-since lines).")
@ALLOW_SHALLOW
@click.option(
    "--allow-dirty",
    is_flag=True,
    help="Build even with uncommitted changes to the content; their versions show as drafts.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes (default: one per usable core, up to 8; 1: none).",
)
@click.option(
    "--for-disk",
    is_flag=True,
    help="Link to files (privacy/index.html), not folders, so the site opens from the file system (file://).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Build cache folder (default: .ppgen-cache/ beside ppgen.toml).",
)
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the build cache: every page is made anew."
)
@FORMAT
def build(
    config: Path | None,
    content: Path | None,
    base_url: str | None,
    out: Path | None,
    as_of: date | None,
    changed_since: Path | None,
    quiet: bool,
    allow_shallow: bool,
    allow_dirty: bool,
    jobs: int | None,
    for_disk: bool,
    cache_dir: Path | None,
    no_cache: bool,
    style: str,
) -> None:
    """Build the site. Everything is validated first; on any error the previous site is left as it was
    (its problems said on stderr, or with --format json|github on stdout, each with its code).

    Parsed versions, redlines and pages are kept in a build cache between builds: what did not change
    is not made again (the output is the same bytes either way)."""
    from ppgen.pipeline.build import build as build_site
    from ppgen.pipeline.cache import FOLDER

    if no_cache and cache_dir is not None:
        raise click.UsageError("--cache DIR and --no-cache cannot go together (choose one)")

    with _errors_to_exit(style=style, command="build"):
        settings = settings_from(config, content, base_url, out, for_disk=for_disk)
        bar: Any = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None and total >= _PROGRESS_FROM:
                bar = click.progressbar(length=total, label="Pages", file=sys.stderr)
                bar.__enter__()
            if bar is not None:
                bar.update(done - bar.pos)

        show = not quiet and sys.stderr.isatty()
        try:
            result = build_site(
                settings,
                as_of=as_of,
                progress=progress if show else None,
                changed_since=changed_since,
                allow_shallow=allow_shallow,
                allow_dirty=allow_dirty,
                jobs=jobs,
                cache=None if no_cache else cache_dir or settings.root / FOLDER,
            )
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        for line in result.changes or ():
            click.echo(line)
        if style == "json":  # success too is one document on stdout: the warnings, each with its code
            from ppgen.core.findings import Finding, format_findings

            for line in format_findings([Finding.of(w) for w in result.warnings], style, "build"):
                click.echo(line)
        if not quiet:
            _report(result.warnings, "warning")
            click.echo(
                f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s into {_shown(result.out)}",
                err=True,
            )


def _shown(path: Path) -> str:
    from ppgen.core.errors import display_path

    return display_path(path)


@main.command()
@site_options
@AS_OF
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than 127.0.0.1 is reachable from elsewhere.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
def serve(
    config: Path | None,
    content: Path | None,
    base_url: str | None,
    as_of: date | None,
    host: str,
    port: int,
    open_browser: bool,
) -> None:
    """Preview the site: build it, serve it, and rebuild and reload open pages on every save. Drafts are shown."""
    from ppgen.commands.serve import serve as serve_site

    with _errors_to_exit():
        serve_site(
            lambda: settings_from(config, content, base_url),
            host=host,
            port=port,
            open_browser=open_browser,
            as_of=as_of,
        )


@main.command()
@click.argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Make a new site in DIRECTORY (default: here): ppgen.toml, a sample policy and a theme folder for overrides."""
    from ppgen.commands.scaffold import init_site

    with _errors_to_exit():
        made = init_site(directory)
    for path in made.created:
        click.echo(f"created {_shown(path)}")
    for path, lines in made.added.items():
        click.echo(f"added to {_shown(path)}: {', '.join(lines.decode().split())}")
    where = "" if directory.resolve() == Path.cwd() else f"cd {_shown(directory)} && "
    click.echo(f"Next: {where}ppgen serve   (then edit content/privacy/*.md and watch the page change)")


@main.command()
@site_options
@AS_OF
@FORMAT
@ALLOW_SHALLOW
@click.option("--staged", is_flag=True, help="Check git's index as the commit made today (pre-commit hook).")
@click.option(
    "--commit-msg",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="As --staged; FILE is the commit's message: `Policy-Change: editorial` marks it (commit-msg hook).",
)
def check(
    config: Path | None,
    content: Path | None,
    base_url: str | None,
    as_of: date | None,
    style: str,
    allow_shallow: bool,
    staged: bool,
    commit_msg: Path | None,
) -> None:
    """Check the policies before they ship: every build error, plus published text changed later, dates out of
    order, hand-written date lines, duplicate heading ids, broken links inside the site, short notice and
    leftover template syntax. Uncommitted text is checked as a draft. Exits 1 when anything is found.

    As a git hook: --staged checks what git's index holds as a commit made today (pre-commit), so an edit to
    text in force needs a correction dated today; --commit-msg FILE also reads the commit's message
    (commit-msg), so the trailer `Policy-Change: editorial` lets such an edit through too."""
    from ppgen.commands.check import check_site
    from ppgen.core.dates import build_today
    from ppgen.core.findings import Finding, format_findings

    try:
        settings = settings_from(config, content, base_url)
        today = build_today(settings.zone, as_of)
        findings, warnings = check_site(
            settings, today, allow_shallow=allow_shallow, staged=staged, commit_msg=commit_msg
        )
    except PpgenError as err:  # bad settings are findings too, in the format asked for (CI reads json)
        findings, warnings = [Finding.of(problem) for problem in err.problems], ()
    _report(warnings, "warning")
    for line in format_findings(findings, style):
        click.echo(line)
    if style == "text":
        click.echo(
            f"{len(findings)} problem{'s' * (len(findings) != 1)} found"
            if findings
            else "No problems found.",
            err=True,
        )
    sys.exit(1 if findings else 0)


@main.command()
@click.argument("policy")
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_day,
    metavar="DATE",
    help="When the new version takes effect (default: today plus notice_days).",
)
@content_options
def new(policy: str, effective: date | None, config: Path | None, content: Path | None) -> None:
    """Start the next version of POLICY from its latest text and print the path of the file to edit.

    For a folder policy it writes POLICY/DATE.md with `effective: DATE`; for a single-file policy
    it sets `effective: DATE` in POLICY.md. Either way, add a one-line `summary:` of what changes."""
    from ppgen.commands.newversion import new_version
    from ppgen.core.dates import build_today

    with _errors_to_exit():
        settings = settings_from(config, content, None)
        today = build_today(settings.zone)
        made = new_version(settings, policy, effective, today)
    click.echo(_shown(made.path))
    click.echo(
        f"Next: edit it, and add `summary: …` to its front matter (one line on what changes since {made.previous.isoformat()}).",
        err=True,
    )
    notice = (made.effective - today).days
    if notice < settings.notice_days:
        click.echo(
            f"warning: {made.effective.isoformat()} is {notice} days away; notice_days asks for {settings.notice_days}",
            err=True,
        )


@main.command()
@click.argument("policy")
@click.argument("old", metavar="FROM", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("new", metavar="TO", type=click.DateTime(formats=["%Y-%m-%d"]))
@site_options
@click.option("--stat", is_flag=True, help="Print only words added and removed, and the sections touched.")
def diff(
    policy: str,
    old: datetime,
    new: datetime,
    config: Path | None,
    content: Path | None,
    base_url: str | None,
    stat: bool,
) -> None:
    """Show what changed in POLICY from the version effective FROM to the one effective TO.

    A word diff of the rendered text, coloured on a terminal (never when NO_COLOR is set).
    Exit status as diff(1): 0 when the versions read the same, 1 when they differ, 2 on trouble.
    """
    from ppgen.pipeline.build import version_documents
    from ppgen.redline.terminal import terminal_diff, use_color
    from ppgen.site.templates import Theme

    with _errors_to_exit(2):
        settings = settings_from(config, content, base_url)
        older, newer = version_documents(settings, policy, old.date(), new.date())
        words = Theme(settings.theme_dir, settings.locale).redline_words()  # the page's words: kinds, notes
    text, differ = terminal_diff(older, newer, words, stat=stat, color=use_color(sys.stdout))
    click.echo(text, nl=False, color=True)
    sys.exit(1 if differ else 0)


@main.command()
@click.argument("where", metavar="URL_OR_DIR")
@click.option(
    "--policy",
    "policies",
    multiple=True,
    metavar="SLUG",
    help="Verify only this policy (repeatable; needed when the site publishes no ppgen-manifest.json).",
)
def verify(where: str, policies: tuple[str, ...]) -> None:
    """Check a published site against its own record: every raw text against the sha256 in its policy's
    versions.json, and every entry against the hash of the one before it (the chain). URL_OR_DIR is the
    site's root: an http(s) address or a folder. Exits 1 naming each version that does not match."""
    from ppgen.commands.verify import verify_site

    with _errors_to_exit():
        result = verify_site(where, policies)
    click.echo(result.summary)


@main.group(name="import")
def import_history() -> None:
    """Bring an existing policy history in: from one file's git history, or from a folder of dated snapshots.

    Both write content/<policy>/<date>.md files (title, effective, source), never over an existing file."""


def _imported(result: Imported) -> None:
    """The files an import wrote, its warnings and one summary line per policy."""
    for path in result.written:
        click.echo(f"created {_shown(path)}")
    _report(result.warnings, "warning")
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

    with _errors_to_exit():
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
    Markdown as it is, plain text as paragraphs, HTML converted with its active content dropped (each a warning)."""
    from ppgen.importers.from_folder import import_dir

    with _errors_to_exit():
        settings = settings_from(config, content, None)
        result = import_dir(directory, settings.content_dir, policy, title)
    _imported(result)
