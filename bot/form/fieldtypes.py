"""The field types of form.yaml: how a raw value becomes a typed one, in Chinese when it can't.

pydantic does the parsing of numbers, dates and booleans; ``bot.form.identifiers`` checks the
Chinese identifiers. ``coerce`` raises :class:`Invalid` with a message that
names no field: the caller prefixes the field's label.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, TypeAdapter, ValidationError

from bot.errors import Invalid, InvalidIdentifier
from bot.form import identifiers

SCALAR_TYPES = {
    "text",
    "integer",
    "decimal",
    "date",
    "boolean",
    "enum",
    "id_number",
    "uscc",
    "mobile",
    "phone",
    "postcode",
    "region",
    "email",
    "file",
}


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    extra: Mapping[str, Any] = field(default_factory=dict)


class Choice(str):
    """An enum value: compares and prints as its code, and knows its label and extra attributes."""

    label: str
    extra: Mapping[str, Any]

    def __new__(cls, option: Option) -> Choice:
        value = super().__new__(cls, option.code)
        value.label = option.label
        value.extra = option.extra
        return value

    @property
    def code(self) -> str:
        return str(self)

    def __getattr__(self, name: str) -> Any:
        # Through __dict__: copy and pickle probe attributes before "extra" is set.
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        raise AttributeError(name)

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own reduction would call Choice("code") and lose the label (copy.deepcopy, pickle).
        return (Choice, (Option(self.code, self.label, dict(self.extra)),))


class RegionCode(str):
    """A county-level region code that knows its province, city and district names."""

    @property
    def code(self) -> str:
        return str(self)

    @property
    def province(self) -> str:
        return identifiers.region(self).province

    @property
    def city(self) -> str:
        return identifiers.region(self).city

    @property
    def district(self) -> str:
        return identifiers.region(self).district

    @property
    def full_name(self) -> str:
        return identifiers.region(self).full_name

    @property
    def names(self) -> list[str]:
        """Province, city and district, as a cascader shows them."""
        region = identifiers.region(self)
        return [region.province, region.city, region.district]


REGION_ATTRIBUTES = {"code", "province", "city", "district", "full_name", "names"}
CHOICE_ATTRIBUTES = {"code", "label"}

_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]*)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_TRUE = {"是", "true", "yes", "y", "1", "on"}
_FALSE = {"否", "false", "no", "n", "0", "off"}

# pydantic error types → Chinese; ctx keys are pydantic's own.
_PYDANTIC_MESSAGES = {
    "string_too_short": "至少{min_length}个字",
    "string_too_long": "最多{max_length}个字",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_type": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_max_places": "最多{decimal_places}位小数",
    "decimal_max_digits": "数字位数过多",
    "greater_than_equal": "不能小于{ge}",
    "less_than_equal": "不能大于{le}",
    "greater_than": "应大于{gt}",
    "less_than": "应小于{lt}",
    "date_parsing": "应为日期，格式如 2026-01-31",
    "date_from_datetime_parsing": "应为日期，格式如 2026-01-31",
    "date_from_datetime_inexact": "应为日期，不含时间",
    "date_type": "应为日期，格式如 2026-01-31",
    "finite_number": "应为有限的数字",
}


def _from_pydantic(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        template = _PYDANTIC_MESSAGES.get(error["type"], "格式不正确")
        raise Invalid(template.format(**{k: _plain(v) for k, v in error.get("ctx", {}).items()})) from None


def _plain(value: Any) -> Any:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


@dataclass(frozen=True)
class TypeRules:
    """What coerce needs to know of a field: its type, rules and options."""

    type: str
    rules: Mapping[str, Any]
    options: Mapping[str, Option]
    multiple: bool = False


def coerce(spec: TypeRules, value: Any, *, base_dir: Path | None = None) -> Any:
    """Raw value (from YAML, JSON, CSV or a web form) → typed value, or :class:`Invalid`."""
    if spec.type == "enum" and spec.multiple:
        return _coerce_multi(spec, value)
    if isinstance(value, (list, dict)):
        raise Invalid("应为单个值")
    return _SCALAR_COERCERS[spec.type](spec, value, base_dir)


def _coerce_multi(spec: TypeRules, value: Any) -> list[Choice]:
    items = value if isinstance(value, list) else _split_choices(spec, str(value))
    choices = [_choice(spec, item) for item in items]
    if len({c.code for c in choices}) != len(choices):
        raise Invalid("有重复的选项")
    low, high = spec.rules.get("min_items"), spec.rules.get("max_items")
    if low is not None and len(choices) < low:
        raise Invalid(f"至少选择{low}项")
    if high is not None and len(choices) > high:
        raise Invalid(f"最多选择{high}项")
    return choices


def _split_choices(spec: TypeRules, text: str) -> list[str]:
    """Split "软件开发，技术服务、技术开发" into items, keeping whole a label that contains a separator."""
    words = re.split(r"([,，、;；\s]+)", text.strip())  # word, separator, word, …
    items, start = [], 0
    while start < len(words):
        end = next(  # the longest run of words that is an option, else the one word
            (e for e in range(len(words), start + 1, -2) if _is_option(spec, "".join(words[start:e]))),
            start + 1,
        )
        if words[start]:
            items.append("".join(words[start:end]))
        start = end + 1
    return items


def _is_option(spec: TypeRules, text: str) -> bool:
    return text in spec.options or any(o.label == text for o in spec.options.values())


def _choice(spec: TypeRules, value: Any) -> Choice:
    text = str(value).strip()
    if text in spec.options:
        return Choice(spec.options[text])
    for option in spec.options.values():  # the applicant may type the label instead of the code
        if option.label == text:
            return Choice(option)
    labels = [o.label for o in spec.options.values()]
    listed = "、".join(labels[:6]) + (f" 等 {len(labels)} 项" if len(labels) > 6 else "")
    raise Invalid(f"“{text}”不是可选项，可选：{listed}")


def _text(spec: TypeRules, value: Any, _base: Path | None) -> str:
    adapter = _adapter("text", spec.rules)
    text: str = _from_pydantic(adapter, str(value) if isinstance(value, (int, Decimal)) else value)
    pattern = spec.rules.get("pattern")
    if pattern and not re.search(pattern, text):
        raise Invalid(spec.rules.get("pattern_message", "格式不正确"))
    return text


def _integer(spec: TypeRules, value: Any, _base: Path | None) -> int:
    if isinstance(value, bool):
        raise Invalid("应为整数")
    return int(_from_pydantic(_adapter("integer", spec.rules), value))


def _decimal(spec: TypeRules, value: Any, _base: Path | None) -> Decimal:
    if isinstance(value, bool):
        raise Invalid("应为数字")
    if isinstance(value, float):
        value = repr(value)  # keep what was written: 0.1 stays 0.1
    return Decimal(_from_pydantic(_adapter("decimal", spec.rules), value))


def _date(spec: TypeRules, value: Any, _base: Path | None) -> dt.date:
    # pydantic reads a number, or a string of one, as Unix seconds: "86400" would be 1970-01-02.
    if isinstance(value, (bool, int, float, Decimal)) or (isinstance(value, str) and _NUMBER.fullmatch(value.strip())):
        raise Invalid(_PYDANTIC_MESSAGES["date_type"])
    if isinstance(value, str):
        match = _LOOSE_DATE.fullmatch(value.strip())
        if match:  # 2026/3/4, 2026.3.4, 2026年3月4日
            value = "{}-{:0>2}-{:0>2}".format(*match.groups())
    day: dt.date = _from_pydantic(_DATE, value)
    return day


def _boolean(spec: TypeRules, value: Any, _base: Path | None) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Invalid("应为“是”或“否”")


def _enum(spec: TypeRules, value: Any, _base: Path | None) -> Choice:
    return _choice(spec, value)


def _identifier(check: Any) -> Any:
    def coerce_identifier(spec: TypeRules, value: Any, _base: Path | None) -> str:
        try:
            return str(check(str(value)))
        except InvalidIdentifier as exc:
            raise Invalid(str(exc)) from None

    return coerce_identifier


def _region(spec: TypeRules, value: Any, base: Path | None) -> RegionCode:
    return RegionCode(_identifier(identifiers.check_region)(spec, value, base))


def _email(spec: TypeRules, value: Any, _base: Path | None) -> str:
    text = str(value).strip()
    if not _EMAIL.fullmatch(text):
        raise Invalid("应为电子邮箱地址，如 name@example.com")
    return text


def _file(spec: TypeRules, value: Any, base: Path | None) -> str:
    """An upload named by path (relative to the application file): it must exist and fit the rules."""
    path = Path(str(value))
    if not path.is_absolute() and base is not None:
        path = base / path
    extensions = [e.lower() for e in spec.rules.get("extensions", [])]
    suffix = path.suffix.lower().lstrip(".")
    if extensions and suffix not in extensions:
        raise Invalid(f"文件类型应为 {'、'.join(e.upper() for e in extensions)}")
    if not path.is_file():
        raise Invalid(f"找不到文件“{value}”")
    max_kb = spec.rules.get("max_kb")
    if max_kb is not None and path.stat().st_size > max_kb * 1024:
        whole_mb = max_kb >= 1024 and max_kb % 1024 == 0  # 1500 KB is not "1 MB"
        raise Invalid(f"文件不能超过 {f'{max_kb // 1024} MB' if whole_mb else f'{max_kb} KB'}")
    return str(path.resolve())


_SCALAR_COERCERS: dict[str, Any] = {
    "text": _text,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "boolean": _boolean,
    "enum": _enum,
    "id_number": _identifier(identifiers.check_id_number),
    "uscc": _identifier(identifiers.check_uscc),
    "mobile": _identifier(identifiers.check_mobile),
    "phone": _identifier(identifiers.check_phone),
    "postcode": _identifier(identifiers.check_postcode),
    "region": _region,
    "email": _email,
    "file": _file,
}

_DATE: TypeAdapter[dt.date] = TypeAdapter(dt.date)
_ADAPTERS: dict[tuple[str, tuple[tuple[str, Any], ...]], TypeAdapter[Any]] = {}


def _adapter(kind: str, rules: Mapping[str, Any]) -> TypeAdapter[Any]:
    key = (kind, tuple(sorted((k, v) for k, v in rules.items() if not isinstance(v, list))))
    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(_annotated(kind, rules))
    return _ADAPTERS[key]


def _annotated(kind: str, rules: Mapping[str, Any]) -> Any:
    if kind == "text":
        return Annotated[
            str,
            StringConstraints(
                strip_whitespace=True, min_length=rules.get("min_length"), max_length=rules.get("max_length")
            ),
        ]
    if kind == "integer":
        return Annotated[int, Field(ge=rules.get("min"), le=rules.get("max"))]
    low, high = (Decimal(str(b)) if b is not None else None for b in (rules.get("min"), rules.get("max")))
    return Annotated[Decimal, Field(ge=low, le=high, decimal_places=rules.get("decimal_places"))]
