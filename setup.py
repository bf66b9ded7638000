"""Packaging that pyproject.toml cannot say: which packages, and where the project's own files go.

bot/ and demo/ are found as they are (their folders of templates and static files too). The
project's own files stay at the top level of the source tree, where DESIGN.md names them
(mappings/, recipes/, config/, examples/), and are mapped into the package as bot/_project/<folder>,
so that an installed wheel serves and files with them (bot.paths falls back to that copy outside
a checkout). Everything else is in pyproject.toml.
"""

from __future__ import annotations

from setuptools import find_namespace_packages, setup

PROJECT_FILES = ("mappings", "recipes", "config", "examples")
SHIPPED_AS = "bot._project"

shipped = {f"{SHIPPED_AS}.{folder}": folder for folder in PROJECT_FILES}
for folder in PROJECT_FILES:
    for sub in find_namespace_packages(where=folder):
        shipped[f"{SHIPPED_AS}.{folder}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(
    packages=[*find_namespace_packages(include=["bot", "bot.*", "demo", "demo.*"]), *shipped],
    package_dir=shipped,
)
