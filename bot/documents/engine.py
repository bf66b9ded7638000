"""Files → pages of text lines with their boxes, offline.

OCR is RapidOCR (``rapidocr-onnxruntime``): PaddleOCR's PP-OCR detection and recognition models
run by ONNX Runtime, shipped inside the wheel, so nothing is downloaded at run time. Measured
against Debian's Tesseract 5 (chi_sim) on the generated documents: RapidOCR read every field of the
clean ID card and lease right and only 芗→梦 on photos, Tesseract misread 芗→艺, 漳→济 and lost the
name on a photo (see bench/README.md). A PDF is read from its text layer when it has one; a PDF
made of images (the demo's licence) is OCR'd page by page.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from bot.errors import DocumentUnreadable

# Recognition reads each line from the page at this size (detection sees it at most 960 px, TUNING): enough for
# small print, and a phone's 4000×3000 photo is not carried around whole.
MAX_SIDE = 1600


@dataclass(frozen=True)
class Line:
    """One line of text as read, with its box in the page's pixels (x0, y0, x1, y1)."""

    text: str
    box: tuple[int, int, int, int]
    score: float = 1.0


@dataclass
class Page:
    image: Image.Image | None  # None for a PDF page read from its text layer
    lines: list[Line]
    source: str  # "ocr" or "text"


_lock = threading.Lock()


THREADS = 2  # ONNX Runtime's threads per model run: the 2 cores of the service centre's machines
# RapidOCR's defaults cost more than these documents need (bench/README.md, measured as CPU per page):
# - detection scales the short side UP to 736 px (limit_type "min"): an ID card's 856×540 became 1167×736;
#   detection at most 960 px on the long side finds every line of an ID card and an A4 page alike;
# - recognition runs lines in batches of 6, each padded to its widest line: one line at a time pads nothing.
TUNING = {"det_limit_type": "max", "det_limit_side_len": 960, "rec_batch_num": 1}


@cache
def _ocr() -> Any:
    from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]  # imported late: loading the models takes a second
    from rapidocr_onnxruntime.utils import infer_engine  # type: ignore[import-untyped]

    _without_spinning(infer_engine.OrtInferSession)
    return RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=1, **TUNING)


def _without_spinning(session_class: Any) -> None:
    """ONNX Runtime's worker threads spin (busy-wait) between the small operators of a model run by default: on
    a machine where other work runs they burn the cores that work needs, and wait for them in turn (measured
    on the shared 2-core machine: CPU per ID card 1.42 → 0.85 s, per A4 lease 3.38 → 2.61 s; bench/README.md).
    RapidOCR builds its sessions' options in one static method; this adds the setting that turns spinning off."""
    build = session_class._init_sess_opts
    if getattr(build, "yjb_no_spin", False):
        return

    def options(config: dict[str, Any]) -> Any:
        opts = build(config)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    options.yjb_no_spin = True  # type: ignore[attr-defined]
    session_class._init_sess_opts = staticmethod(options)


def ocr(image: Image.Image) -> list[Line]:
    """The lines RapidOCR finds in an image (no angle classifier: documents are upright within ±10°)."""
    import numpy as np

    rgb = image.convert("RGB")
    with _lock:  # one ONNX session, used by one thread at a time
        result, _elapsed = _ocr()(np.asarray(rgb)[:, :, ::-1], use_cls=False)
    lines = []
    for points, text, score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lines.append(Line(str(text), (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), float(score)))
    return lines


def load_image(data: bytes) -> Image.Image:
    image: Image.Image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def read_pages(path: Path) -> list[Page]:
    """Every page of an image or PDF file as text lines."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentUnreadable(f"无法读取文件 {path.name}：{exc.strerror}") from None
    if data[:5] == b"%PDF-":
        return _pdf_pages(data, path.name)
    try:
        image = load_image(data)
    except Exception:
        raise DocumentUnreadable(f"{path.name} 不是可识别的图片或 PDF 文件") from None
    return [Page(image, ocr(image), "ocr")]


def _pdf_pages(data: bytes, name: str) -> list[Page]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception:
        raise DocumentUnreadable(f"{name} 不是可读取的 PDF 文件") from None
    pages = []
    for pdf_page in reader.pages:
        text = (pdf_page.extract_text() or "").strip()
        if text:  # a text layer: its lines, no boxes to crop
            lines = [Line(t.strip(), (0, 0, 0, 0)) for t in text.splitlines() if t.strip()]
            pages.append(Page(None, lines, "text"))
            continue
        images = list(pdf_page.images)
        if not images:
            continue
        image = max((img.image for img in images if img.image is not None), key=lambda im: im.size[0] * im.size[1])
        image = image.convert("RGB")
        if max(image.size) > MAX_SIDE:
            image.thumbnail((MAX_SIDE, MAX_SIDE))
        pages.append(Page(image, ocr(image), "ocr"))
    if not pages:
        raise DocumentUnreadable(f"{name} 中没有可读取的文字或图像")
    return pages
