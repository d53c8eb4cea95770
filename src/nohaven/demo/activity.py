"""The Twitter activity of the synthetic world: who posts, replies, reposts and quotes whom.

A schedule of events (ordinary posting, suspension hand-offs, peers promoting a new account,
the turns of sustained one-to-one exchanges) is laid out first, then played in time order so
every reply, repost and quote points at a post that exists, by an account that is still up.
"""

from __future__ import annotations

import bisect
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from nohaven.demo import text, vocab
from nohaven.demo.cast import Actor, Cast
from nohaven.demo.clock import snowflake
from nohaven.demo.links import LinkPlan, SynthLink, web_link
from nohaven.demo.truth import LinkCategory, Role

__all__ = ["PostKind", "SynthPost", "Thread", "Timeline", "simulate"]

TWEET_CHARS = 140
_TCO = 24  # " https://t.co/xxxxxxxxxx"
_HOURS = (2, 1, 1, 1, 1, 2, 4, 6, 8, 8, 7, 7, 8, 8, 7, 7, 8, 9, 10, 11, 11, 9, 6, 4)
_HOUR_CUM = tuple(sum(_HOURS[: i + 1]) for i in range(24))
_RATE = {Role.ORDINARY: 0.07, Role.NEWS: 0.45, Role.COUNTER: 0.2, Role.NETWORK: 1.3}


class PostKind(StrEnum):
    ORIGINAL = "original"
    REPLY = "reply"
    RETWEET = "retweet"
    QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class SynthPost:
    """One tweet before rendering.

    ``body`` holds the author's words, inline ``@handle`` mentions and defanged links;
    hashtags and clickable links are appended when rendered. ``target`` is the post replied
    to, reposted or quoted.
    """

    id: int
    actor: int
    created: datetime
    kind: PostKind
    body: str = ""
    links: tuple[SynthLink, ...] = ()
    mentions: tuple[int, ...] = ()
    hashtags: tuple[str, ...] = ()
    target: int | None = None


@dataclass(slots=True)
class Thread:
    """A planned sustained exchange and what actually happened in it."""

    persona: int
    target: int
    times: tuple[datetime, ...]
    last_post: int | None = None
    network_accounts: list[int] = field(default_factory=list)
    network_replies: int = 0
    ordinary_replies: int = 0
    first: datetime | None = None
    last: datetime | None = None
    invited: datetime | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    posts: tuple[SynthPost, ...]
    threads: tuple[Thread, ...]
    group_invite: str


@dataclass(frozen=True, slots=True, order=True)
class _Event:
    time: datetime
    seq: int
    action: str = field(compare=False)
    actor: int = field(compare=False)
    ref: int = field(compare=False, default=-1)


def _hour_time(rng: random.Random, day: datetime) -> datetime:
    hour = bisect.bisect_right(_HOUR_CUM, rng.random() * _HOUR_CUM[-1])
    return day + timedelta(hours=min(hour, 23), seconds=rng.randrange(3600))


