"""The synthetic demo world: determinism, cast, chains, exchanges, links, layouts, safety."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from nohaven.demo import Role, WorldManifest, generate_world
from nohaven.demo.links import FILE_HOST_DOMAINS, MESSAGING_DOMAINS, WEB_DOMAINS
from nohaven.ingest.times import parse_iso, parse_twitter_v1

SMALL = {"accounts": 60, "months": 4, "start": date(2024, 3, 1)}
ALLOWED_DOMAINS = {*MESSAGING_DOMAINS, *FILE_HOST_DOMAINS, *WEB_DOMAINS, "twitter.com"}
# Safety guard only: none of these may ever appear in generated text.
SENSITIVE = (
    "isis",
    "isil",
    "daesh",
    "daech",
    "jihad",
    "djihad",
    "caliphate",
    "califat",
    "mujahid",
    "moudjahid",
    "martyr",
    "kuffar",
    "داعش",
    "جهاد",
    "خلافة",
    "الدولة الإسلامية",
    "مجاهد",
    "شهيد",
    "كفار",
)
URL = re.compile(r"https?://\S+")
DEFANGED = re.compile(r"(?:hxxps?://)?[a-z0-9-]+(?:\[\.\][a-z0-9-]+)+\S*")


@dataclass(frozen=True)
class World:
    path: Path
    manifest: WorldManifest
    seconds: float

    def records(self, fmt: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """(file, 1-based line, object) for every JSON line of the files of one format."""
        for file in self.manifest.file(fmt):
            with (self.path / file.path).open("rb") as handle:
                for n, line in enumerate(handle, 1):
                    yield file.path, n, orjson.loads(line)

    def v1(self) -> list[dict[str, Any]]:
        return [doc for _, _, doc in self.records("twitter-v1")]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The default world (seed 7, 400 accounts, 18 months), generated once."""
    path = tmp_path_factory.mktemp("world")
    began = time.perf_counter()
    manifest = generate_world(path)
    return World(path, manifest, time.perf_counter() - began)


@pytest.fixture(scope="module")
def statuses(world: World) -> list[dict[str, Any]]:
    return world.v1()


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _time(doc: dict[str, Any]) -> datetime:
    return parse_twitter_v1(doc["created_at"])


def _iter_text(world: World) -> list[tuple[str, str]]:
    """(where, text) for every piece of generated free text in every file."""
    out: list[tuple[str, str]] = []
    for fmt in ("twitter-v1", "telegram-telethon"):
        for path, line, doc in world.records(fmt):
            out.append((f"{path}:{line}", doc.get("text") or doc.get("message") or ""))
            user = doc.get("user")
            if isinstance(user, dict):
                out.append((f"{path}:{line}:user", f"{user['name']} {user['description']}"))
    for path, line, page in world.records("twitter-v2"):
        for tweet in page["data"]:
            out.append((f"{path}:{line}", tweet["text"]))
        for user in page["includes"]["users"]:
            out.append((f"{path}:{line}:user", f"{user['name']} {user['description']}"))
    for file in world.manifest.file("telegram-export"):
        export = orjson.loads((world.path / file.path).read_bytes())
        out.append((file.path, str(export["name"])))
        for message in export["messages"]:
            for entity in message["text_entities"]:
                out.append((f"{file.path}#{message['id']}", entity["text"]))
    return out


# -- determinism -------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = generate_world(tmp_path / "a", seed=3, **SMALL)  # type: ignore[arg-type]
    second = generate_world(tmp_path / "b", seed=3, **SMALL)  # type: ignore[arg-type]
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_different_seed_gives_different_world(tmp_path: Path) -> None:
    generate_world(tmp_path / "a", seed=3, **SMALL)  # type: ignore[arg-type]
    generate_world(tmp_path / "b", seed=4, **SMALL)  # type: ignore[arg-type]
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["ground_truth.json"] != b["ground_truth.json"]
    assert a["twitter/v1/statuses-2024-03.jsonl"] != b["twitter/v1/statuses-2024-03.jsonl"]


