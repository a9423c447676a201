"""A line of the text that dates the policy by hand ("Last updated: March 1, 2025", "Stand: 1. Januar 2025",
"最終更新日：2025年3月1日"): the page shows "Last updated" and the effective date itself, from the front matter
and git, so such a line goes stale at the next edit and the page then shows two dates that disagree.

Pure functions on strings; `ppgen check` reports each such line (`manual-date`). The words are those of the
languages the theme ships (English, German, French, Spanish, Japanese, Arabic), and of a few other languages
policies are written in (Portuguese, Italian, Dutch, Chinese, Korean), whatever the site's language: a
translation, or a text pasted from another site, may be in any of them.
"""

from __future__ import annotations

import re
import unicodedata

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
_LABELS = (
    # English
    r"last[\s-]+(?:updated|modified|revised|changed|amended|reviewed|update|revision)",
    rf"(?:updated|revised|modified|amended)\s*(?:[:：]|on\b|as\s+of\b|(?={_MONTH}|\d))",
    r"effective\s+(?:date|as\s+of|from|on|since)\b",
    r"effective\s*[:：]",
    r"date\s+of\s+(?:last\s+)?(?:update|revision|effect)",
    r"(?:policy|version|revision)\s+date",
    r"(?:this|these|our)\s+(?:[\w-]+\s+){0,3}?(?:policy|notice|statement|agreement|terms|page)\s+"
    r"(?:was|were|has\s+been|have\s+been)\s+(?:last\s+)?(?:updated|modified|revised|changed)",
    # German
    r"stand\s*(?:[:：]|vom\b|(?=\d))",
    r"zuletzt\s+(?:aktualisiert|geändert|überarbeitet)",
    r"letzte\s+(?:aktualisierung|änderung|überarbeitung)",
    r"(?:gültig|in\s+kraft)\s+(?:ab|seit)\b",
    r"datum\s+der\s+(?:letzten\s+)?(?:aktualisierung|änderung)",
    # French
    r"derni[èe]re\s+(?:mise\s+à\s+jour|modification|révision)",
    r"mise?\s+à\s+jour\s*(?:le\b|du\b|[:：])",
    r"en\s+vigueur\s+(?:à\s+compter\s+du|depuis\s+le|depuis|le|au)\b",
    r"date\s+(?:d['’]entrée\s+en\s+vigueur|de\s+(?:la\s+)?(?:dernière\s+)?mise\s+à\s+jour)",
    # Spanish, Portuguese, Italian, Dutch
    r"[úu]ltima\s+(?:actualizaci[óo]n|modificaci[óo]n|revisi[óo]n|atualiza[çc][ãa]o)",
    r"(?:actualizad[oa]|atualizad[oa])\s*(?:el\b|em\b|[:：])",
    r"fecha\s+de\s+(?:la\s+)?(?:última\s+)?(?:actualización|entrada\s+en\s+vigor|vigencia)",
    r"vigente\s+(?:desde|a\s+partir\s+del?)\b",
    r"ultimo\s+aggiornamento|aggiornat[oa]\s+(?:il|al)\b",
    r"laatst\s+(?:bijgewerkt|gewijzigd)",
    # Japanese, Chinese, Korean, Arabic
    r"最終(?:更新|改定|改訂|変更)",
    r"(?:改定|改訂|制定|施行|更新)日",
    r"最后更新|更新日期|生效日期",
    r"(?:시행|개정|최종\s*수정|최종\s*개정|공고)\s*일",
    r"آخر\s+تحديث|تاريخ\s+(?:السريان|آخر\s+تحديث|النفاذ)",
)
_LINE = re.compile(r"^\W*(?:" + "|".join(_LABELS) + ")", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
LONGEST = 120
"""A date line is short: a longer paragraph that starts so is the policy's wording ("Effective from 1 May
2025, we no longer…")."""


def is_date_line(text: str) -> bool:
    """Whether a paragraph's or heading's text dates the policy by hand: short, opening with words such as
    "Last updated", and holding a year (in any digits: `２０２５`, `٢٠٢٥`)."""
    if len(text) > LONGEST or _LINE.match(text) is None:
        return False
    digits = "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)
    return _YEAR.search(digits) is not None
