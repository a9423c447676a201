"""The command line: thin click commands, each calling one library function."""

from __future__ import annotations

import sys
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ppgen import __version__
from ppgen.commands.import_commands import import_history
from ppgen.commands.options import (
    ALLOW_SHALLOW,
    AS_OF,
    FORMAT,
    content_options,
    day,
    errors_to_exit,
    report,
    settings_from,
    shown,
    site_options,
)
from ppgen.core.errors import PpgenError, bug_report, debugging

if TYPE_CHECKING:  # the build is imported when a command needs it (a quick --help)
    from ppgen.pipeline.report import MadeAgain

_PROGRESS_FROM = 200
"""Builds of at least this many pages (redlines, feeds and raw texts included) show a progress bar on a terminal."""
INTERNAL_ERROR = 3
"""Exit status when ppgen fails by its own fault (a bug); 1 is bad input, 2 a wrong command line."""


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
            report(err.problems)
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
    from ppgen.pipeline.report import Done

    if no_cache and cache_dir is not None:
        raise click.UsageError("--cache DIR and --no-cache cannot go together (choose one)")

    with errors_to_exit(style=style, command="build"):
        settings = settings_from(config, content, base_url, out, for_disk=for_disk)
        bar: Any = None

        def progress(done: Done) -> None:
            nonlocal bar
            if bar is None and done.pages_total >= _PROGRESS_FROM:
                bar = click.progressbar(
                    length=done.pages_total,
                    label="Pages",
                    show_pos=True,
                    item_show_func=lambda done: done and f"redlines {done.redlines}/{done.redlines_total}",
                    file=sys.stderr,
                )
                bar.__enter__()
            if bar is not None:
                bar.update(done.pages - bar.pos, done)

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
            report(result.warnings, "warning")
            click.echo(
                f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s into"
                f" {shown(result.out)}{_from_cache(result.made_again)}",
                err=True,
            )


def _from_cache(made: MadeAgain | None) -> str:
    """What a build through the cache made rather than read from it, for the line that ends a build."""
    if made is None:
        return ""
    if not made.policies and not made.comparisons:
        return " (build cache: every policy's pages read from it)"
    rest = "; the rest read from it" if made.policies < made.of else ""
    return (
        f" (build cache: the pages of {made.policies} of {made.of} polic{'y' if made.of == 1 else 'ies'}"
        f" made, {made.comparisons} comparison{'s' * (made.comparisons != 1)}{rest})"
    )


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

    with errors_to_exit():
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

    with errors_to_exit():
        made = init_site(directory)
    for path in made.created:
        click.echo(f"created {shown(path)}")
    for path, lines in made.added.items():
        click.echo(f"added to {shown(path)}: {', '.join(lines.decode().split())}")
    where = "" if directory.resolve() == Path.cwd() else f"cd {shown(directory)} && "
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
@click.option(
    "--archived",
    is_flag=True,
    help="Also list what the text rules find in versions replaced before the one in force (else counted).",
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
    archived: bool,
) -> None:
    """Check the policies before they ship: every build error, plus published text changed later, versions
    removed or renamed after they took effect, dates out of order or not yet come, hand-written date lines,
    titles the text contradicts, duplicate heading ids, broken links and images inside the site, short
    notice, leftover template syntax, and translations that lag behind, are missing or miss sections. Each
    finding has a stable code (`--format json`). Uncommitted text is checked as a draft. Exits 1 when anything
    is found. The text rules (date lines, titles, heading ids, links) list what they find in the versions in
    force and to come; in archived versions, the record of what was published, it is one warning that counts
    it (--archived lists it).

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
            settings,
            today,
            allow_shallow=allow_shallow,
            staged=staged,
            commit_msg=commit_msg,
            archived=archived,
        )
    except PpgenError as err:  # bad settings are findings too, in the format asked for (CI reads json)
        findings, warnings = [Finding.of(problem) for problem in err.problems], ()
    report(warnings, "warning")
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
    callback=day,
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

    with errors_to_exit():
        settings = settings_from(config, content, None)
        today = build_today(settings.zone)
        made = new_version(settings, policy, effective, today)
    click.echo(shown(made.path))
    click.echo(
        "Next: edit it, and add `summary: …` to its front matter "
        f"(one line on what changes since {made.previous.isoformat()}).",
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
@content_options
@click.option("--stat", is_flag=True, help="Print only words added and removed, and the sections touched.")
def diff(
    policy: str,
    old: datetime,
    new: datetime,
    config: Path | None,
    content: Path | None,
    stat: bool,
) -> None:
    """Show what changed in POLICY from the version effective FROM to the one effective TO.

    A word diff of the rendered text, coloured on a terminal (never when NO_COLOR is set).
    Exit status as diff(1): 0 when the versions read the same, 1 when they differ, 2 on trouble.
    """
    from ppgen.pipeline.build import version_documents
    from ppgen.redline.terminal import columns, terminal_diff, use_color
    from ppgen.site.templates import Theme

    with errors_to_exit(2):
        settings = settings_from(config, content, None)
        (older, was), (newer, now) = version_documents(settings, policy, old.date(), new.date())
        theme = Theme(settings.theme_dir, settings.locale, settings.languages or (settings.language,))
        words = theme.wording(settings.language, settings.locale)[0].words  # the pages' words: kinds, notes
    titles = (older.title, newer.title)
    text, differ = terminal_diff(
        was, now, words, stat=stat, color=use_color(sys.stdout), titles=titles, columns=columns(sys.stdout)
    )
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

    with errors_to_exit():
        result = verify_site(where, policies)
    click.echo(result.summary)


main.add_command(import_history)
