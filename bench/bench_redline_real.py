"""How faithful, how small and how calm ppgen's redlines are on a real corpus of policy histories (issue 15).

Run from the repository root:

    python bench/bench_redline_real.py [--corpus TAR_XZ_OR_FOLDER] [--pairs adjacent,to-current]
        [--unparsable neutral|skip] [--setting KEY=TOML] [--worst N] [--save DIR] [--jobs N]

The corpus (default ../shared/corpora/github-site-policy.tar.xz, extracted into a temporary folder)
is loaded as a content folder with ppgen's own loader; every redline the build would pre-render
(`ppgen.site.plan.SitePlan` with the `--pairs` kinds, default the build's own `adjacent,to-current`)
is made by `ppgen.redline.compare.compare` (`ppgen.pipeline.build.compare_groups`: a policy's pairs with
one `PolicyCache`, as a build): its `inline_html` in the default theme's words (`Redline.inline`) is what
the redline page's template writes inside `<div id="redline">`, each fold (a link to unchanged text on
the newer version's page) read as the text it stands for. For each redline:

1. Oracle: the visible text of `#redline` without every `<ins>` and every `.rl-note` is the older
   version's text, without every `<del>` and `.rl-note` the newer's (as word sequences, the way
   tests/test_redline.py checks it).
2. Minimality: marked words (words inside a plain `<ins>`/`<del>`; words shown as moved, inside
   `<ins class="rl-moved">`/`<del class="rl-moved">` and nothing plainer, are not marked, nor are words
   whose capitals alone changed, both spellings inside `<del class="rl-case">`/`<ins class="rl-case">`:
   the page draws them as a formatting change, not as words changed) against the
   least change (words of both versions outside their longest common word subsequence, found by
   diff-match-patch without a time limit, which is exact). A redline is within bound when
   marked <= 1.2 x least + 10.
3. Empty changes: numbered changes (`#change-N`) in whose stretch of the page no `<ins>`, `<del>`
   or formatting mark shows anything but white space.

Versions ppgen cannot parse (template syntax such as `{{ … }}`, a level-1 heading: until
`template_syntax = "text"` and level-1 tolerance exist) are, with `--unparsable neutral` (the default),
parsed again from a copy whose `{{ … }}`/`{% … %}` are replaced by a neutral word and whose level-1
headings are made level 2; with `--unparsable skip` they and their redlines are left out. Either
way they are counted and reported. When `Settings` has a `template_syntax` field, the corpus is
loaded with `template_syntax = "text"`, so the corpus is measured as it is and nothing is neutralised.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import math
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Its own folder too, for real_corpus beside it (a test imports this file by its path).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ppgen.core.dates import build_today
from ppgen.core.document import Document
from ppgen.core.errors import PpgenError
from ppgen.core.model import Policy, Version
from ppgen.pipeline import cached
from ppgen.pipeline.build import compare_groups, compare_pairs, parse_versions, usable_cores
from ppgen.redline.views import with_folded_text
from ppgen.redline.worddiff import diff_sequences
from ppgen.site.plan import SitePlan
from ppgen.site.templates import Theme
from ppgen.source import texts
from ppgen.source.config import Settings, load_settings
from ppgen.source.load import load
from real_corpus import CORPUS, content_folder

REPO = Path(__file__).resolve().parent.parent
FACTOR, SLACK = 1.2, 10
"""A redline is within bound when it marks at most FACTOR x the least change + SLACK words."""
CEILING = 3
"""No redline should mark more than CEILING x the least change (issue 15)."""
NEUTRAL = "TEMPLATE"
"""What a `{{ … }}` or `{% … %}` becomes in a neutralised copy: one word, the same in every version."""
VOID = {
    "br",
    "img",
    "hr",
    "wbr",
    "col",
    "area",
    "embed",
    "source",
    "track",
    "input",
    "meta",
    "link",
    "base",
    "param",
}
SHOWN_EMPTY = {"img", "hr"}
"""Elements without text that a reader still sees inserted or deleted."""

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_ATX_H1 = re.compile(r"^( {0,3})#(?=[ \t]|$)", re.MULTILINE)
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")


# ---------------------------------------------------------------- reading a redline


@dataclass(frozen=True)
class Segment:
    """A run of visible text of a redline (notes left out) and what it is inside."""

    text: str
    ins: bool
    """Inside some `<ins>` (moved or not): gone when `<ins>` are stripped."""
    dele: bool
    """Inside some `<del>` (moved or not)."""
    plain: bool
    """Inside an `<ins>`/`<del>` that is not a move nor a change of capitals: a marked word."""
    shown: bool
    """Shown as a change at all: inside `<ins>`, `<del>` or a formatting mark (`.rl-format`)."""
    change: int
    """The number of the last `#change-N` anchor before it (0: before the first)."""


class _Reader(HTMLParser):
    """Visible text of a redline fragment, as segments; `.rl-note` elements are not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool, bool, bool, bool, bool]] = []
        """Per open element: (note, ins, del, plain, format, formatting note) flags, each inherited."""
        self.segments: list[Segment] = []
        self.change = 0
        self.anchors: list[int] = []
        self.shown_empty: set[int] = set()
        """Changes that insert or delete an element seen without text (an image, a rule), or split or join
        paragraphs."""
        self.notes: dict[int, str] = {}
        """Per change, the text of its formatting notes ("Formatting: was a heading level 3, …")."""

    def _flags(self) -> tuple[bool, bool, bool, bool, bool, bool]:
        return self.stack[-1] if self.stack else (False, False, False, False, False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        anchor = re.fullmatch(r"change-(\d+)", values.get("id") or "")
        if anchor:
            self.change = int(anchor.group(1))
            self.anchors.append(self.change)
        note, ins, dele, plain, fmt, _ = self._flags()
        if "rl-para" in classes:  # a "¶ split" / "¶ joined" mark shows a change of paragraphs
            self.shown_empty.add(self.change)
        if tag in VOID:
            if tag in SHOWN_EMPTY and (ins or dele) and not note:
                self.shown_empty.add(self.change)
            return
        unmarked = (
            "rl-moved" in classes or "rl-case" in classes
        )  # a move, a change of capitals: not words changed
        self.stack.append(
            (
                note or "rl-note" in classes,
                ins or tag == "ins",
                dele or tag == "del",
                plain or (tag in ("ins", "del") and not unmarked),
                fmt or "rl-format" in classes,
                "rl-fmt-note" in classes or self._flags()[5],
            )
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        note, ins, dele, plain, fmt, fmt_note = self._flags()
        if fmt_note:
            self.notes[self.change] = self.notes.get(self.change, "") + data
        if not note and data:
            self.segments.append(Segment(data, ins, dele, plain, ins or dele or fmt, self.change))


@dataclass(frozen=True)
class Reading:
    """What a redline fragment shows."""

    segments: tuple[Segment, ...]
    anchors: tuple[int, ...]
    """The numbers of its `#change-N` anchors, in page order."""
    shown_empty: frozenset[int]
    notes: dict[int, str]
    """Per change, the text of its formatting notes."""


def read(html: str) -> Reading:
    """The visible text of a redline fragment (or any HTML), in segments."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Reading(tuple(reader.segments), tuple(reader.anchors), frozenset(reader.shown_empty), reader.notes)


def words(html: str) -> list[str]:
    """The words a reader sees in `html` (notes left out), split at white space."""
    return "".join(s.text for s in read(html).segments).split()


# ---------------------------------------------------------------- the three measures


def oracle(reading: Reading, old: Sequence[str], new: Sequence[str]) -> str | None:
    """Why stripping `<ins>` does not give `old`, or stripping `<del>` `new`; None when both hold."""
    for side, strip, want in (("older", "ins", old), ("newer", "del", new)):
        got = "".join(s.text for s in reading.segments if not (s.ins if strip == "ins" else s.dele)).split()
        if got != list(want):
            at = next(
                (k for k, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
                min(len(got), len(want)),
            )
            shown = " ".join(got[max(0, at - 5) : at + 6])
            wanted = " ".join(want[max(0, at - 5) : at + 6])
            return f"without <{strip}>, word {at} is not the {side} text's: “{shown}”, not “{wanted}”"
    return None


def marked_words(reading: Reading) -> int:
    """Words inside a plain `<ins>`/`<del>`; a word split by marks counts once per marked part."""
    count = 0
    joined = False  # does the last segment end inside a word?
    last: tuple[bool, bool, bool] = (False, False, False)
    for segment in reading.segments:
        text = segment.text
        key = (segment.plain, segment.ins, segment.dele)
        if segment.plain:
            # A segment that carries on the previous word with the same mark adds no new word.
            count += len(text.split()) - (1 if joined and key == last and not text[0].isspace() else 0)
        joined, last = not text[-1].isspace(), key
    return count


def least_change(old: Sequence[str], new: Sequence[str]) -> int:
    """Words of `old` and of `new` outside their longest common subsequence."""
    return sum(count for op, count in diff_sequences(old, new) if op != "=")


def marked_changes(reading: Reading) -> set[int]:
    """The numbered changes with text in `<ins>`, `<del>` or a formatting mark in their part of the page."""
    return {s.change for s in reading.segments if s.shown and not s.text.isspace()} | reading.shown_empty


def empty_changes(reading: Reading) -> list[int]:
    """The numbered changes whose stretch of the page shows nothing: no text inserted, deleted or
    reformatted, no image or rule inserted or deleted, no formatting note (such as a heading's new level)."""
    marked = marked_changes(reading)
    return [n for n in reading.anchors if n not in marked and not reading.notes.get(n, "").strip()]


def within(marked: int, least: int) -> bool:
    """Is a redline that marks `marked` words for a least change of `least` within bound?"""
    return marked <= FACTOR * least + SLACK


def ratio(marked: int, least: int) -> float:
    """Marked words per word of the least change (a least change of 0 counts as 1)."""
    return marked / max(least, 1)


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Record:
    """The measures of one redline."""

    slug: str
    old: date
    new: date
    failure: str | None
    marked: int
    least: int
    empty: tuple[int, ...]
    changes: int
    neutralised: bool
    noted: tuple[str, ...] = ()
    """The formatting notes of the changes that show nothing else (no text inserted, deleted, reformatted)."""

    @property
    def name(self) -> str:
        """policy old...new, as the redline's address says it."""
        return f"{self.slug} {self.old.isoformat()}...{self.new.isoformat()}"


def neutral_body(body: str) -> str:
    """`body` with every `{{ … }}`/`{% … %}` a neutral word and every level-1 heading level 2."""
    body = _TEMPLATE.sub(NEUTRAL, body)
    body = _ATX_H1.sub(r"\1##", body)
    lines = body.split("\n")
    for k in range(1, len(lines)):
        if _SETEXT_H1.match(lines[k]) and lines[k - 1].strip():
            lines[k] = "---"
    return "\n".join(lines)


def parse_policy(
    versions: Sequence[Version], settings: Settings, neutral: bool
) -> tuple[dict[date, Document], set[date]]:
    """Each version parsed as the build parses it; a version that fails is neutralised (or left out)."""
    try:
        docs, _ = parse_versions(list(versions), settings, jobs=1)
        return {effective: doc for (_, effective), doc in docs.items()}, set()
    except PpgenError:
        pass
    parsed: dict[date, Document] = {}
    failed: set[date] = set()
    for version in versions:
        try:
            docs, _ = parse_versions([version], settings, jobs=1)
        except PpgenError:
            failed.add(version.effective)
            if not neutral:
                continue
            args = (
                version,
                neutral_body(texts.body(version)),
                settings.raw_html,
                settings.template_syntax,
                {},
            )
            neutralised = cached.safe_parse(args)
            if isinstance(neutralised, PpgenError):
                continue
            docs = {(version.policy, version.effective): neutralised}
        parsed[version.effective] = next(iter(docs.values()))
    return parsed, failed


@dataclass(frozen=True)
class Measures:
    """The measures of one redline, before it is named."""

    failure: str | None
    """Why the oracle does not hold, or None."""
    marked: int
    least: int
    empty: tuple[int, ...]
    """The numbers of the changes that show nothing."""
    noted: tuple[str, ...]
    """The formatting notes of the changes that show nothing but that note."""


@functools.cache
def theme_words() -> dict[str, str]:
    """The default theme's redline words, as the page is written with them."""
    words: dict[str, str] = Theme(None, "en").env.get_template("redline_words.html").module.redline_words  # type: ignore[attr-defined]
    return words


def measure(old: Document, new: Document, inline_html: str, changes: int) -> Measures:
    """The measures of the redline `inline_html` (the body of `#redline`) from `old` to `new`."""
    reading = read(inline_html)
    old_words, new_words = words(old.html), words(new.html)
    assert len(reading.anchors) == changes, "the page's change anchors are not the redline's changes"
    marked = marked_changes(reading)
    notes = reading.notes
    label = theme_words()["formatting"]  # the note's own label ("Formatting:"), left out
    noted = tuple(
        " ".join(notes[n].split()).removeprefix(label).strip()
        for n in reading.anchors
        if n not in marked and n in notes
    )
    failure = oracle(reading, old_words, new_words)
    least = least_change(old_words, new_words)
    return Measures(failure, marked_words(reading), least, tuple(empty_changes(reading)), noted)


Task = tuple[Policy, tuple[tuple[date, date], ...], Settings, bool]
"""A policy, its pre-rendered pairs (older, newer), the settings, whether to neutralise what fails."""


def measure_policy(task: Task) -> tuple[list[Record], int, int, int]:
    """The records of every pre-rendered redline of one policy, and how many of its versions failed to
    parse, how many were left out, and how many redlines with them."""
    policy, planned, settings, neutral = task
    docs, failed = parse_policy(policy.versions, settings, neutral)
    by_day = {v.effective: v for v in policy.versions}
    pairs = [(by_day[a], by_day[b]) for a, b in planned]
    kept = [(a, b) for a, b in pairs if a.effective in docs and b.effective in docs]
    redlines = compare_groups([[(docs[a.effective], docs[b.effective]) for a, b in kept]], jobs=1)[
        0
    ]  # one policy: one cache, as a build
    records = []
    for (a, b), redline in zip(kept, redlines, strict=True):
        whole = with_folded_text(
            redline.inline(theme_words()), redline.folds, docs[b.effective]
        )  # folded text is on the newer version's page
        m = measure(docs[a.effective], docs[b.effective], whole, redline.changes)
        neutralised = a.effective in failed or b.effective in failed
        records.append(
            Record(
                policy.slug,
                a.effective,
                b.effective,
                m.failure,
                m.marked,
                m.least,
                m.empty,
                redline.changes,
                neutralised,
                m.noted,
            )
        )
    left_out = len(policy.versions) - len(docs)
    return records, len(failed), left_out, len(pairs) - len(kept)


def settings_for(content: Path, scratch: Path, extra: Iterable[str]) -> Settings:
    """ppgen's settings for the corpus, from a ppgen.toml written in `scratch`."""
    lines = [f"content = {str(content)!r}".replace("'", '"')]
    keys = {line.split("=", 1)[0].strip() for line in extra}
    if "template_syntax" in {f.name for f in dataclasses.fields(Settings)} and "template_syntax" not in keys:
        lines.append('template_syntax = "text"')
    lines += [f"{key.strip()} = {value.strip()}" for key, value in (line.split("=", 1) for line in extra)]
    config = scratch / "ppgen.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_settings(config)


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))] if ordered else 0.0


