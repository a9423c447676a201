"""PDFs of a policy's version and redline pages (`pdf = true`), made with WeasyPrint from the pages themselves.

The PDF is the page as printed: WeasyPrint reads the page's own HTML with the theme's print rules
(`@media print` in style.css) and the theme's `pdf.css` (paper size, fonts). It reads nothing but the
theme's static files, from memory: no network, no file outside the build. The one word CSS would draw, the
page footer ("Page 2 of 7"), comes from the theme's catalogs in the PDF's language (`footer_css`).

Each PDF is tagged (PDF/UA-1): screen readers get its structure and language.

Same input, same bytes: the metadata dates come from the version (never the clock), the file
identifier is a hash of the page, and the fonts are the ones `pdf.css` names (DejaVu, a Debian
package; `scripts/test` installs it).

WeasyPrint is imported here only, and only when a site asks for PDFs: builds without `pdf = true`
never load it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.model import Policy
from ppgen.site.pages import RedlinePdf, Urls, VersionPdf
from ppgen.source.config import CONFIG_NAME, Settings, setting_line

PDF_CSS = "pdf.css"
"""The theme's static file with the rules only PDFs use."""
WORDS = "pdf.txt"
"""The theme template whose macro holds the PDFs' words (their page footer)."""

_NO_BASE = "https://ppgen.invalid/"
"""Where pages are taken to live when the site has no `base_url` (links in the PDF then lead nowhere)."""

_INSTALL_HINT = (
    "install it with pip install 'ppgen-policies[pdf]' (and Debian's libpango-1.0-0), or set pdf = false"
)


@dataclass(frozen=True)
class Printed:
    """One PDF to make: a rendered page and what the PDF says about itself."""

    page: str
    """The output file of the HTML page (e.g. `privacy/2025-10-15/index.html`)."""
    address: str
    """The site address of that page."""
    target: str
    """The output file of the PDF (e.g. `privacy/2025-10-15.pdf`)."""
    created: date
    """The PDF's creation date (the version's effective date)."""
    modified: date
    """The PDF's modification date (the version's "Last updated")."""
    source: str
    """The file to name when the PDF cannot be made."""
    language: str = "en"
    """The language of the page (its footer's words)."""


FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
)
"""Where fontconfig (through WeasyPrint and pango) finds fonts by default, on Linux and macOS."""


def fonts_tag() -> str:
    """Every font file a PDF could take its glyphs from (path, size, modification time), as a SHA-256: the
    build cache's key of a policy's pages holds it when the site makes PDFs, so that a font that changes
    (a new runner image, a font package upgraded) makes the cached PDFs stale, never wrong."""
    digest = hashlib.sha256()
    for folder in FONT_FOLDERS:
        for top, dirs, names in os.walk(os.path.expanduser(folder)):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(top, name)
                try:
                    found = os.stat(path)
                except OSError:  # a dangling link: no font
                    continue
                digest.update(f"{path}\0{found.st_size}\0{found.st_mtime_ns}\n".encode())
    return digest.hexdigest()


PAGE = "\ue000"
"""Where the page's number goes in the theme's footer words (a private-use character no catalog holds)."""
PAGES = "\ue001"
"""Where the number of pages goes in them."""


def _css_string(text: str) -> str:
    """`text` as a CSS string: quotes, backslashes and line breaks escaped, so words are only words."""
    return (
        '"'
        + "".join(
            f"\\{ord(char):x} " if char in '"\\\n\r\f' or not char.isprintable() else char for char in text
        )
        + '"'
    )


def footer_css(words: str) -> str:
    """The PDF's page footer from the theme's words for it in the PDF's language (`Seite PAGE von PAGES`: the
    numbers where `PAGE` and `PAGES` are), as an `@page` rule that overrides `pdf.css`'s words, not its look."""
    parts = re.split(f"({PAGE}|{PAGES})", words)
    counters = {PAGE: "counter(page)", PAGES: "counter(pages)"}
    content = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    return f"@page {{ @bottom-center {{ content: {content or 'none'}; }} }}\n"


def printed(spec: VersionPdf | RedlinePdf, policy: Policy, urls: Urls, language: str = "en") -> Printed:
    """What to print for a planned PDF (its page kind, `pages.KINDS`) in `language`: a version's page, or a
    redline's (dated by its newer version)."""
    if isinstance(spec, VersionPdf):
        address, target, day = (
            urls.version(spec.slug, spec.effective),
            urls.pdf(spec.slug, spec.effective),
            spec.effective,
        )
    else:
        address, target, day = (
            urls.diff(spec.slug, spec.old, spec.new),
            urls.diff_pdf(spec.slug, spec.old, spec.new),
            spec.new,
        )
    version = next(v for v in policy.versions if v.effective == day)
    modified = max(version.effective, version.last_updated)
    return Printed(urls.file(address), address, target, version.effective, modified, version.path, language)


