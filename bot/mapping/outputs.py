"""Outputs given by hand (``bot run-item ITEM --output samr-registration.uscc=…``), checked like an applicant's values.

In a run, later items read what earlier filings brought back; ``run-item`` files one item alone, so the clerk
types those outputs. Each is checked before any browser starts, every problem at once (exit 2):

* it must be an output the bundle's items declare (a misspelt name is named, with the closest one);
* its value is checked by the type the mapping declares (``outputs: {uscc: {label, type: uscc}}``): a USCC by
  GB 32100's check digit, a file by what it is;
* a file must exist, be a regular file of the declared extensions whose first bytes say it is one (a PDF starts
  ``%PDF``), within ``max_kb``, and lie in the bot's data folder (``BOT_VAR``: the evidence of earlier filings,
  where downloaded licences are kept) unless the clerk passes ``--allow-file``: the recipe uploads it to a
  government portal, so ``/etc/passwd`` or a key file must never get that far;
* every output the item's mapping reads must be given: the error names it in Chinese and the option to pass.
"""

from __future__ import annotations

from pathlib import Path

from bot.errors import ApplicationInvalid, FieldError, Invalid, suggest
from bot.form.fieldtypes import TypeRules, coerce
from bot.mapping.bundle import Bundle

MAX_FILE_KB = 20 * 1024
_MAGIC = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",)}


def given_outputs(
    bundle: Bundle, item: str, pairs: list[str], *, data_dir: Path, allow_file: bool = False
) -> dict[str, dict[str, str]]:
    """``["samr-registration.uscc=9135…"]`` → ``{"samr-registration": {"uscc": "9135…"}}``, every value checked."""
    errors: list[FieldError] = []
    outputs: dict[str, dict[str, str]] = {}
    for pair in pairs:
        option = f"--output {pair.partition('=')[0]}"
        key, sep, value = pair.partition("=")
        source, dot, name = key.strip().partition(".")
        if not sep or not dot or not source or not name:
            errors.append(FieldError(option, "--output", "应写成 事项.输出=值，如 samr-registration.uscc=91350602…"))
            continue
        problem = _unknown(bundle, item, source, name)
        if problem is None:
            mapping = bundle.mappings[source]
            label = f"{mapping.title}·{mapping.outputs[name]}（{option}）"
            rules = mapping.output_types.get(name, TypeRules("text", {}, {}))
            try:
                value = _checked(rules, value.strip(), data_dir, allow_file)
            except Invalid as exc:
                errors.append(FieldError(option, label, str(exc)))
                continue
            outputs.setdefault(source, {})[name] = value
        else:
            errors.append(FieldError(option, option, problem))
    for needed in sorted(bundle.mappings[item].outputs_read()):
        source, _, name = needed.partition(".")
        if name not in outputs.get(source, {}) and source in bundle.mappings:
            mapping = bundle.mappings[source]
            label = f"{mapping.title}·{mapping.outputs.get(name, name)}"
            message = f"缺少：请加上 --output {needed}=…（{item} 的映射要用它）"
            errors.append(FieldError(f"--output {needed}", label, message))
    if errors:
        raise ApplicationInvalid(errors)
    return outputs


def _unknown(bundle: Bundle, item: str, source: str, name: str) -> str | None:
    if source not in bundle.mappings:
        return f"“{source}”不是“{bundle.title}”的事项{suggest(source, bundle.mappings)}"
    if source == item:
        return f"不能给 {item} 自己的输出：它由这次办理取得"
    declared = bundle.mappings[source].outputs
    if name not in declared:
        known = "、".join(declared) or "无"
        return f"{source} 没有输出“{name}”{suggest(name, declared)}（有：{known}）"
    return None


def _checked(rules: TypeRules, value: str, data_dir: Path, allow_file: bool) -> str:
    if rules.type == "file":
        return _file(rules, value, data_dir, allow_file)
    if not value:
        raise Invalid("不能为空")
    return str(coerce(rules, value))


def _file(rules: TypeRules, value: str, data_dir: Path, allow_file: bool) -> str:
    """The file's resolved path, if it is a file the recipe may upload."""
    path = Path(value).expanduser()
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Invalid(f"找不到文件“{value}”") from None
    if not resolved.is_file():
        raise Invalid(f"“{value}”不是普通文件")
    extensions = [str(e).lower() for e in rules.rules.get("extensions", ["pdf"])]
    suffix = resolved.suffix.lower().lstrip(".")
    kinds = "、".join(e.upper() for e in extensions)
    if suffix not in extensions:
        raise Invalid(f"应为 {kinds} 文件，“{value}”不是（将上传到门户，只接受这些类型）")
    max_kb = int(rules.rules.get("max_kb", MAX_FILE_KB))
    if resolved.stat().st_size > max_kb * 1024:
        raise Invalid(f"文件不能超过 {max_kb} KB")
    try:
        with resolved.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise Invalid(f"无法读取文件“{value}”：{exc.strerror}") from None
    if not any(head.startswith(magic) for magic in _MAGIC.get(suffix, (b"",))):
        raise Invalid(f"“{value}”的内容不是 {suffix.upper()}（只有扩展名像）")
    home = data_dir.resolve()
    if not allow_file and not resolved.is_relative_to(home):
        raise Invalid(
            f"“{value}”不在一键办的数据目录 {home} 中（前序办理下载的文件都在那里）；"
            "确认要把这个文件上传到门户，请加上 --allow-file"
        )
    return str(resolved)
