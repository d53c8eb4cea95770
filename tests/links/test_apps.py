"""Canonical messaging destinations: one target per channel, group or invite."""

from __future__ import annotations

import pytest

from nohaven.links.apps import canonical_messaging, telegram_resolve


@pytest.mark.parametrize(
    ("app", "url", "fragment", "target"),
    [
        pytest.param(
            "telegram", "https://t.me/Rain_News", "", "https://t.me/rain_news", id="tg-name"
        ),
        pytest.param(
            "telegram", "https://t.me/s/Rain_News/12", "", "https://t.me/rain_news", id="tg-preview"
        ),
        pytest.param(
            "telegram", "https://telegram.me/Rain", "", "https://t.me/rain", id="tg-telegram-me"
        ),
        pytest.param("telegram", "https://telegram.dog/Rain", "", "https://t.me/rain", id="tg-dog"),
        pytest.param(
            "telegram", "https://rain_news.t.me/", "", "https://t.me/rain_news", id="tg-subdomain"
        ),
        pytest.param(
            "telegram", "https://t.me/joinchat/AbCdEf", "", "https://t.me/+AbCdEf", id="tg-joinchat"
        ),
        pytest.param("telegram", "https://t.me/+AbCdEf", "", "https://t.me/+AbCdEf", id="tg-plus"),
        pytest.param(
            "telegram", "https://t.me/c/123456/7", "", "https://t.me/c/123456", id="tg-private"
        ),
        pytest.param(
            "telegram",
            "https://t.me/addlist/AbC?x=1",
            "",
            "https://t.me/addlist/AbC?x=1",
            id="tg-special",
        ),
        pytest.param("telegram", "https://t.me/", "", "https://t.me/", id="tg-empty"),
        pytest.param(
            "telegram", "https://telegram.org/faq", "", "https://telegram.org/faq", id="tg-site"
        ),
        pytest.param(
            "whatsapp",
            "https://chat.whatsapp.com/invite/AbC",
            "",
            "https://chat.whatsapp.com/AbC",
            id="wa-invite",
        ),
        pytest.param(
            "whatsapp", "https://wa.me/+447700900123", "", "https://wa.me/447700900123", id="wa-me"
        ),
        pytest.param(
            "whatsapp",
            "https://api.whatsapp.com/send?phone=33612345678",
            "",
            "https://wa.me/33612345678",
            id="wa-api",
        ),
        pytest.param(
            "whatsapp",
            "https://whatsapp.com/channel/0029Va/12",
            "",
            "https://whatsapp.com/channel/0029Va",
            id="wa-channel",
        ),
        pytest.param(
            "signal",
            "https://signal.group/",
            "CjQKI",
            "https://signal.group/#CjQKI",
            id="signal-group",
        ),
        pytest.param(
            "signal", "https://signal.me/", "p/+1555", "https://signal.me/#p/+1555", id="signal-me"
        ),
        pytest.param(
            "matrix",
            "https://matrix.to/",
            "/#room:matrix.org",
            "https://matrix.to/#/#room:matrix.org",
            id="matrix",
        ),
        pytest.param(
            "matrix",
            "https://app.element.io/",
            "/room/#room:matrix.org",
            "https://matrix.to/#/#room:matrix.org",
            id="element",
        ),
        pytest.param(
            "discord",
            "https://discord.com/invite/AbC",
            "",
            "https://discord.gg/AbC",
            id="discord-com",
        ),
        pytest.param(
            "discord", "https://discord.gg/AbC/extra", "", "https://discord.gg/AbC", id="discord-gg"
        ),
        pytest.param(
            "discord",
            "https://discord.com/channels/1/2",
            "",
            "https://discord.com/channels/1/2",
            id="discord-other",
        ),
        pytest.param(
            "tamtam",
            "https://tamtam.chat/SportNews",
            "",
            "https://tamtam.chat/sportnews",
            id="tamtam",
        ),
        pytest.param(
            "threema",
            "https://threema.id/abcd1234",
            "",
            "https://threema.id/ABCD1234",
            id="threema",
        ),
        pytest.param(
            "viber",
            "https://invite.viber.com/?g=AbC",
            "",
            "https://invite.viber.com/?g=AbC",
            id="no-rule",
        ),
    ],
)
def test_canonical_messaging(app: str, url: str, fragment: str, target: str) -> None:
    assert canonical_messaging(app, url, fragment) == target


@pytest.mark.parametrize(
    ("url", "target"),
    [
        pytest.param("tg://resolve?domain=Rain_News", "https://t.me/rain_news", id="resolve"),
        pytest.param("tg://resolve?domain=rain&post=5", "https://t.me/rain", id="resolve-post"),
        pytest.param("tg://join?invite=AbCdEfGhIj", "https://t.me/+AbCdEfGhIj", id="join"),
        pytest.param("TG://RESOLVE?domain=rain_news", "https://t.me/rain_news", id="upper"),
        pytest.param("tg://resolve?domain=a", None, id="name-too-short"),
        pytest.param("tg://msg?text=hello", None, id="other-action"),
        pytest.param("https://t.me/rain", None, id="not-tg"),
    ],
)
def test_telegram_resolve(url: str, target: str | None) -> None:
    assert telegram_resolve(url) == target


def test_a_plain_url_is_split_as_urlsplit_splits_it() -> None:
    from urllib.parse import urlsplit

    from nohaven.links.apps import _split

    for url in (
        "https://t.me/name?single",
        "https://t.me",
        "https://t.me?start=1",
        "http://name.t.me/12",
        "https://T.ME/Name",
        "https://user@t.me:8443/name",
        "https://t.me/name#frag",
        "https://t.me/a?b#c",
        "https://t.me/%20/x?",
    ):
        parts = urlsplit(url)
        assert _split(url) == (parts.hostname or "", parts.path, parts.query), url
