"""证照智能录入: per-field accuracy and seconds per page on N generated documents, clean and photo-like.

    .venv/bin/python -m bench.ocr [--n 5] [--seed 1]

Each document is drawn by bot.documents.synthetic for a made-up person or company (valid ID numbers
with real area codes), optionally turned photo-like, and read by bot.documents.reading exactly as
``bot scan`` reads it. A field counts as right when the value read (after validation) equals the
value drawn. Seconds are wall time and the process's CPU time per page, the model loaded before the
clock starts (once per process, as ``bot scan`` and the web server load it). The load average is printed
before and after: on a shared machine the wall time includes waiting for other work's turn on the cores;
the CPU time (ONNX Runtime's threads do not spin, bot/documents/engine.py) is the work itself, which two
idle cores do in at most that time.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from stdnum.cn import ric

from bot.documents import synthetic as syn
from bot.documents.reading import read
from bot.documents.types import document_types
from bot.form.identifiers import region
from bot.paths import mappings_dir

SURNAMES = "林陈黄王郑张李刘吴许"
GIVEN = ["志远", "晓燕", "建国", "丽娟", "伟", "美华", "海峰", "雪梅", "国强", "婷"]
AREAS = ["350602", "350603", "110105", "310104", "440305", "350681"]
STREETS = ["胜利西路", "延安北路", "新华南路", "大同路", "建设路"]


def _person(rnd: random.Random) -> syn.Person:
    area = rnd.choice(AREAS[:5])
    birth = f"{rnd.randint(1960, 2004)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    first17 = f"{area}{birth}{rnd.randint(0, 999):03d}"
    street = f"{rnd.choice(STREETS)}{rnd.randint(1, 200)}号{rnd.randint(1, 30)}幢{rnd.randint(101, 2804)}室"
    address = region(area).full_name + street
    end = rnd.choice(["2031.03.01", "2036.11.20", "长期"])
    return syn.Person(rnd.choice(SURNAMES) + rnd.choice(GIVEN), first17 + ric.calc_check_digit(first17 + "0"), address,
                      valid_from="2016.03.01" if end != "长期" else "2011.11.20", valid_to=end)  # fmt: skip


def _address(rnd: random.Random) -> str:
    return (
        f"{region(rnd.choice(AREAS)).full_name}{rnd.choice(STREETS)}{rnd.randint(1, 200)}号{rnd.randint(101, 2804)}室"
    )


def cases(rnd: random.Random) -> dict[str, tuple[Image.Image, dict[str, Any]]]:
    p = _person(rnd)
    n = p.id_number
    valid_end = None if p.valid_to == "长期" else p.valid_to.replace(".", "-")
    company = (
        f"漳州市{rnd.choice(['云帆', '海风', '恒信', '鼎盛'])}{rnd.choice(['软件科技', '贸易', '餐饮管理'])}有限公司"
    )
    lease = syn.Lease(_person(rnd).name, _person(rnd).id_number, company, _address(rnd), f"{rnd.randint(30, 300)}.5",
                      "2026年12月1日", f"{rnd.randint(2028, 2031)}年11月30日")  # fmt: skip
    prop = syn.Property(company, _address(rnd), area=f"{rnd.randint(40, 300)}.50")
    return {
        "id-card-front": (
            syn.id_front(p),
            {
                "name": p.name,
                "sex": "male" if int(n[16]) % 2 else "female",
                "birth": f"{n[6:10]}-{n[10:12]}-{n[12:14]}",
                "address": p.address,
                "id_number": n,
            },
        ),
        "id-card-back": (
            syn.id_back(p),
            {"authority": p.authority, "valid": {"start": p.valid_from.replace(".", "-"), "end": valid_end}},
        ),
        "lease": (
            syn.lease(lease),
            {
                "lessor": lease.lessor,
                "lessee": company,
                "location": lease.location,
                "area": lease.area,
                "term": {
                    "start": "2026-12-01",
                    "end": lease.end.replace("年", "-").replace("月", "-").replace("日", ""),
                },
            },
        ),
        "property-certificate": (
            syn.property_certificate(prop),
            {"holder": company, "location": prop.location, "use": prop.use},
        ),
    }


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, str) and value.count("-") == 2 and len(value) <= 10:
        y, m, d = value.split("-")
        return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="documents of each type and variant")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    types = document_types(mappings_dir() / "documents")
    rnd = random.Random(args.seed)
    right: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    timing: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    misses: list[str] = []
    load_before = _load()  # the machine may be shared: the wall time waits for what else runs
    read(_write(syn.id_back(_person(rnd)), "warm"), types)  # load the models outside the clock
    variants: dict[str, Callable[[Image.Image, int], Image.Image]] = {
        "clean": lambda im, _s: im,
        "photo": syn.photo_like,
    }
    for i in range(args.n):
        for kind, (image, expected) in cases(rnd).items():
            for variant, make in variants.items():
                path = _write(make(image, i), f"{kind}-{variant}-{i}")
                wall, cpu = time.perf_counter(), time.process_time()
                got = read(path, types)
                timing[kind, variant].append((time.perf_counter() - wall, time.process_time() - cpu))
                for name, value in expected.items():
                    ok = got.type is not None and got.type.name == kind and _iso(got.get(name)) == _iso(value)
                    right[kind, variant][0] += ok
                    right[kind, variant][1] += 1
                    if not ok:
                        misses.append(f"{kind}/{variant}/{name}: {got.get(name)!r} ≠ {value!r}")
    print(f"{'document':22} {'variant':7} {'fields right':>14} {'accuracy':>9} {'wall s/page':>12} {'CPU s/page':>11}")
    for (kind, variant), (ok, total) in right.items():
        walls, cpus = zip(*timing[kind, variant], strict=True)
        print(f"{kind:22} {variant:7} {f'{ok}/{total}':>14} {ok / total:>9.1%} {sum(walls) / len(walls):>12.2f} "
              f"{sum(cpus) / len(cpus):>11.2f}")  # fmt: skip
    for variant in variants:
        ok = sum(v[0] for (_k, var), v in right.items() if var == variant)
        total = sum(v[1] for (_k, var), v in right.items() if var == variant)
        pages = [t for (_k, var), ts in timing.items() if var == variant for t in ts]
        wall, cpu = (sum(t[i] for t in pages) / len(pages) for i in (0, 1))
        print(f"all {variant}: {ok}/{total} = {ok / total:.1%}, {wall:.2f} s/page wall, {cpu:.2f} s/page CPU")
    print(f"load average (1, 5, 15 min) before: {load_before}; after: {_load()} on {os.cpu_count()} cores")
    for miss in misses:
        print("  miss", miss)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


_TMP = Path(tempfile.mkdtemp(prefix="bench-ocr-"))


def _write(image: Image.Image, name: str) -> Path:
    path = _TMP / f"{name}.png"
    image.save(path)
    return path


if __name__ == "__main__":
    main()