def test_regenerating_into_the_same_folder_drops_stale_files(tmp_path: Path) -> None:
    generate_world(tmp_path, seed=3, **SMALL)  # type: ignore[arg-type]
    (tmp_path / "notes.txt").write_text("mine")
    manifest = generate_world(tmp_path, seed=3, accounts=60, months=2, start=date(2024, 3, 1))
    listed = {f.path for f in manifest.files} | {"ground_truth.json", "notes.txt"}
    assert set(_files(tmp_path)) == listed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"accounts": 39}, "at least 40 accounts", id="too-few-accounts"),
        pytest.param({"months": 1}, "at least 2 months", id="too-few-months"),
    ],
)
def test_refuses_worlds_too_small(tmp_path: Path, kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_world(tmp_path, **kwargs)  # type: ignore[arg-type]


def test_default_world_is_fast(world: World) -> None:
    assert world.seconds < 10, f"generation took {world.seconds:.1f}s"


# -- manifest ----------------------------------------------------------------------------------


def test_manifest_lists_every_file_with_size_and_hash(world: World) -> None:
    on_disk = _files(world.path)
    assert set(on_disk) == {f.path for f in world.manifest.files} | {"ground_truth.json"}
    for file in world.manifest.files:
        assert len(on_disk[file.path]) == file.bytes, file.path
        assert hashlib.sha256(on_disk[file.path]).hexdigest() == file.sha256, file.path


def test_manifest_file_round_trips(world: World) -> None:
    assert WorldManifest.read(world.path) == world.manifest


@pytest.mark.parametrize(
    ("fmt", "minimum"),
    [
        pytest.param("twitter-v1", 18, id="v1-monthly"),
        pytest.param("twitter-v2", 1, id="v2-pages"),
        pytest.param("telegram-telethon", 3, id="telethon-channels"),
        pytest.param("telegram-export", 1, id="desktop-export"),
        pytest.param("accounts-csv", 1, id="accounts-table"),
    ],
)
def test_files_of_each_format(world: World, fmt: str, minimum: int) -> None:
    assert len(world.manifest.file(fmt)) >= minimum


def test_post_volume_fits_a_fast_demo(world: World) -> None:
    twitter = sum(f.records for f in world.manifest.files if f.format.startswith("twitter"))
    assert 20_000 <= twitter <= 40_000


# -- cast --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "low", "high"),
    [
        pytest.param(Role.NETWORK, 30, 50, id="network"),
        pytest.param(Role.COUNTER, 15, 25, id="counter"),
        pytest.param(Role.NEWS, 12, 20, id="news"),
        pytest.param(Role.ORDINARY, 300, 350, id="ordinary"),
    ],
)
def test_role_counts(world: World, role: Role, low: int, high: int) -> None:
    count = sum(1 for a in world.manifest.accounts if a.platform == "twitter" and a.role is role)
    assert low <= count <= high


def test_twitter_account_total_is_as_asked(world: World) -> None:
    assert sum(1 for a in world.manifest.accounts if a.platform == "twitter") == 400


@pytest.mark.parametrize(
    ("lang", "low", "high"),
    [
        pytest.param("ar", 0.45, 0.55, id="arabic-half"),
        pytest.param("fr", 0.20, 0.30, id="french-quarter"),
        pytest.param("en", 0.20, 0.30, id="english-quarter"),
    ],
)
def test_language_split(world: World, lang: str, low: int, high: int) -> None:
    twitter = [a for a in world.manifest.accounts if a.platform == "twitter"]
    share = sum(1 for a in twitter if a.language == lang) / len(twitter)
    assert low <= share <= high
    posts = Counter(doc["lang"] for doc in world.v1())
    assert posts[lang] > 1000


def test_accounts_csv_agrees_with_ground_truth(world: World) -> None:
    import csv

    (file,) = world.manifest.file("accounts-csv")
    with (world.path / file.path).open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    for account in world.manifest.accounts:
        if account.platform != "twitter":
            continue
        row = rows[account.id]
        assert row["screen_name"] == account.handle
        assert row["status"] == account.status
        assert (row["suspended_at"] != "") == (account.suspended is not None)


# -- suspension chains -------------------------------------------------------------------------


