"""Videos: vPDQ frame hashes (``vpdq``), the file MD5 (``video_md5``) and the video hasher.

vPDQ is Meta's video-similarity hash: one PDQ hash of a frame every second (with the frame's
quality and timestamp). Two videos match when enough of their frames match both ways: of
the query's frames (quality at least ``pdq_min_quality``, duplicates removed), the share
within ``pdq_threshold`` bits of some frame of the bank video, and of the bank video's frames
the share within that distance of some query frame, must both reach
``vpdq_match_percent`` (80 by default). python-threatexchange's default asks 80% of the
query's frames and nothing of the bank video's; asking both ways keeps a short clip that
appears inside a long known video from matching all of it, and the reverse.

A vPDQ signal value is python-threatexchange's serialisation, so banks move between the two:
a JSON list with one ``"<pdq hex>,<quality>,<timestamp>"`` string a frame, the timestamp in
seconds written with three significant digits (``"1.23e+02"`` for 123 s), as its
``vpdq_to_json`` writes it. The older form, an object keyed by frame number, is read too.

Hashing needs the optional ``vpdq`` package (``pip install nohaven[video]``), which builds
against FFmpeg's libraries; matching and reading banks do not. The video hasher checks the
container before decoding: an MP4/MOV, Matroska/WebM or AVI file whose boxes, elements or
chunks run past its end is truncated, and raises :class:`~nohaven.signals.base.SignalError`
(decoders would otherwise hash the frames they could read and say nothing). A Matroska file
written for live streaming (sizes unknown) cannot be checked that way.
"""

from __future__ import annotations

import importlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from nohaven.signals.base import (
    ContentKind,
    Hasher,
    Hit,
    MatchSettings,
    Signal,
    SignalError,
    SignalType,
)
from nohaven.signals.files import MD5, SHA256, HexHashType, file_digests
from nohaven.signals.pdq_index import PdqIndex, pdq_bytes

__all__ = [
    "VIDEO_MD5",
    "VPDQ",
    "VideoHasher",
    "VpdqFrame",
    "VpdqIndex",
    "VpdqType",
    "VpdqUnavailableError",
    "container_problem",
    "format_vpdq",
    "hashers",
    "parse_vpdq",
    "signal_types",
    "video_container",
    "vpdq_available",
    "vpdq_frames",
]

#: Debian packages the ``vpdq`` package builds against (and ``ffmpeg`` for the tests' clips).
DEBIAN_PACKAGES = (
    "pkg-config",
    "libavcodec-dev",
    "libavformat-dev",
    "libavdevice-dev",
    "libavfilter-dev",
    "libswresample-dev",
    "libswscale-dev",
    "libavutil-dev",
)

#: MD5 of a video file's bytes, under python-threatexchange's name for it.
VIDEO_MD5 = HexHashType("video_md5", ContentKind.VIDEO, "video_md5", 32)


class VpdqUnavailableError(ImportError):
    """The optional ``vpdq`` package is not installed, so videos cannot be vPDQ-hashed."""

    def __init__(self, cause: str) -> None:
        super().__init__(
            f"vPDQ video hashing needs the optional vpdq package ({cause}). Install it with "
            "`pip install nohaven[video]`; it builds against FFmpeg, so first install "
            f"(Debian/Ubuntu) `apt-get install {' '.join(DEBIAN_PACKAGES)}`."
        )


def _vpdq_module() -> ModuleType:
    try:
        return importlib.import_module("vpdq")
    except ImportError as exc:
        raise VpdqUnavailableError(str(exc)) from exc


def vpdq_available() -> bool:
    """Whether the optional ``vpdq`` package can be imported."""
    try:
        _vpdq_module()
    except VpdqUnavailableError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class VpdqFrame:
    """One hashed frame of a video: its PDQ hash, quality (0-100) and time in seconds."""

    pdq: str
    quality: int
    timestamp: float

    def __str__(self) -> str:
        # python-threatexchange's VpdqCompactFeature.__str__, byte for byte.
        return f"{self.pdq},{self.quality},{self.timestamp:.3}"


def _frame(pdq: object, quality: object, timestamp: object, where: str) -> VpdqFrame:
    if not isinstance(pdq, str):
        raise SignalError(where, f"frame hash is not a string: {pdq!r:.80}")
    text = pdq.strip().lower()
    try:
        pdq_bytes(text)
        quality_int = int(str(quality))
        seconds = float(str(timestamp))
    except ValueError:
        raise SignalError(
            where, f"malformed frame: {pdq!r:.80}, {quality!r}, {timestamp!r}"
        ) from None
    if not 0 <= quality_int <= 100:
        raise SignalError(where, f"frame quality {quality_int} is not 0..100")
    if not math.isfinite(seconds) or seconds < 0:
        raise SignalError(where, f"frame timestamp {timestamp!r} is not a time in seconds")
    return VpdqFrame(text, quality_int, seconds)


