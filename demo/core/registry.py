"""The shared demo company registry (``<data dir>/registry.sqlite``).

samr-registration publishes each company it approves (USCC, name, address, legal
representative); the other five portals look a USCC up before accepting a form, as real
portals share data. Tests can seed a company through ``POST /__admin/registry``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from demo.core import uscc as uscc_codes
from demo.core.db import connect, init_schema, now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS companies (
    uscc TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    legal_rep TEXT NOT NULL,
    source TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    published_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Company:
    uscc: str
    name: str
    address: str
    legal_rep: str
    source: str
    extra: dict[str, Any]
    published_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Registry:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "registry.sqlite"
        init_schema(self.path, SCHEMA)

    def publish(
        self,
        *,
        name: str,
        address: str,
        legal_rep: str,
        source: str,
        uscc: str | None = None,
        region: str = "110105",
        extra: dict[str, Any] | None = None,
    ) -> Company:
        """Publish a company; without ``uscc`` a new valid, unused one is generated."""
        if uscc is not None and not uscc_codes.is_valid(uscc):
            raise ValueError("统一社会信用代码校验位错误")
        code = uscc or self._fresh(region)
        with connect(self.path) as conn:
            conn.execute(
                "INSERT OR REPLACE INTO companies(uscc, name, address, legal_rep, source, extra, "
                "published_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    code,
                    name,
                    address,
                    legal_rep,
                    source,
                    json.dumps(extra or {}, ensure_ascii=False),
                    now_iso(),
                ),
            )
        found = self.lookup(code)
        assert found is not None
        return found

    def _fresh(self, region: str) -> str:
        while True:
            code = uscc_codes.generate(region)
            if self.lookup(code) is None:
                return code

    def lookup(self, uscc: str) -> Company | None:
        """The company with this USCC (case-insensitive), or None."""
        with connect(self.path) as conn:
            row = conn.execute("SELECT * FROM companies WHERE uscc = ?", (uscc.strip().upper(),)).fetchone()
        return _company(row) if row else None

    def all(self) -> list[Company]:
        with connect(self.path) as conn:
            rows = conn.execute("SELECT * FROM companies ORDER BY published_at, uscc").fetchall()
        return [_company(r) for r in rows]

    def wipe(self, source: str) -> None:
        """Forget what one portal published (part of that portal's reset)."""
        with connect(self.path) as conn:
            conn.execute("DELETE FROM companies WHERE source = ?", (source,))


def _company(row: Any) -> Company:
    return Company(
        uscc=row["uscc"],
        name=row["name"],
        address=row["address"],
        legal_rep=row["legal_rep"],
        source=row["source"],
        extra=json.loads(row["extra"]),
        published_at=row["published_at"],
    )
