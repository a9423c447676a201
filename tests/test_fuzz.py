"""Fuzzing `ppgen build` and `check` (hypothesis): front matter, Markdown with raw HTML, aliases, settings.

Every generated input is written into the good two-version site, over a site/ built before, and
built through the command line. Whatever the input:

- the exit status is 0 or 1, never a traceback (ppgen's guard turns a bug into exit status 3,
  which fails here with its message), and `check` also exits 0 or 1;
- on exit 1, every stderr line is `path:line: …` or `path: …`, a line number exists in its file,
  nothing on disk changed (the previous site is byte-identical, no staging folder is left), and
  `check` also fails;
- on exit 0, nothing active reaches the output (`scan_site`): no script but the theme's own, no
  `on…` handlers, no `javascript:`/`vbscript:`/`data:` URL in any URL attribute of any HTML or XML
  file or URL field of versions.json; XML and JSON are well-formed; `_headers` and `_redirects`
  hold only what ppgen means to write; no id the page uses for itself twice in it; file names of
  safe characters only; the manifest matches the files.

The raw `<policy>/<date>.md` files are the exact source bytes (their sha256 is published), so
they may hold `<script>` inside a code span; they are inert because `_headers` serves them as
text/markdown with nosniff, which `scan_site` checks instead.

Each command runs in a child process (tests/cliworker.py) with a time limit, so a hang fails the
test instead of freezing the suite. Hangs are collected rather than raised, so that hypothesis does
not spend minutes shrinking them; everything else is raised and shrunk. In CI (`CI` set) the
examples are derandomised, so a run can be repeated exactly.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from badinput import AS_OF, CACHE, CONFIG, FIRST, GOOD, SECOND, snapshot
from cliworker import CliWorker, Outcome

LIMIT = 20.0
"""Seconds one command may take (a build of these sites takes about 0.1 s) before it counts as a hang."""
AFTER_A_HANG = 4.0
"""The limit once one hang is known: enough for any input here, and the test ends sooner."""
FUZZ = settings(
    max_examples=int(os.environ.get("PPGEN_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
ERROR_LINE = re.compile(r"[^:\n]+:\d+: .+|[^:\n]+: .+")
SAFE_NAME = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")
THEME_SCRIPT = re.compile(r"(\.\./)*_static/[a-z]+\.[0-9a-f]+\.js")
THEME_TIMELINE = re.compile(
    r'<svg class="timeline-chart" viewBox="[0-9 ]+" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
    r'(?:[^<]|<(?:line|rect|/rect|title|/title)(?: [a-z0-9-]+="[^"<>]*")*/?>)*</svg>'
)
"""The history page's change timeline: the theme's own inline SVG, bars and titles only (nothing that can run)."""
SCRIPT_SCHEME = re.compile(r"(javascript|vbscript|data):")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "cite",
    "poster",
    "data",
    "xlink:href",
    "background",
    "srcset",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "lowsrc",
    "dynsrc",
}
ACTIVE_TAGS = {
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "base",
    "textarea",
    "svg",
    "math",
    "portal",
    "template",
    "style",
    "noscript",
}
"""Tags the theme never uses (its history page has a form of its own, whose action the URL check covers)."""
HEADER_NAMES = {
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cache-Control",
    "Content-Type",
}
HOST_FILES = {"_headers", "_redirects", "ppgen-manifest.json"}
PAGE_IDS = re.compile(
    r"main|policy-title|policy-text|last-updated|inline|side-by-side|redline|redline-title|compare-.*|rl-.*"
    r"|(sbs-)?change-\d+|fn(ref)?\d+(:\d+)?"
)
"""Ids the pages give elements of their own (README: a heading never takes one); one of them twice
breaks the page's navigation."""


# --- what the output may hold -----------------------------------------------------------------