def parse_vpdq(value: str) -> list[VpdqFrame]:
    """The frames of a vPDQ signal value; :class:`SignalError` when it is malformed."""
    where = f"vpdq value {value[:60]!r}"
    try:
        data = json.loads(value)
    except ValueError:
        raise SignalError(where, "not JSON") from None
    frames: list[VpdqFrame] = []
    if isinstance(data, list):
        for item in data:
            if not isinstance(item, str) or item.count(",") != 2:
                raise SignalError(where, f"frame is not 'hash,quality,timestamp': {item!r:.80}")
            pdq, quality, timestamp = item.split(",")
            frames.append(_frame(pdq, quality, timestamp, where))
    elif isinstance(data, dict):
        # The older python-threatexchange form: {frame number: {quality, hash, timestamp}}.
        for number in sorted(data, key=lambda k: int(k) if str(k).isdigit() else -1):
            item = data[number]
            if not isinstance(item, dict):
                raise SignalError(where, f"frame {number} is not an object")
            frames.append(
                _frame(item.get("hash"), item.get("quality"), item.get("timestamp"), where)
            )
    else:
        raise SignalError(where, "not a JSON list of frames")
    if not frames:
        raise SignalError(where, "no frames")
    return frames


def format_vpdq(frames: Iterable[VpdqFrame]) -> str:
    """The canonical vPDQ value of frames (python-threatexchange's ``vpdq_to_json``)."""
    return json.dumps([str(f) for f in frames])


def _usable(frames: Iterable[VpdqFrame], min_quality: int) -> list[str]:
    """Distinct frame hashes (first occurrence) of at least ``min_quality``, in order.

    The order python-threatexchange's matcher applies: duplicates out, then low quality.
    """
    first: dict[str, int] = {}
    for f in frames:
        first.setdefault(f.pdq, f.quality)
    return [h for h, q in first.items() if q >= min_quality]


class VpdqIndex:
    """Bank videos' frames in a PDQ index; a query video matches by shares of frames."""

    def __init__(self, settings: MatchSettings) -> None:
        self.settings = settings
        self._frames = PdqIndex(settings.pdq_threshold)
        self._owner: list[int] = []  # frame number -> video key
        self._frame_count: dict[int, int] = {}  # video key -> usable frames
        self._size = 0

    def add(self, entries: Iterable[tuple[int, str]]) -> None:
        """Add ``(key, canonical vPDQ value)`` pairs; :class:`SignalError` if malformed."""
        parsed = [
            (key, _usable(parse_vpdq(value), self.settings.pdq_min_quality))
            for key, value in entries
        ]
        batch: list[tuple[int, str]] = []
        for key, hashes in parsed:
            self._frame_count[key] = len(hashes)
            for h in hashes:
                batch.append((len(self._owner), h))
                self._owner.append(key)
            self._size += 1
        self._frames.add(batch)

    def query(self, value: str) -> list[Hit]:
        """Bank videos whose frames match both ways, nearest first.

        A hit's distance is ``1 - min(query share, bank share)`` (0 when every frame of
        each has a match in the other).
        """
        query = _usable(parse_vpdq(value), self.settings.pdq_min_quality)
        if not query:
            return []
        query_matched: defaultdict[int, int] = defaultdict(int)
        bank_matched: defaultdict[int, set[int]] = defaultdict(set)
        for h in query:
            videos: set[int] = set()
            for hit in self._frames.query(h):
                video = self._owner[hit.key]
                videos.add(video)
                bank_matched[video].add(hit.key)
            for video in videos:
                query_matched[video] += 1
        need = self.settings.vpdq_match_percent / 100.0
        hits: list[Hit] = []
        for video, matched in query_matched.items():
            share = min(matched / len(query), len(bank_matched[video]) / self._frame_count[video])
            if share >= need - 1e-9:
                hits.append(Hit(key=video, distance=1.0 - share))
        hits.sort(key=lambda h: (h.distance, h.key))
        return hits

    def __len__(self) -> int:
        return self._size


