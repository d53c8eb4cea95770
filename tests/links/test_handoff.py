"""Account hand-offs and Telegram names: neutral announcing phrases only."""

from __future__ import annotations

import pytest

from nohaven.links.base import LinkKind
from nohaven.links.extract import LinkExtractor
from nohaven.links.handoff import TELEGRAM_NAME, lowered, may_name_telegram


@pytest.fixture(scope="module")
def extractor() -> LinkExtractor:
    return LinkExtractor()


@pytest.mark.parametrize(
    ("text", "target"),
    [
        pytest.param("New account @Sunny_Days", "@sunny_days", id="new-account"),
        pytest.param("NEW ACCOUNT: @Sunny_Days", "@sunny_days", id="upper-case"),
        pytest.param("my new twitter for recipes - @chef_anna", "@chef_anna", id="new-twitter-gap"),
        pytest.param("backup account @rain_2", "@rain_2", id="backup"),
        pytest.param("follow me at @bake_with_sam", "@bake_with_sam", id="follow-me-at"),
        pytest.param("follow us @bake_club", "@bake_club", id="follow-us"),
        pytest.param("We moved to @city_run", "@city_run", id="moved-to"),
        pytest.param("@garden_tips is my new account", "@garden_tips", id="before"),
        pytest.param("Mon nouveau compte : @recettes", "@recettes", id="fr-nouveau-compte"),
        pytest.param("Suivez-moi sur @meteo_paris", "@meteo_paris", id="fr-suivez"),
        pytest.param("@meteo_lyon est mon nouveau compte", "@meteo_lyon", id="fr-before"),
        pytest.param("حسابي الجديد @matar_weather", "@matar_weather", id="ar-new"),
        pytest.param("الحساب البديل @tabkh", "@tabkh", id="ar-alternative"),
        pytest.param("تابعوني على @cook_daily", "@cook_daily", id="ar-follow"),
        pytest.param("@nadi_alkora حسابي الجديد", "@nadi_alkora", id="ar-before"),
    ],
)
def test_handoffs(extractor: LinkExtractor, text: str, target: str) -> None:
    (link,) = extractor.extract(text)
    assert (link.kind, link.target) == (LinkKind.HANDOFF, target)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Thanks @coach_mike for the session", id="thanks"),
        pytest.param("Follow @chef_anna for recipes", id="recommendation"),
        pytest.param("RT @weather_bot: rain tonight", id="retweet"),
        pytest.param("new account?", id="no-handle"),
        pytest.param("write to club@newaccount.org", id="email"),
        pytest.param("renew account @x_y", id="inside-a-word"),
        pytest.param(
            "follow me, I post daily recipes and @chef_anna does too", id="gap-after-pointing"
        ),
        pytest.param("Merci @chef_paul pour la recette", id="fr-thanks"),
        pytest.param("شكرا @coach_ali على التدريب", id="ar-thanks"),
    ],
)
def test_not_handoffs(extractor: LinkExtractor, text: str) -> None:
    assert extractor.extract(text) == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        pytest.param("Telegram: @weather_station_1", "https://t.me/weather_station_1", id="en"),
        pytest.param("TG @rain_watchers", "https://t.me/rain_watchers", id="tg"),
        pytest.param("notre canal Télégram : @meteo_qc", "https://t.me/meteo_qc", id="fr"),
        pytest.param("قناتنا على تيليجرام @matar_live", "https://t.me/matar_live", id="ar"),
        pytest.param("تابعونا على تلغرام @kora_24", "https://t.me/kora_24", id="ar-other-spelling"),
        pytest.param("@football_daily on Telegram", "https://t.me/football_daily", id="after"),
    ],
)
def test_telegram_names(extractor: LinkExtractor, text: str, target: str) -> None:
    (link,) = extractor.extract(text)
    assert (link.kind, link.app, link.target, link.obfuscated) == (
        LinkKind.MESSAGING,
        "telegram",
        target,
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Telegram: @abc", id="name-too-short"),
        pytest.param("the stage @ 9pm on telegram road", id="no-name"),
        pytest.param("programming with @rain_watchers", id="tg-inside-a-word"),
    ],
)
def test_not_telegram_names(extractor: LinkExtractor, text: str) -> None:
    assert extractor.extract(text) == []


def test_raw_span_is_the_phrase_as_written(extractor: LinkExtractor) -> None:
    (link,) = extractor.extract("Hello! NEW Account: @Sunny_Days see you")
    assert link.raw == "NEW Account: @Sunny_Days"


def test_lowered_keeps_offsets() -> None:
    assert lowered("ABC Déf") == "abc déf"
    text = "İstanbul @x"  # "İ" lower-cases to two characters
    assert lowered(text) == text


_ARABIC_TELEGRAM = (
    *("تلغرام", "تلجرام", "تليجرام", "تيليجرام"),
    *("تيلجرام", "تيليغرام", "تلیگرام", "تيليقرام"),
)


@pytest.mark.parametrize(
    "text",
    [
        "telegram: @weather_news",
        "télégramme : @weather_news",
        "tg @weather_news",
        "@weather_news on telegram",
        *(f"{spelling} @weather_news" for spelling in _ARABIC_TELEGRAM),
    ],
)
def test_every_telegram_name_passes_the_word_test_first(text: str) -> None:
    lower = lowered(text)
    assert TELEGRAM_NAME.search(lower) is not None
    assert may_name_telegram(lower)
