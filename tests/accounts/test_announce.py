"""Announcements of a new, old or returning account in English, French and Arabic."""

from __future__ import annotations

import pytest

from nohaven.accounts.announce import AnnouncementKind, find_announcements

NEW, OLD, RETURN = AnnouncementKind.NEW, AnnouncementKind.OLD, AnnouncementKind.RETURN

CASES = [
    # English
    pytest.param("Follow the new account @Sky_2", [(NEW, "sky_2")], id="en-follow-new"),
    pytest.param("New account, follow me at @sky2", [(NEW, "sky2")], id="en-follow-me-at"),
    pytest.param("@sky3 is my new account", [(NEW, "sky3")], id="en-handle-before"),
    pytest.param(
        "This is the new account. Previous account: @Sky", [(OLD, "sky")], id="en-previous"
    ),
    pytest.param(
        "New account here, the old one @sky1 was closed.", [(OLD, "sky1")], id="en-old-one"
    ),
    pytest.param(
        "We are back! old account @foo got suspended",
        [(RETURN, None), (OLD, "foo")],
        id="en-back-and-old",
    ),
    pytest.param("Coming back after suspension", [(RETURN, None)], id="en-coming-back"),
    pytest.param("28th account", [(RETURN, None)], id="en-nth-account"),
    # French
    pytest.param("Suivez le nouveau compte @VentDuNord2", [(NEW, "ventdunord2")], id="fr-new"),
    pytest.param("Voici le nouveau compte. L'ancien compte : @Vent", [(OLD, "vent")], id="fr-old"),
    pytest.param("Je suis de retour !", [(RETURN, None)], id="fr-return"),
    # Arabic
    pytest.param("تابعوا الحساب الجديد @x_2", [(NEW, "x_2")], id="ar-follow-new"),
    pytest.param("الحساب الجديد هو @x_2", [(NEW, "x_2")], id="ar-new-is"),
    pytest.param("هذا هو الحساب الجديد. الحساب السابق: @Sada", [(OLD, "sada")], id="ar-previous"),
    pytest.param("عدنا من جديد", [(RETURN, None)], id="ar-we-returned"),
    # Not announcements
    pytest.param("thanks @bob for the recipe", [], id="plain-mention"),
    pytest.param("Follow @chef for recipes", [], id="follow-someone-else"),
    pytest.param("The weather is lovely today", [], id="no-phrase"),
    pytest.param("Le match est à 20h, rendez-vous au stade", [], id="fr-ordinary"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_announcements(text: str, expected: list[tuple[AnnouncementKind, str | None]]) -> None:
    assert [(a.kind, a.handle) for a in find_announcements(text)] == expected


def test_an_old_handle_is_never_also_new() -> None:
    found = find_announcements("New account! My previous account @a1 was suspended")
    assert (NEW, "a1") not in [(a.kind, a.handle) for a in found]
    assert (OLD, "a1") in [(a.kind, a.handle) for a in found]