def script_url(value: str) -> bool:
    """True when a browser reads `value` as a javascript:, vbscript: or data: URL (it drops controls)."""
    return SCRIPT_SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", value).lower()) is not None


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not (
            len(attrs) == 2
            and attrs[0][0] == "src"
            and THEME_SCRIPT.fullmatch(attrs[0][1] or "")
            and attrs[1] == ("defer", None)
        ):
            self.found.append(f"<script {attrs}>")
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"handler {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and value and any(script_url(part) for part in value.split(",")):
                self.found.append(f"{name}={value[:40]!r} on <{tag}>")
            elif (
                name == "content"
                and value
                and "url=" in value.lower()
                and script_url(value.lower().split("url=", 1)[1])
            ):
                self.found.append(f"refresh to {value[:40]!r}")
            elif name == "style" and value and re.search(r"url\s*\(|expression\s*\(", value, re.IGNORECASE):
                self.found.append(f"style={value[:40]!r} on <{tag}>")
            elif name == "id" and value is not None:
                self.ids[value] += 1

    handle_startendtag = handle_starttag


def scan_page(html: str) -> list[str]:
    """Active content in an HTML page, and ids of the page's own it holds twice."""
    page = _Page()
    page.feed(THEME_TIMELINE.sub("", html))
    page.close()
    return page.found + [
        f"id {name!r}, the page's own, {count} times"
        for name, count in page.ids.items()
        if count > 1 and PAGE_IDS.fullmatch(name)
    ]


def scan_xml(data: bytes) -> list[str]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        return [f"not well-formed XML: {err}"]
    found = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "script":
            found.append("<script> element")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local.startswith("on") or (local in URL_ATTRIBUTES and script_url(value)):
                found.append(f"{local}={value[:40]!r}")
    return found


def scan_json(data: bytes) -> list[str]:
    try:
        document = json.loads(data)
    except ValueError as err:
        return [f"not valid JSON: {err}"]

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and key.endswith("url") and script_url(item):
                    yield f"{key}={item[:40]!r}"
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    return list(walk(document))


def scan_headers(text: str) -> list[str]:
    found = []
    for line in text.split("\n")[:-1]:
        if line.startswith("  "):
            name, _, value = line[2:].partition(": ")
            if name not in HEADER_NAMES or not value or re.search(r"[\x00-\x1f\x7f]", value):
                found.append(f"_headers line {line!r}")
        elif not re.fullmatch(r"/[!-~]*", line):
            found.append(f"_headers path {line!r}")
    if (
        "/*.md\n  Content-Type: text/markdown; charset=utf-8" not in text
        or "X-Content-Type-Options: nosniff" not in text
    ):
        found.append("_headers does not serve the raw .md files as text/markdown with nosniff")
    return found


def scan_redirects(text: str) -> list[str]:
    return [
        f"_redirects line {line!r}"
        for line in text.split("\n")[:-1]
        if not re.fullmatch(r"/[!-~]* /[!-~]* 301", line)
    ]