def test_resurgence_pairs_are_coherent(world: World) -> None:
    accounts = {a.id: a for a in world.manifest.accounts}
    assert len(world.manifest.resurgence) >= 20
    for pair in world.manifest.resurgence:
        before, after = accounts[pair.predecessor_id], accounts[pair.successor_id]
        assert before.persona == after.persona == pair.persona
        assert before.suspended == pair.suspended
        assert after.created == pair.successor_created
        assert timedelta(hours=1) < after.created - pair.suspended < timedelta(days=7)
        assert before.successor == after.id and after.predecessor == before.id
        assert after.generation == (before.generation or 0) + 1
        base = re.sub(r"_?\d+$", "", before.handle)
        assert re.fullmatch(re.escape(base) + r"_?\d+", after.handle), (before.handle, after.handle)
        assert after.display_name.startswith(
            before.display_name.split(" (")[0].rstrip(" 0123456789")
        )


def test_no_posts_outside_an_account_lifetime(world: World, statuses: list[dict[str, Any]]) -> None:
    life = {
        a.id: (a.created, a.suspended or datetime.max.replace(tzinfo=UTC))
        for a in world.manifest.accounts
        if a.platform == "twitter"
    }
    for doc in statuses:
        created, suspended = life[doc["user"]["id_str"]]
        when = _time(doc)
        assert created <= when < suspended, doc["id_str"]
        inner = doc.get("retweeted_status")
        if inner:
            author_created, author_suspended = life[inner["user"]["id_str"]]
            assert author_created <= _time(inner) < when < author_suspended


def test_suspended_accounts_stop_at_suspension(
    world: World, statuses: list[dict[str, Any]]
) -> None:
    last: dict[str, datetime] = {}
    for doc in statuses:
        last[doc["user"]["id_str"]] = max(_time(doc), last.get(doc["user"]["id_str"], _time(doc)))
    suspended = [a for a in world.manifest.accounts if a.suspended is not None]
    assert suspended
    assert all(last.get(a.id, a.created) < a.suspended for a in suspended if a.suspended)


def test_successors_announce_their_predecessor(
    world: World, statuses: list[dict[str, Any]]
) -> None:
    first: dict[str, dict[str, Any]] = {}
    for doc in sorted(statuses, key=_time):
        if "retweeted_status" not in doc:
            first.setdefault(doc["user"]["id_str"], doc)
    announced = 0
    for pair in world.manifest.resurgence:
        opening = first.get(pair.successor_id)
        if opening is None:
            continue
        mentioned = {m["id_str"] for m in opening["entities"]["user_mentions"]}
        announced += pair.predecessor_id in mentioned
    assert announced >= 0.8 * len(world.manifest.resurgence)


# -- interaction graph -------------------------------------------------------------------------


def test_network_reposts_each_other_heavily(world: World, statuses: list[dict[str, Any]]) -> None:
    roles = {a.id: a.role for a in world.manifest.accounts}
    network = [d for d in statuses if roles[d["user"]["id_str"]] is Role.NETWORK]
    peer_reposts = [
        d
        for d in network
        if "retweeted_status" in d
        and roles[d["retweeted_status"]["user"]["id_str"]] is Role.NETWORK
    ]
    ordinary = [d for d in statuses if roles[d["user"]["id_str"]] is Role.ORDINARY]
    ordinary_net = [
        d
        for d in ordinary
        if "retweeted_status" in d
        and roles[d["retweeted_status"]["user"]["id_str"]] is Role.NETWORK
    ]
    assert len(peer_reposts) / len(network) > 0.3
    assert len(ordinary_net) / len(ordinary) < 0.01


def test_sustained_exchanges_are_two_way_over_weeks(
    world: World, statuses: list[dict[str, Any]]
) -> None:
    roles = {a.id: a.role for a in world.manifest.accounts}
    replies = Counter(
        (d["user"]["id_str"], d["in_reply_to_user_id_str"])
        for d in statuses
        if d["in_reply_to_user_id_str"]
    )
    assert len(world.manifest.exchanges) >= 10
    for exchange in world.manifest.exchanges:
        assert roles[exchange.ordinary_account] is Role.ORDINARY
        assert exchange.last - exchange.first >= timedelta(days=7)
        back = sum(replies[(exchange.ordinary_account, n)] for n in exchange.network_accounts)
        forth = sum(replies[(n, exchange.ordinary_account)] for n in exchange.network_accounts)
        assert forth >= exchange.network_replies >= 3
        assert back >= exchange.ordinary_replies >= 3


