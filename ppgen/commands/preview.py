"""The preview's HTTP side: the site served from memory, and live reload over Server-Sent Events.

Only `ppgen serve` uses this. Safety by construction: a request is answered with a file only when its
percent-decoded path, under the site's base path, is exactly the name of one of the built files; there
is no file system behind it, so no `..`, encoded or not, no symlink and no directory listing can reach
anything else. When bound to a loopback address, requests whose `Host` is not a loopback name are refused
(a web page elsewhere cannot read the preview through DNS rebinding).

Hostile or broken requests get an answer, never a traceback: a malformed request line or header, or a
`Host` that is not a host (`[`, two of them, none in HTTP/1.1), is a 400. A client that goes away in the
middle of an answer, or leaves an event stream, is normal: its thread ends and nothing is logged.
"""

from __future__ import annotations

import hashlib
import ipaddress
import mimetypes
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote

from ppgen.core.errors import PpgenError, Problem
from ppgen.site.pages import base_path

PREFIX = "/__ppgen/"
"""Addresses of the preview itself; the underscores keep them apart from policy slugs."""
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "live.js"
KEEPALIVE = 15.0
"""Seconds between SSE comments that keep idle connections open."""
LISTEN_BACKLOG = 1024
"""Connections the kernel queues until they are accepted; socketserver's 5 drops a burst of clients."""
STREAM_CHECK = 1.0
"""Seconds between two looks at whether an event stream's client is still there."""

LIVE_JS = """\
// ppgen serve: reload this page when it changes; show build errors over it.
(() => {
  const me = document.currentScript;
  const query = "?page=" + encodeURIComponent(me.dataset.page) + "&etag=" + encodeURIComponent(me.dataset.etag);
  let overlay = null;
  const show = (text) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "ppgen-error-overlay";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {
        position: "fixed", inset: "0 0 auto 0", maxHeight: "60vh", overflow: "auto", zIndex: "2147483647",
        background: "#fff4f4", color: "#5c0000", borderBottom: "4px solid #b00020", padding: "1em 1.5em",
        font: "15px/1.5 system-ui, sans-serif"});
      const title = document.createElement("strong");
      title.textContent = "The last save has errors. This is the last good build; fix the file and save.";
      const pre = document.createElement("pre");
      Object.assign(pre.style, {whiteSpace: "pre-wrap", font: "14px/1.5 ui-monospace, monospace", margin: ".5em 0 0"});
      overlay.append(title, pre);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  };
  const events = new EventSource("/__ppgen/events" + query);
  events.addEventListener("reload", () => { events.close(); location.reload(); });
  events.addEventListener("failed", (event) => show(event.data));
  events.addEventListener("ok", () => { if (overlay) { overlay.remove(); overlay = null; } });
})();
"""


@dataclass(frozen=True)
class Snapshot:
    """What is served now."""

    files: Mapping[str, bytes]
    """The last good build (empty before the first one)."""
    error: str | None
    """The problems of the latest build, when it failed."""
    mount: str
    """The path the site is served under: base_url's path, e.g. `/legal/`."""
    generation: int
    """Counts publications, so that waiting event streams notice each one."""


class Hub:
    """The current Snapshot, swapped whole by the build loop; event streams wait on it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._now = Snapshot({}, None, "/", 0)
        self.closed = False

    def current(self) -> Snapshot:
        """The snapshot being served."""
        return self._now

    def publish(self, files: Mapping[str, bytes] | None, error: str | None, mount: str | None = None) -> None:
        """A new build (files), or a failed one (files None: keep serving the last good one)."""
        with self._changed:
            now = self._now
            self._now = Snapshot(
                now.files if files is None else files, error, mount or now.mount, now.generation + 1
            )
            self._changed.notify_all()

    def wait(self, generation: int, timeout: float) -> Snapshot:
        """The snapshot after `generation` (or the same one after `timeout` seconds, or at close)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self._now.generation != generation, timeout)
            return self._now

    def close(self) -> None:
        """Release every waiting event stream (the server is stopping)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def mount_of(base_url: str | None) -> str:
    """The path the preview serves the site under: the path of base_url, so rooted links work."""
    return base_path(base_url)


_HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(?::[0-9]*)?")
"""RFC 9110's Host: a bracketed IPv6 address or a reg-name, and an optional port."""


def host_name(value: str) -> str | None:
    """The lower-cased host of a `Host` header value (brackets kept for IPv6), or None when it is not one."""
    found = _HOST.fullmatch(value)
    if found is None:
        return None
    name = found["name"]
    if name.startswith("["):
        try:
            ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            return None
    return name.lower()