class VpdqType:
    """The ``vpdq`` signal type: a video's frame hashes, matched by shares of frames."""

    name: str = "vpdq"
    kind: ContentKind = ContentKind.VIDEO
    threatexchange_name: str | None = "vpdq"

    def canonical(self, value: str) -> str:
        """python-threatexchange's serialisation; :class:`SignalError` when malformed."""
        return format_vpdq(parse_vpdq(value))

    def new_index(self, settings: MatchSettings) -> VpdqIndex:
        """An index matching under the settings' PDQ threshold, quality and frame share."""
        return VpdqIndex(settings)


#: The vPDQ signal type.
VPDQ = VpdqType()


def vpdq_frames(path: Path, *, seconds_per_hash: float = 1.0, threads: int = 1) -> list[VpdqFrame]:
    """vPDQ frames of a video file (one every ``seconds_per_hash`` seconds).

    :class:`VpdqUnavailableError` without the ``vpdq`` package; :class:`SignalError` naming
    the file when it cannot be decoded. Does not check the container (see
    :func:`container_problem`).
    """
    vpdq = _vpdq_module()
    try:
        features = vpdq.computeHash(
            str(path), seconds_per_hash=seconds_per_hash, thread_count=threads
        )
    except Exception as exc:  # vpdq raises bare Exception ("Fail to create VPDQ hash")
        raise SignalError(str(path), f"cannot decode video: {exc}") from None
    frames = [VpdqFrame(f.hex, int(f.quality), float(f.timestamp)) for f in features]
    if not frames:
        raise SignalError(str(path), "no video frames could be decoded")
    return frames


# -- containers --------------------------------------------------------------------------

#: ISO base media brands of still images and audio, which the video hasher leaves alone.
_NOT_VIDEO_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
    | {b"avis", b"M4A ", b"M4B ", b"M4P ", b"crx "}
)
#: First boxes of old QuickTime files that have no ``ftyp`` box.
_QUICKTIME_FIRST = frozenset({b"moov", b"mdat", b"wide", b"pnot"})
#: Container elements walked at most when checking a file (bounds work on hostile input).
_MAX_ELEMENTS = 100_000


def video_container(head: bytes) -> str | None:
    """``"mp4"`` (MP4, MOV, 3GP), ``"matroska"`` (MKV, WebM), ``"avi"`` or ``None``.

    ``head`` is the file's first 12 bytes or more.
    """
    if head[4:8] == b"ftyp":
        return None if head[8:12] in _NOT_VIDEO_BRANDS else "mp4"
    if head[4:8] in _QUICKTIME_FIRST:
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    return None


def _iso_problem(stream: BinaryIO, size: int) -> str | None:
    pos = 0
    seen: set[bytes] = set()
    for _ in range(_MAX_ELEMENTS):
        if size - pos < 8:
            break  # the end, or a few bytes of padding
        stream.seek(pos)
        header = stream.read(16)
        box_size, box_type = int.from_bytes(header[:4], "big"), header[4:8]
        if box_size == 1:
            if len(header) < 16:
                return f"truncated: box header at byte {pos} is cut off"
            box_size, header_size = int.from_bytes(header[8:16], "big"), 16
        elif box_size == 0:
            box_size, header_size = size - pos, 8
        else:
            header_size = 8
        if box_size < header_size:
            return f"malformed box at byte {pos} (size {box_size})"
        if pos + box_size > size:
            name = box_type.decode("latin-1")
            return (
                f"truncated: the {name!r} box at byte {pos} needs {box_size} bytes "
                f"but {size - pos} are left"
            )
        seen.add(box_type)
        pos += box_size
    else:
        return None
    if b"moov" not in seen:
        return "truncated or incomplete: no 'moov' box (the video's index)"
    return None


def _vint(stream: BinaryIO, *, keep_marker: bool) -> tuple[int, int, bool] | None:
    """An EBML variable-length integer: (value, length, all ones), or None at the end."""
    first = stream.read(1)
    if not first:
        return None
    byte = first[0]
    if byte == 0:
        return (-1, 0, False)
    length = 9 - byte.bit_length()
    rest = stream.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = byte if keep_marker else byte & ((1 << (8 - length)) - 1)
    ones = value == (1 << (8 - length)) - 1 and all(b == 0xFF for b in rest)
    for b in rest:
        value = (value << 8) | b
    return value, length, ones and not keep_marker


_EBML_SEGMENT = 0x18538067