def scan_site(out: Path) -> list[str]:
    """Everything wrong in a built site (see the module's docstring); [] when all is well."""
    found: list[str] = []
    files = {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*")) if p.is_file()}
    for name, path in files.items():
        data = path.read_bytes()
        problems: list[str] = []
        if not SAFE_NAME.fullmatch(name):
            problems.append("unsafe file name")
        if name.endswith(".html"):
            problems += scan_page(data.decode("utf-8", "replace"))
        elif name.endswith(".xml"):
            problems += scan_xml(data)
        elif name.endswith(".json"):
            problems += scan_json(data)
        elif name == "_headers":
            problems += scan_headers(data.decode("utf-8", "replace"))
        elif name == "_redirects":
            problems += scan_redirects(data.decode("utf-8", "replace"))
        found += [f"{name}: {problem}" for problem in problems]
    manifest = files.get("ppgen-manifest.json")
    if manifest is not None:
        try:
            listed = json.loads(manifest.read_bytes())["files"]
        except (ValueError, KeyError):
            return [*found, "ppgen-manifest.json: unreadable"]
        on_disk = {
            name: path.read_bytes()
            for name, path in files.items()
            if name not in ("ppgen-manifest.json", ".ppgen-site")
        }
        for name in sorted(set(listed) ^ set(on_disk)):
            state = "listed, not written" if name in listed else "written, not listed"
            found.append(f"ppgen-manifest.json: {name} is {state}")
        for name in sorted(set(listed) & set(on_disk)):
            if listed[name] != {
                "sha256": hashlib.sha256(on_disk[name]).hexdigest(),
                "size": len(on_disk[name]),
            }:
                found.append(f"ppgen-manifest.json: wrong sha256 or size for {name}")
    return found


# --- running one input --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def worker() -> Iterator[CliWorker]:
    runner = CliWorker()
    yield runner
    runner.close()


def check_args(args: tuple[str, ...]) -> list[str]:
    """The build arguments `check` takes too (every build here passes only these)."""
    return [arg for arg in args if arg != "-q"]


class Fuzz:
    """One site folder, reused by the examples of one test: inputs rewritten each time, the last site kept."""

    def __init__(self, root: Path, worker: CliWorker) -> None:
        self.root = root
        self.worker = worker
        self.hangs: list[str] = []
        self.limit = LIMIT
        root.mkdir()
        self.write(GOOD, CONFIG)
        first = worker.run(root, ["build", *AS_OF, "-q"])
        assert first is not None and first.exit_code == 0, first
        self.baseline = {
            p.relative_to(root / "site").as_posix(): p.read_bytes()
            for p in (root / "site").rglob("*")
            if p.is_file()
        }

    def write(self, files: dict[str, str | bytes], config: str) -> None:
        """The good site with `files` written over it; everything but the built site/ is made afresh."""
        for path in self.root.iterdir():
            if path.name != "site":
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        (self.root / "ppgen.toml").write_text(config, encoding="utf-8")
        for name, data in {**GOOD, **files}.items():
            target = self.root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    def command(self, args: list[str], env: dict[str, str | None], what: str) -> Outcome | None:
        outcome = self.worker.run(self.root, args, env, self.limit)
        if outcome is None:
            self.hangs.append(f"`ppgen {' '.join(args)}` ran for over {self.limit:.0f} s on {what}")
            self.limit = AFTER_A_HANG
        return outcome

    def build(
        self,
        files: dict[str, str | bytes],
        config: str = CONFIG,
        args: tuple[str, ...] = AS_OF,
        env: dict[str, str | None] | None = None,
        agree: bool = True,
    ) -> Outcome | None:
        """Build `files` over the good site and hold the outcome to the module's rules; None after a hang."""
        self.write(files, config)
        what = repr({**files, "ppgen.toml": config, "args": args, "env": env})[:3000]
        before = snapshot(self.root)
        built = self.command(["build", "-q", *args], env or {}, what)
        if built is None:
            return None
        said = f"exit {built.exit_code}\nstderr: {built.stderr}\n{built.crash or ''}"
        assert built.crash is None, said
        assert built.exit_code in (0, 1), said
        assert "Traceback" not in built.stderr + built.stdout, said
        if built.exit_code == 1:
            lines = built.stderr.splitlines()
            assert lines and all(ERROR_LINE.fullmatch(line) for line in lines), (
                f"not `path:line: …` lines:\n{said}"
            )
            for line in lines:
                self.line_exists(line)
            assert snapshot(self.root) == before, f"the failed build changed files on disk\n{said}"
        else:
            leftovers = [p.name for p in self.root.iterdir() if ".ppgen-" in p.name and p.name != CACHE]
            assert not leftovers, leftovers
            for out in sorted(marker.parent for marker in self.root.rglob(".ppgen-site")):
                found = scan_site(out)
                assert not found, "\n".join(found[:20])
        checked = self.command(["check", *check_args(args)], env or {}, what)
        if checked is not None:
            said_check = (
                f"check: exit {checked.exit_code}\n{checked.stdout}{checked.stderr}\n{checked.crash or ''}"
            )
            assert (
                checked.crash is None and checked.exit_code in (0, 1) and "Traceback" not in checked.stderr
            ), said_check
            if agree and built.exit_code == 1:
                assert checked.exit_code == 1, f"build failed, check found nothing\n{said}\n{said_check}"
        return built

    def line_exists(self, line: str) -> None:
        """A `path:N:` error names a line the file has."""
        match = re.match(r"([^:\n]+):(\d+): ", line)
        if match and (self.root / match.group(1)).is_file():
            lines = (self.root / match.group(1)).read_bytes().count(b"\n") + 1
            assert 1 <= int(match.group(2)) <= lines, f"{line!r}: the file has {lines} lines"

    def explore(self, test: Callable[[], None]) -> None:
        """Run a hypothesis test; then fail if any input made ppgen hang."""
        try:
            test()
        except BaseException as err:
            if self.hangs:
                err.add_note("and hangs:\n" + "\n".join(self.hangs))
            raise
        assert not self.hangs, "ppgen hung:\n" + "\n".join(self.hangs)


@pytest.fixture
def fuzz(tmp_path: Path, worker: CliWorker) -> Fuzz:
    return Fuzz(tmp_path / "site-src", worker)


def test_a_command_that_never_ends_fails_after_the_limit(tmp_path: Path, worker: CliWorker) -> None:
    """The time limit itself, on a command that runs until stopped: `ppgen serve` (a free loopback port)."""
    root = tmp_path / "site-src"
    root.mkdir()
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    assert worker.run(root, ["serve", "--port", "0", *AS_OF], limit=1.0) is None
    after = worker.run(root, ["check", *AS_OF])
    assert after is not None and after.exit_code == 1 and "content" in after.stdout, after


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scanner itself: each kind of active content in a page is found, the theme's own script is not."""
    page = (
        '<script src="../_static/redline.0123abcd.js" defer></script><p id="a" onclick="x">t</p>'
        '<a href=" java\tscript:x">l</a><q cite="data:text/html,x">q</q><img src="&#106;avascript:x">'
        '<span id="a"></span><svg></svg><script>x</script><main id="main"></main><span id="main"></span>'
    )
    found = scan_page(page)
    assert len(found) == 7 and not any("redline" in f for f in found) and "id 'main'" in found[-1], found
    assert scan_xml(b"<feed><link href='vbscript:x'/></feed>") and scan_xml(b"<feed>\x01</feed>")
    assert scan_redirects("/a b /privacy/ 301\n") and not scan_redirects("/old/ /legal/privacy/ 301\n")


# --- (a) front matter ----------------------------------------------------------------------------

DATES = [
    "2025-03-01",
    "2025-01-01",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:00:00-01:00",
    "2025-03-01T00:00:00Z",
    "2025-03-01T12:00:00+23:59",
    "2025-03-01T12:00:00+24:00",
    "2025-03-01T24:00:00Z",
    "2025-02-29",
    "2025-3-1",
    "20250301",
    "2025-03-01T12:00",
    "2025-03-01 12:00:00.1234567+00:00",
    "'2025-03-01'",
    "2025-03-01 # comment",
]
YAML_VALUES = [
    "Privacy Policy",
    "~",
    "null",
    "''",
    '""',
    "true",
    "yes",
    "0x1F",
    "1e309",
    ".nan",
    "-.inf",
    "0o17",
    "1_000",
    "[]",
    "{}",
    "[a, b]",
    "[/privacy-policy/]",
    "[[nested]]",
    "[1, 2]",
    "[null]",
    "{a: b}",
    "{date: 2025-03-01, note: fixed}",
    "[{date: 2025-01-01, note: x}]",
    "\n  - a\n  - b",
    "\n  a: 1\n  b: {c: d}",
    "|\n  block\n  text",
    ">\n  folded",
    "'single ''quoted'''",
    '"unterminated',
    "'unterminated",
    "a: b",
    "a #comment",
    "%",
    "@x",
    "`x`",
    "{{ name }}",
    "<script>alert(1)</script>",
    "x\x01y",
    "x\x7fy",
    "\u2028",
    "\ufeff",
    "\x85",
    "\u202e",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system [echo hi]",
    "!!timestamp 2025-03-01",
    "!!str 2025-03-01",
    "!!int '3'",
    "!!float 1e400",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!pairs [[a, 1]]",
    "!!null ''",
    "!foo bar",
    "!<tag:yaml.org,2002:str> x",
    "&a Privacy",
    "*a",
    "&b [x, y]",
    "*b",
    "*undefined",
    "!!str &c *c",
]
KEYS = [
    "title",
    "effective",
    "updated",
    "summary",
    "aliases",
    "id",
    "titel",
    "description",
    "corrections",
    '"title"',
    "<<",
    "1",
    "null",
    "Title",
    "title ",
    "[a]",
    "{a: b}",
    "? title",
    "&k title",
    "!!str title",
]
text_values = st.text(max_size=30).map(json.dumps)
raw_values = st.text(st.characters(blacklist_characters="\n\r"), max_size=20)
yaml_values = st.one_of(st.sampled_from(DATES), st.sampled_from(YAML_VALUES), text_values, raw_values)
entries = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(KEYS), st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)),
        yaml_values,
    ),
    max_size=7,
)