def is_loopback(host: str) -> bool:
    """True for names and addresses of this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Answer:
    """A response before the live-reload script is added."""

    status: int
    body: bytes
    content_type: str
    location: str | None = None

    @property
    def etag(self) -> str:
        """A digest of what was served, so the page's event stream can tell when it changes."""
        return hashlib.blake2b(f"{self.status} ".encode() + self.body, digest_size=8).hexdigest()


@dataclass(frozen=True)
class RequestHead:
    """What the preview reads of a request before answering it."""

    target: str
    """The request target as sent: percent-encoded path and query."""
    version: str
    """The protocol of the request line, e.g. `HTTP/1.1`."""
    hosts: tuple[str, ...]
    """Every `Host` header, in order (a valid request has one; HTTP/1.0 may have none)."""
    malformed_headers: bool = False
    """True when a header line could not be parsed (no colon, a continuation line first…)."""


def _plain(status: int, text: str) -> Answer:
    return Answer(status, text.encode(), "text/plain; charset=utf-8")


def refusal(request: RequestHead, loopback: bool) -> Answer | None:
    """The 400 or 403 a request gets before anything is looked up (None: answer it)."""
    if request.malformed_headers:
        return _plain(400, "Bad request: a header line is malformed\n")
    if len(request.hosts) > 1 or (not request.hosts and request.version == "HTTP/1.1"):
        return _plain(400, "Bad request: an HTTP/1.1 request needs exactly one Host header\n")
    name = host_name(request.hosts[0].strip(" \t")) if request.hosts else ""
    if name is None:
        return _plain(400, "Bad request: the Host header is not a host name\n")
    if request.hosts and loopback and not is_loopback(name):
        return _plain(403, "ppgen serve answers only to localhost addresses\n")
    return None


def _content_type(name: str) -> str:
    kind = "text/markdown" if name.endswith(".md") else mimetypes.guess_type(name)[0] or "text/plain"
    text = kind.startswith("text/") or kind.endswith(("json", "xml", "javascript"))
    return f"{kind}; charset=utf-8" if text else kind


def _error_page(error: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>The site could not be built</title>\n</head>\n"
        "<body>\n<h1>The site could not be built</h1>\n"
        "<p>Fix the problems below and save: this page reloads by itself.</p>\n"
        f"<pre>{escape(error)}</pre>\n</body>\n</html>\n"
    ).encode()


def _clean(rel: str) -> bool:
    """True when a decoded path has no `.` or `..` segment, no empty segment inside, no backslash and no NUL."""
    parts = rel.split("/")
    return (
        all(p not in (".", "..") and "\\" not in p and "\0" not in p for p in parts) and "" not in parts[:-1]
    )


def answer(snapshot: Snapshot, path: str | None) -> Answer:
    """What the preview serves for a percent-decoded request path (None: undecodable)."""
    files, mount = snapshot.files, snapshot.mount
    if not files:
        return Answer(
            503, _error_page(snapshot.error or "The site has not been built yet."), "text/html; charset=utf-8"
        )
    if path is not None and mount != "/" and path in ("/", mount.rstrip("/")):
        return Answer(302, b"", "text/plain; charset=utf-8", location=mount)
    if path is not None and path.startswith(mount) and _clean(path[len(mount) :]):
        rel = path[len(mount) :]
        name = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        if name in files:
            return Answer(200, files[name], _content_type(name))
        if f"{name}/index.html" in files:
            return Answer(301, b"", "text/plain; charset=utf-8", location=quote(path + "/"))
        # The nearest 404.html up the folders, as Cloudflare Pages does: a translation's own (`de/404.html`).
        folders = rel.split("/")[:-1]
        for depth in range(len(folders), 0, -1):
            nearest = "/".join(folders[:depth]) + "/404.html"
            if nearest in files:
                return Answer(404, files[nearest], "text/html; charset=utf-8")
    return Answer(404, files.get("404.html", b"Not found\n"), "text/html; charset=utf-8")


def respond(snapshot: Snapshot, target: str) -> Answer:
    """The whole answer to GET `target` (as sent, percent-encoded, query included) but the event stream."""
    raw = target.partition("?")[0]
    if raw == SCRIPT:
        return Answer(200, LIVE_JS.encode(), "text/javascript; charset=utf-8")
    try:
        path: str | None = unquote(raw, errors="strict") if raw.startswith("/") else None
    except UnicodeDecodeError:
        path = None
    reply = answer(snapshot, path)
    if not reply.content_type.startswith("text/html"):
        return reply
    body = with_live_script(reply.body, path or "/", reply.etag)
    return Answer(reply.status, body, reply.content_type, reply.location)


