"""`ppgen serve`: build, serve, watch, render again what changed, reload the open pages.

How it is put together (the mkdocs/lektor shape):

- One loop, on the calling thread, owns every build. The watchdog callback only sets a flag; the
  loop waits for it, lets a burst of events settle (editors write a temporary file, then rename it;
  some tools write a file in steps), loads the site with the same `load` as `ppgen build`
  (uncommitted text allowed: it shows as a draft) and renders it with `incremental.IncrementalRenderer`
  (the build's own pieces, with a memory). The page being edited is served first; the redlines it
  takes part in follow in the background.
- A build is published only when what it read had settled: when a source changed while it ran (a file
  written in steps, read between two of them), its result, or its error, is dropped and the loop builds
  again, so that no page ever shows a half-written file. A source that never stops changing is shown
  as it is after PATIENCE seconds.
- The site is served **from memory**: the very files dict a build would write. Nothing is written to
  disk, so there is no output folder to escape from, no temporary folder to clean up, and a request is
  answered only when its decoded path names one of those files exactly (no `..`, no listings: 404).
- A failed build keeps the last good site. Its `path:line` problems go to the terminal and, through
  Server-Sent Events, to an overlay on every open page; the next good build clears it.
- Live reload: each HTML response gets one `<script src="/__ppgen/live.js" data-page data-etag>` added
  here, and only here (`ppgen build` never sees it). The script listens on `/__ppgen/events`, which says
  `reload` when the bytes of that very page have changed, `failed` (with the error text) or `ok`.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import FrameType

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from ppgen.commands.preview import Hub, is_loopback, make_server, mount_of
from ppgen.core.dates import build_today
from ppgen.core.errors import PpgenError, bug_report, debugging, display_path
from ppgen.pipeline.incremental import IncrementalRenderer
from ppgen.site.pages import PageSpec, kind_of
from ppgen.site.themes import theme_folders
from ppgen.source.config import CONFIG_NAME, Settings
from ppgen.source.load import load

Log = Callable[[str], None]

DEBOUNCE = 0.1
"""Seconds without a new file event before rebuilding: a save is a burst of events (write, close, rename…),
and a file may be written in steps (truncated and partly written, then completed); a pause shorter than
this is one save. Kept short: it is part of every save's wait for the page."""
PATIENCE = 2.0
"""Seconds during which builds whose sources changed while they ran are dropped rather than shown."""
_CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED}
"""Events that can change the site; `opened` and `closed_no_write` are our own reads."""
_EVENT_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
"""Asked of the kernel: without it, inotify reports every read of every file of each build (a thousand
events on a big site)."""
_EDITOR_TEMP = re.compile(r"[.#].*|.*~|\d+|.*\.(sw[a-p]|tmp|bak|kate-swp)|.*___jb_(tmp|old)___")
"""Editor scratch files: `.#x` and `#x#` (Emacs), `x~`, `.x.swp` and `4913` (Vim), JetBrains' `___jb_tmp___`…"""


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def is_editor_temp(name: str) -> bool:
    """True for the scratch and backup files editors leave beside the file being saved."""
    return _EDITOR_TEMP.fullmatch(name) is not None


def source_folders(settings: Settings) -> list[Path]:
    """The folders whose files make the site: the content, the site's theme folder (whether or not it
    exists yet) and every theme folder a build reads (`themes.theme_folders`: the default theme too)."""
    folders = [settings.content_dir, settings.theme_folder]
    return folders + [folder for folder in theme_folders(settings.theme_dir) if folder not in folders]


def git_folder(folder: Path) -> Path | None:
    """The `.git` folder of the repository holding `folder`, if any: a commit changes dates and drafts."""
    for parent in (folder, *folder.parents):
        if (parent / ".git").is_dir():
            return parent / ".git"
    return None


def is_source(path: Path, settings: Settings) -> bool:
    """True when a change at `path` can change the site: ppgen.toml, a non-hidden file of content or theme,
    a git ref."""
    if (
        ".git" in path.parts
    ):  # commits and checkouts move HEAD or a ref; `git status` rewriting the index must not count
        inside = path.parts[path.parts.index(".git") + 1 :]
        return not path.name.endswith(".lock") and (
            inside in (("HEAD",), ("packed-refs",)) or inside[:1] == ("refs",)
        )
    if is_editor_temp(path.name) or path.is_relative_to(settings.output_dir):
        return False
    if path == (settings.config_path or settings.root / CONFIG_NAME):
        return True
    for folder in source_folders(settings):
        if path.is_relative_to(folder):
            return not any(part.startswith(".") for part in path.relative_to(folder).parts)
    return False


Stamps = frozenset[tuple[str, int, int, int]]


