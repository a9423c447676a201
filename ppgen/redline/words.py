"""Words of one block: tokens keep the inline formatting around them, and the pieces of a word diff
(`redline.worddiff`) are made of them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape, unescape
from typing import Literal

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")
CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
"""Chinese characters, hiragana and katakana: scripts written without spaces between words, where each
character is a word to the redline (a changed phrase is marked character by character, as a Japanese
or Chinese redline is read; word processors count them so)."""
_WORD = rf"[{CJK}]|[^\W{CJK}]+(?:['’.\-][^\W{CJK}]+)*"
_TOKEN = re.compile(rf"{_WORD}|\s+|[^\w\s]")
WORD = re.compile(_WORD)
"""A word: letters and digits, or several joined by an apostrophe, a full stop or a hyphen; or one
character of a script without spaces (`CJK`)."""
_HAS_CJK = re.compile(f"[{CJK}]")
_UNSPACED = re.compile(f"[{CJK}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]")
"""A character of a script without spaces, or its punctuation (`、`, `。`, `「」`, full-width `（）`)."""
_SPLIT_CJK = re.compile(rf"[{CJK}]|[^\s{CJK}]+")
_SPACES = re.compile(r"\s\s+|[^\S ]")
"""White space that is not a single plain space."""
_ID = re.compile(r"(\sid=\")([^\"]*)(\")")
_CLASS = re.compile(r"(\sclass=\")([^\"]*)(\")")
_VOID = frozenset(
    {
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
)
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "colgroup",
    }
)
_SEP = "\x00"
"""Separates a block-level tag from its occurrence number in a format entry (never in HTML)."""
PARA = "\x01"
"""The key of a paragraph boundary token, when the blocks of a stretch are compared as running text (never in HTML)."""
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "may",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "such",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
    ]
)
"""Words so common that keeping them alone does not make a rewritten sentence an edit of the old one."""


_IMAGE_ATTRIBUTE = re.compile(r'\s(src|alt)="([^"]*)"')


def image_text(tag: str) -> str:
    """An `<img>` token as Markdown writes it (`![alt](src)`): in an excerpt or `ppgen diff`, an image changed
    is then seen, not a blank."""
    found = dict(_IMAGE_ATTRIBUTE.findall(tag))
    return f"![{unescape(found.get('alt', ''))}]({unescape(found.get('src', ''))})"


_TYPOGRAPHY = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "\u2011": "-",  # a non-breaking hyphen
        "\u00a0": " ",
        "\u00ad": "",  # a soft hyphen, which shows only where a line breaks
        "…": "...",
    }
)
"""Typographic forms and their plain ones: a word that changed only these ("GitHub’s" → "GitHub's", from
Word's smart quotes or a converter's) changed its punctuation, not its wording."""


def plain_forms(text: str) -> str:
    """`text` in plain forms: typographic quotes, dashes… (`_TYPOGRAPHY`), and full-width or compatibility forms
    (NFKC: `１２` → `12`, `（` → `(`, a ligature `ﬁ` → `fi`), which a Japanese editor or a PDF converter writes."""
    return unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY))


def retyped(was: str, now: str) -> bool:
    """Do two runs of text differ only in the forms of their quotes, dashes and widths (`plain_forms`), in white
    space, or in a space put back beside punctuation (`unavailable.Without` → `unavailable. Without`)? Not in
    two words joined or parted: "any one" → "anyone", "every day" → "everyday" change what a clause says."""
    older, newer = plain_forms(was).split(), plain_forms(now).split()
    if older == newer:
        return True
    if "".join(older) != "".join(newer):
        return False
    k = 0
    for word in older:  # each older word is newer words put together, parted only beside punctuation
        if k >= len(newer):
            return False
        built = newer[k]
        k += 1
        while len(built) < len(word):
            if k >= len(newer) or not (_punctuation(built[-1]) or _punctuation(newer[k][0])):
                return False
            built += newer[k]
            k += 1
        if built != word:
            return False
    return k == len(newer)


def _punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def is_tag(key: str) -> bool:
    """Is a token's key an empty element's tag (`<br>`, `<img …>`), not the text `<` (written `&lt;`)?"""
    return key[:1] == "<" and len(key) > 1


class Tokens:
    """Words, runs of spaces, punctuation marks and empty elements (`<br>`, `<img>`) of a block, with their
    formatting."""

    __slots__ = ("formats", "htmls", "keys")

    def __init__(self, keys: list[str], htmls: list[str], formats: list[tuple[str, ...]]) -> None:
        self.keys = keys
        """What the diff compares: the text (unescaped) or, for an empty element, its tag."""
        self.htmls = htmls
        """How each is written in HTML."""
        self.formats = formats
        """The opening tags around each, outermost first (block-level tags carry `\\x00n`)."""

    def __len__(self) -> int:
        return len(self.keys)

    def slice(self, start: int, stop: int) -> Tokens:
        """The tokens from `start` to `stop`."""
        return Tokens(self.keys[start:stop], self.htmls[start:stop], self.formats[start:stop])

    def words(self) -> int:
        """How many words (not spaces, punctuation or empty elements) there are."""
        joined = "\x00".join(self.keys)
        return len(WORD.findall(_TAG.sub("\x00", joined) if "<" in joined else joined))

    def text(self) -> str:
        """The plain text."""
        return "".join([key for key in self.keys if not is_tag(key)])


PieceOp = Literal["=", "-", "+", "~", "¶"]
"""What a piece of a word diff is (see `Piece`)."""


@dataclass(frozen=True, eq=False)
class Piece:
    """A run of tokens with one fate: `=` in both, `-` only older, `+` only newer, `~` same words,
    their formatting or their capitals changed (`recased`), `¶` a paragraph boundary only one version has
    (a "¶ split" or "¶ joined" mark, `redline.paramarks.mark`; its tokens are the mark, no text).

    Made by `redline.runs.word_diff` (one block against another) and `redline.stretch.stretch` (a stretch
    of blocks compared as running text).

    Compared and hashed as itself, like its Tokens: a block pair's pieces are made once and kept
    (see `redline.runs.word_diff`), and their rendering is kept by them (`changed_inner`)."""

    op: PieceOp
    tokens: Tokens
    """The tokens as written (for `=` and `~`, the newer version's)."""
    was: Tokens | None = None
    """For `~`: the same words as the older version formatted and spelt them."""

    @property
    def recased(self) -> bool:
        """Is this a `~` piece whose words differ only by letter case (`UNDER NO` → `Under no`)? Its two
        spellings are both policy text: a page shows each, the older struck, and says the capitals changed."""
        return self.was is not None and self.was.keys != self.tokens.keys


def edits(pieces: Sequence[Piece]) -> Iterator[tuple[int, int, str, str]]:
    """Each run of struck and inserted pieces of a word diff, in order: (its first piece, its last + 1, the
    text it strikes, the text it inserts)."""
    k = 0
    while k < len(pieces):
        if pieces[k].op not in ("+", "-"):
            k += 1
            continue
        stop = k
        while stop < len(pieces) and pieces[stop].op in ("+", "-"):
            stop += 1
        run = pieces[k:stop]
        yield (
            k,
            stop,
            "".join(piece.tokens.text() for piece in run if piece.op == "-"),
            "".join(piece.tokens.text() for piece in run if piece.op == "+"),
        )
        k = stop


def safe_tag(tag: str) -> str:
    """A policy's own tag made safe inside a redline: its `<ins>`/`<del>` become `<u>`/`<s>`, its `rl-`
    classes renamed."""
    name = tag_name(tag)
    if name in ("del", "ins"):
        slash = "/" if tag[1] == "/" else ""
        tag = f"<{slash}{'s' if name == 'del' else 'u'}{tag[len(slash) + 4 :]}"
    if "rl-" in tag:
        tag = _CLASS.sub(lambda m: m.group(1) + m.group(2).replace("rl-", "rl_") + m.group(3), tag)
    return tag


def needs_care(html: str) -> bool:
    """True when a policy's HTML holds tags that `safe_tag` would change."""
    return "<del" in html or "<ins" in html or "<DEL" in html or "<INS" in html or "rl-" in html


def retag_ids(tag: str, mode: str) -> str:
    """A tag with its id kept (`keep`), prefixed with `rl-old-` (`old`) or removed (`strip`)."""
    if mode == "keep" or ' id="' not in tag:
        return tag
    if mode == "old":
        return _ID.sub(lambda m: f"{m.group(1)}rl-old-{m.group(2)}{m.group(3)}", tag)
    return _ID.sub("", tag)


def tag_name(entry: str) -> str:
    """The element name of an opening tag or format entry."""
    match = _TAG.match(entry)
    return match.group(2).lower() if match else ""


def tokenize(html: str) -> Tokens:
    """The tokens of a block's inner HTML."""
    tokens = Tokens([], [], [])
    stack: list[str] = []
    format: tuple[str, ...] = ()
    counter = 0
    position = 0
    for match in _TAG.finditer(html):
        if match.start() > position:
            _text(html[position : match.start()], format, tokens)
        position = match.end()
        tag = match.group(0)
        name = match.group(2).lower()
        if match.group(1):
            for depth in range(len(stack) - 1, -1, -1):
                if tag_name(stack[depth]) == name:
                    del stack[depth:]
                    break
        elif name in _VOID or tag.endswith("/>"):
            tokens.keys.append(tag)
            tokens.htmls.append(tag)
            tokens.formats.append(format)
            continue
        else:
            if name in _BLOCK_TAGS:
                tag = f"{tag}{_SEP}{counter}"
                counter += 1
            stack.append(tag)
        format = tuple(stack)
    if position < len(html):
        _text(html[position:], format, tokens)
    return tokens


def _text(html: str, format: tuple[str, ...], tokens: Tokens) -> None:
    text = unescape(html) if "&" in html else html
    words = _TOKEN.findall(text)
    tokens.htmls += [escape(word, quote=False) for word in words] if text is not html else words
    if not ("  " in text or "\n" in text or "\t" in text or not text.isascii()) or any(
        entry.startswith("<pre") for entry in format
    ):
        tokens.keys += words  # preformatted: white space is what a reader sees
    else:  # a run of white space reads as one space, whatever it is made of (as many tokens: one per run)
        tokens.keys += _TOKEN.findall(_SPACES.sub(" ", text))
    tokens.formats += [format] * len(words)


def words_of(html: str) -> list[str]:
    """The words of a block's inner HTML (the word tokens `tokenize` would find)."""
    return WORD.findall(unescape(_TAG.sub("\x00", html)))


def unspaced(key: str) -> bool:
    """Is the token a character of a script without spaces, or its punctuation? A paragraph is split and joined
    there without white space (`。` then the next sentence), and no word is cut."""
    return _UNSPACED.match(key) is not None


def split_words(text: str) -> list[str]:
    """The words of a plain text, as `str.split` finds them, each character of a script without spaces
    (`CJK`) a word of its own: what a fold, a move and a comparison of blocks count."""
    return _SPLIT_CJK.findall(text) if _HAS_CJK.search(text) else text.split()


def telling(text: str) -> frozenset[str]:
    """The words of a plain text that tell it from another, lowercased (`tells`: "2. Confidentiality" and "I.
    GitHub Marketplace" share none)."""
    return frozenset(word for word in WORD.findall(text.lower()) if tells(word))


_COMMON = """
    us if can shall must these those they them which who was were been but so than also into under
    section sections article articles clause clauses part chapter schedule annex appendix exhibit
    abschnitt artikel kapitel ziffer anhang chapitre partie annexe
    sección seccion artículo articulo capítulo capitulo cláusula clausula anexo 第 条 章 節 項
    der die das den dem des ein eine einer eines einem einen und oder im zu zum zur von vom mit für auf am
    als auch bei aus nach wir uns unser unsere ihr ihre sie es ist sind wird werden kann nicht kein keine
    diese dieser dieses wenn dass
    le la les un une du de et ou en au aux à pour par sur dans avec nous notre nos vous votre vos il elle
    ils est sont peut pas ne ce cette ces qui que se sa son ses leur leurs
    el los las unos unas y al del para con sin nuestro nuestra nuestros nuestras usted su sus son será
    puede lo le este esta estos estas
"""
UNTELLING = STOP | frozenset(_COMMON.split())
"""Words that do not tell one text from another (`tells`): the stop words, more English words as common,
a section's label (it says which section, not what it is about: "Section 19. Support"), and the
commonest words of German, French and Spanish, the theme's other languages written with spaces."""
_ROMAN_NUMBER = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")
"""A Roman number up to 39 (`iv`, `xii`), lowercased: a section's label too."""


def tells(word: str) -> bool:
    """Is the lowercased word one that tells a text from another: not a stop word (`UNTELLING`), a number, a
    single Latin letter, a Roman number or a single hiragana (a Japanese particle)? A Chinese character is."""
    if len(word) == 1:
        return (
            not word.isascii()
            and word.isalpha()
            and not "\u3040" <= word <= "\u309f"
            and word not in UNTELLING
        )
    return (
        any(char.isalpha() for char in word) and word not in UNTELLING and not _ROMAN_NUMBER.fullmatch(word)
    )


def count_words(html: str) -> int:
    """How many words the inner HTML of a block holds (as `Tokens.words` would count them)."""
    return len(WORD.findall(unescape(_TAG.sub("\x00", html))))


def visible(format: tuple[str, ...]) -> tuple[str, ...]:
    """A format without occurrence numbers, as a reader sees it."""
    return tuple(entry.split(_SEP, 1)[0] for entry in format)


def structure(format: tuple[str, ...]) -> tuple[str, ...]:
    """The block-level elements of a format (`ul`, `li`, `p`…), by name: what parts the text into blocks."""
    return tuple(tag_name(entry) for entry in format if _SEP in entry)


def appearance(format: tuple[str, ...]) -> tuple[str, ...]:
    """A format as a reader sees it: no occurrence numbers, no ids."""
    return tuple(_ID.sub("", entry) for entry in visible(format))
