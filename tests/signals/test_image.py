"""Images: PDQ hashes of edited copies match their original; bad files fail by name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes
from threatexchange.signal_type.pdq.signal import PdqSignal

from nohaven.signals.base import ContentKind, Hasher, MatchSettings, SignalError, SignalType
from nohaven.signals.image import (
    PDQ,
    ImageHasher,
    hash_image_bytes,
    hashers,
    image_format,
    pdq_dihedral,
    pdq_hash,
    signal_types,
)

from .pictures import encode, hamming, picture

SETTINGS = MatchSettings()
ORIGINALS = range(6)


def _watermark(image: Image.Image) -> Image.Image:
    marked = image.copy()
    draw = ImageDraw.Draw(marked)
    draw.text((12, marked.height - 28), "sunny with light rain, 18 C", fill=(255, 255, 255))
    return marked


def _grey16(image: Image.Image) -> Image.Image:
    return Image.fromarray(np.asarray(image.convert("L")).astype(np.uint16) * 257)


def _crop(image: Image.Image, share: float) -> Image.Image:
    dx, dy = int(image.width * share), int(image.height * share)
    return image.crop((dx, dy, image.width - dx, image.height - dy))


EDITS: list[tuple[str, Callable[[Image.Image], bytes]]] = [
    ("png", lambda im: encode(im)),
    ("jpeg-q60", lambda im: encode(im, "JPEG", quality=60)),
    ("jpeg-q30", lambda im: encode(im, "JPEG", quality=30)),
    ("webp-q70", lambda im: encode(im, "WEBP", quality=70)),
    ("gif-palette", lambda im: encode(im.convert("P"), "GIF")),
    ("bmp", lambda im: encode(im, "BMP")),
    ("tiff", lambda im: encode(im, "TIFF")),
    ("half-size", lambda im: encode(im.resize((im.width // 2, im.height // 2)), "JPEG")),
    ("double-size", lambda im: encode(im.resize((im.width * 2, im.height * 2)), "JPEG")),
    ("watermark", lambda im: encode(_watermark(im), "JPEG", quality=80)),
    ("crop-1pc", lambda im: encode(_crop(im, 0.01))),
    ("blur", lambda im: encode(im.filter(ImageFilter.GaussianBlur(1)), "JPEG")),
    ("greyscale", lambda im: encode(im.convert("L"))),
    ("with-alpha", lambda im: encode(im.convert("RGBA"))),
    ("grey-16-bit", lambda im: encode(_grey16(im))),
    ("cmyk-jpeg", lambda im: encode(im.convert("CMYK"), "JPEG")),
]


@pytest.fixture(scope="module")
def originals() -> dict[int, str]:
    return {
        seed: hash_image_bytes(encode(picture(seed)), f"original {seed}")[0].value
        for seed in ORIGINALS
    }


@pytest.mark.parametrize("seed", ORIGINALS)
@pytest.mark.parametrize(("edit", "make"), EDITS, ids=[name for name, _ in EDITS])
def test_edited_copy_matches_its_original(
    originals: dict[int, str], seed: int, edit: str, make: Callable[[Image.Image], bytes]
) -> None:
    pdq, md5, sha256 = hash_image_bytes(make(picture(seed)), edit)
    assert pdq.type == "pdq" and md5.type == "md5" and sha256.type == "sha256"
    assert pdq.quality is not None and pdq.quality >= SETTINGS.pdq_min_quality
    index = PDQ.new_index(SETTINGS)
    index.add((s, value) for s, value in originals.items())
    hits = index.query(pdq.value)
    assert hits, f"{edit} of picture {seed} found nothing"
    assert hits[0].key == seed
    assert [h.key for h in hits] == [seed]  # and no other picture
    assert hits[0].distance <= SETTINGS.pdq_threshold


def test_unrelated_pictures_do_not_match() -> None:
    hashes = [hash_image_bytes(encode(picture(seed)), "x")[0].value for seed in range(100, 130)]
    closest = min(hamming(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1 :])
    assert closest > SETTINGS.pdq_threshold


@pytest.mark.parametrize(
    "transpose",
    [
        pytest.param(Image.Transpose.FLIP_LEFT_RIGHT, id="mirror"),
        pytest.param(Image.Transpose.FLIP_TOP_BOTTOM, id="upside-down"),
        pytest.param(Image.Transpose.ROTATE_90, id="rotate-90"),
        pytest.param(Image.Transpose.ROTATE_180, id="rotate-180"),
        pytest.param(Image.Transpose.ROTATE_270, id="rotate-270"),
        pytest.param(Image.Transpose.TRANSPOSE, id="transpose"),
    ],
)
def test_flipped_copy_matches_only_with_rotations(
    originals: dict[int, str], transpose: Image.Transpose
) -> None:
    turned = encode(picture(2).transpose(transpose), "JPEG", quality=85)
    plain = hash_image_bytes(turned, "turned")[0]
    assert hamming(plain.value, originals[2]) > SETTINGS.pdq_threshold
    variants = pdq_dihedral(turned)
    assert len(variants) == 8
    assert variants[0] == plain
    assert {v.quality for v in variants} == {plain.quality}
    index = PDQ.new_index(SETTINGS)
    index.add(originals.items())
    found = {hit.key for v in variants for hit in index.query(v.value)}
    assert found == {2}


def test_dihedral_reads_files_bytes_and_images(tmp_path: Path) -> None:
    image = picture(1)
    path = tmp_path / "p.png"
    path.write_bytes(encode(image))
    assert pdq_dihedral(path) == pdq_dihedral(encode(image)) == pdq_dihedral(image)
    assert pdq_dihedral(image)[0] == pdq_hash(image)


def test_hash_equals_python_threatexchange() -> None:
    for seed in range(4):
        data = encode(picture(seed), "JPEG", quality=90)
        expected_hash, expected_quality = pdq_from_bytes(data)
        pdq = hash_image_bytes(data, "x")[0]
        assert (pdq.value, pdq.quality) == (expected_hash, expected_quality)
        assert PdqSignal.compare_hash(pdq.value, expected_hash).match


def test_file_hashes_are_of_the_bytes(tmp_path: Path) -> None:
    data = encode(picture(3), "JPEG")
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    pdq, md5, sha256 = ImageHasher().hash_file(path)
    assert md5.value == hashlib.md5(data).hexdigest()
    assert sha256.value == hashlib.sha256(data).hexdigest()
    assert pdq == hash_image_bytes(data, "same bytes")[0]


@pytest.mark.parametrize(
    ("size", "low"),
    [
        pytest.param((1, 1), True, id="1x1"),
        pytest.param((400, 300), True, id="flat-grey"),
    ],
)
def test_flat_and_tiny_images_have_low_quality(size: tuple[int, int], low: bool) -> None:
    pdq = hash_image_bytes(encode(Image.new("RGB", size, (120, 120, 120))), "flat")[0]
    assert pdq.quality is not None
    assert (pdq.quality < SETTINGS.pdq_min_quality) is low


def _truncated_jpeg() -> bytes:
    data = encode(picture(0), "JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"", "empty file", id="zero-bytes"),
        pytest.param(_truncated_jpeg(), "corrupt image", id="truncated-jpeg"),
        pytest.param(b"\xff\xd8\xff\xe0" + bytes(200), "corrupt image|not a readable", id="junk"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt image|not a readable", id="bad-png"
        ),
        pytest.param(b"plain text, not a picture", "not a readable image", id="text"),
        pytest.param(encode(picture(0), "PCX"), "not a readable image", id="other-format"),
    ],
)
def test_bad_images_raise_naming_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "broken picture.jpg"
    path.write_bytes(content)
    with pytest.raises(SignalError, match=reason) as caught:
        ImageHasher().hash_file(path)
    assert caught.value.where == str(path)
    assert str(path) in str(caught.value)


def test_missing_and_unreadable_files_raise(tmp_path: Path) -> None:
    with pytest.raises(SignalError, match="cannot read file") as caught:
        ImageHasher().hash_file(tmp_path / "gone.png")
    assert caught.value.where == str(tmp_path / "gone.png")
    with pytest.raises(SignalError, match="cannot read file"):
        ImageHasher().hash_file(tmp_path)


def test_a_batch_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    paths = []
    for i, content in enumerate([encode(picture(0)), b"", encode(picture(1), "JPEG")]):
        paths.append(tmp_path / f"{i}.img")
        paths[-1].write_bytes(content)
    results: list[str] = []
    for path in paths:
        try:
            results.append(ImageHasher().hash_file(path)[0].value[:4])
        except SignalError as err:
            results.append(f"error: {err.reason}")
    assert results[1] == "error: empty file"
    assert len(results) == 3 and not results[2].startswith("error")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param(encode(picture(0), "JPEG")[:32], "JPEG", id="jpeg"),
        pytest.param(encode(picture(0))[:32], "PNG", id="png"),
        pytest.param(encode(picture(0), "GIF")[:32], "GIF", id="gif"),
        pytest.param(encode(picture(0), "WEBP")[:32], "WEBP", id="webp"),
        pytest.param(encode(picture(0), "BMP")[:32], "BMP", id="bmp"),
        pytest.param(encode(picture(0), "TIFF")[:32], "TIFF", id="tiff"),
        pytest.param(b"BM is how this note starts....", None, id="text-starting-BM"),
        pytest.param(b"RIFF\x00\x00\x00\x00AVI LIST", None, id="avi"),
        pytest.param(b"%PDF-1.7", None, id="pdf"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_image_format_by_magic_bytes(head: bytes, expected: str | None) -> None:
    assert image_format(head) == expected
    assert ImageHasher().accepts(Path("any.name"), head) is (expected is not None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("AB" * 32, "ab" * 32, id="upper-case"),
        pytest.param(" " + "0f" * 32 + "\n", "0f" * 32, id="spaces"),
    ],
)
def test_canonical_pdq(value: str, expected: str) -> None:
    assert PDQ.canonical(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("ab" * 31, id="short"),
        pytest.param("ab" * 33, id="long"),
        pytest.param("gg" * 32, id="not-hex"),
        pytest.param("", id="empty"),
    ],
)
def test_malformed_pdq_is_refused(value: str) -> None:
    with pytest.raises(SignalError, match="not a PDQ hash"):
        PDQ.canonical(value)


def test_module_exposes_its_types_and_hasher() -> None:
    assert signal_types() == [PDQ]
    assert isinstance(PDQ, SignalType)
    assert (PDQ.name, PDQ.kind, PDQ.threatexchange_name) == ("pdq", ContentKind.IMAGE, "pdq")
    (hasher,) = hashers()
    assert isinstance(hasher, Hasher)
    assert (hasher.name, hasher.kind) == ("image", ContentKind.IMAGE)
