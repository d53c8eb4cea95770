"""Outlinks of the synthetic world: what the network links to, and how that shifts over time.

Every URL is a string only: nothing here is ever fetched. Messaging-app and file-host URLs use
the real public domains analysts watch (``t.me``, ``chat.whatsapp.com``, ``signal.group``,
``archive.org``, ``justpaste.it``) with invented paths; everything else uses the reserved
``example.com`` / ``example.org`` / ``example.net`` domains.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from nohaven.demo.truth import LinkCategory

__all__ = [
    "FILE_HOST_DOMAINS",
    "MESSAGING_DOMAINS",
    "WEB_DOMAINS",
    "LinkPlan",
    "SynthLink",
    "file_host_link",
    "obfuscate",
    "web_link",
]

MESSAGING_DOMAINS = ("t.me", "chat.whatsapp.com", "signal.group")
FILE_HOST_DOMAINS = ("archive.org", "justpaste.it", "files.example.net")
WEB_DOMAINS = ("news.example.com", "video.example.com", "www.example.org", "blog.example.net")

_ALNUM = string.ascii_letters + string.digits
_LOWER = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True)
class SynthLink:
    """A link in a post: the canonical URL, where it leads, and whether it is written defanged.

    A defanged (obfuscated) link appears in the text as :attr:`shown` and is not an entity.
    """

    url: str
    category: LinkCategory
    obfuscated: bool = False

    @property
    def shown(self) -> str:
        return obfuscate(self.url) if self.obfuscated else self.url

    @property
    def domain(self) -> str:
        return self.url.split("://", 1)[-1].split("/", 1)[0]


def obfuscate(url: str) -> str:
    """Defang a URL the way posters dodge link filters: ``hxxps://t[.]me/x`` or ``t[.]me/x``."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    host = host.replace(".", "[.]")
    if scheme == "https" and len(path) % 2 == 0:
        return f"hxxps://{host}{slash}{path}"
    return f"{host}{slash}{path}"


def _code(rng: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


@dataclass(frozen=True, slots=True)
class LinkPlan:
    """The link behaviour of the network cluster as a function of time.

    ``progress`` runs from 0 (first month) to 1 (last month). The share of authored posts with
    a link, the share of messaging-app and file-host links, and the share of defanged links
    all grow with it.
    """

    channels: tuple[str, ...]  # Telegram channel usernames the network points to

    @staticmethod
    def link_share(progress: float) -> float:
        return 0.15 + 0.55 * progress

    @staticmethod
    def weights(progress: float) -> tuple[float, float, float]:
        messaging = 0.15 + 0.35 * progress
        file_host = 0.10 + 0.30 * progress
        return messaging, file_host, 1.0 - messaging - file_host

    @staticmethod
    def obfuscation_share(progress: float) -> float:
        return 0.05 + 0.25 * progress

    def network_link(
        self, rng: random.Random, progress: float, channel_posts: dict[str, int]
    ) -> SynthLink:
        messaging, file_host, _ = self.weights(progress)
        roll = rng.random()
        if roll < messaging:
            link = self.messaging(rng, channel_posts)
        elif roll < messaging + file_host:
            link = file_host_link(rng)
        else:
            return web_link(rng)
        if rng.random() < self.obfuscation_share(progress):
            return SynthLink(link.url, link.category, obfuscated=True)
        return link

    def messaging(self, rng: random.Random, channel_posts: dict[str, int]) -> SynthLink:
        roll = rng.random()
        if roll < 0.7 and self.channels:
            channel = rng.choice(self.channels)
            last = channel_posts.get(channel, 0)
            if last and rng.random() < 0.5:
                url = f"https://t.me/{channel}/{rng.randint(max(1, last - 30), last)}"
            else:
                url = f"https://t.me/{channel}"
        elif roll < 0.88:
            url = f"https://chat.whatsapp.com/{_code(rng, 22)}"
        else:
            url = f"https://signal.group/#{_code(rng, 43)}"
        return SynthLink(url, LinkCategory.MESSAGING)


def file_host_link(rng: random.Random) -> SynthLink:
    roll = rng.random()
    if roll < 0.4:
        url = f"https://archive.org/details/placeholder-item-{rng.randrange(10000):04d}"
    elif roll < 0.75:
        url = f"https://justpaste.it/{_code(rng, 5, _LOWER)}"
    else:
        url = f"https://files.example.net/d/{rng.getrandbits(48):012x}"
    return SynthLink(url, LinkCategory.FILE_HOST)


def web_link(rng: random.Random, path_hint: str = "") -> SynthLink:
    roll = rng.random()
    if roll < 0.4:
        slug = path_hint or f"story-{rng.randrange(100000)}"
        url = f"https://news.example.com/{slug}"
    elif roll < 0.7:
        url = f"https://video.example.com/watch?v={_code(rng, 11)}"
    elif roll < 0.85:
        url = f"https://www.example.org/page/{rng.randrange(1000)}"
    else:
        url = f"https://blog.example.net/{rng.randrange(2018, 2026)}/{_code(rng, 8, _LOWER)}"
    return SynthLink(url, LinkCategory.WEB)
