"""Would the reserved even-numbered surahs be flagged more? A check by proxy.

The shared Qur'an holds the odd-numbered surahs only; the even-numbered ones are kept back for
an independent check of the English, French and Arabic verses' false-positive rate (the issue's
1%). Among them are surahs the group's magazines quote most (al-Baqarah, an-Nisa, al-Anfal). The
magazines' own Qur'an quotations (``isis-religious-texts``, family ``scripture-quotes``, another
English translation) come from both halves, so the shipped model's scores of the quotations
from even-numbered surahs against those from odd-numbered ones say whether the half it never
saw reads otherwise to it. The surah is read from each quotation's ``Source`` ("at-Tawbah 5");
quotations whose surah name is not in :data:`SURAHS` are left out and counted.

Run: ``.venv/bin/python benchmarks/eval_surah_parity.py [DATA_DIR]`` (about 10 seconds).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import numpy as np

from nohaven.classify import load_model
from nohaven.classify.corpus import load_corpus
from nohaven.classify.split import split_examples
from nohaven.classify.training import TrainingSettings

#: Surah numbers by the spellings the magazines' quotation table uses.
SURAHS = {
    "al-Baqarah": 2, "Baqarah": 2, "al-Imran": 3, "al-imran": 3, "an-Nisa": 4, "al-Ma'ida": 5,
    "al-Mai'da": 5, "al-Maida": 5, "al-An'am": 6, "an-An'am": 6, "al-A'raf": 7, "al-Anfal": 8,
    "at-Tawbah": 9, "Yunus": 10, "Hud": 11, "Yusuf": 12, "ar-Ra'd": 13, "Ibrahim": 14,
    "al-Hijr": 15, "an-Nahl": 16, "al-Isra": 17, "al-isra": 17, "al-Kahf": 18, "Maryam": 19,
    "Taha": 20, "Ta-Ha": 20, "al-Anbiya": 21, "al-Hajj": 22, "al-Mu'minun": 23, "an-Nur": 24,
    "al-Furqan": 25, "ash-Shu'ara": 26, "an-Naml": 27, "al-Qasas": 28, "al-Ankabut": 29,
    "ar-Rum": 30, "Luqman": 31, "as-Sajdah": 32, "al-Ahzab": 33, "Saba": 34, "Fatir": 35,
    "Ya-Sin": 36, "Yasin": 36, "as-Saffat": 37, "Saad": 38, "az-Zumar": 39, "Ghafir": 40,
    "Fussilat": 41, "al-Fussilat": 41, "ash-Shura": 42, "az-Zukhruf": 43, "al-Jathiyah": 45,
    "Muhammad": 47, "al-Fath": 48, "al-Hujurat": 49, "at-Tur": 52, "an-Najm": 53,
    "al-Qamar": 54, "ar-Rahman": 55, "al-Waqi'ah": 56, "al-Hadid": 57, "al-Mujadilah": 58,
    "al-Hashr": 59, "al-Mumtahanah": 60, "al-Mumtahinah": 60, "as-Saff": 61,
    "al-Munafiqun": 63, "at-Talaq": 65, "at-Tahrim": 66, "at-Tarhim": 66, "al-Mulk": 67,
    "al-Qalam": 68, "Nuh": 71, "al-Jinn": 72, "al-Buruj": 85, "at-Tin": 95, "al-Qadr": 97,
    "al-Bayyinah": 98,
}  # fmt: skip
TABLE = "isis-religious-texts/isis_religious_texts_core.csv"


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    settings = TrainingSettings()
    corpus = load_corpus(data)
    split = split_examples(
        corpus,
        test_share=settings.test_share,
        time_quantile=settings.time_quantile,
        key=settings.split_key,
    )
    test_side = {e.source for e in split.test if e.family == "scripture-quotes"}
    quotes = {e.source: e for e in corpus if e.family == "scripture-quotes"}
    with (data / TABLE).open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts: list[str] = []
    parity: list[str] = []
    held: list[bool] = []
    unknown = 0
    for line, row in enumerate(rows, start=2):
        example = quotes.get(f"{TABLE}:{line}")
        if example is None or not row["Type"].lower().startswith("qur"):
            continue
        name = re.sub(r"[\s\d:,\-–]+$", "", row["Source"]).strip()
        if name not in SURAHS:
            unknown += 1
            continue
        texts.append(example.text)
        parity.append("even" if SURAHS[name] % 2 == 0 else "odd")
        held.append(example.source in test_side)
    model = load_model("default", mode="fast")
    scores = model.predict_proba(texts)[:, 1]
    kinds = np.array(parity)
    tested = np.array(held)
    print(
        f"{len(texts):,} Qur'an quotations of the magazines ({unknown} of unknown surah left "
        f"out); {model.version}, threshold {model.threshold}"
    )
    for side, rows_in in (
        ("all (most learnt as negatives)", np.ones(len(texts), bool)),
        ("test side", tested),
    ):
        for half in ("odd", "even"):
            inside = rows_in & (kinds == half)
            values = scores[inside]
            print(
                f"  {side}, {half}-numbered surahs: {inside.sum():,} quotations, "
                f"{(values >= model.threshold).mean():.2%} flagged, mean score "
                f"{values.mean():.3f}, 90th percentile {np.quantile(values, 0.9):.3f}, "
                f"highest {values.max():.3f}"
            )


if __name__ == "__main__":
    main()