def report(records: list[Record], worst: int) -> list[str]:
    """The printed report of a list of records: details, then the three headline figures."""
    out: list[str] = []
    failures = [r for r in records if r.failure]
    out.append(f"\n1. Oracle: {len(records) - len(failures)} hold, {len(failures)} fail")
    out += [f"   {r.name}: {r.failure}" for r in failures[:5]]
    ratios = [ratio(r.marked, r.least) for r in records]
    inside = sum(within(r.marked, r.least) for r in records)
    above = sum(value > CEILING for value in ratios)
    out.append(
        f"\n2. Minimality: {inside} of {len(records)} within {FACTOR}x least + {SLACK}; {above} above {CEILING}x"
    )
    out.append(
        f"   marked/least: median {percentile(ratios, 0.5):.2f}, 90th {percentile(ratios, 0.9):.2f}, "
        f"99th {percentile(ratios, 0.99):.2f}, max {max(ratios, default=0):.1f}"
    )
    out.append(f"   worst {worst} (marked/least, marked words, least change):")
    for r in sorted(records, key=lambda r: (-ratio(r.marked, r.least), r.name))[:worst]:
        flag = "  (neutralised)" if r.neutralised else ""
        out.append(f"   {ratio(r.marked, r.least):7.1f}x {r.marked:6} {r.least:6}  {r.name}{flag}")
    empty = sum(len(r.empty) for r in records)
    changes = sum(r.changes for r in records)
    with_empty = [r for r in records if r.empty]
    out.append(f"\n3. Empty changes: {empty} of {changes} numbered changes, in {len(with_empty)} redlines")
    out += [f"   {r.name}: changes {', '.join(map(str, r.empty[:8]))}" for r in with_empty[:5]]
    kinds = Counter(re.sub(r"“[^”]*”", "“…”", note)[:90] for r in records for note in r.noted)
    out.append(f"   not empty: {sum(kinds.values())} changes shown only by a formatting note, most often:")
    out += [f"   {count:6} {note}" for note, count in kinds.most_common(6)]
    top = max(records, key=lambda r: (ratio(r.marked, r.least), r.name), default=None)
    share = 100 * inside / len(records) if records else 0.0
    out.append("")
    out.append(f"oracle: {len(records) - len(failures)}/{len(records)} redlines hold")
    out.append(
        f"minimal: {share:.1f}% of redlines within {FACTOR}x+{SLACK} (worst "
        f"{ratio(top.marked, top.least) if top else 0:.1f}x: {top.name if top else '-'})"
    )
    out.append(f"empty changes: {empty} of {changes}")
    return out