def front_matter(items: list[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in items)


@FUZZ
@given(
    items=entries,
    which=st.sampled_from([FIRST, SECOND]),
    opening=st.sampled_from(["---\n", "---\n", "--- \n", "---\r\n"]),
)
@example(items=[("summary", "First."), ("summary", "Second.")], which=SECOND, opening="---\n")
@example(items=[("updated", "0001-01-01T00:00:00+14:00")], which=SECOND, opening="---\n")
@example(items=[("updated", "9999-12-31T23:00:00-01:00")], which=SECOND, opening="---\n")
@example(items=[("title", json.dumps("Privacy\x01Policy"))], which=FIRST, opening="---\n")
@example(items=[("summary", "New."), ("id", "x\x01y")], which=SECOND, opening="---\n")
def _front_matter(fuzz: Fuzz, items: list[tuple[str, str]], which: str, opening: str) -> None:
    base = "title: Privacy Policy\n" if which == FIRST and not any(key == "title" for key, _ in items) else ""
    text = f"{opening}{base}{front_matter(items)}---\n\n## Who we are\n\nWe are Example Ltd.\n"
    built = fuzz.build({which: text})
    keys = [key for key, _ in items if re.fullmatch(r"[a-z_]+", key)]
    twice = sorted(key for key, count in Counter(keys).items() if count > 1)
    if built is not None and built.exit_code == 0:
        assert not twice, f"front matter with `{twice[0]}` twice was accepted"


def test_front_matter(fuzz: Fuzz) -> None:
    fuzz.explore(lambda: _front_matter(fuzz))


# --- (b) Markdown with raw HTML ------------------------------------------------------------------

HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<span onclick="steal()">t</span>',
    "<p/onclick=alert(1)>p</p>",
    "<p onclick\n=alert(1)>p</p>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<q cite="javascript:alert(1)">q</q>',
    '<blockquote cite="javascript:x">b</blockquote>',
    '<img srcset="javascript:x 1x">',
    '<div style="background:url(javascript:alert(1))">d</div>',
    '<a xlink:href="javascript:x">x</a>',
    '<form action="javascript:x"><button formaction="javascript:x">b</button></form>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:x"></object>',
    '<embed src="x.swf">',
    '<base href="javascript:x//">',
    '<meta http-equiv="refresh" content="0;url=javascript:x">',
    "<link rel=import href=x>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--><img src=x onerror=alert(1)>-->",
    "<!-- unclosed",
    "<!---->",
    "<!-- a -- b -->",
    "<!-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?php echo 1 ?>",
    "<!DOCTYPE html>",
    "<template><script>alert(1)</script></template>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<style>*{}</style>",
    "<textarea><script>alert(1)</script></textarea>",
    "<x onclick=1>x</x>",
    '<abbr title="a onclick=x">a</abbr>',
    '<span id="change-2">c</span>',
    '<div id="side-by-side">s</div>',
    '<p id="policy-text">p</p>',
    '<a id="main">m</a>',
    '<span id="x" id="y">dup</span>',
    "<b>bold",
    "</div>",
    "<table><tr><td>cell",
    "<details><summary>s</summary>d</details>",
]
MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( vbscript:msgbox(1) )",
    "[x](VBSCRIPT:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![i](data:image/png;base64,iVBOR)",
    "<javascript:alert(1)>",
    "<data:text/html,hi>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[ref]\n\n[ref]: data:text/html,x",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "![x](vbscript:x)",
    "## Compare plans",
    "## rl-moved",
    "## Main",
    "## Change 2",
    "## fn1",
    "## Side by side",
    "## Policy text",
    "# Title",
    "## A {#main}",
    "## A {#a}",
    "## A {#a}",
    "{{ x }}",
    "{% if x %}",
    "{{",
    "{#",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&nbsp;",
    "&lt;script&gt;",
    "```\n<script>x</script>\n```",
    "`<script>`",
    "> quote",
    "- item",
    "1. item",
    "| a | b |\n|---|---|\n| <script>x</script> | [x](javascript:y) |",
    "text[^1]\n\n[^1]: note <img src=x onerror=y>",
    "***",
    "\x00",
    "\x0b",
    "\u2028",
    "\ufeff",
    "\u202e",
    "Last updated: June 1, 2025",
    "[link](../2025-01-01/)",
]
fragments = st.one_of(
    st.sampled_from(HTML), st.sampled_from(MARKDOWN), st.text(max_size=40), st.just("word " * 3000)
)
repeated = st.tuples(st.sampled_from(HTML + MARKDOWN), st.integers(2, 300)).map(
    lambda pair: "\n\n".join([pair[0]] * pair[1])
)
bodies = st.lists(
    st.tuples(st.one_of(fragments, fragments, repeated), st.sampled_from(["\n\n", "\n", " ", ""])),
    min_size=1,
    max_size=8,
)