def source_stamps(settings: Settings) -> Stamps:
    """(path, size, mtime, inode) of every source file (see `is_source`): equal means nothing was written."""
    config = settings.config_path or settings.root / CONFIG_NAME
    found = [str(config)]
    output = str(settings.output_dir)
    for root in source_folders(settings):
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [d for d in subfolders if d[:1] != "." and os.path.join(folder, d) != output]
            found += [os.path.join(folder, n) for n in names if not is_editor_temp(n)]
    stamps: set[tuple[str, int, int, int]] = set()
    for name in found:
        try:
            stat = os.stat(name)
        except OSError:  # gone since it was listed (or no ppgen.toml): the next look sees that
            continue
        stamps.add((name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return frozenset(stamps)


class _Flag(FileSystemEventHandler):
    """The watch callback: sets a flag when a source changed, nothing else."""

    def __init__(self, wanted: Callable[[Path], bool], flag: threading.Event) -> None:
        self.wanted = wanted
        self.flag = flag

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (
            event.is_directory and event.event_type == EVENT_TYPE_MODIFIED
        ):
            return
        paths = (
            [event.src_path, event.dest_path] if event.event_type == EVENT_TYPE_MOVED else [event.src_path]
        )
        if any(self.wanted(Path(os.fsdecode(p))) for p in paths if p):
            self.flag.set()


class Preview:
    """The loop's state: the settings, the renderer's memory, the watches and what is served."""

    def __init__(self, settings_source: Callable[[], Settings], as_of: date | None, log: Log) -> None:
        self.settings_source = settings_source
        self.settings = settings_source()
        self.as_of = as_of
        self.log = log
        self.renderer = IncrementalRenderer()
        self.hub = Hub()
        self.dirty = threading.Event()
        self.observer = Observer()
        self._watched: dict[tuple[str, bool], ObservedWatch] = {}
        self._warned: set[str] = set()
        self._later_started = 0.0
        self._later_rendered: tuple[str, ...] = ()
        self._later_changed: set[str] = set()
        self._frozen = False

    def watch(self) -> None:
        """Point the watches at the current settings' folders (they may change with ppgen.toml)."""
        settings = self.settings
        wanted = {(str(settings.root), False)}
        if settings.config_path is not None:
            wanted.add((str(settings.config_path.parent), False))
        for folder in source_folders(settings):
            if folder.is_dir():
                wanted.add((str(folder), True))
        git = git_folder(settings.content_dir)
        if git is not None:
            wanted |= (
                {(str(git), False), (str(git / "refs"), True)}
                if (git / "refs").is_dir()
                else {(str(git), False)}
            )
        for key in self._watched.keys() - wanted:
            self.observer.unschedule(self._watched.pop(key))
        handler = _Flag(lambda path: is_source(path, self.settings), self.dirty)
        for path, recursive in sorted(wanted - self._watched.keys()):
            self._watched[(path, recursive)] = self.observer.schedule(
                handler, path, recursive=recursive, event_filter=_EVENT_FILTER
            )

    def rebuild(self, patient: bool = False) -> None:
        """Load and render (redlines deferred); publish the site, or the error beside the last good one.

        Never raises PpgenError. When `patient`, a build whose sources changed while it ran publishes
        nothing, not even its error: `dirty` is then set, and the loop builds again once writing is over.
        """
        started = time.perf_counter()
        settings = self.settings
        before = source_stamps(settings) if patient else frozenset()

        def unsettled() -> bool:
            if not patient:
                return False
            if not self.dirty.is_set() and source_stamps(settings) != before:
                self.dirty.set()  # the watcher's event may still be on its way: build again either way
            return self.dirty.is_set()

        with self._reporting("Build", unsettled):
            self.settings = self.settings_source()
            self.watch()
            loaded = load(
                self.settings,
                build_today(self.settings.zone, self.as_of),
                allow_shallow=True,
                allow_dirty=True,
            )
            result = self.renderer.render(loaded.site, self.settings, defer=_slow)
            if unsettled():
                return
            for warning in (*loaded.warnings, *result.warnings):
                if str(warning) not in self._warned:
                    self._warned.add(str(warning))
                    self.log(f"warning: {warning}")
            later = f"; {result.pending} redlines to follow" if result.pending else ""
            self._later_started, self._later_rendered, self._later_changed = started, (), set()
            done = (
                f"{len(result.files)} files"
                if not self.hub.current().files
                else _summary(result.rendered, result.changed)
            )
            self.log(f"Built in {(time.perf_counter() - started) * 1000:.0f} ms: {done}{later}")
            self.hub.publish(result.files, None, mount_of(self.settings.base_url))
            if not result.pending:
                self._freeze_once()

    def render_pending(self) -> None:
        """Render a batch of deferred pages and publish them (many at once go over every core)."""
        with self._reporting("Rendering redlines"):
            result = self.renderer.render_pending(64 if self.renderer.pending >= 40 else 2)
            self.hub.publish(result.files, None)
            self._later_rendered += result.rendered
            self._later_changed.update(result.changed)
            if not result.pending:
                seconds = time.perf_counter() - self._later_started
                self.log(
                    f"Rendered the redlines in {seconds:.1f} s: "
                    f"{_summary(self._later_rendered, tuple(sorted(self._later_changed)))}"
                )
                self._freeze_once()

    def _freeze_once(self) -> None:
        if not self._frozen:
            # The first whole site is long-lived: keep the cycle collector from walking it on every save.
            gc.freeze()
            self._frozen = True

    @contextmanager
    def _reporting(self, what: str, unsettled: Callable[[], bool] = lambda: False) -> Iterator[None]:
        """A build step's errors: printed, shown in the pages, the last good site kept (unless unsettled)."""
        try:
            yield
        except Exception as err:
            if unsettled():
                return  # read between two writes: the next build, once they are done, tells
            if isinstance(err, PpgenError):
                text = "\n".join(str(p) for p in err.problems)
                self.log(f"{what} failed; {self._still_served()}:\n" + _indent(text))
                self.hub.publish(None, text)
                return
            # One line, in the terminal and the page; the traceback only with PPGEN_DEBUG=1.
            report = bug_report(err)
            trace = "\n" + _indent(traceback.format_exc()) if debugging() else ""
            self.log(f"{what} failed; {self._still_served()}:\n" + _indent(report) + trace)
            self.hub.publish(None, report)

    def _still_served(self) -> str:
        return (
            "still serving the last good build"
            if self.hub.current().files
            else "serving an error page until it is fixed"
        )

    def run(self) -> None:
        """Rebuild when the flag is set and events have settled, else render what was deferred; returns only by
        Ctrl-C."""
        changing_since: float | None = None  # since when builds are dropped for sources that keep changing
        while True:
            if self.renderer.pending and not self.dirty.is_set():
                self.render_pending()
                continue
            if not self.dirty.wait(timeout=1.0):
                continue
            while True:  # until no event has come for DEBOUNCE seconds
                self.dirty.clear()
                if not self.dirty.wait(timeout=DEBOUNCE):
                    break
            changing_since = changing_since or time.monotonic()
            self.rebuild(patient=time.monotonic() - changing_since < PATIENCE)
            if not self.dirty.is_set():
                changing_since = None


def _slow(spec: PageSpec) -> bool:
    """Pages rendered after the others (the redlines, as `pages.KINDS` says), so that the page being edited
    is served first."""
    return kind_of(spec).slow


def _summary(rendered: tuple[str, ...], changed: tuple[str, ...]) -> str:
    """ "3 pages rendered, 2 changed: privacy/, privacy/2025-10-15/" (the site's own index is `/`)."""
    pages = [name.removesuffix("index.html") or "/" for name in changed if name.endswith(".html")]
    shown = ", ".join(pages[:4]) + (f" and {len(pages) - 4} more" if len(pages) > 4 else "")
    rendered_pages = sum(1 for name in rendered if name.endswith(".html"))
    plural = "s" * (rendered_pages != 1)
    return f"{rendered_pages} page{plural} rendered, {len(pages)} changed" + (f": {shown}" if shown else "")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.rstrip().splitlines())


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the server the way Ctrl-C does (cleanly, exit 0)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(
    settings_source: Callable[[], Settings],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    as_of: date | None = None,
    log: Log = _stderr,
) -> None:
    """Preview the site at http://host:port/ until Ctrl-C; `settings_source` is called again before every build."""
    # The preview makes no PDFs (a second or so each, at every save): with pdf = true its pages show no
    # "Download PDF" link, and `ppgen build` makes them.
    preview = Preview(lambda: replace(settings_source(), pdf=False), as_of, log)
    server = make_server(host, port, preview.hub, log)  # first, so that a busy port fails at once
    if not is_loopback(host):
        for line in (
            f"WARNING: serving on {host}, not 127.0.0.1: "
            "anyone who can reach this machine there can read the preview,",
            "WARNING: drafts included. ppgen serve is a development server; "
            "never expose it to a network you do not trust.",
        ):
            log(line)
    thread = threading.Thread(target=server.serve_forever, name="ppgen-http", daemon=True)
    with _sigterm_as_interrupt():
        try:
            thread.start()  # a page opened during the first build shows "not built yet" and reloads by itself
            log(f"Building {display_path(preview.settings.content_dir)} …")
            preview.rebuild()
            preview.watch()
            preview.observer.start()
            url = server.url(preview.hub.current().mount)
            log(f"Serving {url} (watching content, theme and ppgen.toml; Ctrl-C to stop)")
            if open_browser:
                threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
            preview.run()
        except KeyboardInterrupt:
            log("Stopping.")
        finally:
            preview.hub.close()
            if thread.is_alive():
                server.shutdown()
            server.server_close()
            if preview.observer.is_alive():
                preview.observer.stop()
                preview.observer.join()
