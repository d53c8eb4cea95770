"""Known-text matching: recall, precision, throughput and memory (issue 4 text target).

    .venv/bin/python benchmarks/bench_text_match.py [--posts 1000000] [--known 1000]
        [--copies 2000] [--distractors 2000] [--threshold 0.5] [--edit-share 0.14]
        [--shingle 4] [--seed 7] [--no-sweep]

Generates, from a fixed seed, ``--known`` statements of neutral placeholder text (random
sentences over the words of :mod:`nohaven.demo.vocab`, in Arabic, French and English, words
drawn by their frequency there) and a stream of ``--posts`` posts: ordinary neutral posts
(the demo's template sentences, and random sentences over the same words, some with links,
mentions, hashtags or emoji), among which it plants

* ``--copies`` edited copies of known statements: word edits (inserted, deleted, replaced or
  misspelt words, up to ``--edit-share`` of the words, one in seven by default; one copy in
  ten cut short by 5-25% of its words, one in ten after a few words of comment) and one to
  three obfuscations (Arabic
  diacritics or tatweel, French accents dropped or added, look-alike letters, zero-width
  characters, odd spacing or letters spaced apart, punctuation and emoji, links, mentions,
  hashtags, a retweet prefix, upper case);
* ``--distractors`` hard distractors: a statement with about half its words replaced, or its
  first half followed by other text, or one of its sentences inside other text.

It indexes the known statements (:class:`nohaven.signals.text.TextIndex` at ``--threshold``),
then computes each post's text signal and queries the index in batches, on one core (CPU
affinity pinned to one CPU), and prints:

* recall: planted copies whose own statement is among their hits (and, of those missed, how
  many are below the threshold in exact Jaccard similarity, so no index could find them);
* precision: hits that are a planted copy's own statement, over all hits;
* throughput: posts/s for signal + query (generation excluded), and its two parts;
* memory: peak resident set size of the process and the bytes of the index arrays.

With the sweep (default), a second index at threshold 0.3 runs beside it (not timed) and the
same figures are printed for thresholds from 0.3 to 0.8, to choose the default.
Targets: recall >= 0.95, precision >= 0.99, >= 5,000 posts/s on one core.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from nohaven.demo import text as demo_text
from nohaven.demo import vocab
from nohaven.demo.links import file_host_link, obfuscate, web_link
from nohaven.signals.base import SignalError
from nohaven.signals.text import SHINGLE_SIZE, TextIndex, text_key, text_signal

LANGUAGES = ("ar", "fr", "en")
BATCH = 2048
SWEEP_THRESHOLD = 0.3
SWEEP = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LATIN_LOOKALIKES = {
    "a": "аα",
    "c": "сϲ",
    "e": "еε",
    "i": "іι",
    "o": "оο",
    "p": "рρ",
    "x": "хχ",
    "y": "уγ",
    "k": "кκ",
    "s": "ѕ",
    "j": "ј",
    "h": "һ",
    "n": "п",
    "B": "ВΒ",
    "H": "НΗ",
    "M": "МΜ",
    "T": "ТΤ",
}
_ARABIC_VARIANTS = {"ي": "ىی", "ى": "ي", "ك": "ک", "ا": "أإآ", "ه": "ة"}
_ACCENTS = {"e": "éèê", "a": "àâ", "u": "ù", "i": "î", "o": "ô", "c": "ç"}
_UNACCENT = str.maketrans("éèêëàâùûîïôç", "eeeeaauuiioc")
_HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
_TATWEEL = "\u0640"
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200f")
_EMOJI = ("🙂", "👍", "🔥", "✅", "🌞", "⚽", "📌", "❗")
_END = {"ar": (".", ".", "!", "؟"), "fr": (".", ".", "!", " ?"), "en": (".", ".", "!", "?")}


def _pin_one_core() -> int:
    cpu = sorted(os.sched_getaffinity(0))[0]
    os.sched_setaffinity(0, {cpu})
    return cpu


def _vocab_strings(obj: object, out: list[str]) -> None:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for value in obj.values():
            _vocab_strings(value, out)
    elif isinstance(obj, tuple | list):
        for value in obj:
            _vocab_strings(value, out)


@dataclass(frozen=True)
class Lexicon:
    """Words of one language, with their frequency in the demo vocabulary as weights."""

    words: tuple[str, ...]
    weights: tuple[int, ...]
    templates: tuple[str, ...]

    @classmethod
    def of(cls, lang: str) -> Lexicon:
        strings: list[str] = []
        for name in ("TOPICS", "NEWS", "COUNTER", "EXCHANGE", "OPENERS", "CLOSERS", "GROUP_CHAT"):
            _vocab_strings(getattr(vocab, name)[lang], strings)
        counts = Counter(
            word.lower() if lang != "ar" else word
            for string in strings
            for word in _WORD.findall(string)
        )
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        words = tuple(word for word, _ in ranked)
        return cls(words, tuple(count for _, count in ranked), tuple(strings))

    def words_of(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, self.weights, k=count)


def _sentence(rng: random.Random, lang: str, lexicon: Lexicon, low: int, high: int) -> str:
    words = lexicon.words_of(rng, rng.randint(low, high))
    if lang != "ar":
        words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice(_END[lang])


def _random_text(rng: random.Random, lang: str, lexicon: Lexicon, words: int) -> str:
    parts: list[str] = []
    left = words
    while left > 0:
        length = min(left, rng.randint(5, 14))
        parts.append(_sentence(rng, lang, lexicon, length, length))
        left -= length
    return " ".join(parts)


def _known_text(rng: random.Random, lang: str, lexicon: Lexicon) -> str:
    words = rng.randint(8, 16) if rng.random() < 0.25 else rng.randint(16, 80)
    text = _random_text(rng, lang, lexicon, words)
    if rng.random() < 0.3:
        text += " " + _link(rng)
    return text


def _link(rng: random.Random) -> str:
    link = file_host_link(rng) if rng.random() < 0.5 else web_link(rng)
    return obfuscate(link.url) if rng.random() < 0.15 else link.url


def _mention(rng: random.Random) -> str:
    return f"@user{rng.randint(1, 99_999)}"


def _hashtag(rng: random.Random, lang: str) -> str:
    if rng.random() < 0.5:
        return f"#placeholder_topic_{rng.randint(1, 9)}"
    return "#" + rng.choice(list(vocab.TOPIC_HASHTAGS[lang].values()))


def _post(rng: random.Random, lang: str, lexicon: Lexicon) -> str:
    """An ordinary post: a demo template post or random sentences, sometimes decorated."""
    if rng.random() < 0.6:
        text = demo_text.compose(rng, lang, rng.choice(list(vocab.TOPICS[lang])), 280)
    else:
        text = _random_text(rng, lang, lexicon, rng.randint(4, 45))
    roll = rng.random()
    if roll < 0.15:
        text += " " + _link(rng)
    elif roll < 0.25:
        text = f"{_mention(rng)} {text}"
    elif roll < 0.35:
        text += " " + _hashtag(rng, lang)
    elif roll < 0.4:
        text += " " + rng.choice(_EMOJI)
    return text


# Edits of planted copies ------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return text.split(" ")


def _word_edits(
    rng: random.Random, text: str, lexicon: Lexicon, share: float
) -> tuple[str, list[str]]:
    """Insert, delete, replace or misspell up to ``share`` of the words (at least one)."""
    tokens = _tokens(text)
    budget = rng.randint(0, max(1, round(len(tokens) * share)))
    names: list[str] = []
    for _ in range(budget):
        kind = rng.choice(("insert", "delete", "replace", "typo"))
        spot = rng.randrange(len(tokens))
        if kind == "insert":
            tokens.insert(spot, lexicon.words_of(rng, 1)[0])
        elif kind == "delete" and len(tokens) > 4:
            del tokens[spot]
        elif kind == "replace":
            tokens[spot] = lexicon.words_of(rng, 1)[0]
        else:
            tokens[spot] = _typo(rng, tokens[spot])
        names.append(kind)
    return " ".join(tokens), names


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word + word[-1]
    spot = rng.randrange(len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:spot] + word[spot + 1] + word[spot] + word[spot + 2 :]
    if kind == 1:
        return word[:spot] + word[spot + 1 :]
    return word[:spot] + word[spot] + word[spot:]


def _per_char(rng: random.Random, text: str, share: float, change: dict[str, str]) -> str:
    return "".join(
        rng.choice(change[char]) if char in change and rng.random() < share else char
        for char in text
    )


def _obfuscate(rng: random.Random, text: str, lang: str, kind: str) -> str:
    if kind == "marks":
        if lang == "ar":
            return "".join(
                char + rng.choice(_HARAKAT)
                if "\u0621" <= char <= "\u064a" and rng.random() < 0.4
                else char
                for char in text
            )
        if lang == "fr" and rng.random() < 0.5:
            return text.translate(_UNACCENT)
        return _per_char(rng, text, 0.15, _ACCENTS)
    if kind == "tatweel" and lang == "ar":
        return "".join(
            char + _TATWEEL * rng.randint(1, 4)
            if "\u0621" <= char <= "\u064a" and rng.random() < 0.2
            else char
            for char in text
        )
    if kind in ("lookalike", "tatweel"):
        if lang == "ar":
            return _per_char(rng, text, 0.3, _ARABIC_VARIANTS)
        return _per_char(rng, text, 0.3, _LATIN_LOOKALIKES)
    if kind == "invisible":
        return "".join(
            char + rng.choice(_INVISIBLE) if char.isalpha() and rng.random() < 0.15 else char
            for char in text
        )
    if kind == "spacing":
        tokens = _tokens(text)
        out: list[str] = []
        for token in tokens:
            roll = rng.random()
            if roll < 0.05 and len(token) > 3 and token.isalpha():
                token = " ".join(token)
            out.append(token)
            out.append(rng.choice(("  ", "\n", " \t ", "   ")) if roll > 0.8 else " ")
        return "".join(out).strip()
    if kind == "punctuation":
        tokens = _tokens(text)
        for _ in range(rng.randint(1, 3)):
            spot = rng.randrange(len(tokens))
            tokens[spot] += rng.choice(("!!", "...", ",", " " + rng.choice(_EMOJI), " -"))
        return " ".join(tokens)
    if kind == "case":
        return text.upper() if rng.random() < 0.5 else text.title()
    # "links": the statement's own link changes and posters add theirs.
    text = re.sub(r"\S*(?:://|\[\.\])\S*", lambda _: _link(rng), text)
    extras = [_link(rng) for _ in range(rng.randint(0, 2))]
    extras += [_mention(rng) for _ in range(rng.randint(0, 2))]
    extras += [_hashtag(rng, lang) for _ in range(rng.randint(0, 3))]
    rng.shuffle(extras)
    if rng.random() < 0.3:
        text = f"RT {_mention(rng)}: {text}"
    return " ".join([text, *extras])


_OBFUSCATIONS = {
    "ar": ("marks", "tatweel", "lookalike", "invisible", "spacing", "punctuation", "links"),
    "fr": ("marks", "lookalike", "invisible", "spacing", "punctuation", "case", "links"),
    "en": ("lookalike", "invisible", "spacing", "punctuation", "case", "links"),
}


def _copy(
    rng: random.Random, text: str, lang: str, lexicon: Lexicon, share: float
) -> tuple[str, list[str]]:
    """An edited copy of a known statement, and the names of its edits."""
    text, names = _word_edits(rng, text, lexicon, share)
    roll = rng.random()
    if roll < 0.1:
        # Cut to fit a length limit.
        tokens = _tokens(text)
        text = " ".join(tokens[: max(4, round(len(tokens) * rng.uniform(0.75, 0.95)))]) + "…"
        names.append("truncated")
    elif roll < 0.2:
        # A few words of the poster's own before it.
        text = _sentence(rng, lang, lexicon, 2, 6) + " " + text
        names.append("commentary")
    for kind in rng.sample(_OBFUSCATIONS[lang], rng.randint(1, 3)):
        text = _obfuscate(rng, text, lang, kind)
        names.append(kind)
    return text, names


def _distractor(rng: random.Random, text: str, lang: str, lexicon: Lexicon) -> tuple[str, str]:
    """A different text that shares many words with a known statement."""
    tokens = _tokens(text)
    kind = rng.choice(("reworded", "half", "sentence"))
    if kind == "reworded":
        spots = rng.sample(range(len(tokens)), k=(len(tokens) + 1) // 2)
        for spot in spots:
            tokens[spot] = lexicon.words_of(rng, 1)[0]
        return " ".join(tokens), kind
    if kind == "half":
        keep = len(tokens) // 2
        return " ".join(tokens[:keep]) + " " + _random_text(
            rng, lang, lexicon, len(tokens) - keep
        ), kind
    sentences = re.split(r"(?<=[.!?؟])\s+", text)
    own = rng.choice(sentences)
    others = _random_text(rng, lang, lexicon, max(8, len(own.split()) * 2))
    return f"{others} {own}", kind


# The run ----------------------------------------------------------------------------------


@dataclass
class Planted:
    """What was planted at each position of the stream: (kind, known id, detail)."""

    at: dict[int, tuple[str, int, str]] = field(default_factory=dict)


def _known(rng: random.Random, count: int, lexicons: dict[str, Lexicon]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for _ in range(count):
        lang = rng.choice(LANGUAGES)
        out.append((lang, _known_text(rng, lang, lexicons[lang])))
    return out


def _plan(
    rng: random.Random,
    known: list[tuple[str, str]],
    posts: int,
    copies: int,
    distractors: int,
    lexicons: dict[str, Lexicon],
    share: float,
) -> tuple[Planted, dict[int, str]]:
    spots = rng.sample(range(posts), copies + distractors)
    planted = Planted()
    texts: dict[int, str] = {}
    for number, spot in enumerate(spots):
        source = rng.randrange(len(known))
        lang, text = known[source]
        if number < copies:
            texts[spot], names = _copy(rng, text, lang, lexicons[lang], share)
            planted.at[spot] = ("copy", source, "+".join(names))
        else:
            texts[spot], kind = _distractor(rng, text, lang, lexicons[lang])
            planted.at[spot] = ("distractor", source, kind)
    return planted, texts


def _stream(
    rng: random.Random, posts: int, planted: dict[int, str], lexicons: dict[str, Lexicon]
) -> Iterator[list[str]]:
    batch: list[str] = []
    for number in range(posts):
        if number in planted:
            batch.append(planted[number])
        else:
            lang = rng.choice(LANGUAGES)
            batch.append(_post(rng, lang, lexicons[lang]))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _shingles(key: str, size: int) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + size] for i in range(len(padded) - size + 1)}


def _jaccard(one: str, two: str, size: int) -> float:
    first, second = _shingles(one, size), _shingles(two, size)
    return len(first & second) / len(first | second)


@dataclass
class Tally:
    """Hits counted against what was planted."""

    threshold: float
    found: set[int] = field(default_factory=set)
    true_hits: int = 0
    false_hits: int = 0
    false_kinds: Counter[str] = field(default_factory=Counter)

    def count(self, position: int, keys: list[tuple[int, float]], planted: Planted) -> None:
        what = planted.at.get(position)
        for key, similarity in keys:
            if similarity < self.threshold - 1e-12:
                continue
            if what is not None and what[0] == "copy" and what[1] == key:
                self.true_hits += 1
                self.found.add(position)
            else:
                self.false_hits += 1
                self.false_kinds[what[0] if what else "ordinary post"] += 1

    def line(self, copies: int) -> str:
        hits = self.true_hits + self.false_hits
        precision = self.true_hits / hits if hits else 1.0
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.false_kinds.most_common())
        return (
            f"threshold {self.threshold:.2f}: recall {len(self.found) / copies:.4f} "
            f"({len(self.found)}/{copies}), precision {precision:.4f} "
            f"({self.true_hits}/{hits})" + (f"; false hits: {kinds}" if kinds else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--known", type=int, default=1_000)
    parser.add_argument("--copies", type=int, default=2_000)
    parser.add_argument("--distractors", type=int, default=2_000)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--shingle", type=int, default=SHINGLE_SIZE, help="shingle size to try")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--edit-share", type=float, default=1 / 7, help="most words of a copy edited (share)"
    )
    parser.add_argument("--no-sweep", action="store_true", help="skip the threshold sweep")
    args = parser.parse_args()
    copies = min(args.copies, args.posts // 4)
    distractors = min(args.distractors, args.posts // 4)

    cpu = _pin_one_core()
    rng = random.Random(args.seed)
    lexicons = {lang: Lexicon.of(lang) for lang in LANGUAGES}
    known = _known(rng, args.known, lexicons)
    planted, planted_texts = _plan(
        rng, known, args.posts, copies, distractors, lexicons, args.edit_share
    )
    print(
        f"posts {args.posts:,} (planted: {copies:,} edited copies, {distractors:,} hard "
        f"distractors), known statements {len(known):,}; one core (cpu {cpu}); "
        f"shingle {args.shingle}, threshold {args.threshold}, word edits up to "
        f"{args.edit_share:.0%} of a copy's words"
    )

    known_keys = [text_key(text) for _, text in known]
    started = time.perf_counter()
    index = TextIndex(args.threshold, shingle_size=args.shingle)
    index.add(enumerate(known_keys))
    index.query_many(known_keys[:1])  # builds the search arrays
    build = time.perf_counter() - started
    sweep = TextIndex(SWEEP_THRESHOLD, shingle_size=args.shingle)
    if not args.no_sweep:
        sweep.add(enumerate(known_keys))
    bands, rows = index.lsh_bands
    print(
        f"index: {len(index):,} statements in {build:.2f} s, {bands} bands of {rows}, "
        f"{index.nbytes / 2**20:.1f} MiB of arrays"
    )

    main_tally = Tally(args.threshold)
    tallies = {threshold: Tally(threshold) for threshold in SWEEP}
    key_time = query_time = 0.0
    errors = 0
    position = 0
    generated = time.perf_counter()
    for batch in _stream(rng, args.posts, planted_texts, lexicons):
        tick = time.perf_counter()
        values: list[str] = []
        where: list[int] = []
        for offset, post in enumerate(batch):
            try:
                values.append(text_signal(post).value)
            except SignalError:
                errors += 1
                continue
            where.append(position + offset)
        tock = time.perf_counter()
        results = index.query_many(values)
        query_time += time.perf_counter() - tock
        key_time += tock - tick
        for spot, hits in zip(where, results, strict=True):
            main_tally.count(spot, [(hit.key, 1.0 - hit.distance) for hit in hits], planted)
        if not args.no_sweep:
            for spot, hits in zip(where, sweep.query_many(values), strict=True):
                pairs = [(hit.key, 1.0 - hit.distance) for hit in hits]
                for tally in tallies.values():
                    tally.count(spot, pairs, planted)
        position += len(batch)
    total = time.perf_counter() - generated

    matching = key_time + query_time
    print(main_tally.line(copies))
    print(
        f"throughput: {args.posts / matching:,.0f} posts/s (signal {key_time:.1f} s = "
        f"{key_time / args.posts * 1e6:.1f} us/post, query {query_time:.1f} s = "
        f"{query_time / args.posts * 1e6:.1f} us/post); {errors} posts had no text left; "
        f"wall time with generation and sweep {total:.0f} s"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: peak RSS {peak:.0f} MiB (process), index arrays {index.nbytes / 2**20:.1f} MiB")

    _explain(planted, planted_texts, known_keys, main_tally, args.shingle)
    if not args.no_sweep:
        print("threshold sweep (index at 0.3; exact similarities, so each line is what that")
        print("threshold would give, less the rare LSH misses of the 0.3 index):")
        for tally in tallies.values():
            print("  " + tally.line(copies))


def _explain(
    planted: Planted,
    texts: dict[int, str],
    known_keys: list[str],
    tally: Tally,
    size: int,
) -> None:
    """Exact similarities of planted texts to their statement (Python sets of shingles)."""
    threshold = tally.threshold
    below = lsh_missed = 0
    missed_edits: Counter[str] = Counter()
    copy_sims: list[float] = []
    distractor_sims: dict[str, list[float]] = {}
    for spot, (kind, source, detail) in planted.at.items():
        similarity = _jaccard(text_key(texts[spot]), known_keys[source], size)
        if kind == "copy":
            copy_sims.append(similarity)
            if spot not in tally.found:
                if similarity < threshold:
                    below += 1
                else:
                    lsh_missed += 1
                missed_edits.update(detail.split("+"))
        else:
            distractor_sims.setdefault(detail, []).append(similarity)
    missed = below + lsh_missed
    print(
        f"missed copies: {missed}; {below} are below the threshold in exact similarity "
        f"(edited too much), {lsh_missed} are above it (missed by the index)"
    )
    if missed_edits:
        print(
            "  edits of missed copies: "
            + ", ".join(f"{k} {n}" for k, n in missed_edits.most_common())
        )
    print("  exact similarity of copies: " + _quantiles(copy_sims))
    for kind, sims in sorted(distractor_sims.items()):
        over = sum(sim >= threshold for sim in sims)
        print(
            f"  distractors ({kind}, {len(sims)}): {_quantiles(sims)}; {over} at or over threshold"
        )


def _quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "none"
    marks = (0.0, 0.01, 0.05, 0.5, 0.95, 1.0)
    picks = [ordered[min(len(ordered) - 1, int(mark * len(ordered)))] for mark in marks]
    return "min {:.2f}, p1 {:.2f}, p5 {:.2f}, median {:.2f}, p95 {:.2f}, max {:.2f}".format(*picks)


if __name__ == "__main__":
    main()