def test_replies_and_quotes_point_at_real_posts(
    world: World, statuses: list[dict[str, Any]]
) -> None:
    ids = {d["id_str"] for d in statuses}
    ids |= {t["id"] for _, _, page in world.records("twitter-v2") for t in page["data"]}
    kinds: Counter[str] = Counter()
    for doc in statuses:
        if doc["in_reply_to_status_id_str"]:
            kinds["reply"] += 1
            assert doc["text"].startswith("@" + doc["in_reply_to_screen_name"] + " ")
        if doc.get("quoted_status"):
            kinds["quote"] += 1
            assert doc["quoted_status_id_str"] == doc["quoted_status"]["id_str"]
        if doc.get("retweeted_status"):
            kinds["retweet"] += 1
            assert doc["text"].startswith("RT @" + doc["retweeted_status"]["user"]["screen_name"])
        target = doc["in_reply_to_status_id_str"] or doc.get("quoted_status_id_str")
        if target and not doc.get("retweeted_status"):
            assert target in ids  # news posts live in the v2 file
    assert kinds["reply"] > 1500 and kinds["quote"] > 500 and kinds["retweet"] > 4000


def test_entity_indices_slice_the_text(statuses: list[dict[str, Any]]) -> None:
    for doc in statuses:
        text, entities = doc["text"], doc["entities"]
        for mention in entities["user_mentions"]:
            start, end = mention["indices"]
            assert text[start:end].casefold() == "@" + mention["screen_name"].casefold()
        for tag in entities["hashtags"]:
            start, end = tag["indices"]
            assert text[start:end] == "#" + tag["text"]
        for url in entities["urls"]:
            start, end = url["indices"]
            assert text[start:end] == url["url"]


# -- links -------------------------------------------------------------------------------------


def _thirds(world: World, scope: str) -> tuple[list[Any], list[Any]]:
    rows = [m for m in world.manifest.link_mix if m.scope == scope]
    third = len(rows) // 3
    return rows[:third], rows[-third:]


def _share(rows: list[Any], num: str, den: str) -> float:
    return float(sum(getattr(r, num) for r in rows) / max(1, sum(getattr(r, den) for r in rows)))


@pytest.mark.parametrize("scope", ["network", "telegram"])
def test_link_share_grows_over_time(world: World, scope: str) -> None:
    early, late = _thirds(world, scope)
    assert _share(late, "posts_with_links", "posts") > _share(early, "posts_with_links", "posts")
    early_mf = sum(r.messaging + r.file_host for r in early) / max(
        1, sum(r.messaging + r.file_host + r.web for r in early)
    )
    late_mf = sum(r.messaging + r.file_host for r in late) / max(
        1, sum(r.messaging + r.file_host + r.web for r in late)
    )
    assert late_mf > early_mf + 0.2


def test_network_link_share_rises_well_above_others(world: World) -> None:
    _, late_network = _thirds(world, "network")
    _, late_others = _thirds(world, "others")
    assert _share(late_network, "posts_with_links", "posts") > 0.4
    assert sum(r.messaging + r.file_host for r in late_others) == 0
    assert sum(r.obfuscated for r in late_network) > sum(
        r.obfuscated for r in _thirds(world, "network")[0]
    )


def test_link_mix_matches_the_files(world: World, statuses: list[dict[str, Any]]) -> None:
    network = {a.id for a in world.manifest.accounts if a.role is Role.NETWORK}
    clickable = defanged = 0
    for doc in statuses:
        if doc["user"]["id_str"] not in network or "retweeted_status" in doc:
            continue
        clickable += sum(
            1
            for u in doc["entities"]["urls"]
            if not u["expanded_url"].startswith("https://twitter.com/")
        )
        defanged += len(DEFANGED.findall(doc["text"]))
    rows = [m for m in world.manifest.link_mix if m.scope == "network"]
    assert defanged == sum(r.obfuscated for r in rows)
    assert clickable + defanged == sum(r.messaging + r.file_host + r.web for r in rows)


