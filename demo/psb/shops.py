"""Licensed seal shops (刻章企业) per district, and which district a filing belongs to.

The district decides which shops the autocomplete offers and the server accepts: it is
read from the 单位地址 (the first district name found in it), else from the region code
inside the 统一社会信用代码 (characters 3–8), as the real system files by jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.core import Portal

SCHEMA = """
CREATE TABLE IF NOT EXISTS psb_shops (
    license_no TEXT PRIMARY KEY,
    district TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class District:
    code: str
    name: str  # as written in an address: 漳州市芗城区
    short: str  # the district alone: 芗城区


DISTRICTS: tuple[District, ...] = (
    District("350602", "漳州市芗城区", "芗城区"),
    District("350603", "漳州市龙文区", "龙文区"),
    District("110105", "北京市朝阳区", "朝阳区"),
    District("110108", "北京市海淀区", "海淀区"),
)

# (license no, district code, name, address, phone)
SEED: tuple[tuple[str, str, str, str, str], ...] = (
    ("KZ350602001", "350602", "漳州市芗城区诚信刻章服务部", "漳州市芗城区胜利西路112号", "0596-2021188"),
    ("KZ350602002", "350602", "漳州市芗城区鑫鸿印章制作店", "漳州市芗城区延安北路45号", "0596-2035566"),
    ("KZ350602003", "350602", "漳州市芗城区金石刻字社", "漳州市芗城区大同路8号", "0596-2967701"),
    ("KZ350603001", "350603", "漳州市龙文区华安刻章店", "漳州市龙文区建元东路21号", "0596-2651203"),
    ("KZ110105001", "110105", "北京市朝阳区京诚刻章有限公司", "北京市朝阳区朝阳路69号", "010-65012345"),
    ("KZ110105002", "110105", "北京朝阳永信印章制作中心", "北京市朝阳区劲松南路3号", "010-67712233"),
    ("KZ110105003", "110105", "北京市朝阳区国安刻字服务部", "北京市朝阳区安立路30号", "010-64981122"),
    ("KZ110108001", "110108", "北京市海淀区中关村印章服务部", "北京市海淀区海淀大街18号", "010-62557788"),
)


@dataclass(frozen=True)
class Shop:
    license_no: str
    district: str
    name: str
    address: str
    phone: str


def seed(portal: Portal) -> None:
    """(Re)load the shop list; idempotent."""
    with portal.store.connect() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO psb_shops(license_no, district, name, address, phone) VALUES (?, ?, ?, ?, ?)",
            SEED,
        )


def district_of(address: str, uscc: str) -> District | None:
    """The filing's district: named in the address, else coded in the USCC."""
    for district in DISTRICTS:
        if district.name in address or district.short in address:
            return district
    code = uscc.strip().upper()[2:8]
    return next((d for d in DISTRICTS if d.code == code), None)


def search(portal: Portal, district: District, keyword: str, limit: int = 10) -> list[Shop]:
    """Shops of the district whose name contains the keyword (empty keyword: none)."""
    keyword = keyword.strip()
    if not keyword:
        return []
    with portal.store.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM psb_shops WHERE district = ? AND instr(name, ?) > 0 ORDER BY license_no LIMIT ?",
            (district.code, keyword, limit),
        ).fetchall()
    return [Shop(**{k: r[k] for k in r.keys()}) for r in rows]  # noqa: SIM118 (sqlite3.Row)


def find(portal: Portal, district: District, license_no: str) -> Shop | None:
    with portal.store.connect() as conn:
        row = conn.execute(
            "SELECT * FROM psb_shops WHERE district = ? AND license_no = ?", (district.code, license_no)
        ).fetchone()
    return Shop(**{k: row[k] for k in row.keys()}) if row else None  # noqa: SIM118 (sqlite3.Row)
