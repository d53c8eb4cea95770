"""Test pictures for the signal tests, drawn with Pillow from a seed (no files shipped).

Each picture is a colour gradient with a dozen filled shapes and some seeded noise: enough
structure for PDQ to give full quality, and different seeds give unrelated pictures.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw


def picture(seed: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    """A structured RGB picture, the same for the same seed."""
    rng = np.random.default_rng(seed)
    width, height = size
    x = np.linspace(0.0, 1.0, width)[None, :]
    y = np.linspace(0.0, 1.0, height)[:, None]
    a, b, c = rng.uniform(0.5, 3.0, size=3)
    red = np.sin(a * np.pi * x + b * y) * 0.5 + 0.5
    green = np.broadcast_to((x * y) ** c, (height, width))
    blue = np.cos(b * np.pi * x * y) * 0.5 + 0.5
    base = np.stack([red + 0 * y, green, blue], axis=2) * 255
    image = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        cx, cy = int(rng.integers(width)), int(rng.integers(height))
        r = int(rng.integers(10, 90))
        colour = (int(rng.integers(256)), int(rng.integers(256)), int(rng.integers(256)))
        if rng.random() < 0.5:
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        else:
            draw.rectangle((cx - r, cy - r // 2, cx + r, cy + r // 2), fill=colour)
    noisy = np.asarray(image, dtype=np.float64) + rng.normal(0.0, 6.0, (height, width, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def encode(image: Image.Image, fmt: str = "PNG", **options: int) -> bytes:
    """``image`` encoded in a Pillow format."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def hamming(a: str, b: str) -> int:
    """Bits that differ between two hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