def _ebml_problem(stream: BinaryIO, size: int) -> str | None:
    pos, end, inside_segment = 0, size, False
    for _ in range(_MAX_ELEMENTS):
        if pos >= end:
            return None
        stream.seek(pos)
        element = _vint(stream, keep_marker=True)
        length = _vint(stream, keep_marker=False)
        if element is None or length is None:
            return f"truncated: element header at byte {pos} is cut off"
        (element_id, id_len, _), (data_size, size_len, unknown) = element, length
        if id_len == 0 or size_len == 0:
            return f"malformed element at byte {pos}"
        data_start = pos + id_len + size_len
        if element_id == _EBML_SEGMENT and not inside_segment:
            # Walk the segment's children (clusters, cues ...) next.
            inside_segment = True
            if not unknown:
                if data_start + data_size > size:
                    return (
                        f"truncated: the segment at byte {pos} needs {data_size} bytes "
                        f"but {size - data_start} are left"
                    )
                end = data_start + data_size
            pos = data_start
            continue
        if unknown:
            return None  # live-streamed sizes: nothing more can be checked
        if data_start + data_size > size:
            return (
                f"truncated: element 0x{element_id:X} at byte {pos} needs {data_size} bytes "
                f"but {size - data_start} are left"
            )
        pos = data_start + data_size
    return None


def _riff_problem(stream: BinaryIO, size: int) -> str | None:
    pos = 0
    for _ in range(_MAX_ELEMENTS):
        if size - pos < 8:
            return None
        stream.seek(pos)
        header = stream.read(8)
        chunk_size = int.from_bytes(header[4:8], "little")
        if pos + 8 + chunk_size > size:
            name = header[:4].decode("latin-1")
            return (
                f"truncated: the {name!r} chunk at byte {pos} needs {chunk_size} bytes "
                f"but {size - pos - 8} are left"
            )
        pos += 8 + chunk_size + (chunk_size & 1)
    return None


def container_problem(path: Path) -> str | None:
    """Why the video file's container is truncated or malformed, or ``None`` if it looks whole.

    :class:`SignalError` naming the file when it cannot be read or is not a known container.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
            size = path.stat().st_size
            if size == 0:
                raise SignalError(str(path), "empty file")
            container = video_container(head)
            if container == "mp4":
                return _iso_problem(stream, size)
            if container == "matroska":
                return _ebml_problem(stream, size)
            if container == "avi":
                return _riff_problem(stream, size)
    except OSError as exc:
        raise SignalError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    raise SignalError(str(path), "not an MP4, MOV, Matroska, WebM or AVI video")


class VideoHasher:
    """Hashes videos (MP4, MOV, MKV, WebM, AVI) to ``vpdq``, ``video_md5``, ``md5``, ``sha256``.

    ``vpdq``: ``None`` (the default) adds the ``vpdq`` signal when the optional package is
    installed and leaves it out otherwise; ``True`` requires it (:class:`VpdqUnavailableError`
    at construction without it); ``False`` never computes it. ``threads`` is the decoder's
    thread count (1: one core a video, for batches run in parallel; 0: FFmpeg chooses).
    """

    name: str = "video"
    kind: ContentKind = ContentKind.VIDEO

    def __init__(
        self, *, vpdq: bool | None = None, seconds_per_hash: float = 1.0, threads: int = 1
    ) -> None:
        if vpdq is True:
            _vpdq_module()
        self.vpdq = vpdq_available() if vpdq is None else vpdq
        self.seconds_per_hash = seconds_per_hash
        self.threads = threads

    def accepts(self, path: Path, head: bytes) -> bool:
        """Whether ``head`` starts an MP4/MOV, Matroska/WebM or AVI file."""
        return video_container(head) is not None

    def hash_file(self, path: Path) -> list[Signal]:
        """The file's signals; :class:`SignalError` naming it when truncated or undecodable."""
        problem = container_problem(path)
        if problem is not None:
            raise SignalError(str(path), problem)
        md5, sha256 = file_digests(path)
        signals: list[Signal] = []
        if self.vpdq:
            frames = vpdq_frames(path, seconds_per_hash=self.seconds_per_hash, threads=self.threads)
            signals.append(Signal(VPDQ.name, format_vpdq(frames)))
        signals += [
            Signal(VIDEO_MD5.name, md5),
            Signal(MD5.name, md5),
            Signal(SHA256.name, sha256),
        ]
        return signals


def signal_types() -> list[SignalType]:
    """The signal types this module defines."""
    return [VPDQ, VIDEO_MD5]


def hashers() -> list[Hasher]:
    """The hashers this module defines (vPDQ when the optional package is installed)."""
    return [VideoHasher()]