def test_text_holds_no_unexpected_urls(world: World, statuses: list[dict[str, Any]]) -> None:
    roles = {a.id: a.role for a in world.manifest.accounts}
    for doc in statuses:
        listed = {u["url"] for u in doc["entities"]["urls"]}
        for url in URL.findall(doc["text"]):
            assert url in listed or url.endswith("…") or doc.get("retweeted_status"), url
        for url in doc["entities"]["urls"]:
            domain = url["expanded_url"].split("/")[2]
            assert domain in ALLOWED_DOMAINS, domain
        if DEFANGED.search(doc["text"]):
            author = doc.get("retweeted_status", doc)["user"]["id_str"]
            assert roles[author] is Role.NETWORK
    for path, line, doc in world.records("telegram-telethon"):
        for url in URL.findall(doc["message"]):
            assert url.split("/")[2] in ALLOWED_DOMAINS, f"{path}:{line}"


# -- layouts -----------------------------------------------------------------------------------


def test_every_file_parses_as_json(world: World) -> None:
    for file in world.manifest.files:
        if file.kind != "posts":
            continue
        data = (world.path / file.path).read_bytes()
        if file.path.endswith(".jsonl"):
            assert all(isinstance(orjson.loads(line), dict) for line in data.splitlines())
            assert len(data.splitlines()) == file.records or file.format == "twitter-v2"
        else:
            assert isinstance(orjson.loads(data), dict)


def test_times_parse_and_stay_in_the_period(world: World, statuses: list[dict[str, Any]]) -> None:
    begin = datetime(2024, 1, 1, tzinfo=UTC)
    end = datetime(2025, 7, 1, tzinfo=UTC)
    assert all(begin <= _time(d) < end for d in statuses)
    for _, _, page in world.records("twitter-v2"):
        assert all(begin <= parse_iso(t["created_at"]) < end for t in page["data"])
    for _, _, msg in world.records("telegram-telethon"):
        assert begin <= parse_iso(msg["date"], assume_utc=True) < end
    (file,) = world.manifest.file("telegram-export")
    export = orjson.loads((world.path / file.path).read_bytes())
    for message in export["messages"]:
        when = datetime.fromtimestamp(int(message["date_unixtime"]), UTC)
        assert parse_iso(message["date"], assume_utc=True) == when


def test_v2_pages_are_newest_first_with_includes(world: World) -> None:
    seen = 0
    for _, _, page in world.records("twitter-v2"):
        ids = [int(t["id"]) for t in page["data"]]
        assert ids == sorted(ids, reverse=True)
        assert page["meta"]["result_count"] == len(ids)
        users = {u["id"] for u in page["includes"]["users"]}
        assert {t["author_id"] for t in page["data"]} <= users
        referenced = {r["id"] for t in page["data"] for r in t.get("referenced_tweets", [])}
        assert referenced <= {t["id"] for t in page["includes"].get("tweets", [])}
        seen += len(ids)
    assert seen == sum(f.records for f in world.manifest.file("twitter-v2"))


def test_telethon_channels_newest_first_with_utf16_entities(world: World) -> None:
    for path, _, msg in world.records("telegram-telethon"):
        assert msg["_"] == "Message" and msg["peer_id"]["_"] == "PeerChannel"
        encoded = msg["message"].encode("utf-16-le")
        for entity in msg["entities"]:
            piece = encoded[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])]
            shown = piece.decode("utf-16-le")
            if entity["_"] == "MessageEntityUrl":
                assert shown.startswith("https://"), path
            else:
                assert shown.startswith("#placeholder_topic_"), path
    for file in world.manifest.file("telegram-telethon"):
        ids = [
            orjson.loads(line)["id"]
            for line in (world.path / file.path).read_bytes().split(b"\n")
            if line
        ]
        assert ids == sorted(ids, reverse=True)


