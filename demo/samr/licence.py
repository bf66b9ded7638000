"""The 营业执照 (electronic business licence) as a one-page PDF drawn with Pillow.

Why an image PDF: Pillow is already a dependency and draws CJK text with the Noto CJK
font; the USCC is also written into the PDF's metadata (subject, keywords) so a reader
can find it in the file's text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts"))
FONT_NAMES = ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc", "wqy-microhei.ttc")
RED = (190, 30, 30)
INK = (30, 30, 30)
WIDTH, HEIGHT = 1754, 1240  # A4 landscape at 150 dpi


@dataclass(frozen=True)
class LicenceData:
    uscc: str
    name: str
    ent_type: str
    legal_rep: str
    capital: str
    founded: str
    term: str
    address: str
    scope: str


@cache
def _font_path() -> str | None:
    for folder in FONT_DIRS:
        for name in FONT_NAMES:
            found = next(iter(sorted(folder.rglob(name))), None) if folder.exists() else None
            if found:
                return str(found)
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default()


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def render_pdf(data: LicenceData) -> bytes:
    """The licence as PDF bytes (the USCC is in its metadata, UTF-16BE as PDF text strings are)."""
    out = io.BytesIO()
    render_image(data).save(
        out, "PDF", resolution=150.0, title="营业执照", subject=data.uscc, keywords=data.uscc, author="市场监督管理局"
    )
    return out.getvalue()


def render_image(data: LicenceData) -> Image.Image:
    """The licence page as an image."""
    img = Image.new("RGB", (WIDTH, HEIGHT), (255, 253, 246))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, WIDTH - 40, HEIGHT - 40), outline=RED, width=10)
    draw.rectangle((62, 62, WIDTH - 62, HEIGHT - 62), outline=RED, width=3)
    draw.ellipse((WIDTH // 2 - 60, 90, WIDTH // 2 + 60, 210), outline=RED, width=6)
    draw.text((WIDTH // 2, 150), "★", font=_font(80), fill=RED, anchor="mm")
    draw.text((WIDTH // 2, 300), "营 业 执 照", font=_font(96), fill=RED, anchor="mm")
    draw.text((WIDTH // 2, 380), "（电子副本）", font=_font(34), fill=INK, anchor="mm")
    draw.text((140, 450), f"统一社会信用代码  {data.uscc}", font=_font(36), fill=INK)
    label, value = _font(34), _font(34)
    rows = [
        ("名        称", data.name),
        ("类        型", data.ent_type),
        ("法定代表人", data.legal_rep),
        ("注册资本", f"人民币{data.capital}万元"),
        ("成立日期", data.founded),
        ("营业期限", data.term),
        ("住        所", data.address),
    ]
    y = 540
    for caption, text in rows:
        draw.text((140, y), caption, font=label, fill=INK)
        draw.text((380, y), text, font=value, fill=INK)
        y += 58
    draw.text((140, y), "经营范围", font=label, fill=INK)
    for line in _wrap(draw, data.scope, value, WIDTH - 380 - 520)[:8]:
        draw.text((380, y), line, font=value, fill=INK)
        y += 50
    draw.ellipse((WIDTH - 460, HEIGHT - 400, WIDTH - 220, HEIGHT - 160), outline=RED, width=6)
    draw.text((WIDTH - 340, HEIGHT - 280), "登记机关", font=_font(40), fill=RED, anchor="mm")
    draw.text((WIDTH - 340, HEIGHT - 120), data.founded, font=_font(28), fill=INK, anchor="mm")
    return img