def save(
    records: list[Record], policies: dict[str, Policy], settings: Settings, folder: Path, count: int
) -> None:
    """The inline redline of the `count` worst redlines, each as a page styled by the default theme."""
    folder.mkdir(parents=True, exist_ok=True)
    css = "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "theme" / "static").glob("*.css")))
    for r in sorted(records, key=lambda r: (-ratio(r.marked, r.least), r.name))[:count]:
        versions = {v.effective: v for v in policies[r.slug].versions}
        docs, _ = parse_policy([versions[r.old], versions[r.new]], settings, neutral=True)
        redline = compare_pairs([(docs[r.old], docs[r.new])], jobs=1)[0]
        page = (
            f"<!doctype html><meta charset=utf-8><title>{r.name}</title><style>{css}</style>"
            f"<h1>{r.name}: {r.marked} marked, least {r.least}</h1>"
            f'<div id="redline" class="policy-text redline">{redline.inline(theme_words())}</div>'
        )
        (folder / f"{r.slug}_{r.old}...{r.new}.html").write_text(page, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every pre-rendered redline of a corpus and print the three figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a .tar.xz or a folder of policies")
    parser.add_argument(
        "--pairs",
        default="adjacent,to-current",
        help="diff_pairs kinds: adjacent, to-current, all (comma-separated)",
    )
    parser.add_argument(
        "--unparsable",
        choices=("neutral", "skip"),
        default="neutral",
        help="versions ppgen cannot parse: parse a neutralised copy, or leave them out",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="KEY=TOML",
        help='a ppgen.toml line, e.g. raw_html="strip"',
    )
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst redlines to list")
    parser.add_argument("--save", type=Path, help="write the worst redlines' inline HTML into this folder")
    parser.add_argument("--jobs", type=int, default=usable_cores(), help="processes (default: all cores)")
    args = parser.parse_args(argv)
    kinds = tuple(k.strip() for k in args.pairs.split(",") if k.strip())
    if not kinds or set(kinds) - {"adjacent", "to-current", "all"}:
        parser.error("--pairs takes adjacent, to-current and all, comma-separated")
    if not args.corpus.exists():
        parser.error(f"{args.corpus}: no such corpus")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ppgen-redline-real-") as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "corpus").mkdir()
        settings = settings_for(content_folder(args.corpus, scratch / "corpus"), scratch, args.setting)
        site = load(settings, build_today(settings.zone)).site
        neutral = args.unparsable == "neutral"
        longest_first = sorted(site.policies, key=lambda p: -len(p.versions))
        site_plan = SitePlan.make(site, diff_kinds=kinds)
        tasks = [
            (p, tuple((old, new) for _, old, new in site_plan.pairs_of(p.slug)), settings, neutral)
            for p in longest_first
        ]
        records: list[Record] = []
        failed = left_out = pairs_left_out = 0
        with ProcessPoolExecutor(max(1, args.jobs)) as pool:
            for found, fails, outs, pairs_out in pool.map(measure_policy, tasks):
                records += found
                failed, left_out, pairs_left_out = failed + fails, left_out + outs, pairs_left_out + pairs_out
        records.sort(key=lambda r: (r.slug, r.old, r.new))
        versions = sum(len(p.versions) for p in site.policies)
        print(
            f"corpus {args.corpus}: {len(site.policies)} policies, {versions} versions, "
            f"today {site.today}, pairs {','.join(kinds)}"
        )
        print(
            f"versions ppgen cannot parse as they are: {failed}; "
            + (f"parsed from a neutralised copy: {failed - left_out}; " if neutral else "")
            + f"left out: {left_out} (and {pairs_left_out} redlines with them)"
        )
        neutralised = sum(r.neutralised for r in records)
        print(f"redlines measured: {len(records)}, of them with a neutralised version: {neutralised}")
        print("\n".join(report(records, args.worst)))
        if args.save:
            save(records, {p.slug: p for p in site.policies}, settings, args.save, args.worst)
    print(f"time: {time.perf_counter() - started:.1f} s ({args.jobs} processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