@FUZZ
@given(parts=bodies, raw_html=st.sampled_from(["error", "strip"]))
@example(parts=[("## Compare plans", "\n")], raw_html="error")
@example(parts=[('<q cite="javascript:alert(1)">q</q>', "\n")], raw_html="strip")
@example(parts=[("<!--><img src=x onerror=alert(1)>-->", "\n")], raw_html="error")
@example(parts=[("![i](data:image/png;base64,iVBOR)", "\n")], raw_html="error")
@example(parts=[('<span id="change-2">c</span>', "\n")], raw_html="error")
@example(parts=[('<a href="java\nscript:alert(1)">x</a>', "\n")], raw_html="error")
def _markdown(fuzz: Fuzz, parts: list[tuple[str, str]], raw_html: str) -> None:
    text = "## Who we are\n\n" + "".join(fragment + joint for fragment, joint in parts) + "\n"
    fuzz.build({SECOND: "---\nsummary: Fuzzed.\n---\n\n" + text}, CONFIG + f'raw_html = "{raw_html}"\n')


def test_markdown_with_raw_html(fuzz: Fuzz) -> None:
    fuzz.explore(lambda: _markdown(fuzz))


# --- (c) aliases ---------------------------------------------------------------------------------

SEGMENTS = [
    "",
    ".",
    "..",
    "privacy",
    "2025-01-01",
    "2025-03-01",
    "history",
    "diff",
    "2025-01-01...2025-03-01",
    "_static",
    "feed.xml",
    "_headers",
    "_redirects",
    "index.html",
    "404.html",
    "robots.txt",
    "sitemap.xml",
    "ppgen-manifest.json",
    "versions.json",
    "2025-01-01.md",
    "old-privacy",
    "terms",
    "a b",
    "*",
    ":splat",
    "%2e%2e",
    "%00",
    "\n",
    "\r",
    "\t",
    "\x00",
    "é",
    "a?b",
    "a#b",
    "\\",
    "~",
    "x.html",
    "https:",
    "evil.example",
    " ",
    "!",
    "Set-Cookie: a=b",
    "Access-Control-Allow-Origin: *",
    "302",
    "https://evil.example/ 302!",
    "style.css",
]
paths = st.builds(
    lambda lead, segments, trail: lead + "/".join(segments) + trail,
    st.sampled_from(["/", "/", "", "//", "./"]),
    st.lists(st.sampled_from(SEGMENTS), max_size=4),
    st.sampled_from(["", "/", "//"]),
)
alias_lists = st.lists(st.one_of(paths, paths, st.text(max_size=15)), max_size=3)


