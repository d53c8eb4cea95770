"""The cast of the synthetic world: Twitter accounts with roles, languages and lifetimes.

Network personas run a chain of accounts: each is suspended and replaced, hours to days
later, by a successor with a numbered handle and a similar name and description.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from nohaven.demo import vocab
from nohaven.demo.clock import snowflake
from nohaven.demo.truth import Role

__all__ = ["Actor", "Cast", "build_cast"]

_REGION_HANDLE = ("North", "South", "East", "West")
_PERSONA_SUFFIX = ("Info", "Media", "Daily", "Plus", "Hub")
_MIN_ACCOUNTS = 40


@dataclass(frozen=True, slots=True)
class Actor:
    """One Twitter account of the world (an internal record; the truth is AccountTruth)."""

    index: int
    id: int
    handle: str
    name: str
    description: str
    role: Role
    lang: str
    created: datetime
    suspended: datetime | None
    persona: str | None
    generation: int | None
    predecessor: int | None
    successor: int | None
    followers: int
    friends: int
    topics: tuple[str, ...]
    hashtags: tuple[str, ...]

    @property
    def id_str(self) -> str:
        return str(self.id)

    def active_at(self, when: datetime) -> bool:
        return self.created <= when and (self.suspended is None or when < self.suspended)


@dataclass(frozen=True, slots=True)
class Cast:
    actors: tuple[Actor, ...]
    personas: tuple[tuple[int, ...], ...]  # each persona's chain of actor indices, in order

    def by_role(self, role: Role) -> tuple[Actor, ...]:
        return tuple(a for a in self.actors if a.role is role)


def _languages(rng: random.Random, n: int) -> list[str]:
    """Languages in a 50/25/25 Arabic/French/English split, shuffled."""
    cycle = ("ar", "fr", "ar", "en")
    langs = [cycle[i % 4] for i in range(n)]
    rng.shuffle(langs)
    return langs


def _past(rng: random.Random, start: datetime, years_back: float) -> datetime:
    seconds = int(rng.uniform(30 * 86400, years_back * 365 * 86400))
    return start - timedelta(seconds=seconds)


def _lognormal_int(rng: random.Random, median: float, sigma: float) -> int:
    return max(0, int(median * math.exp(rng.gauss(0.0, sigma))))


def build_cast(rng: random.Random, accounts: int, start: datetime, end: datetime) -> Cast:
    """Allocate ``accounts`` Twitter accounts to roles and lay out the network's chains."""
    if accounts < _MIN_ACCOUNTS:
        raise ValueError(f"a world needs at least {_MIN_ACCOUNTS} accounts, got {accounts}")
    n_news = max(3, round(accounts * 0.04))
    n_counter = max(3, round(accounts * 0.05))
    n_network = max(8, round(accounts * 0.10))
    n_ordinary = accounts - n_news - n_counter - n_network
    actors: list[Actor] = []
    used: set[str] = set()
    low = iter(range(1, 1 << 30))

    def new_id(created: datetime) -> int:
        return snowflake(created, (next(low) << 10) | rng.getrandbits(10))

    def unique(handle: str) -> str:
        candidate, n = handle, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{handle}{n}" if len(handle) < 13 else f"{handle[:12]}_{n}"
        used.add(candidate.casefold())
        return candidate

    personas = _network(rng, n_network, start, end, actors, unique, new_id)
    for role, count in ((Role.NEWS, n_news), (Role.COUNTER, n_counter)):
        pools = vocab.ORGANISATIONS[role.value]
        seen = {"ar": 0, "fr": 0, "en": 0}
        for lang in _languages(rng, count):
            k = seen[lang]
            seen[lang] += 1
            name, handle = pools[lang][k % len(pools[lang])]
            if k >= len(pools[lang]):
                region = (k // len(pools[lang]) - 1) % len(_REGION_HANDLE)
                name = f"{name} - {vocab.REGIONS[lang][region]}"
                handle = handle[:11] + _REGION_HANDLE[region]
            topics = tuple(rng.sample(sorted(vocab.TOPICS[lang]), 2))
            created = _past(rng, start, 12)
            actors.append(
                Actor(
                    index=len(actors),
                    id=new_id(created),
                    handle=unique(handle),
                    name=name,
                    description=vocab.ORG_DESCRIPTION[role.value][lang],
                    role=role,
                    lang=lang,
                    created=created,
                    suspended=None,
                    persona=None,
                    generation=None,
                    predecessor=None,
                    successor=None,
                    followers=_lognormal_int(rng, 20000 if role is Role.NEWS else 4000, 0.8),
                    friends=_lognormal_int(rng, 300, 0.6),
                    topics=topics,
                    hashtags=(),
                )
            )
    for lang in _languages(rng, n_ordinary):
        first, first_latin = rng.choice(vocab.FIRST_NAMES[lang])
        last, last_latin = rng.choice(vocab.LAST_NAMES[lang])
        style = rng.randrange(4)
        if style == 0:
            handle = f"{first_latin}_{last_latin}"
        elif style == 1:
            handle = f"{first_latin}{rng.randrange(1975, 2006)}"
        elif style == 2:
            handle = f"{first_latin}_{last_latin[:3]}{rng.randrange(10, 99)}"
        else:
            handle = f"{last_latin}{first_latin.capitalize()}"
        hobbies = rng.sample(vocab.HOBBIES[lang], 2)
        created = _past(rng, start, 13)
        actors.append(
            Actor(
                index=len(actors),
                id=new_id(created),
                handle=unique(handle),
                name=f"{first} {last}" if rng.random() < 0.7 else first,
                description=vocab.DESCRIPTION_ORDINARY[lang].format(a=hobbies[0], b=hobbies[1])
                if rng.random() < 0.8
                else "",
                role=Role.ORDINARY,
                lang=lang,
                created=created,
                suspended=None,
                persona=None,
                generation=None,
                predecessor=None,
                successor=None,
                followers=_lognormal_int(rng, 180, 1.0),
                friends=_lognormal_int(rng, 250, 0.7),
                topics=tuple(rng.sample(sorted(vocab.TOPICS[lang]), 3)),
                hashtags=(),
            )
        )
    return Cast(actors=tuple(actors), personas=personas)


def _chain_lengths(rng: random.Random, budget: int) -> list[int]:
    lengths: list[int] = []
    while budget > 0:
        n = min(budget, rng.choice((2, 3, 3, 4, 4, 5)))
        if budget - n == 1:
            n += 1
        lengths.append(n)
        budget -= n
    return lengths


def _network(
    rng: random.Random,
    budget: int,
    start: datetime,
    end: datetime,
    actors: list[Actor],
    unique: Callable[[str], str],
    new_id: Callable[[datetime], int],
) -> tuple[tuple[int, ...], ...]:
    span = (end - start).total_seconds()
    chains: list[tuple[int, ...]] = []
    seen = {"ar": 0, "fr": 0, "en": 0}
    lengths = _chain_lengths(rng, budget)
    for p, (length, lang) in enumerate(zip(lengths, _languages(rng, len(lengths)), strict=True)):
        k = seen[lang]
        seen[lang] += 1
        pool = vocab.PERSONA_NAMES[lang]
        name, base = pool[k % len(pool)]
        if k >= len(pool):
            base = base[:10] + _PERSONA_SUFFIX[(k // len(pool) - 1) % len(_PERSONA_SUFFIX)]
        persona = f"persona-{p + 1:02d}"
        style = rng.randrange(3)  # base, base2, base3 / base, base_2 / base1, base2
        nouns = rng.sample(vocab.TOPIC_NOUNS[lang], 2)
        description = vocab.DESCRIPTION_PERSONA[lang].format(a=nouns[0], b=nouns[1])
        tags = tuple(f"placeholder_topic_{n}" for n in sorted(rng.sample(range(1, 10), 2)))
        topics = tuple(rng.sample(sorted(vocab.TOPICS[lang]), 3))
        first = start + timedelta(seconds=rng.uniform(-60 * 86400, 0.35 * span))
        # Split the persona's life into `length` stretches of random relative length.
        weights = [rng.uniform(0.6, 1.4) for _ in range(length)]
        total = sum(weights)
        life = (end - first).total_seconds()
        created = first
        chain: list[int] = []
        for g in range(1, length + 1):
            stretch = life * weights[g - 1] / total
            if g < length:
                suspended: datetime | None = created + timedelta(
                    seconds=max(3 * 86400.0, stretch * rng.uniform(0.75, 0.95))
                )
            elif rng.random() < 0.4:
                suspended = created + timedelta(seconds=stretch * rng.uniform(0.6, 0.9))
            else:
                suspended = None
            if suspended is not None:
                suspended = suspended.replace(microsecond=0)
            if style == 0:
                handle = base if g == 1 else f"{base}{g}"
            elif style == 1:
                handle = base if g == 1 else f"{base}_{g}"
            else:
                handle = f"{base}{g}"
            shown = name
            if g > 1:
                variant = rng.randrange(3)
                if variant == 1:
                    shown = f"{name} {g}"
                elif variant == 2:
                    shown = f"{name} ({vocab.NEW_MARKER[lang]})"
            index = len(actors)
            actors.append(
                Actor(
                    index=index,
                    id=new_id(created),
                    handle=unique(handle),
                    name=shown,
                    description=description
                    if g == 1 or rng.random() < 0.5
                    else f"{description} {vocab.NEW_MARKER[lang].capitalize()}.",
                    role=Role.NETWORK,
                    lang=lang,
                    created=created.replace(microsecond=0),
                    suspended=suspended,
                    persona=persona,
                    generation=g,
                    predecessor=chain[-1] if chain else None,
                    successor=None,
                    followers=_lognormal_int(rng, 400 if g == 1 else 120, 0.7),
                    friends=_lognormal_int(rng, 500, 0.5),
                    topics=topics,
                    hashtags=tags,
                )
            )
            if chain:
                prev = actors[chain[-1]]
                actors[chain[-1]] = replace(prev, successor=index)
            chain.append(index)
            if suspended is not None and g < length:
                gap_hours = math.exp(rng.uniform(math.log(2.0), math.log(144.0)))
                created = suspended + timedelta(hours=gap_hours)
        chains.append(tuple(chain))
    return tuple(chains)
