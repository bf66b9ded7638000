"""The command line's own words in Chinese: usage lines, help headings and the errors Typer (and the Click it
carries) gives for a wrong command line.

Typer asks gettext for its help headings (``Options``, ``Arguments``, ``[default: …]``…): those go through
``CATALOG``. The Click inside Typer writes its errors as English f-strings, so they are said again here from
what each exception carries (which option, which argument, the pydantic error behind a value refused), never
by translating its sentences. ``chinese(app)`` puts it all on a Typer app and its sub-apps, before the app runs.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from typing import Any

import typer
from typer import core, rich_utils
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter

USAGE = "用法："
OPTIONS_METAVAR = "[选项]"
HELP_TEXT = "显示本帮助并退出。"

# Typer's gettext message ids, as in typer/core.py and typer/rich_utils.py.
CATALOG = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Error": "错误",
    "Aborted.": "已取消。",
    "Aborted!": "已取消。",
    "required": "必填",
    "[required]": "[必填]",
    "default: {default}": "默认：{default}",
    "[default: {}]": "[默认：{}]",
    "env var: {var}": "环境变量：{var}",
    "[env var: {}]": "[环境变量：{}]",
    "(deprecated) ": "（已停用）",
    "(dynamic)": "（运行时决定）",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "查看用法：[blue]{command_path} {help_option}[/]",
}
# rich_utils reads these once, when it is imported.
_RICH_CONSTANTS = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)


class Catalog(gettext.NullTranslations):
    """gettext over ``CATALOG``; a message it lacks stays as it is."""

    def gettext(self, message: str) -> str:
        return CATALOG.get(message, message)


class ChineseFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE if prefix is None else prefix)


class ChineseContext(Context):
    formatter_class = ChineseFormatter


class _Chinese:
    """What the command and group classes share: the context, the usage line, the help option's text."""

    context_class: type[Context] = ChineseContext

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class ChineseCommand(_Chinese, core.TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = OPTIONS_METAVAR


class ChineseGroup(_Chinese, core.TyperGroup):
    """The app's group: its own words, and every error of the command line under it said in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = OPTIONS_METAVAR
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = "命令 [参数]..."

    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        try:
            return super().make_context(*args, **kwargs)
        except click_errors.UsageError as exc:
            raise said_in_chinese(exc) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except click_errors.UsageError as exc:
            raise said_in_chinese(exc) from None


def chinese(app: typer.Typer) -> typer.Typer:
    """Give ``app``, its commands and its sub-apps the Chinese classes, and Typer's gettext the catalog."""
    catalog = Catalog()
    for module in (core, rich_utils):
        module._ = catalog.gettext  # type: ignore[attr-defined]  # the gettext hook: `from gettext import gettext as _`
    for name in _RICH_CONSTANTS:
        setattr(rich_utils, name, catalog.gettext(getattr(rich_utils, name)))
    _classes(app)
    return app


def _classes(app: typer.Typer) -> None:
    """Typer's own classes (or none) become the Chinese ones; a class a command chose itself is left alone."""
    app.info.cls = _chosen(app.info.cls, core.TyperGroup, ChineseGroup)
    for command in app.registered_commands:
        command.cls = _chosen(command.cls, core.TyperCommand, ChineseCommand)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _classes(group.typer_instance)
        group.cls = _chosen(group.cls, core.TyperGroup, ChineseGroup)


def _chosen(cls: Any, plain: type, ours: type) -> Any:
    value = getattr(cls, "value", cls)  # Typer wraps defaults in DefaultPlaceholder
    return ours if value is None or value is plain else cls


def said_in_chinese(exc: click_errors.UsageError) -> click_errors.UsageError:
    """The same error (its context, so its usage line, and its exit status 2), its message in Chinese."""
    said = click_errors.UsageError(_message(exc), exc.ctx)
    said.exit_code = exc.exit_code
    return said


def _message(exc: click_errors.UsageError) -> str:
    if isinstance(exc, click_errors.MissingParameter):
        kind = {"argument": "参数", "option": "选项"}.get(_param_type(exc), "参数")
        help_text = getattr(exc.param, "help", None)
        return f"缺少{kind} {_hint(exc)}" + (f"：{help_text}" if help_text else "") + "。"
    if isinstance(exc, click_errors.BadParameter):
        hint = _hint(exc)
        reason = _pydantic_reason(exc.__cause__) or exc.message
        return f"{hint} 的值不对：{reason}" if hint else f"值不对：{reason}"
    if isinstance(exc, click_errors.NoSuchOption):
        close = f"；是否想写 {'、'.join(sorted(exc.possibilities))}？" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{close}"
    if isinstance(exc, click_errors.BadOptionUsage):
        if "requires" in exc.message:
            return f"选项 {exc.option_name} 后面要写它的值。"
        if "does not take a value" in exc.message:
            return f"选项 {exc.option_name} 不带值（不要写成 {exc.option_name}=…）。"
        return f"选项 {exc.option_name} 的用法不对：{exc.message}"
    if exc.message.startswith("Got unexpected extra argument"):
        extra = exc.message[exc.message.find(" (") + 2 : exc.message.rfind(")")]
        return f"多余的参数：{extra}"
    return exc.message


def _param_type(exc: click_errors.MissingParameter) -> str:
    return exc.param_type or (exc.param.param_type_name if exc.param is not None else "")


def _hint(exc: click_errors.BadParameter) -> str:
    """``--bundle（-b）`` for an option, ``APPLICATION`` for an argument."""
    hint: Sequence[str] | str | None = exc.param_hint
    if hint is None and exc.param is not None:
        opts = list(exc.param.opts)
        if getattr(exc.param, "param_type_name", "") == "argument":
            return str(exc.param.name or "")
        hint = opts
    if hint is None:
        return ""
    names = [hint] if isinstance(hint, str) else list(hint)
    names = [n.strip("'") for n in names]
    return names[0] + (f"（{'、'.join(names[1:])}）" if len(names) > 1 else "")


def _pydantic_reason(cause: BaseException | None) -> str | None:
    """A value Typer's pydantic coercion refused, in Chinese, from the error's type and limits."""
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    first = (errors() or [{}])[0]
    kind, limits = first.get("type", ""), first.get("ctx") or {}
    said = {
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "float_parsing": "应为数字",
        "bool_parsing": "应为 是/否（true/false）",
        "less_than_equal": f"不能大于 {limits.get('le')}",
        "less_than": f"应小于 {limits.get('lt')}",
        "greater_than_equal": f"不能小于 {limits.get('ge')}",
        "greater_than": f"应大于 {limits.get('gt')}",
        "enum": f"可选：{limits.get('expected', '')}",
        "literal_error": f"可选：{limits.get('expected', '')}",
    }
    return said.get(kind)
