"""Domain categories: the bundled file, user files, and clear errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from nohaven.links.base import LinkKind
from nohaven.links.categories import (
    CATEGORY_KINDS,
    Categories,
    Category,
    CategoryFileError,
    load_categories,
    parse_categories,
)


@pytest.mark.parametrize(
    ("host", "category"),
    [
        pytest.param("t.me", Category(LinkKind.MESSAGING, "telegram"), id="telegram"),
        pytest.param("chat.whatsapp.com", Category(LinkKind.MESSAGING, "whatsapp"), id="whatsapp"),
        pytest.param("go.rocket.chat", Category(LinkKind.MESSAGING, "rocketchat"), id="rocket-sub"),
        pytest.param("threema.id", Category(LinkKind.MESSAGING, "threema"), id="threema"),
        pytest.param("justpaste.it", Category(LinkKind.PASTE), id="justpaste"),
        pytest.param("web.archive.org", Category(LinkKind.FILE_HOST), id="archive-sub"),
        pytest.param("mega.nz", Category(LinkKind.FILE_HOST), id="mega"),
        pytest.param("drive.google.com", Category(LinkKind.FILE_HOST), id="drive"),
        pytest.param("m.youtube.com", Category(LinkKind.VIDEO), id="youtube-sub"),
        pytest.param("t.co", Category(LinkKind.SHORTENER), id="tco"),
        pytest.param("twitter.com", Category(LinkKind.SOCIAL), id="twitter"),
        pytest.param("www.bbc.co.uk", Category(LinkKind.NEWS), id="bbc-www"),
        pytest.param("google.com", None, id="google-unlisted"),
        pytest.param("me", None, id="bare-tld"),
        pytest.param("notarealhost.example", None, id="unknown"),
    ],
)
def test_bundled_lookup(host: str, category: Category | None) -> None:
    assert load_categories().lookup(host) == category


def test_bundled_file_covers_every_kind_and_is_cached() -> None:
    categories = load_categories()
    assert load_categories() is categories
    kinds = {categories[host].kind for host in categories}
    assert kinds == set(CATEGORY_KINDS) - {LinkKind.OTHER}
    apps = {categories[host].app for host in categories if categories[host].app}
    assert {
        "telegram",
        "whatsapp",
        "signal",
        "matrix",
        "discord",
        "rocketchat",
        "tamtam",
        "threema",
    } <= apps
    assert len(categories) > 300


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'format = 1\n\n[paste]\ndomains = ["notes.example.org", "WWW.Bin.Example.NET"]\n\n'
        '[messaging.telegram]\ndomains = ["tg.example"]\n\n[other]\ndomains = ["archive.org"]\n',
        encoding="utf-8",
    )
    categories = load_categories(path)
    assert categories.lookup("notes.example.org") == Category(LinkKind.PASTE)
    assert categories.lookup("bin.example.net") == Category(LinkKind.PASTE)
    assert categories.lookup("a.tg.example") == Category(LinkKind.MESSAGING, "telegram")
    assert categories.lookup("web.archive.org") == Category(LinkKind.OTHER)  # overridden
    assert categories.lookup("t.me") == Category(LinkKind.MESSAGING, "telegram")  # kept
    assert load_categories().lookup("notes.example.org") is None  # bundled set unchanged


def test_longest_entry_wins() -> None:
    categories = Categories(
        {"example.org": Category(LinkKind.NEWS), "files.example.org": Category(LinkKind.FILE_HOST)}
    )
    assert categories.lookup("a.files.example.org") == Category(LinkKind.FILE_HOST)
    assert categories.lookup("www.example.org") == Category(LinkKind.NEWS)
    assert categories.merged(Categories({})) == categories
    assert "2 hosts" in repr(categories)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("format = 1\n[paste\ndomains = []\n", 2, "not valid TOML", id="syntax"),
        pytest.param('[paste]\ndomains = ["a.org"]\n', None, "format = 1", id="no-format"),
        pytest.param("format = 2\n", 1, "format = 1", id="wrong-format"),
        pytest.param(
            'format = 1\n\n[pastes]\ndomains = ["a.org"]\n', 3, "unknown kind 'pastes'", id="kind"
        ),
        pytest.param(
            'format = 1\n[onion]\ndomains = ["a.org"]\n', 2, "unknown kind 'onion'", id="form-kind"
        ),
        pytest.param(
            'format = 1\n[paste]\ndomain = ["a.org"]\n', 3, "unknown key 'domain'", id="key"
        ),
        pytest.param("format = 1\n[paste]\n", 2, "needs a 'domains' list", id="no-domains"),
        pytest.param(
            'format = 1\n[paste]\ndomains = [\n  "ok.org",\n  "https://a.org/x",\n]\n',
            5,
            "not a host name",
            id="url",
        ),
        pytest.param(
            'format = 1\n[paste]\ndomains = ["*.a.org"]\n', 3, "not a host name", id="wildcard"
        ),
        pytest.param(
            'format = 1\n[paste]\ndomains = ["localhost"]\n',
            3,
            "at least two labels",
            id="one-label",
        ),
        pytest.param("format = 1\n[paste]\ndomains = [3]\n", 2, "must be strings", id="not-string"),
        pytest.param(
            'format = 1\n[messaging]\ndomains = ["a.org"]\n', 2, "one table per app", id="no-app"
        ),
        pytest.param(
            'format = 1\n[messaging.Tele Gram]\ndomains = ["a.org"]\n',
            2,
            "not valid TOML",
            id="bad-app-syntax",
        ),
        pytest.param(
            'format = 1\n[messaging."Tele Gram"]\ndomains = ["a.org"]\n',
            2,
            "app name",
            id="bad-app",
        ),
        pytest.param(
            'format = 1\n[paste]\ndomains = ["a.org"]\n'
            '[video]\ndomains = [\n "b.org",\n "a.org"]\n',
            7,
            "a.org is listed twice, as paste (line 3) and as video",
            id="duplicate",
        ),
    ],
)
def test_bad_files_name_the_file_and_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CategoryFileError) as caught:
        load_categories(path)
    error = caught.value
    assert error.source == str(path)
    assert str(error).startswith(str(path))
    assert message in error.reason
    assert error.line == line


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CategoryFileError, match="cannot read the file"):
        load_categories(tmp_path / "missing.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CategoryFileError, match="cannot read the file"):
        load_categories(binary)


def test_parse_categories_names_its_source() -> None:
    with pytest.raises(CategoryFileError, match=r"^inline:1: "):
        parse_categories("format = 3", "inline")
    assert len(parse_categories("format = 1")) == 0
