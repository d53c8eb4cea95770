"""Images: PDQ perceptual hashes (the ``pdq`` signal type) and the image hasher.

PDQ is Meta's open photo-similarity hash, the one the industry's hash-sharing databases
(GIFCT, ThreatExchange, Hasher-Matcher-Actioner) exchange: 256 bits and a quality score from
0 to 100. Two images are a match when their hashes are at most ``pdq_threshold`` bits apart
(31 by default) and the query's quality is at least ``pdq_min_quality`` (50); a flat or tiny
image gets a low quality and is not matched. The hash itself comes from ``pdqhash``, the
library python-threatexchange uses; a hash here equals ``PdqSignal``'s hash of the same pixels,
so banks move between the two.

Images are decoded with Pillow, restricted to JPEG, PNG, GIF, WebP, BMP and TIFF (the formats
the hasher claims by their magic bytes). Pixels are read as stored: the EXIF orientation tag
is not applied, as in python-threatexchange, so hashes agree with banks made by other tools;
turn on ``pdq_rotations`` to find rotated and mirrored copies (:func:`pdq_dihedral`). Other
modes (palette, alpha, CMYK) are converted to RGB first (alpha is dropped) and 16-bit grey
is scaled to 8 bits; for palette, alpha and 16-bit images this differs from
python-threatexchange, which hashes palette indices and gives RGBA and 16-bit images
quality 0. Animated images are hashed on their first frame.

A corrupt, truncated, empty or unreadable file raises :class:`~nohaven.signals.base.SignalError`
naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pdqhash
from PIL import Image, UnidentifiedImageError

from nohaven.signals.base import ContentKind, Hasher, MatchSettings, Signal, SignalError, SignalType
from nohaven.signals.files import MD5, SHA256, read_file
from nohaven.signals.pdq_index import PdqIndex, pdq_bytes

__all__ = [
    "IMAGE_FORMATS",
    "PDQ",
    "ImageHasher",
    "PdqType",
    "hash_image_bytes",
    "hashers",
    "image_format",
    "pdq_dihedral",
    "pdq_hash",
    "signal_types",
]

#: Pillow format names the image hasher decodes, and nothing else.
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
#: Sizes of the header that a BMP file's DIB header may have (core, v1 ... v5 and OS/2 v2).
_BMP_DIB_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})


def image_format(head: bytes) -> str | None:
    """The image format that ``head`` (a file's first 32 bytes or more) starts, or ``None``."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    # "BM" alone is common in text; require the DIB header size a real bitmap has.
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_DIB_SIZES:
        return "BMP"
    return None


class PdqType:
    """The ``pdq`` signal type: 64 lower-case hex digits, matched by Hamming distance."""

    name: str = "pdq"
    kind: ContentKind = ContentKind.IMAGE
    threatexchange_name: str | None = "pdq"

    def canonical(self, value: str) -> str:
        """Lower-cased and stripped; :class:`SignalError` unless 64 hex digits."""
        text = value.strip().lower()
        try:
            pdq_bytes(text)
        except ValueError:
            raise SignalError(
                f"pdq value {value[:80]!r}", "not a PDQ hash (64 hex digits)"
            ) from None
        return text

    def new_index(self, settings: MatchSettings) -> PdqIndex:
        """An exact index matching within ``settings.pdq_threshold`` bits."""
        return PdqIndex(settings.pdq_threshold)


#: The PDQ signal type.
PDQ = PdqType()


def _rgb_pixels(image: Image.Image) -> npt.NDArray[np.uint8]:
    """An image's pixels as (height, width, 3) uint8 RGB."""
    if image.mode == "RGB":
        return np.asarray(image, dtype=np.uint8)
    if image.mode.startswith("I") or image.mode == "F":
        # 16-bit and 32-bit grey: Pillow's conversion would clip at 255, so scale instead.
        grey = np.asarray(image, dtype=np.float64)
        if grey.size and grey.max() > 255:
            grey = np.clip(grey, 0, 65535) / 257
        level = np.clip(np.rint(grey), 0, 255).astype(np.uint8)
        return np.repeat(level[:, :, None], 3, axis=2)
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def _decode(data: bytes, where: str) -> npt.NDArray[np.uint8]:
    """Decoded pixels as an (height, width, 3) uint8 RGB array."""
    if not data:
        raise SignalError(where, "empty file")
    try:
        with warnings.catch_warnings():
            # Large images are refused below Pillow's hard limit only; warnings are noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                image.load()
                pixels = _rgb_pixels(image)
    except Image.DecompressionBombError as exc:
        raise SignalError(where, f"image too large to decode safely ({exc})") from None
    except UnidentifiedImageError:
        raise SignalError(
            where, "not a readable image (expected JPEG, PNG, GIF, WebP, BMP or TIFF)"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error) as exc:
        # Pillow's decoders raise all of these (struct.error on some malformed headers).
        raise SignalError(where, f"corrupt image: {exc}") from None
    if pixels.ndim != 3 or pixels.shape[0] == 0 or pixels.shape[1] == 0:
        raise SignalError(where, "image has no pixels")
    return pixels


def _hex(bits: npt.NDArray[np.int64]) -> str:
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def _pdq_of_pixels(pixels: npt.NDArray[np.uint8]) -> Signal:
    bits, quality = pdqhash.compute(pixels)
    return Signal(PDQ.name, _hex(bits), int(quality))


def pdq_hash(image: Image.Image) -> Signal:
    """The PDQ signal of a Pillow image already in memory (converted to RGB first)."""
    pixels = _rgb_pixels(image)
    if pixels.ndim != 3 or pixels.shape[0] == 0 or pixels.shape[1] == 0:
        raise SignalError("image", "image has no pixels")
    return _pdq_of_pixels(pixels)


def hash_image_bytes(data: bytes, where: str) -> list[Signal]:
    """The ``pdq``, ``md5`` and ``sha256`` signals of an encoded image held in memory.

    ``where`` names the content in errors (a path, an archive member, a post's attachment).
    """
    pixels = _decode(data, where)
    return [
        _pdq_of_pixels(pixels),
        Signal(MD5.name, hashlib.md5(data, usedforsecurity=False).hexdigest()),
        Signal(SHA256.name, hashlib.sha256(data).hexdigest()),
    ]


def pdq_dihedral(source: Path | bytes | Image.Image, where: str | None = None) -> list[Signal]:
    """PDQ signals of the 8 rotations and mirror images of an image, the original first.

    Order (pdqhash's): original, rotated 90°, 180°, 270°, flipped left-right, flipped
    top-bottom, flipped about the main diagonal and about the other diagonal. The matcher
    queries each when ``MatchSettings.pdq_rotations`` is on. ``source`` is a file, encoded
    bytes or a Pillow image; ``where`` names it in errors (the path by default).
    """
    if isinstance(source, Path):
        pixels = _decode(read_file(source), where or str(source))
    elif isinstance(source, bytes):
        pixels = _decode(source, where or "image")
    else:
        pixels = _rgb_pixels(source)
    hashes, quality = pdqhash.compute_dihedral(pixels)
    return [Signal(PDQ.name, _hex(bits), int(quality)) for bits in hashes]


class ImageHasher:
    """Hashes image files (JPEG, PNG, GIF, WebP, BMP, TIFF) to ``pdq``, ``md5``, ``sha256``."""

    name: str = "image"
    kind: ContentKind = ContentKind.IMAGE

    def accepts(self, path: Path, head: bytes) -> bool:
        """Whether ``head`` starts one of the image formats (the name does not matter)."""
        return image_format(head) is not None

    def hash_file(self, path: Path) -> list[Signal]:
        """The file's signals; :class:`SignalError` naming it when it cannot be decoded."""
        return hash_image_bytes(read_file(path), str(path))


def signal_types() -> list[SignalType]:
    """The signal types this module defines."""
    return [PDQ]


def hashers() -> list[Hasher]:
    """The hashers this module defines."""
    return [ImageHasher()]
