"""The controls read from Debian's WordNet, fortune files and King James Bible.

The files here are small fixtures in the packages' layouts, with neutral placeholder text (the
Bible's reader is stood in for by a script that prints placeholder verses); the real files are
read by ``test_real_data.py`` (through :func:`load_corpus`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nohaven.classify.corpus import (
    BIBLE_PROGRAM,
    FORTUNE_FILES,
    FORTUNES_DIR,
    WORDNET_DIR,
    bible_verses,
    english_fortunes,
    wordnet_examples,
)

#: Files other fortune packages would add to the same folder (none is installed here).
_OTHER_PACKAGES = {"bofh-excuses", "debianhints", "mario.anagramas", "mario.arteascii"}
_HEADER = "  1 This software and database is being provided to you, the LICENSEE\n"


def _wordnet(folder: Path) -> Path:
    folder.mkdir()
    lines = {
        "noun": [
            _HEADER,
            '00001740 03 n 01 thing 0 000 | a separate object; "put the thing on the table"; '
            '"two things"\n',
            '00002137 03 n 01 lamp 0 000 | a light source; "the lamp in the hall is broken" \n',
        ],
        "verb": ['00001740 29 v 01 walk 0 000 | go on foot; "we walked to the corner shop"\n'],
        "adj": ['00001740 00 a 01 quiet 0 000 | not loud; "a quiet  afternoon in the garden"\n'],
        "adv": ["00001740 02 r 01 slowly 0 000 | without hurry\n"],
    }
    for part, content in lines.items():
        (folder / f"data.{part}").write_text("".join(content), encoding="latin-1")
    return folder


def test_wordnet_examples_are_the_quoted_usages_of_four_words_or_more(tmp_path: Path) -> None:
    examples = list(wordnet_examples(_wordnet(tmp_path / "wordnet")))
    assert [example.text for example in examples] == [
        "put the thing on the table",
        "the lamp in the hall is broken",
        "we walked to the corner shop",
        "a quiet afternoon in the garden",
    ]
    first = examples[0]
    assert first.family == "english-wordnet" and first.label == "other" and first.lang == "en"
    assert first.group == "wordnet:noun:0"
    assert first.source == "debian:wordnet-base/data.noun:2:0"
    assert examples[2].group == "wordnet:verb:0"


def test_fortune_entries_are_one_line_each_grouped_by_topic_file(tmp_path: Path) -> None:
    folder = tmp_path / "fortunes"
    folder.mkdir()
    (folder / "fortunes").write_text(
        "A quiet day\n  at the office.\n%\nBring an umbrella.\n%\n", encoding="utf-8"
    )
    (folder / "people").write_text("Call your aunt.\n%\n", encoding="utf-8")
    (folder / "people.dat").write_bytes(b"\x00\x00\x00\x02")  # the index: not a text file
    (folder / "ascii-art").write_text("  __\n /  \\\n%\n", encoding="utf-8")  # not named
    examples = list(english_fortunes(folder, ("fortunes", "people")))
    assert [(example.text, example.group) for example in examples] == [
        ("A quiet day at the office.", "fortunes:fortunes"),
        ("Bring an umbrella.", "fortunes:fortunes"),
        ("Call your aunt.", "fortunes:people"),
    ]
    assert examples[1].source == "debian:fortunes/fortunes:2"
    assert {example.family for example in examples} == {"english-fortunes"}


def test_bible_verses_are_one_per_reference_grouped_by_book(tmp_path: Path) -> None:
    printed = [
        "Ge1:1 A placeholder verse.",
        "Ge1:2 Another placeholder verse that the reader",
        "  wrapped onto a second line.",
        "2Ki3:4 A third placeholder.",
    ]
    program = tmp_path / "bible"
    program.write_text(
        '#!/bin/sh\n[ "$1 $2" = "-f Gen1:1-Rev22:21" ] || exit 2\n'
        + "".join(f"echo '{line}'\n" for line in printed),
        encoding="utf-8",
    )
    program.chmod(0o755)
    assert [e.source for e in bible_verses(program, every=2)] == [
        "debian:bible-kjv/Ge1:1",
        "debian:bible-kjv/2Ki3:4",
    ]
    examples = list(bible_verses(program, every=1))
    assert [(e.text, e.group, e.source) for e in examples] == [
        ("A placeholder verse.", "bible:Ge", "debian:bible-kjv/Ge1:1"),
        (
            "Another placeholder verse that the reader wrapped onto a second line.",
            "bible:Ge",
            "debian:bible-kjv/Ge1:2",
        ),
        ("A third placeholder.", "bible:2Ki", "debian:bible-kjv/2Ki3:4"),
    ]
    assert {(e.family, e.label, e.lang) for e in examples} == {("bible-kjv", "other", "en")}


def test_a_missing_package_is_named_with_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"data\.noun: Debian's wordnet-base package"):
        list(wordnet_examples(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"art: .* apt-get install fortunes\)$"):
        list(english_fortunes(tmp_path))  # every file is checked before any is read
    with pytest.raises(FileNotFoundError, match=r"riddles: .* apt-get install fortunes-min\)$"):
        list(english_fortunes(tmp_path, ("riddles",)))
    with pytest.raises(FileNotFoundError, match=r"bible: .* apt-get install bible-kjv\)$"):
        list(bible_verses(tmp_path / "bible"))


def test_the_real_files_are_installed_where_the_corpus_reads_them() -> None:
    # scripts/sysdeps.sh (run by `make test`) installs wordnet-base, fortunes-min and fortunes.
    if not (WORDNET_DIR / "data.noun").is_file() or not (FORTUNES_DIR / "people").is_file():
        pytest.skip("Debian's wordnet-base and fortunes are not installed (make sysdeps)")
    assert sum(1 for _ in wordnet_examples()) > 30_000
    assert sum(1 for _ in english_fortunes()) > 15_000
    # Every fortune file of the two packages is named, and nothing else is read.
    installed = {path.name for path in FORTUNES_DIR.iterdir() if path.is_file() and not path.suffix}
    assert set(FORTUNE_FILES) == installed - {"ascii-art", "translate-me"} - _OTHER_PACKAGES


def test_the_real_bible_has_every_verse_of_its_66_books() -> None:
    # scripts/sysdeps.sh (run by `make test`) installs bible-kjv.
    if not BIBLE_PROGRAM.is_file():
        pytest.skip("Debian's bible-kjv is not installed (make sysdeps)")
    verses = list(bible_verses(every=1))
    assert len(verses) == 31_102  # the King James Bible's verse count
    assert len({verse.group for verse in verses}) == 66
    assert len({verse.source for verse in verses}) == len(verses)
    assert (verses[0].source, verses[-1].source) == (
        "debian:bible-kjv/Ge1:1",
        "debian:bible-kjv/Rev22:21",
    )
    kept = list(bible_verses())
    assert len(kept) == 3_111 and len({verse.group for verse in kept}) == 66