def unloadable(settings: Settings) -> list[Problem]:
    """With `pdf = true`, the problem of a WeasyPrint that cannot be loaded (code `pdf`), found before
    anything is rendered: `ppgen check` reports it as `build` would fail on it."""
    if not settings.pdf:
        return []
    try:
        _weasyprint(settings)
    except PpgenError as err:
        return list(err.problems)
    return []


def _weasyprint(settings: Settings) -> Any:
    """The WeasyPrint module, or a PpgenError (at the settings' `pdf = true`) saying how to install it."""
    try:
        import weasyprint  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except (ImportError, OSError) as err:  # OSError: the module is there, its system library (pango) is not
        raise PpgenError(
            Problem(
                f"pdf = true needs WeasyPrint, which cannot be loaded: {err}",
                display_path(settings.config_path or CONFIG_NAME),
                setting_line(settings, "pdf"),
                _INSTALL_HINT,
                code="pdf",
            )
        ) from None
    # WeasyPrint logs every CSS rule it does not know (the screen rules it never uses) and every file it is not
    # given (`_fetcher`): keep the build's output ppgen's own.
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    return weasyprint


def _fetcher(
    weasyprint: Any, root: str, urls: Urls, static: Mapping[str, bytes], assets: Mapping[str, str]
) -> Any:
    """WeasyPrint's URL fetcher: the theme's static files from memory, nothing else (no network). Anything
    else (an image from elsewhere) is refused, and WeasyPrint leaves it out."""
    files = {root + urls.static(assets[name]): data for name, data in static.items()}

    class ThemeOnly(weasyprint.urls.URLFetcher):  # type: ignore[misc]  # (WeasyPrint has no types)
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in files:
                raise ValueError(f"{url} is not a file of the theme (PDFs fetch nothing else)")
            kind = {"css": "text/css; charset=utf-8", "svg": "image/svg+xml"}.get(
                url.rpartition(".")[2], "application/octet-stream"
            )
            return weasyprint.urls.URLFetcherResponse(url, body=files[url], headers={"Content-Type": kind})

    return ThemeOnly()


def make(
    todo: Iterable[Printed],
    pages: Mapping[str, bytes],
    urls: Urls,
    settings: Settings,
    static: Mapping[str, bytes],
    assets: Mapping[str, str],
    footers: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Output file → PDF bytes for every planned PDF, from the rendered pages (`pages`: output file → bytes);
    `footers`: each language's words for the page footer (see `footer_css`), else pdf.css's own."""
    todo = list(todo)
    if not todo:
        return {}
    weasyprint = _weasyprint(settings)
    root = settings.base_url or _NO_BASE
    fetch = _fetcher(weasyprint, root, urls, static, assets)
    sheets = (
        [weasyprint.CSS(string=static[PDF_CSS].decode("utf-8"), base_url=root, url_fetcher=fetch)]
        if PDF_CSS in static
        else []
    )
    worded = {
        language: weasyprint.CSS(string=footer_css(words), base_url=root, url_fetcher=fetch)
        for language, words in (footers or {}).items()
    }
    made: dict[str, bytes] = {}
    for printed in todo:
        page = pages[printed.page]
        try:
            document = weasyprint.HTML(
                string=page.decode("utf-8"),
                base_url=root + printed.address,
                url_fetcher=fetch,
                media_type="print",
            )
            footer = [worded[printed.language]] if printed.language in worded else []
            rendered = document.render(stylesheets=sheets + footer)
            rendered.metadata.created = printed.created.isoformat()
            rendered.metadata.modified = printed.modified.isoformat()
            # The file identifier: from the page, so the same page makes the same bytes.
            identifier = hashlib.sha256(page).hexdigest()[:32].encode()
            # PDF/UA-1: a tagged PDF (headings, lists, tables, reading order, the page's language) that screen
            # readers can follow, with the headings as bookmarks.
            made[printed.target] = rendered.write_pdf(pdf_identifier=identifier, pdf_variant="pdf/ua-1")
        except Exception as err:
            message = f"could not make {printed.target} from {printed.page}: {type(err).__name__}: {err}"
            raise PpgenError(
                Problem(
                    message,
                    printed.source,
                    None,
                    "fix the page's HTML or theme, or set pdf = false",
                    code="pdf",
                )
            ) from None
    return made