def test_desktop_export_layout(world: World) -> None:
    (file,) = world.manifest.file("telegram-export")
    export = orjson.loads((world.path / file.path).read_bytes())
    assert export["type"] == "private_group" and isinstance(export["id"], int)
    ids = {m["id"] for m in export["messages"]}
    kinds = Counter(m["type"] for m in export["messages"])
    assert kinds["service"] >= 2 and kinds["message"] > 500
    for message in export["messages"]:
        if message["type"] != "message":
            continue
        assert message["from_id"].startswith("user")
        assert message.get("reply_to_message_id", min(ids)) in ids
        if isinstance(message["text"], list):
            assert any(isinstance(p, dict) and p["type"] == "link" for p in message["text"])
    members = [a for a in world.manifest.accounts if a.platform == "telegram" and a.handle == ""]
    assert any(a.same_person for a in members)


# -- safety ------------------------------------------------------------------------------------


def test_generated_text_avoids_sensitive_vocabulary(world: World) -> None:
    texts = _iter_text(world)
    assert len(texts) > 30_000
    for where, text in texts:
        folded = text.casefold()
        hits = [word for word in SENSITIVE if word in folded]
        assert not hits, f"{where}: {hits}"


def test_hashtags_are_neutral(statuses: list[dict[str, Any]]) -> None:
    tags = Counter(t["text"] for d in statuses for t in d["entities"]["hashtags"])
    placeholder = [t for t in tags if t.startswith("placeholder_topic_")]
    assert placeholder and all(re.fullmatch(r"placeholder_topic_\d", t) for t in placeholder)


# -- the real ingest formats read the world -----------------------------------------------------


def test_ingest_formats_detect_and_read_every_file(world: World) -> None:
    from nohaven.ingest.base import FormatOptions, RecordError, Reject
    from nohaven.ingest.registry import default_registry

    registry = default_registry(plugins=False)
    options = FormatOptions()
    truth = {(a.platform, a.id) for a in world.manifest.accounts}
    for file in world.manifest.files:
        if file.kind != "posts":
            continue
        path = world.path / file.path
        assert registry.detect(path).name == file.format, file.path
        fmt = registry.get(file.format)
        posts, problems = 0, []
        for record in fmt.read(path, options):
            if isinstance(record, Reject):
                problems.append(record.reason)
                continue
            try:
                mapped = fmt.map(record, options)
            except RecordError as err:
                if not str(err).startswith("service message"):
                    problems.append(str(err))
                continue
            posts += len(mapped.posts)
            problems.extend(r.reason for r in mapped.rejects)
            if file.format.startswith("twitter"):
                assert {("twitter", p.account_id) for p in mapped.posts} <= truth
        assert not problems, f"{file.path}: {problems[:3]}"
        assert posts >= file.records or file.format == "telegram-export", file.path


@pytest.mark.shared
def test_layouts_follow_the_real_samples(world: World, shared_data: Path) -> None:
    """Our keys are the keys real exports carry (file and line of each sample named)."""
    samples = sorted((shared_data / "radicalization-tt-twitter-v1" / "samples").glob("*.json"))
    real_v1: set[str] = set()
    for sample in samples:
        real_v1 |= set(orjson.loads(sample.read_bytes()))
    quoting = {"quoted_status", "quoted_status_id", "quoted_status_id_str"}
    for _, _, doc in world.records("twitter-v1"):
        assert set(doc) <= real_v1 | quoting
    telethon = shared_data / "telegram-telethon-sample" / "bloomberg.jsonl"
    real_keys = set(orjson.loads(telethon.read_bytes().splitlines()[0]))  # line 1
    for _, _, msg in world.records("telegram-telethon"):
        assert set(msg) == real_keys
    page = orjson.loads((shared_data / "twitter-v2-samples" / "noflat.jsonl").read_bytes())
    for _, _, ours in world.records("twitter-v2"):
        assert set(ours) <= set(page)
        assert set(ours["meta"]) <= set(page["meta"])


def test_same_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = (
        "import sys; from datetime import date; from pathlib import Path; "
        "from nohaven.demo import generate_world; "
        "generate_world(Path(sys.argv[1]), seed=3, accounts=60, months=4, start=date(2024, 3, 1))"
    )
    for n, hash_seed in enumerate(("1", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / str(n))], check=True, env=env)
    assert _files(tmp_path / "0") == _files(tmp_path / "1")
