"""A line that dates the policy by hand (`manual-date`, source/datelines.py), in the forms real policies write
it and in the theme's languages; the policy's own words that merely start alike are not one."""

from __future__ import annotations

import pytest

from ppgen.source.datelines import is_date_line

DATE_LINES = [
    "Last updated: March 1, 2025",
    "*Last Updated On: Dec 1, 2024*",
    "Last update: 2024-12-01",
    "Updated: January 1, 2025",
    "Revised March 3, 2023",
    "Effective: January 1, 2025",
    "Effective date: November 16, 2020",
    "This Privacy Policy was last updated on 4 May 2024.",
    "Stand: 1. Januar 2025",
    "(Stand 17.Juli 2025)",
    "Zuletzt aktualisiert am 1. Januar 2025",
    "Letzte Änderung: 01.02.2024",
    "Dernière mise à jour : 1er janvier 2025",
    "Mis à jour le 3 mars 2024",
    "En vigueur à compter du 1er mai 2025",
    "Última actualización: 1 de enero de 2025",
    "Fecha de entrada en vigor: 25 de mayo de 2018",
    "最終更新日：2025年3月1日",
    "制定日：２０２４年４月１日",
    "最后更新：2025年1月1日",
    "시행일: 2025년 1월 1일",
    "آخر تحديث: ١ يناير ٢٠٢٥",
    "Laatst bijgewerkt: 1 januari 2025",
    "Ultimo aggiornamento: 1 gennaio 2025",
]
WORDING = [
    "Updated policies apply to everyone from the day they are published.",  # no date after "Updated"
    "Stand der Technik ist seit 2020 verpflichtend.",  # "Stand" not before a date
    "Effective communication with users matters to us in 2025.",
    "We last updated our subprocessors list when we added Example Inc.",  # no year
    "Last updated: see the history of this policy",  # no year
    "Effective from 1 May 2025, we no longer sell personal data to third parties, and we have stopped every "
    "kind of sharing for advertising that the earlier version allowed.",  # a clause: too long for a date line
]


@pytest.mark.parametrize("line", DATE_LINES)
def test_a_date_line_is_found_in_every_form_and_language(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", WORDING)
def test_the_policy_s_own_words_are_no_date_line(line: str) -> None:
    assert not is_date_line(line)
