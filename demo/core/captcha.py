"""Image captchas drawn with Pillow; the answer stays on the server, in the session.

Why real images: the bot must treat a captcha as a hand-off (a person reads it), and
tests read the answer through ``GET /__admin/captcha`` instead. The alphabet leaves out
look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B) so a person can always read it.
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SESSION_KEY = "captcha"
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
_rng = random.SystemRandom()


def new_answer() -> str:
    """4 or 5 characters from the confusion-free alphabet."""
    return "".join(_rng.choice(ALPHABET) for _ in range(_rng.choice((4, 5))))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def draw(answer: str, width: int = 130, height: int = 44) -> bytes:
    """A PNG: each character rotated on its own, over noise lines and dots."""
    image = Image.new("RGB", (width, height), (244, 246, 240))
    pen = ImageDraw.Draw(image)
    for _ in range(120):
        xy = (_rng.randrange(width), _rng.randrange(height))
        pen.point(xy, fill=tuple(_rng.randrange(120, 220) for _ in range(3)))
    font = _font(26)
    step = (width - 12) // len(answer)
    for i, ch in enumerate(answer):
        glyph = Image.new("RGBA", (34, 40), (0, 0, 0, 0))
        colour = (_rng.randrange(10, 110), _rng.randrange(10, 110), _rng.randrange(60, 160), 255)
        ImageDraw.Draw(glyph).text((6, 3), ch, font=font, fill=colour)
        glyph = glyph.rotate(_rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (6 + i * step + _rng.randrange(-2, 3), _rng.randrange(0, 6)), glyph)
    for _ in range(_rng.choice((3, 4, 5))):
        start = (_rng.randrange(0, width // 3), _rng.randrange(height))
        end = (_rng.randrange(2 * width // 3, width), _rng.randrange(height))
        pen.line([start, end], fill=tuple(_rng.randrange(60, 180) for _ in range(3)), width=_rng.choice((1, 2)))
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def record(answer: str) -> dict[str, object]:
    """What the session keeps for one issued captcha."""
    return {"answer": answer, "issued_at": time.time()}


def matches(expected: str | None, given: str) -> bool:
    """Case-insensitive, spaces ignored; no expected answer means nothing matches."""
    return bool(expected) and given.strip().upper() == (expected or "").upper()
