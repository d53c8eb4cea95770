"""Videos: vPDQ of clips made with ffmpeg, truncated containers, and frame-share matching.

Tests that need the optional ``vpdq`` package or the ``ffmpeg`` program are skipped where they
are missing, except in CI (``CI=true``), where everything must run and a missing one fails.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from nohaven.signals import video
from nohaven.signals.base import ContentKind, Hasher, MatchSettings, SignalError, SignalType
from nohaven.signals.video import (
    VIDEO_MD5,
    VPDQ,
    VideoHasher,
    VpdqFrame,
    VpdqIndex,
    VpdqUnavailableError,
    container_problem,
    format_vpdq,
    hashers,
    parse_vpdq,
    signal_types,
    video_container,
    vpdq_available,
)


def _require(what: str, present: bool) -> None:
    """Skip without ``what`` on a user's machine; fail in CI, where everything must run."""
    if present:
        return
    message = f"{what} is missing (make test installs it: scripts/sysdeps-video.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def need_ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    _require("the ffmpeg program", found is not None)
    assert found is not None
    return found


def need_vpdq() -> None:
    _require("the vpdq package (pip install nohaven[video])", vpdq_available())


def _ffmpeg(*args: str) -> None:
    subprocess.run([need_ffmpeg(), "-v", "error", "-y", *args], check=True, timeout=120)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An 8-second test pattern, re-encodes of it, a cut of it and two other clips."""
    need_ffmpeg()
    out = tmp_path_factory.mktemp("clips")
    paths = {
        name: out / file
        for name, file in [
            ("original", "original.mp4"),
            ("faststart", "faststart.mp4"),
            ("crf34-mkv", "reencoded.mkv"),
            ("small-webm", "small.webm"),
            ("mpeg4-avi", "bigger.avi"),
            ("mov", "same.mov"),
            ("first-3s", "cut.mp4"),
            ("mandelbrot", "other.mp4"),
            ("life", "life.mkv"),
        ]
    }
    pattern = "testsrc2=duration=8:size=320x240:rate=5"
    _ffmpeg("-f", "lavfi", "-i", pattern, "-pix_fmt", "yuv420p", str(paths["original"]))
    source = str(paths["original"])
    _ffmpeg("-i", source, "-movflags", "+faststart", "-c", "copy", str(paths["faststart"]))
    _ffmpeg("-i", source, "-c:v", "libx264", "-crf", "34", str(paths["crf34-mkv"]))
    _ffmpeg(
        "-i",
        source,
        "-vf",
        "scale=240:180",
        "-c:v",
        "libvpx",
        "-b:v",
        "300k",
        str(paths["small-webm"]),
    )
    _ffmpeg(
        "-i", source, "-vf", "scale=400:300", "-c:v", "mpeg4", "-q:v", "8", str(paths["mpeg4-avi"])
    )
    _ffmpeg("-i", source, str(paths["mov"]))
    _ffmpeg("-i", source, "-t", "3", str(paths["first-3s"]))
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "mandelbrot=size=320x240:rate=5",
        "-t",
        "8",
        "-pix_fmt",
        "yuv420p",
        str(paths["mandelbrot"]),
    )
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "life=size=320x240:rate=5:mold=10:ratio=0.2",
        "-t",
        "8",
        "-pix_fmt",
        "yuv420p",
        str(paths["life"]),
    )
    return paths


@pytest.fixture(scope="module")
def vpdq_values(clips: dict[str, Path]) -> dict[str, str]:
    need_vpdq()
    hasher = VideoHasher(vpdq=True)
    return {name: hasher.hash_file(path)[0].value for name, path in clips.items()}


REENCODES = ["faststart", "crf34-mkv", "small-webm", "mpeg4-avi", "mov"]


@pytest.mark.parametrize("copy", REENCODES)
def test_reencoded_clip_matches(vpdq_values: dict[str, str], copy: str) -> None:
    index = VPDQ.new_index(MatchSettings())
    index.add([(1, vpdq_values["original"]), (2, vpdq_values["mandelbrot"])])
    hits = index.query(vpdq_values[copy])
    assert [h.key for h in hits] == [1]
    assert hits[0].distance <= 0.2


@pytest.mark.parametrize("other", ["mandelbrot", "life"])
def test_other_clip_does_not_match(vpdq_values: dict[str, str], other: str) -> None:
    index = VPDQ.new_index(MatchSettings(vpdq_match_percent=1.0))
    index.add([(1, vpdq_values["original"])])
    assert index.query(vpdq_values[other]) == []


def test_a_cut_matches_only_one_way_so_not_at_all(vpdq_values: dict[str, str]) -> None:
    index = VPDQ.new_index(MatchSettings())
    index.add([(1, vpdq_values["original"])])
    assert index.query(vpdq_values["first-3s"]) == []
    lenient = VPDQ.new_index(MatchSettings(vpdq_match_percent=30.0))
    lenient.add([(1, vpdq_values["original"])])
    assert [h.key for h in lenient.query(vpdq_values["first-3s"])] == [1]


def test_hasher_signals(clips: dict[str, Path], vpdq_values: dict[str, str]) -> None:
    signals = VideoHasher(vpdq=True).hash_file(clips["original"])
    assert [s.type for s in signals] == ["vpdq", "video_md5", "md5", "sha256"]
    frames = parse_vpdq(signals[0].value)
    assert len(frames) == 8  # one a second
    assert [f.timestamp for f in frames] == [float(i) for i in range(8)]
    assert signals[1].value == signals[2].value
    assert VPDQ.canonical(signals[0].value) == signals[0].value


def test_serialisation_is_python_threatexchanges(clips: dict[str, Path]) -> None:
    need_vpdq()
    util: ModuleType = importlib.import_module("threatexchange.extensions.vpdq.vpdq_util")
    theirs = util.vpdq_to_json(util.hash_file_compact(str(clips["original"])))
    ours = VideoHasher(vpdq=True).hash_file(clips["original"])[0].value
    assert ours == theirs
    assert [str(f) for f in util.json_to_vpdq(ours)] == [str(f) for f in parse_vpdq(ours)]


def test_hasher_without_vpdq_gives_the_digests(clips: dict[str, Path]) -> None:
    signals = VideoHasher(vpdq=False).hash_file(clips["original"])
    assert [s.type for s in signals] == ["video_md5", "md5", "sha256"]


@pytest.mark.parametrize(
    "name", ["original", "faststart", "crf34-mkv", "small-webm", "mpeg4-avi", "mov"]
)
def test_truncated_clip_raises_naming_the_file(
    clips: dict[str, Path], tmp_path: Path, name: str
) -> None:
    data = clips[name].read_bytes()
    assert container_problem(clips[name]) is None
    for share in (0.3, 0.6, 0.95):
        cut = tmp_path / f"cut {share} {clips[name].name}"
        cut.write_bytes(data[: int(len(data) * share)])
        with pytest.raises(SignalError, match="truncated") as caught:
            VideoHasher(vpdq=False).hash_file(cut)
        assert caught.value.where == str(cut)


def test_undecodable_video_raises_naming_the_file(tmp_path: Path) -> None:
    need_vpdq()
    path = tmp_path / "noise.mp4"
    # Well-formed boxes around junk: the container check passes, the decoder fails.
    path.write_bytes(
        _box(b"ftyp", b"isom\x00\x00\x02\x00isom")
        + _box(b"moov", bytes(64))
        + _box(b"mdat", os.urandom(500))
    )
    with pytest.raises(SignalError, match=r"cannot decode video|no video frames") as caught:
        VideoHasher(vpdq=True).hash_file(path)
    assert caught.value.where == str(path)


# -- containers, built by hand (no ffmpeg needed) ----------------------------------------


def _box(kind: bytes, payload: bytes, size: int | None = None) -> bytes:
    return (size if size is not None else 8 + len(payload)).to_bytes(4, "big") + kind + payload


def _ebml(element: bytes, payload: bytes, size: bytes | None = None) -> bytes:
    return element + (size if size is not None else bytes([0x80 | len(payload)])) + payload


_FTYP = _box(b"ftyp", b"isom\x00\x00\x02\x00isom")
_EBML_HEADER = _ebml(b"\x1a\x45\xdf\xa3", b"\x42\x82\x84webm")
_SEGMENT = b"\x18\x53\x80\x67"
_CLUSTER = b"\x1f\x43\xb6\x75"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(
            _FTYP + _box(b"moov", bytes(40)) + _box(b"mdat", bytes(100)), None, id="mp4-whole"
        ),
        pytest.param(
            _FTYP + _box(b"moov", bytes(40)) + _box(b"mdat", bytes(100)) + b"\0\0",
            None,
            id="mp4-padding",
        ),
        pytest.param(
            _FTYP + _box(b"moov", bytes(40)) + _box(b"mdat", bytes(50), size=108),
            "'mdat' box at byte 68 needs 108 bytes but 58 are left",
            id="mp4-cut-mdat",
        ),
        pytest.param(_FTYP + _box(b"mdat", bytes(100)), "no 'moov' box", id="mp4-no-moov"),
        pytest.param(_FTYP + _box(b"moov", bytes(4), size=4), "malformed box", id="mp4-bad-size"),
        pytest.param(
            _FTYP + b"\x00\x00\x00\x01mdat\x00\x00\x00\x00\x00\x00\x10\x00" + bytes(8),
            "needs 4096 bytes",
            id="mp4-large-size",
        ),
        pytest.param(
            _EBML_HEADER + _ebml(_SEGMENT, _ebml(_CLUSTER, bytes(20))), None, id="webm-whole"
        ),
        pytest.param(
            _EBML_HEADER + _ebml(_SEGMENT, bytes(20), size=b"\x01" + bytes(5) + b"\x03\xe8"),
            "segment at byte 12 needs 1000 bytes",
            id="webm-cut-segment",
        ),
        pytest.param(
            _EBML_HEADER
            + _SEGMENT
            + b"\x01\xff\xff\xff\xff\xff\xff\xff"
            + _ebml(_CLUSTER, bytes(10), size=b"\x94"),
            "element 0x1F43B675 at byte 24 needs 20 bytes",
            id="webm-live-cut-cluster",
        ),
        pytest.param(
            _EBML_HEADER
            + _SEGMENT
            + b"\x01\xff\xff\xff\xff\xff\xff\xff"
            + _CLUSTER
            + b"\xff"
            + bytes(10),
            None,
            id="webm-live-unknown-cluster",
        ),
        pytest.param(
            b"RIFF" + (4 + 20).to_bytes(4, "little") + b"AVI " + bytes(20), None, id="avi-whole"
        ),
        pytest.param(
            b"RIFF" + (1000).to_bytes(4, "little") + b"AVI " + bytes(20),
            "'RIFF' chunk at byte 0 needs 1000 bytes but 24 are left",
            id="avi-cut",
        ),
    ],
)
def test_container_problem(tmp_path: Path, content: bytes, problem: str | None) -> None:
    path = tmp_path / "clip"
    path.write_bytes(content)
    found = container_problem(path)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
        with pytest.raises(SignalError, match=r"truncated|malformed|moov") as caught:
            VideoHasher(vpdq=False).hash_file(path)
        assert caught.value.where == str(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"", "empty file", id="zero-bytes"),
        pytest.param(b"plain text", "not an MP4", id="not-a-video"),
    ],
)
def test_bad_files_raise_naming_them(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(content)
    with pytest.raises(SignalError, match=reason) as caught:
        VideoHasher(vpdq=False).hash_file(path)
    assert caught.value.where == str(path)
    with pytest.raises(SignalError, match="cannot read file"):
        VideoHasher(vpdq=False).hash_file(tmp_path / "missing.mp4")


@pytest.mark.parametrize(
    ("head", "container"),
    [
        pytest.param(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "mp4", id="mp4"),
        pytest.param(b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00", "mp4", id="mov"),
        pytest.param(b"\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00", "mp4", id="3gp"),
        pytest.param(b"\x00\x00\x10\x00moov\x00\x00\x00\x6cmvhd", "mp4", id="old-quicktime"),
        pytest.param(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", "matroska", id="webm"),
        pytest.param(b"RIFF\x00\x10\x00\x00AVI LIST", "avi", id="avi"),
        pytest.param(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", None, id="heic-image"),
        pytest.param(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", None, id="avif-image"),
        pytest.param(b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00", None, id="m4a-audio"),
        pytest.param(b"RIFF\x00\x10\x00\x00WAVEfmt ", None, id="wav"),
        pytest.param(b"RIFF\x00\x10\x00\x00WEBPVP8 ", None, id="webp"),
        pytest.param(b"\xff\xd8\xff\xe0", None, id="jpeg"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_container_by_magic_bytes(head: bytes, container: str | None) -> None:
    assert video_container(head) == container
    assert VideoHasher(vpdq=False).accepts(Path("x"), head) is (container is not None)


# -- the vPDQ value and index (no vpdq package needed) -----------------------------------

FAR = [f"{i:x}" * 64 for i in range(10)]  # frame hashes 64 bits or more apart


def test_value_format_is_threatexchanges() -> None:
    frames = [VpdqFrame(FAR[1], 100, 0.0), VpdqFrame(FAR[2], 87, 1.0), VpdqFrame(FAR[3], 5, 123.0)]
    value = format_vpdq(frames)
    assert value == (f'["{FAR[1]},100,0.0", "{FAR[2]},87,1.0", "{FAR[3]},5,1.23e+02"]')
    assert parse_vpdq(value) == frames
    assert VPDQ.canonical(value) == value


def test_older_object_form_is_read() -> None:
    value = (
        f'{{"1": {{"quality": 90, "hash": "{FAR[2].upper()}", "timestamp": 1.0}},'
        f' "0": {{"quality": 100, "hash": "{FAR[1]}", "timestamp": 0.0}}}}'
    )
    assert parse_vpdq(value) == [VpdqFrame(FAR[1], 100, 0.0), VpdqFrame(FAR[2], 90, 1.0)]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("not json", "not JSON", id="not-json"),
        pytest.param('"a string"', "not a JSON list", id="not-a-list"),
        pytest.param("[]", "no frames", id="empty"),
        pytest.param('["abc,100,0.0"]', "malformed frame", id="short-hash"),
        pytest.param(f'["{FAR[1]},100"]', "hash,quality,timestamp", id="two-fields"),
        pytest.param(f'["{FAR[1]},101,0.0"]', "quality 101", id="quality-range"),
        pytest.param(f'["{FAR[1]},100,-1.0"]', "timestamp", id="negative-time"),
        pytest.param(f'["{FAR[1]},100,nan"]', "timestamp", id="nan-time"),
        pytest.param("[1]", "hash,quality,timestamp", id="number"),
        pytest.param('{"0": 5}', "not an object", id="old-form-bad"),
    ],
)
def test_malformed_values_are_refused(value: str, reason: str) -> None:
    with pytest.raises(SignalError, match=reason) as caught:
        VPDQ.canonical(value)
    assert caught.value.where.startswith("vpdq value")


def _value(hashes: list[str], quality: int = 100) -> str:
    return format_vpdq(VpdqFrame(h, quality, float(i)) for i, h in enumerate(hashes))


@pytest.mark.parametrize(
    ("bank", "query", "percent", "distance"),
    [
        pytest.param(FAR, FAR, 80.0, 0.0, id="same"),
        pytest.param(FAR, FAR[::-1], 80.0, 0.0, id="order-does-not-matter"),
        pytest.param(FAR, [*FAR[:9], "f0" * 32], 80.0, 0.1, id="one-frame-differs"),
        pytest.param(FAR, FAR[:8], 80.0, 0.2, id="query-shorter-at-80"),
        pytest.param(FAR, FAR[:7], 80.0, None, id="query-too-short"),
        pytest.param(FAR[:7], FAR, 80.0, None, id="bank-too-short"),
        pytest.param(FAR[:7], FAR, 70.0, 0.3, id="bank-shorter-at-70"),
        pytest.param(FAR, FAR + FAR, 80.0, 0.0, id="repeated-frames-count-once"),
        pytest.param(FAR, ["f0" * 32, "0f" * 32], 1.0, None, id="unrelated"),
    ],
)
def test_frame_shares_both_ways(
    bank: list[str], query: list[str], percent: float, distance: float | None
) -> None:
    index = VpdqIndex(MatchSettings(vpdq_match_percent=percent))
    index.add([(7, _value(bank))])
    hits = index.query(_value(query))
    if distance is None:
        assert hits == []
    else:
        assert [h.key for h in hits] == [7]
        assert hits[0].distance == pytest.approx(distance)


def test_low_quality_frames_are_left_out() -> None:
    index = VpdqIndex(MatchSettings())
    index.add([(1, _value(FAR, quality=30)), (2, _value(FAR))])
    assert [h.key for h in index.query(_value(FAR))] == [2]
    assert index.query(_value(FAR, quality=49)) == []
    assert len(index) == 2


def test_frames_match_within_the_pdq_threshold() -> None:
    near = ["1" + h[1:] for h in FAR]  # one hex digit changed: at most 4 bits a frame
    strict = VpdqIndex(MatchSettings(pdq_threshold=0))
    strict.add([(1, _value(FAR))])
    assert strict.query(_value(near)) == []
    default = VpdqIndex(MatchSettings())
    default.add([(1, _value(FAR))])
    assert [h.key for h in default.query(_value(near))] == [1]


def test_nearest_video_first() -> None:
    index = VpdqIndex(MatchSettings(vpdq_match_percent=50.0))
    index.add([(1, _value(FAR[:6] + ["f0" * 32] * 4)), (2, _value(FAR)), (3, _value(FAR[:9]))])
    assert [h.key for h in index.query(_value(FAR))] == [2, 3, 1]


def test_a_malformed_value_adds_nothing() -> None:
    index = VpdqIndex(MatchSettings())
    with pytest.raises(SignalError):
        index.add([(1, _value(FAR)), (2, "[]")])
    assert len(index) == 0
    assert index.query(_value(FAR)) == []


# -- without the vpdq package ------------------------------------------------------------


@pytest.fixture
def no_vpdq(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> ModuleType:
        if name == "vpdq":
            raise ModuleNotFoundError("No module named 'vpdq'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)


@pytest.mark.usefixtures("no_vpdq")
def test_missing_vpdq_says_how_to_install_it() -> None:
    assert not vpdq_available()
    with pytest.raises(VpdqUnavailableError) as caught:
        VideoHasher(vpdq=True)
    message = str(caught.value)
    assert "pip install nohaven[video]" in message
    assert "libavcodec-dev" in message and "pkg-config" in message
    with pytest.raises(VpdqUnavailableError):
        video.vpdq_frames(Path("clip.mp4"))
    assert VideoHasher().vpdq is False  # the default leaves vPDQ out


@pytest.mark.usefixtures("no_vpdq")
def test_matching_needs_no_vpdq_package() -> None:
    index = VPDQ.new_index(MatchSettings())
    index.add([(1, _value(FAR))])
    assert [h.key for h in index.query(_value(FAR))] == [1]


def test_module_exposes_its_types_and_hasher() -> None:
    assert signal_types() == [VPDQ, VIDEO_MD5]
    for signal_type in (VPDQ, VIDEO_MD5):
        assert isinstance(signal_type, SignalType)
        assert signal_type.kind is ContentKind.VIDEO
    assert (VPDQ.name, VPDQ.threatexchange_name) == ("vpdq", "vpdq")
    assert (VIDEO_MD5.name, VIDEO_MD5.threatexchange_name) == ("video_md5", "video_md5")
    (hasher,) = hashers()
    assert isinstance(hasher, Hasher)
    assert (hasher.name, hasher.kind) == ("video", ContentKind.VIDEO)
