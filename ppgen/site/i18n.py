"""The theme's words in a language: message catalogs (.po) read into translations, and the locale rules of a
page's language (its writing direction, its numbers and lists). Pure: the theme reads the files.

Catalogs are compiled in memory when a build reads them, never shipped as .mo files: the .po text is the one
source, a site's own catalog is read the same way, and nothing compiled can go stale beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from io import BytesIO

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations as NullTranslations
from babel.support import Translations

from ppgen.core.errors import PpgenError, Problem

CATALOG_HINT = (
    "fix the catalog (msgfmt --check FILE shows the same), or remove your copy to use the default theme's"
)


def read_catalog(data: bytes, shown: str) -> Catalog:
    """A .po file's messages; a PpgenError at its line when it is not a catalog gettext can read."""
    try:
        return read_po(BytesIO(data), abort_invalid=True, charset="utf-8")
    except PoFileError as err:
        raise PpgenError(
            Problem(f"message catalog error: {err}", shown, err.lineno or None, CATALOG_HINT, code="theme")
        ) from None
    except (UnicodeDecodeError, ValueError) as err:
        raise PpgenError(
            Problem(f"message catalog cannot be read: {err}", shown, None, CATALOG_HINT, code="theme")
        ) from None


def translations(catalogs: Sequence[tuple[bytes, str]]) -> NullTranslations:
    """The translations of one language from its catalogs (bytes, shown name), the first overriding the rest:
    a message the site's catalog lacks comes from the default theme's, and one no catalog has stays English."""
    found: NullTranslations = NullTranslations()
    for data, shown in reversed(catalogs):
        compiled = BytesIO()
        write_mo(compiled, read_catalog(data, shown))
        compiled.seek(0)
        made = Translations(fp=compiled)
        made.add_fallback(found)
        found = made
    return found


@lru_cache(maxsize=256)
def _locale(language: str) -> Locale | None:
    """The locale of a language tag, parsed once (every page asks for its writing direction)."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=256)
def direction(language: str) -> str:
    """`rtl` for a language written right to left (Arabic, Hebrew, Persian…), else `ltr`."""
    locale = _locale(language)
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


@lru_cache(maxsize=1024)
def language_name(language: str, in_language: str | None = None) -> str:
    """A language's name in `in_language`, by default in itself as a language switcher shows it (`de` →
    "Deutsch"; `en` in `de` → "Englisch")."""
    locale, reader = _locale(language), _locale(in_language or language)
    name = locale.get_display_name(reader or locale) if locale is not None else None
    if not name:
        return language
    return name[:1].upper() + name[1:] if in_language is None else name


def number(value: int, locale: str) -> str:
    """A whole number as `locale` writes it (1,234 · 1.234 · ١٬٢٣٤)."""
    return format_decimal(value, locale=locale)


def listed(items: Sequence[str], locale: str) -> str:
    """Items joined as `locale` lists them ("a, b and c", "a, b und c")."""
    return format_list(list(items), locale=locale) if items else ""