def with_live_script(body: bytes, page: str, etag: str) -> bytes:
    """An HTML page with the live-reload script before `</body>`."""
    tag = f'<script src="{SCRIPT}" data-page="{escape(page)}" data-etag="{etag}" defer></script>\n'.encode()
    at = body.lower().rfind(b"</body>")
    return body[:at] + tag + body[at:] if at >= 0 else body + tag


def _event(name: str, data: str = "") -> bytes:
    lines = "".join(f"data: {line}\n" for line in (data.splitlines() or [""]))
    return f"event: {name}\n{lines}\n".encode()


def _client_left(connection: socket.socket) -> bool:
    """True when the client has closed the connection (a peek that would block means it is still there)."""
    timeout = connection.gettimeout()
    connection.settimeout(0)
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        connection.settimeout(timeout)


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD from the Hub's snapshot; the event stream; the script."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # a garbled request line gets a status line, not a bare body
    server_version = "ppgen-serve"
    timeout = 60
    disable_nagle_algorithm = (
        True  # headers and body go out as two writes: without this, each response can wait 40 ms for an ACK
    )

    def handle(self) -> None:
        """Answer requests until the connection closes; a client that leaves mid-answer is normal."""
        try:
            super().handle()
        except (ConnectionError, TimeoutError):  # BrokenPipeError, ConnectionResetError…: the client left
            self.close_connection = True

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal is for build messages."""

    def _respond(self, head: bool) -> None:
        hosts = tuple(self.headers.get_all("Host") or ())
        request = RequestHead(self.path, self.request_version, hosts, bool(self.headers.defects))
        refused = refusal(request, self.server.loopback)
        if refused is not None:
            self.close_connection = True
            return self._send(refused, head)
        if self.headers.get("Content-Length", "0").strip() != "0" or "Transfer-Encoding" in self.headers:
            self.close_connection = True  # a body is never read: it must not be taken for the next request
        raw, _, query = self.path.partition("?")
        if raw == EVENTS:
            return self._events(parse_qs(query))
        self._send(respond(self.server.hub.current(), self.path), head)

    def _send(self, reply: Answer, head: bool) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.location:
            self.send_header("Location", reply.location)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def _events(self, query: dict[str, list[str]]) -> None:
        """To a page: `reload` when its bytes change, `failed` while the build fails, else `ok`."""
        page, etag = query.get("page", ["/"])[0], query.get("etag", [""])[0]
        hub = self.server.hub
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"retry: 500\n\n")
        seen, last, wrote = -1, b"", time.monotonic()
        while not hub.closed:
            # Short waits: a client that left is noticed within STREAM_CHECK seconds, not at the next write.
            snapshot = hub.wait(seen, STREAM_CHECK)
            if hub.closed:
                return
            if snapshot.generation != seen:
                seen = snapshot.generation
                if snapshot.error is not None:
                    message = _event("failed", snapshot.error)
                else:
                    message = _event("ok" if answer(snapshot, page).etag == etag else "reload")
                if message != last:
                    self.wfile.write(message)
                    last, wrote = message, time.monotonic()
            elif _client_left(self.connection):
                return
            elif time.monotonic() - wrote >= KEEPALIVE:
                self.wfile.write(b": keep-alive\n\n")
                wrote = time.monotonic()


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server over a Hub, for IPv4 or IPv6 addresses."""

    daemon_threads = True
    block_on_close = False
    """Ctrl-C does not wait for idle keep-alive connections and event streams (their threads are daemons)."""
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, host: str, port: int, hub: Hub, log: Callable[[str], None] | None = None) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.hub = hub
        self.loopback = is_loopback(host)
        self.log = log or _stderr
        super().__init__((host.strip("[]"), port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """An unexpected failure while answering: one line that says it is a bug, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client went away
        self.log(f"ppgen serve: a request failed (a bug in ppgen): {type(error).__name__}: {error}")

    def url(self, mount: str) -> str:
        """The address to open in a browser."""
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = "127.0.0.1" if host == "0.0.0.0" else f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{mount}"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def make_server(host: str, port: int, hub: Hub, log: Callable[[str], None] | None = None) -> PreviewServer:
    """Listen on host:port (port 0: any free port), or raise PpgenError saying why not."""
    try:
        return PreviewServer(host, port, hub, log)
    except OSError as err:
        raise PpgenError(
            Problem(
                f"cannot listen on {host}:{port}: {err.strerror or err}",
                hint="pass another --port (0 picks a free one) or --host",
            )
        ) from None