class _Simulation:
    def __init__(
        self,
        rng: random.Random,
        cast: Cast,
        start: datetime,
        end: datetime,
        plan: LinkPlan,
        channel_last_id: Callable[[str, datetime], int],
    ) -> None:
        self.rng = rng
        self.cast = cast
        self.actors = cast.actors
        self.start = start
        self.end = end
        self.plan = plan
        self.channel_last_id = channel_last_id
        self.posts: list[SynthPost] = []
        self.by_id: dict[int, SynthPost] = {}
        self.last_post: dict[int, int] = {}
        self.pools: dict[tuple[Role, str], deque[int]] = {}
        self.network_pool: deque[int] = deque(maxlen=300)
        self.reposted: set[tuple[int, int]] = set()
        self.handoff_post: dict[int, int] = {}
        self.counter = 0
        self.network = cast.by_role(Role.NETWORK)
        self.friends = self._friends()
        self.threads = self._threads()
        self.invite = "https://t.me/+" + "".join(
            rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
            for _ in range(16)
        )

    # -- planning ---------------------------------------------------------------------------

    def _friends(self) -> dict[int, tuple[int, ...]]:
        ordinary = [a for a in self.actors if a.role is Role.ORDINARY]
        by_lang: dict[str, list[int]] = {}
        for a in ordinary:
            by_lang.setdefault(a.lang, []).append(a.index)
        everyone = [a.index for a in ordinary]
        friends: dict[int, tuple[int, ...]] = {}
        for a in ordinary:
            same = by_lang[a.lang]
            picks: list[int] = []
            for _ in range(self.rng.randint(6, 12)):
                pool = same if self.rng.random() < 0.85 else everyone
                pick = pool[self.rng.randrange(len(pool))]
                if pick != a.index and pick not in picks:
                    picks.append(pick)
            friends[a.index] = tuple(picks)
        return friends

    def _threads(self) -> list[Thread]:
        rng = self.rng
        taken: list[int] = []
        threads: list[Thread] = []
        for p, chain in enumerate(self.cast.personas):
            head = self.actors[chain[0]]
            candidates = [
                a.index
                for a in self.actors
                if a.role is Role.ORDINARY and a.lang == head.lang and a.index not in taken
            ]
            life_start = max(head.created, self.start)
            last = self.actors[chain[-1]]
            life_end = last.suspended or self.end
            for target in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
                weeks = rng.uniform(3, 10)
                span = timedelta(weeks=weeks)
                latest = max(life_start, life_end - span)
                t0 = life_start + (latest - life_start) * rng.random()
                rounds = rng.randint(6, 14)
                later = sorted(t0 + span * rng.random() for _ in range(rounds - 1))
                times = (t0, *later)
                threads.append(Thread(persona=p, target=target, times=times))
                taken.append(target)
        return threads

    def _schedule(self) -> list[_Event]:
        rng = self.rng
        events: list[_Event] = []
        seq = 0

        def add(time: datetime, action: str, actor: int, ref: int = -1) -> None:
            nonlocal seq
            if self.start <= time < self.end:
                events.append(_Event(time.replace(microsecond=0), seq, action, actor, ref))
                seq += 1

        for a in self.actors:
            lo = max(a.created, self.start)
            if a.predecessor is not None:
                lo = max(lo, a.created + timedelta(hours=2))  # the hand-off post comes first
            hi = min(a.suspended or self.end, self.end)
            if hi <= lo:
                continue
            days = (hi - lo).total_seconds() / 86400
            rate = _RATE[a.role]
            if a.role is Role.ORDINARY:
                rate *= 2.718 ** rng.gauss(0.0, 0.8)
            count = int(rate * days * rng.uniform(0.8, 1.2) + rng.random())
            midnight = lo.replace(hour=0, minute=0, second=0, microsecond=0)
            span_days = int((hi - midnight).total_seconds() // 86400) + 1
            for _ in range(count):
                when = _hour_time(rng, midnight + timedelta(days=rng.randrange(span_days)))
                if lo <= when < hi:
                    add(when, "auto", a.index)
            if a.role is Role.NETWORK and a.predecessor is not None:
                handoff = a.created + timedelta(minutes=rng.uniform(3, 110))
                if a.suspended is None or handoff < a.suspended:
                    add(handoff, "handoff", a.index)
                    others = [p for p in range(len(self.cast.personas)) if p != self._persona(a)]
                    for p in rng.sample(others, min(len(others), rng.randint(2, 5))):
                        add(handoff + timedelta(hours=rng.uniform(0.5, 48)), "promote", p, a.index)
        for t, thread in enumerate(self.threads):
            add(thread.times[0], "ex_open", thread.target, t)
            for i, when in enumerate(thread.times):
                net = when + timedelta(hours=rng.uniform(0.3, 10)) if i == 0 else when
                add(net, "ex_net", thread.persona, t)
                add(net + timedelta(hours=rng.uniform(0.5, 20)), "ex_ord", thread.target, t)
        events.sort()
        return events

    def _persona(self, actor: Actor) -> int:
        for p, chain in enumerate(self.cast.personas):
            if actor.index in chain:
                return p
        raise LookupError(actor.handle)

    def _member_at(self, persona: int, when: datetime) -> Actor | None:
        for index in self.cast.personas[persona]:
            if self.actors[index].active_at(when):
                return self.actors[index]
        return None

    # -- posting ----------------------------------------------------------------------------

    def _emit(
        self,
        actor: Actor,
        when: datetime,
        kind: PostKind,
        body: str = "",
        *,
        links: tuple[SynthLink, ...] = (),
        mentions: tuple[int, ...] = (),
        hashtags: tuple[str, ...] = (),
        target: int | None = None,
    ) -> SynthPost:
        self.counter += 1
        post = SynthPost(
            id=snowflake(when, (self.counter << 6) | self.rng.getrandbits(6)),
            actor=actor.index,
            created=when,
            kind=kind,
            body=body,
            links=links,
            mentions=mentions,
            hashtags=hashtags,
            target=target,
        )
        self.posts.append(post)
        self.by_id[post.id] = post
        self.last_post[actor.index] = post.id
        if kind in (PostKind.ORIGINAL, PostKind.QUOTE):
            self.pools.setdefault((actor.role, actor.lang), deque(maxlen=120)).append(post.id)
            if actor.role is Role.NETWORK:
                self.network_pool.append(post.id)
        return post

    def _budget(
        self, links: tuple[SynthLink, ...], hashtags: tuple[str, ...], extra: int = 0
    ) -> int:
        used = extra + sum(len(h) + 2 for h in hashtags)
        used += sum(_TCO if not lk.obfuscated else len(lk.shown) + 1 for lk in links)
        return max(20, TWEET_CHARS - used)

    def _with_defanged(self, body: str, links: tuple[SynthLink, ...]) -> str:
        shown = [lk.shown for lk in links if lk.obfuscated]
        return " ".join([body, *shown]) if shown else body

    def _usable(self, post_id: int | None, actor: Actor, when: datetime, max_age: float) -> bool:
        if post_id is None:
            return False
        post = self.by_id[post_id]
        author = self.actors[post.actor]
        return (
            post.actor != actor.index
            and post.created < when
            and author.active_at(when)
            and (when - post.created).total_seconds() < max_age * 86400
        )

    def _pick(
        self, pool: deque[int] | None, actor: Actor, when: datetime, age: float
    ) -> int | None:
        if not pool:
            return None
        for _ in range(4):
            # Favour the newest posts: reposts and quotes follow the conversation.
            candidate = pool[-1 - int(len(pool) * self.rng.random() ** 3)]
            if self._usable(candidate, actor, when, age):
                return candidate
        return None

    def _original(self, actor: Actor, when: datetime, mention: Actor | None = None) -> None:
        rng = self.rng
        topic = rng.choice(actor.topics)
        hashtags: tuple[str, ...] = ()
        if rng.random() < 0.15:
            hashtags = (vocab.TOPIC_HASHTAGS[actor.lang][topic],)
        links: tuple[SynthLink, ...] = (web_link(rng),) if rng.random() < 0.05 else ()
        prefix = f"@{mention.handle} " if mention else ""
        limit = self._budget(links, hashtags, len(prefix))
        body = prefix + text.compose(rng, actor.lang, topic, limit)
        self._emit(
            actor,
            when,
            PostKind.ORIGINAL,
            body,
            links=links,
            hashtags=hashtags,
            mentions=(mention.index,) if mention else (),
        )

    def _repost(self, actor: Actor, when: datetime, post_id: int) -> None:
        original = self.by_id[post_id]
        if original.kind is PostKind.RETWEET and original.target is not None:
            post_id = original.target
        key = (actor.index, post_id)
        if key in self.reposted or self.by_id[post_id].actor == actor.index:
            return
        self.reposted.add(key)
        self._emit(actor, when, PostKind.RETWEET, target=post_id)

    def _reply(
        self,
        actor: Actor,
        when: datetime,
        post_id: int,
        body: str,
        links: tuple[SynthLink, ...] = (),
    ) -> SynthPost:
        return self._emit(actor, when, PostKind.REPLY, body, links=links, target=post_id)

    def _quote(self, actor: Actor, when: datetime, post_id: int, pool: tuple[str, ...]) -> None:
        body = text.compose_from(self.rng, pool, TWEET_CHARS - _TCO)
        self._emit(actor, when, PostKind.QUOTE, body, target=post_id)

    def _ordinary(self, actor: Actor, when: datetime) -> None:
        rng = self.rng
        roll = rng.random()
        friends = self.friends.get(actor.index, ())
        friend = self.actors[rng.choice(friends)] if friends else None
        if roll < 0.50 or friend is None:
            self._original(actor, when)
        elif roll < 0.62:
            target = self.last_post.get(friend.index)
            if self._usable(target, actor, when, 20) and target is not None:
                body = text.compose_from(rng, vocab.EXCHANGE[actor.lang], TWEET_CHARS - 20)
                self._reply(actor, when, target, body)
            else:
                self._original(actor, when)
        elif roll < 0.84:
            source = rng.random()
            if source < 0.4:
                pick = self._pick(self.pools.get((Role.NEWS, actor.lang)), actor, when, 5)
            elif source < 0.55:
                pick = self._pick(self.pools.get((Role.COUNTER, actor.lang)), actor, when, 10)
            else:
                target = self.last_post.get(friend.index)
                pick = target if self._usable(target, actor, when, 10) else None
            if pick is None:
                self._original(actor, when)
            else:
                self._repost(actor, when, pick)
        elif roll < 0.89:
            pick = self._pick(self.pools.get((Role.NEWS, actor.lang)), actor, when, 3)
            if pick is None:
                self._original(actor, when)
            else:
                self._quote(actor, when, pick, vocab.CLOSERS[actor.lang])
        else:
            self._original(actor, when, mention=friend)

    def _news(self, actor: Actor, when: datetime) -> None:
        rng = self.rng
        if rng.random() < 0.12:
            pick = self._pick(self.pools.get((Role.NEWS, actor.lang)), actor, when, 2)
            if pick is not None:
                self._repost(actor, when, pick)
                return
        links: tuple[SynthLink, ...] = ()
        if rng.random() < 0.75:
            slug = f"{actor.handle.lower()}/{when:%Y/%m}/item-{rng.randrange(10**6):06d}"
            links = (SynthLink(f"https://news.example.com/{slug}", LinkCategory.WEB),)
        hashtags: tuple[str, ...] = ()
        if rng.random() < 0.2:
            hashtags = (rng.choice(sorted(vocab.TOPIC_HASHTAGS[actor.lang].values())),)
        body = text.compose_from(rng, vocab.NEWS[actor.lang], self._budget(links, hashtags))
        self._emit(actor, when, PostKind.ORIGINAL, body, links=links, hashtags=hashtags)

    def _counter(self, actor: Actor, when: datetime) -> None:
        rng = self.rng
        roll = rng.random()
        pool = vocab.COUNTER[actor.lang]
        if roll < 0.65:
            links: tuple[SynthLink, ...] = ()
            if rng.random() < 0.3:
                url = f"https://www.example.org/support/{actor.lang}"
                links = (SynthLink(url, LinkCategory.WEB),)
            body = text.compose_from(rng, pool, self._budget(links, ()), extra=1)
            self._emit(actor, when, PostKind.ORIGINAL, body, links=links)
            return
        if roll < 0.8:
            pick = self._pick(self.pools.get((Role.COUNTER, actor.lang)), actor, when, 7)
            if pick is not None:
                self._repost(actor, when, pick)
                return
        role = Role.NETWORK if rng.random() < 0.25 else Role.ORDINARY
        pick = self._pick(self.pools.get((role, actor.lang)), actor, when, 3)
        if pick is None:
            self._emit(actor, when, PostKind.ORIGINAL, text.compose_from(rng, pool, 120))
        else:
            self._reply(actor, when, pick, text.compose_from(rng, pool, 110))

    def _progress(self, when: datetime) -> float:
        return min(1.0, max(0.0, (when - self.start) / (self.end - self.start)))

    def _network_links(self, when: datetime, p: float) -> tuple[SynthLink, ...]:
        if self.rng.random() >= self.plan.link_share(p):
            return ()
        last = {ch: self.channel_last_id(ch, when) for ch in self.plan.channels}
        return (self.plan.network_link(self.rng, p, last),)

    def _network(self, actor: Actor, when: datetime) -> None:
        rng = self.rng
        roll = rng.random()
        p = self._progress(when)
        if roll < 0.62:
            pick = None
            if rng.random() < 0.7:
                pick = self._pick(self.pools.get((Role.NETWORK, actor.lang)), actor, when, 7)
            pick = pick or self._pick(self.network_pool, actor, when, 7)
            if pick is not None and self.actors[self.by_id[pick].actor].persona != actor.persona:
                if roll < 0.55:
                    self._repost(actor, when, pick)
                else:
                    self._quote(actor, when, pick, vocab.CHANNEL_PHRASES[actor.lang])
                return
        hashtags: tuple[str, ...] = ()
        if rng.random() < 0.6:
            hashtags = tuple(rng.sample(actor.hashtags, rng.randint(1, len(actor.hashtags))))
        links = self._network_links(when, p)
        mentions: tuple[int, ...] = ()
        prefix = ""
        if roll < 0.68:
            peers = [a for a in self.network if a.active_at(when) and a.persona != actor.persona]
            if peers:
                peer = rng.choice(peers)
                mentions = (peer.index,)
                prefix = f"@{peer.handle} "
        limit = self._budget(links, hashtags, len(prefix))
        if links and rng.random() < 0.5:
            body = text.compose_from(rng, vocab.CHANNEL_PHRASES[actor.lang], limit)
        else:
            body = text.compose(rng, actor.lang, rng.choice(actor.topics), limit)
        body = self._with_defanged(prefix + body, links)
        self._emit(
            actor,
            when,
            PostKind.ORIGINAL,
            body,
            links=links,
            mentions=mentions,
            hashtags=hashtags,
        )

    def _handoff(self, actor: Actor, when: datetime) -> None:
        assert actor.predecessor is not None
        prev = self.actors[actor.predecessor]
        template = self.rng.choice(vocab.HANDOFF[actor.lang])
        body = template.format(prev=f"@{prev.handle}")
        post = self._emit(actor, when, PostKind.ORIGINAL, body, mentions=(prev.index,))
        self.handoff_post[actor.index] = post.id

    def _promote(self, persona: int, when: datetime, new_index: int) -> None:
        actor = self._member_at(persona, when)
        new = self.actors[new_index]
        if actor is None or not new.active_at(when):
            return
        post_id = self.handoff_post.get(new_index)
        if post_id is not None and self.rng.random() < 0.5:
            self._repost(actor, when, post_id)
            return
        template = self.rng.choice(vocab.FOLLOW_NEW[actor.lang])
        body = template.format(new=f"@{new.handle}")
        self._emit(actor, when, PostKind.ORIGINAL, body, mentions=(new.index,))

    def _exchange(self, action: str, thread: Thread, when: datetime) -> None:
        rng = self.rng
        target = self.actors[thread.target]
        lang = target.lang
        if action == "ex_open":
            self._original(target, when)
            thread.last_post = self.last_post[target.index]
            return
        if thread.last_post is None:
            return
        last = self.by_id[thread.last_post]
        if action == "ex_net":
            actor = self._member_at(thread.persona, when)
            if (
                actor is None
                or last.actor != target.index
                or not self._usable(last.id, actor, when, 90)
            ):
                return
            parts = [rng.choice(vocab.EXCHANGE[lang])]
            if rng.random() < 0.4:
                parts.append(rng.choice(vocab.TOPICS[lang][rng.choice(actor.topics)]))
            links: tuple[SynthLink, ...] = ()
            late = when >= thread.times[len(thread.times) * 3 // 5]
            if late and rng.random() < 0.35:
                parts = [vocab.CHANNEL_PHRASES[lang][4]]
                links = (SynthLink(self.invite, LinkCategory.MESSAGING),)
                thread.invited = thread.invited or when
            limit = self._budget(links, (), len(target.handle) + 2)
            post = self._reply(actor, when, last.id, text.fit(parts, limit), links=links)
            if actor.index not in thread.network_accounts:
                thread.network_accounts.append(actor.index)
            thread.network_replies += 1
        else:
            author = self.actors[last.actor]
            if last.actor == target.index or not self._usable(last.id, target, when, 90):
                return
            parts = [rng.choice(vocab.EXCHANGE[lang])]
            if rng.random() < 0.3:
                parts.append(rng.choice(vocab.TOPICS[lang][rng.choice(target.topics)]))
            limit = TWEET_CHARS - len(author.handle) - 2
            post = self._reply(target, when, last.id, text.fit(parts, limit))
            thread.ordinary_replies += 1
        thread.last_post = post.id
        thread.first = thread.first or when
        thread.last = when

    def run(self) -> Timeline:
        handlers = {
            Role.ORDINARY: self._ordinary,
            Role.NEWS: self._news,
            Role.COUNTER: self._counter,
            Role.NETWORK: self._network,
        }
        for event in self._schedule():
            if event.action == "auto":
                actor = self.actors[event.actor]
                handlers[actor.role](actor, event.time)
            elif event.action == "handoff":
                self._handoff(self.actors[event.actor], event.time)
            elif event.action == "promote":
                self._promote(event.actor, event.time, event.ref)
            else:
                self._exchange(event.action, self.threads[event.ref], event.time)
        return Timeline(tuple(self.posts), tuple(self.threads), self.invite)


def simulate(
    rng: random.Random,
    cast: Cast,
    start: datetime,
    end: datetime,
    plan: LinkPlan,
    channel_last_id: Callable[[str, datetime], int],
) -> Timeline:
    """Play the world's Twitter activity from ``start`` to ``end``."""
    return _Simulation(rng, cast, start, end, plan, channel_last_id).run()