def aliases_line(aliases: list[str]) -> str:
    return f"aliases: [{', '.join(json.dumps(a) for a in aliases)}]\n"


@FUZZ
@given(privacy=alias_lists, terms=st.none() | alias_lists, same=st.booleans())
@example(privacy=["/./privacy/"], terms=None, same=False)
@example(privacy=["/old\nSet-Cookie: a=b"], terms=None, same=False)
@example(privacy=["/_static/old/"], terms=None, same=False)
@example(privacy=["/a\x00b/"], terms=None, same=False)
@example(privacy=["/sitemap.xml"], terms=None, same=False)
@example(privacy=["/old-privacy/"], terms=[], same=True)
def _aliases(fuzz: Fuzz, privacy: list[str], terms: list[str] | None, same: bool) -> None:
    files: dict[str, str | bytes] = {
        SECOND: "---\nsummary: Moved.\n"
        + aliases_line(privacy)
        + "---\n\n## Who we are\n\nWe are Example Ltd.\n"
    }
    if terms is not None:
        terms = privacy[:1] + terms if same else terms
        files["content/terms/2025-01-01.md"] = (
            "---\ntitle: Terms\n" + aliases_line(terms) + "---\n\n## Use\n\nBe kind.\n"
        )
    built = fuzz.build(files)
    if built is None or built.exit_code != 0:
        return
    site = fuzz.root / "site"
    for name, data in fuzz.baseline.items():
        if name in HOST_FILES:
            continue
        path = site / name
        assert path.is_file(), f"{name} is gone"
        assert b'http-equiv="refresh"' not in path.read_bytes() or b'http-equiv="refresh"' in data, (
            f"{name} became a redirect"
        )
    assert not [p for p in (site / "_static").iterdir() if p.is_dir()], "an alias under _static/"
    shared = set(privacy) & set(terms or [])
    assert not shared, f"the alias {sorted(shared)[0]!r} of two policies was accepted"


