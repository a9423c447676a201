"""Redlines of texts written without spaces between words (Japanese, Chinese): each character is a word to
the redline, so an inserted phrase is marked alone, not the whole clause around it struck and retyped; words
are counted per character there, and a paragraph moved is found as in any other language."""

from __future__ import annotations

import re

from ppgen.redline.words import count_words, split_words
from test_redline import THEME_WORDS, check, doc

_MARKS = re.compile(r"<(ins|del)>(.*?)</\1>")


def _marked(html: str) -> list[tuple[str, str]]:
    """(ins|del, its text without the screen-reader words) of every mark of the merged text, in order."""
    merged = "".join(re.findall(r'<div class="rl-new">(.*?)</div></div>', html, re.S))
    return [
        (tag, re.sub(r"<[^>]+>|inserted: |deleted: ", "", inner)) for tag, inner in _MARKS.findall(merged)
    ]


def test_an_inserted_japanese_phrase_is_marked_alone() -> None:
    old = doc(
        "当社は、お客様の氏名、メールアドレス、電話番号を収集します。情報はサービスの提供のために使用されます。\n"
    )
    new = doc(
        "当社は、お客様の氏名、メールアドレス、住所、電話番号を収集します。情報はサービスの提供と改善のために使用されます。\n"
    )
    redline = check(old, new)
    assert _marked(redline.inline(THEME_WORDS)) == [("ins", "住所、"), ("ins", "と改善")]
    assert (redline.words_added, redline.words_removed) == (5, 0)  # 住 所 と 改 善: the comma is no word


def test_a_changed_chinese_word_is_struck_and_retyped_alone() -> None:
    redline = check(doc("我们收集您的姓名和电话号码。\n"), doc("我们收集您的姓名和邮寄地址。\n"))
    assert _marked(redline.inline(THEME_WORDS)) == [("del", "电话号码"), ("ins", "邮寄地址")]


def test_words_of_scripts_with_and_without_spaces() -> None:
    assert split_words("当社は e-mail, data.") == ["当", "社", "は", "e-mail,", "data."]
    assert split_words("plain  words\nhere") == ["plain", "words", "here"]  # as str.split
    assert count_words("<em>個人</em>情報 and e-mail") == 6


def test_a_moved_and_edited_japanese_paragraph_is_a_move() -> None:
    moved = "個人情報は欧州連合内のサーバーに保存され、保存時に暗号化されます。"
    edited = "個人情報は欧州連合内のサーバーに保存され、保存時と転送時に暗号化されます。"
    other = "当社はお客様の同意なしに第三者へ情報を販売しません。"
    third = "お問い合わせは電子メールでお送りください。"
    redline = check(
        doc(f"## 一\n\n{moved}\n\n## 二\n\n{other}\n\n## 三\n\n{third}\n"),
        doc(f"## 一\n\n{other}\n\n## 二\n\n{third}\n\n## 三\n\n{edited}\n"),
    )
    html = redline.inline(THEME_WORDS)
    assert re.search(
        r'<ins class="rl-moved">.*<ins><span class="rl-note rl-sr">inserted: </span>と転送時</ins>', html
    )
    assert redline.triage.moves_edited == 1 and redline.words_added == 4  # と 転 送 時


def test_a_japanese_paragraph_split_or_joined_without_a_space_is_a_split_not_a_rewrite() -> None:
    """Japanese writes no space after 「。」: a paragraph parted there cuts no word, and is marked "¶ split"
    (or joined) with no word struck, as in English."""
    one, two = (
        "当社は、本人の同意を得ずに個人データを第三者に提供しません。",
        "なお、外国にある第三者に提供する場合は、その国の名称を本人に通知します。",
    )
    whole, parted = doc(f"## 提供\n\n{one}{two}\n"), doc(f"## 提供\n\n{one}\n\n{two}\n")
    for old, new in ((whole, parted), (parted, whole)):
        redline = check(old, new)
        assert (redline.words_added, redline.words_removed) == (0, 0)
        assert [c.kind for c in redline.triage.changes] == ["split"]


def test_japanese_edits_are_separate_changes_as_their_sentences_and_phrases_are() -> None:
    # Two edits of one sentence, ten characters apart (about three words as a reader reads them): one change.
    sentence = "当社は、お客様の氏名とメールアドレスを、サービスの提供のために収集します。\n"
    one = check(doc(sentence), doc(sentence.replace("お客様", "利用者").replace("提供", "運営")))
    assert one.changes == 1
    # Two edits in two sentences, however close: two changes, as in English.
    two_sentences = "当社は氏名を集めます。当社は住所を集めます。\n"
    two = check(doc(two_sentences), doc(two_sentences.replace("氏名を", "名前を").replace("住所", "電話")))
    assert two.changes == 2
    # Far apart in one long sentence (more than eight words' worth of characters): two changes.
    long = (
        "当社は、お客様の氏名、メールアドレス、電話番号、住所、生年月日、性別、職業及び勤務先を収集します。\n"
    )
    far = check(doc(long), doc(long.replace("お客様", "利用者").replace("収集", "取得")))
    assert far.changes == 2
