"""Where the project's files are: the embedded defaults, overridable from the environment.

The project's own files (``mappings/``, ``recipes/``, ``config/portals.yaml``, ``examples/``) sit at
the top level of a source checkout, beside ``bot/``. An installed wheel carries the same files
inside the package, as ``bot/_project/`` (setup.py maps them there); outside a checkout, that copy
is the default. Runs write under ``var/`` of the checkout, or, when installed, under the user's data
folder (``$XDG_DATA_HOME/yijianban``, by default ``~/.local/share/yijianban``), never into the
installed package. Every default gives way to its ``BOT_*`` variable.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # a source checkout's top level (when bot/ runs from one)
INSTALLED_FILES = Path(__file__).resolve().parent / "_project"  # the project's files inside an installed wheel


def in_checkout() -> bool:
    """Whether bot/ runs from a source checkout (editable installs too), rather than from an installed wheel."""
    return (PROJECT_ROOT / "pyproject.toml").is_file()


def project_dir(name: str) -> Path:
    """A folder of the project's own files (mappings, recipes, config, examples): the checkout's, else the wheel's."""
    return (PROJECT_ROOT if in_checkout() else INSTALLED_FILES) / name


def mappings_dir() -> Path:
    """``BOT_MAPPINGS`` or the project's own mappings/."""
    return Path(os.environ.get("BOT_MAPPINGS", project_dir("mappings")))


def recipes_dir() -> Path:
    """``BOT_RECIPES`` or the project's own recipes/."""
    return Path(os.environ.get("BOT_RECIPES", project_dir("recipes")))


def examples_dir() -> Path:
    """The project's examples/: the example application (``open-company.yaml``) and its scans."""
    return project_dir("examples")


def var_dir() -> Path:
    """``BOT_VAR``, else the checkout's var/ (installed: the user's data folder): the ledger, evidence
    and reports of runs on this machine."""
    if "BOT_VAR" in os.environ:
        return Path(os.environ["BOT_VAR"])
    if in_checkout():
        return PROJECT_ROOT / "var"
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "yijianban"


def portals_file() -> Path:
    """``BOT_PORTALS`` or config/portals.yaml: item → the portal's base URL."""
    return Path(os.environ.get("BOT_PORTALS", project_dir("config") / "portals.yaml"))


def portal_url(item: str) -> str:
    """The base URL of an item's portal: ``BOT_PORTAL_URL_<ITEM>`` first, then the portals file."""
    override = os.environ.get("BOT_PORTAL_URL_" + item.upper().replace("-", "_"))
    if override:
        return override
    from bot.errors import BotError

    path = portals_file()
    table = portal_table()
    if item not in table:
        raise BotError(f"门户地址表 {path} 中没有“{item}”：请添加一行“{item}: https://…”")
    return str(table[item])


def portal_table() -> dict[str, str]:
    """The portals file as item → URL; read like every project YAML (bot.yamlio: a duplicate item is an error at
    its line, not the last URL silently winning)."""
    from bot import yamlio
    from bot.errors import Problem, SpecError

    path = portals_file()
    table = yamlio.load(path) or {}
    if not isinstance(table, dict):
        raise SpecError([Problem(yamlio.location_of(table), "门户地址表应为“事项: 网址”的映射")])
    return {str(item): str(url) for item, url in table.items()}
