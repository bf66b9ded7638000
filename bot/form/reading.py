"""Reading an applicant's file: bytes → text → values, every way it can be broken said in Chinese.

Applications (YAML, JSON) and batches (JSON lines, CSV) come from people and from Excel on Windows,
so they arrive in GBK, UTF-16 (Excel's "Unicode text"), as a spreadsheet renamed, or mangled. What
can go wrong is refused here, before anything is validated or stored, naming the file and the line:

* not UTF-8: :class:`UnreadableFile` naming what the bytes look like (GBK/GB18030, UTF-16, a ZIP
  such as .xlsx, a PDF or picture, binary) and how to save the file as UTF-8 (exit 1);
* too large, bad syntax, a key written twice, nesting too deep, an integer too long, not a mapping
  of sections: :class:`BadFile` with ``file:line:col`` (exit 2). YAML's refusals are bot.yamlio's;
  JSON gets the same ones here.

Messages quote no value of the file: it holds ID and mobile numbers.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any

from bot.errors import BadFile, Location, Malformed, UnreadableFile
from bot.yamlio import MAX_DEPTH, MAX_INT_DIGITS, parse_plain

MAX_APPLICATION_BYTES = 1024 * 1024  # the example is 2 KB; scans are separate files
SAVE_AS_UTF8 = "请另存为 UTF-8 编码后再试（记事本：另存为 → 编码选“UTF-8”；Excel：另存为“CSV UTF-8（逗号分隔）”）"

_MAGIC = (
    (b"PK\x03\x04", "ZIP 压缩包（如 .xlsx、.docx）"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文件（如 .xls、.doc）"),
    (b"%PDF", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_bytes(path: Path, what: str, max_bytes: int) -> bytes:
    """The file's bytes; missing or unreadable is an UnreadableFile, larger than ``max_bytes`` a BadFile."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(f"{what} {path} 过大（{_size(size)}），最多 {_size(max_bytes)}")
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取{what} {path}：{exc.strerror or exc}") from None


def decode(data: bytes, path: Path, what: str, encoding: str | None = None, option: str = "") -> str:
    """UTF-8 text (a byte-order mark is dropped), or ``encoding`` when the caller declared one; anything else is
    an UnreadableFile saying from which line and what the bytes seem to be. ``option``: the command's option
    that declares an encoding, suggested with the encoding the bytes seem to be in."""
    if encoding is not None:
        try:
            return _no_nul(data.decode(encoding), path, what)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise UnreadableFile(f"{what} {path} 第 {line} 行不是 {encoding} 编码的文字") from None

    def unreadable(seems: str, codec: str | None) -> UnreadableFile:
        declare = f"；或写明文件的编码：{option} {codec}" if option and codec else ""
        return UnreadableFile(f"{what} {path} {seems}。{SAVE_AS_UTF8}{declare}")

    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    else:
        for bom, name in _BOMS:
            if data.startswith(bom):
                raise unreadable(f"是 {name} 编码的文本，不是 UTF-8", name.lower())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        seems = _looks_like(data)
        codec = "gbk" if "GBK" in seems else "utf-16" if "UTF-16" in seems else None
        raise unreadable(f"不是 UTF-8 编码的文本（第 {line} 行起）：{seems}", codec) from None
    return _no_nul(text, path, what)


def _no_nul(text: str, path: Path, what: str) -> str:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        seems = _looks_like(text.encode())
        raise UnreadableFile(f"{what} {path} 不是文本文件（第 {line} 行起）：{seems}。{SAVE_AS_UTF8}")
    return text


def _looks_like(data: bytes) -> str:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"看起来是{name}"
    head = data[:4096]
    if head.count(0) * 4 > len(head):  # every other byte zero: ASCII in UTF-16
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return "看起来是 UTF-16 编码" if abs(even - odd) > len(head) // 8 else "看起来是二进制文件，不是文本"
    if 0 in head:
        return "看起来是二进制文件，不是文本"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return "编码无法识别"
    if sum("\u4e00" <= ch <= "\u9fff" for ch in text) * 10 >= sum(not ch.isascii() for ch in text):
        return "看起来是 GBK/GB18030 编码（Windows 中文版的默认编码）"
    return "编码无法识别"


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


# --- an application ---------------------------------------------------------------------------------


def read_values(path: Path) -> dict[str, Any]:
    """An application file (YAML, or JSON by its suffix) as ``{section: {field: value}}``."""
    text = decode(read_bytes(path, "申请文件", MAX_APPLICATION_BYTES), path, "申请文件")
    try:
        data = json_value(text, path) if path.suffix.lower() == ".json" else parse_plain(text, path)
    except Malformed as exc:
        raise BadFile(f"申请文件 {exc.location or path}：{exc.message}") from None
    if data is None:
        raise BadFile(f"申请文件 {path} 是空的")
    if not isinstance(data, dict):
        raise BadFile(f"申请文件 {path} 的顶层应为“分区: 字段”的映射（如 company:、legal_rep:），不是{_kind(data)}")
    return data


def _kind(value: Any) -> str:
    return "列表" if isinstance(value, list) else "一个值"


# --- JSON, with YAML's refusals -----------------------------------------------------------------------


def json_value(text: str, path: Path, line: int = 1) -> Any:
    """One JSON document (``line``: where it starts in the file, for JSON lines); refusals raise Malformed."""
    _json_depth(text, path, line)

    def where(fragment: str) -> Location | None:
        found = re.search(re.escape(fragment), text)
        return Location(path, line + text[: found.start()].count("\n"), 1) if found else Location(path, line, 1)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                quoted = json.dumps(key, ensure_ascii=False)
                places = [m.start() for m in re.finditer(re.escape(quoted) + r"\s*:", text)]
                at = Location(path, line + text[: places[1]].count("\n"), 1) if len(places) > 1 else None
                raise Malformed(at or Location(path, line, 1), f"重复的键“{key}”（duplicate key）：同一个键只能写一次")
            result[key] = value
        return result

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            raise Malformed(
                where(digits), f"数字过长（{len(digits)} 位，最多 {MAX_INT_DIGITS} 位）；如果是编号，请加引号写成文字"
            )
        return int(digits)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=integer)
    except json.JSONDecodeError as exc:
        raise Malformed(Location(path, line + exc.lineno - 1, exc.colno), f"不是有效的 JSON：{exc.msg}") from None


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str, path: Path, line: int) -> None:
    """Refuse nesting deeper than MAX_DEPTH before json.loads recurses into it (strings skipped)."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                at = Location(path, line + text[: token.start()].count("\n"), 1)
                raise Malformed(at, f"嵌套超过 {MAX_DEPTH} 层（对象和数组套得太深）")
        elif char in "]}":
            depth -= 1
