"""ppgen.source.config: one pass, every error, unknown keys rejected, lines named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppgen.core.errors import PpgenError
from ppgen.source.baseurl import base_url_problem, normalise_base_url
from ppgen.source.config import load_settings, with_overrides


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ppgen.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.root == tmp_path.resolve()
    assert settings.content_dir == tmp_path.resolve() / "content"
    assert settings.output_dir == tmp_path.resolve() / "site"
    assert settings.base_url is None and settings.timezone == "UTC"
    assert settings.diff_pairs == ("adjacent", "to-current")


def test_values_are_read_and_base_url_gets_its_slash(tmp_path: Path) -> None:
    settings = load_settings(
        write(
            tmp_path,
            'title = "Legal"\nbase_url = "https://example.com/legal"\ntimezone = "Europe/Berlin"\ndiff_pairs = "all"\n',
        )
    )
    assert settings.title == "Legal" and settings.publisher == "Legal"
    assert settings.base_url == "https://example.com/legal/"
    assert settings.zone.key == "Europe/Berlin"
    assert settings.diff_pairs == ("all",)


def test_every_error_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'title = "x"\ncolour = "red"\ntimezone = "Mars/Base"\nbase_url = "example.com"\nraw_html = "maybe"\n'
        "notice_days = -1\n",
    )
    with pytest.raises(PpgenError) as err:
        load_settings(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 5
    assert lines[0].endswith(
        "ppgen.toml:2: unknown setting `colour` (known settings: base_url, content, description, diff_pairs, "
        "language, languages, locale, notice_days, output, pdf, pretty_urls, publisher, raw_html, template_syntax, "
        "theme, timezone, title)"
    )
    assert any(":3: unknown time zone `Mars/Base`" in line for line in lines)
    assert any(":4: base_url `example.com` is not an absolute http(s) URL" in line for line in lines)
    assert any(":5: raw_html must be" in line for line in lines)
    assert any(":6: notice_days must be" in line for line in lines)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(PpgenError) as err:
        load_settings(write(tmp_path, 'title = "x"\nbase_url = \n'))
    assert "ppgen.toml:2: invalid TOML" in str(err.value)


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PpgenError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_command_line_overrides(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), base_url="https://x.org/a")
    assert settings.base_url == "https://x.org/a/"
    moved = with_overrides(settings, content=tmp_path / "c", output=tmp_path / "o")
    assert moved.content_dir == (tmp_path / "c").resolve() and moved.output_dir == (tmp_path / "o").resolve()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/legal/",
        "http://127.0.0.1:8000/",
        "https://[::1]:8443/a/",
        "HTTPS://Example.COM:443/a%20b/",
        "https://x.example",
        "https://xn--bcher-kva.de/",
    ],
)
def test_good_base_urls(url: str) -> None:
    assert base_url_problem(url) is None and normalise_base_url(url) == url.rstrip("/") + "/"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://x:99999/", "has an invalid port `99999` (a port is a number from 1 to 65535)"),
        ("https://x:abc/", "has an invalid port `abc`"),
        ("https://x:/", "has an invalid port ``"),
        ("example.com/legal/", "is not an absolute http(s) URL"),
        ("//example.com/", "is not an absolute http(s) URL"),
        ("file:///etc/", "is not an absolute http(s) URL"),
        ("javascript://x/", "is not an absolute http(s) URL"),
        ("https://", "is not an absolute http(s) URL"),
        ("https:///legal/", "has no host name"),
        ("https://:80/", "has no host name"),
        ("https://exa mple.com/", "holds a space or a control character"),
        ("https://example.com/\nSet-Cookie: a=b", "holds a space or a control character"),
        ("https://example.com/?a=1", "has a query (?…) or fragment (#…)"),
        ("https://example.com/#x", "has a query (?…) or fragment (#…)"),
        ("https://[::1/", "has an invalid host name `[::1`"),
        ("https://bücher.de/", "(write a non-ASCII name in its xn-- form)"),
        ("https://ex_ample.com/", "has an invalid host name"),
        ("https://a@example.com/", "holds a user name or password"),
        ('https://example.com/a"b/', "has characters in its path that must be percent-encoded"),
        ("https://example.com/a/../b/", "has a `.` or `..` segment"),
    ],
)
def test_bad_base_urls_say_what_is_wrong(url: str, says: str) -> None:
    assert says in (base_url_problem(url) or "")


def test_a_bad_base_url_option_is_the_options_error_not_the_files(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "x"\nbase_url = "https://example.com/"\n')
    with pytest.raises(PpgenError) as err:
        load_settings(path, base_url="https://example.com:99999/")
    [problem] = err.value.problems
    assert str(problem) == (
        "--base-url: `https://example.com:99999/` has an invalid port `99999`"
        " (a port is a number from 1 to 65535) (write e.g. --base-url https://example.com/legal/)"
    )
    assert load_settings(path, base_url="https://other.example/").base_url == "https://other.example/"


def test_a_theme_named_must_exist_the_default_one_need_not(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, 'title = "x"\n')).theme_dir is None
    missing = r"toml:2: theme folder `themes/mine` does not exist \(create \S*themes/mine "
    with pytest.raises(PpgenError, match=missing):
        load_settings(write(tmp_path, 'title = "x"\ntheme = "themes/mine"\n'))
    (tmp_path / "themes" / "mine").mkdir(parents=True)
    assert load_settings(tmp_path / "ppgen.toml").theme_dir == (tmp_path / "themes" / "mine").resolve()


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0", True),
        ("3650", True),
        ("3651", False),
        ("-1", False),
        ("true", False),
        ("30.0", False),
        ("'3'", False),
    ],
)
def test_notice_days_from_0_to_3650(tmp_path: Path, value: str, ok: bool) -> None:
    path = write(tmp_path, f"notice_days = {value}\n")
    if ok:
        assert load_settings(path).notice_days == int(value)
    else:
        with pytest.raises(PpgenError, match="toml:1: notice_days must be a whole number of days from 0 to"):
            load_settings(path)


def test_control_characters_in_settings_are_errors_at_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "Legal"\ndescription = "Our\\u001b[2J"\n"publisher" = "Ex\\u0085"\n')
    with pytest.raises(PpgenError) as err:
        load_settings(path)
    assert [(p.line, p.message) for p in err.value.problems] == [
        (2, "control character U+001B (escape) in `description`"),
        (3, "control character U+0085 (next line) in `publisher`"),
    ]


@pytest.mark.parametrize(
    ("tag", "ok"),
    [("en", True), ("de-CH", True), ("zh-Hant-TW", True), ("en us", False), ('en" x="', False), ("e", False)],
)
def test_language_is_a_language_tag(tmp_path: Path, tag: str, ok: bool) -> None:
    path = write(tmp_path, f"language = '{tag}'\n")
    if ok:
        assert load_settings(path).language == tag
    else:
        with pytest.raises(PpgenError, match="is not a language tag"):
            load_settings(path)