def test_aliases(fuzz: Fuzz) -> None:
    fuzz.explore(lambda: _aliases(fuzz))


# --- (d) settings --------------------------------------------------------------------------------

BASE_URLS = [
    "https://example.com/legal/",
    "https://example.com:8443/",
    "https://example.com:99999/",
    "https://example.com:0/",
    "https://example.com:-1/",
    "https://example.com:abc/",
    "https://example.com:/",
    "http://[::1]:80/",
    "http://[::1/",
    "https://[/",
    "https://user:pass@example.com/",
    "https://exa mple.com/",
    "https://example.com/a b/",
    "https://example.com/<script>/",
    'https://example.com/"onmouseover=x/',
    "javascript:alert(1)//",
    "ftp://example.com/",
    "https://",
    "https:///path",
    "https://example.com?x=1",
    "https://example.com/#frag",
    "HTTPS://EXAMPLE.COM/",
    "https://例え.jp/",
    "https://example.com/%00/",
    "https://example.com\n/",
    "https://example.com/legal",
]
NOT_STRINGS = st.one_of(
    st.integers(-(2**63), 2**63 - 1).map(str),
    st.sampled_from(["0", "-1", "1_000_000", "3.5", "inf", "nan", "true", "false", "[]", '["adjacent"]']),
    st.sampled_from(['[1, "a"]', "{a = 1}", "2025-01-01", "1979-05-27T07:32:00Z", "07:32:00"]),
)
TOML = st.one_of(st.text(max_size=20).map(json.dumps), NOT_STRINGS)
VALUES: dict[str, list[str]] = {
    "title": ["Legal", "<script>alert(1)</script>", "A & B", "\x01", "]]>"],
    "description": ["About", "<img src=x onerror=y>", "\x0b"],
    "publisher": ["Example Ltd", "</name><script>", "\x00"],
    "timezone": ["UTC", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12", "../../etc/passwd", "", "UTC\n"]
    + ["Factory", "localtime", "posixrules", "Nowhere/City"],
    "language": ["en", "de", 'x" onload="alert(1)', "<script>", "en\ngb"],
    "locale": ["en_US", "de_DE", "xx", "en_US.UTF-8", "und", "ar", "ja_JP", "zh_Hant_TW", "root", "../x"],
    "content": ["content", "nope", ".", "..", "content/privacy", "ppgen.toml"],
    "output": ["site", "out", "content", ".", "content/x", "ppgen.toml", "site/..", "deep/er/out"],
    "theme": ["theme", "missing-theme", "content", ".", "ppgen.toml"],
    "base_url": BASE_URLS,
    "raw_html": ["error", "strip", "STRIP", ""],
    "diff_pairs": ["all", "adjacent", "to-current", "none"],
    "notice_days": ["0", "30", "-1", "1000000", "1000000000", "9223372036854775807"],
    "pretty_urls": ["true", "false", '"yes"', "1"],
}
STRINGS = {
    "title",
    "description",
    "publisher",
    "timezone",
    "language",
    "locale",
    "content",
    "output",
    "theme",
    "base_url",
    "raw_html",
    "diff_pairs",
}
FOLDERS = {"content", "output", "theme"}
"""Keys whose strings are folders: only the values listed, so no build writes outside its test's folder."""


def toml_value(key: str) -> st.SearchStrategy[str]:
    known = st.sampled_from(VALUES[key]).map(lambda v: json.dumps(v) if key in STRINGS else v)
    return st.one_of(known, known, known, NOT_STRINGS if key in FOLDERS else TOML)


config_items = st.lists(
    st.sampled_from(sorted(VALUES)).flatmap(lambda key: st.tuples(st.just(key), toml_value(key))),
    max_size=5,
    unique_by=lambda kv: kv[0],
)
epochs = st.one_of(
    st.none(),
    st.integers(-(10**13), 10**13).map(str),
    st.sampled_from(["", "abc", " 1", "99999999999999999999", "1e9"]),
)


@FUZZ
@given(
    items=config_items,
    cli_base=st.none() | st.sampled_from(BASE_URLS),
    as_of=st.none() | st.dates(),
    epoch=epochs,
)
@example(items=[], cli_base="https://example.com:99999/", as_of=None, epoch=None)
@example(items=[("base_url", json.dumps("https://example.com\n/"))], cli_base=None, as_of=None, epoch=None)
@example(items=[("theme", json.dumps("missing-theme"))], cli_base=None, as_of=None, epoch=None)
@example(items=[("publisher", json.dumps("\x00"))], cli_base=None, as_of=None, epoch=None)
@example(items=[("notice_days", "1000000000")], cli_base=None, as_of=None, epoch=None)
@example(items=[], cli_base=None, as_of=None, epoch="99999999999999999999")
def _settings(
    fuzz: Fuzz, items: list[tuple[str, str]], cli_base: str | None, as_of: object, epoch: str | None
) -> None:
    config = "".join(f"{key} = {value}\n" for key, value in items)
    args = (
        *(["--base-url", cli_base] if cli_base is not None else []),
        *(["--as-of", str(as_of)] if as_of is not None else []),
    )
    built = fuzz.build({}, config, tuple(args), {"SOURCE_DATE_EPOCH": epoch}, agree=False)
    if built is None or built.exit_code != 0:
        return
    settings = tomllib.loads(config)
    base = cli_base if cli_base is not None else settings.get("base_url")
    if base is not None:
        assert served_at(base), f"base_url {base!r} was accepted"
    if "theme" in settings:
        theme = settings["theme"]
        assert (fuzz.root / theme).is_dir(), f"theme = {theme!r}, a folder that does not exist, was accepted"


def served_at(url: str) -> bool:
    """True when `url` names a host, and a port from 0 to 65535 if any (urlsplit raises on any other)."""
    try:
        parts = urlsplit(url)
        return parts.hostname is not None and (parts.port is None or parts.port >= 0)
    except ValueError:
        return False


def test_settings(fuzz: Fuzz) -> None:
    fuzz.explore(lambda: _settings(fuzz))
