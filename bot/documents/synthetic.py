"""Synthetic documents in the real documents' layouts, for tests and bench/ocr.py: never a real person's.

Drawn with Pillow and the CJK font setup installs (fonts-noto-cjk): a 居民身份证 front and back
(GB 16641 proportions, 85.6 × 54 mm at 10 px/mm), a one-page house lease contract and the register
page of a 不动产权证书 (A4 at 120 dpi). :func:`photo_like` turns a clean image into what a phone
gives: rotated up to ±8°, a slight perspective, blur, uneven light, a desk around it, JPEG quality 40.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts"))
SANS = ("NotoSansCJK-Regular.ttc", "wqy-microhei.ttc")
SERIF = ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc", "wqy-microhei.ttc")
INK = (25, 25, 25)
CAPTION = (40, 90, 150)  # the ID card prints its captions in blue
RED = (190, 30, 30)


@cache
def _font_path(names: tuple[str, ...]) -> str:
    for name in names:
        for folder in FONT_DIRS:
            found = next(iter(sorted(folder.rglob(name))), None) if folder.exists() else None
            if found:
                return str(found)
    raise FileNotFoundError("no CJK font: install fonts-noto-cjk (make setup does)")


def font(size: int, names: tuple[str, ...] = SANS) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_path(names), size)


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    address: str
    ethnicity: str = "汉"
    authority: str = "漳州市公安局芗城分局"
    valid_from: str = "2016.05.20"
    valid_to: str = "2036.05.20"  # or 长期

    @property
    def sex(self) -> str:
        return "男" if int(self.id_number[16]) % 2 else "女"

    @property
    def birth(self) -> str:
        n = self.id_number
        return f"{int(n[6:10])} 年 {int(n[10:12])} 月 {int(n[12:14])} 日"


@dataclass(frozen=True)
class Lease:
    lessor: str
    lessor_id: str
    lessee: str
    location: str
    area: str  # 平方米
    start: str  # 2026年12月1日
    end: str
    rent: str = "3500"


@dataclass(frozen=True)
class Property:
    holder: str
    location: str
    use: str = "商业服务"
    area: str = "126.50"
    number: str = "闽（2020）漳州市不动产权第0012345号"
    unit: str = "350602 004012 GB00021 F00121203"


def _wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if f.getlength(line + ch) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def _card(seed: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """The card's pale guilloche background with rounded corners."""
    img = Image.new("RGB", (856, 540), (236, 240, 236))
    draw = ImageDraw.Draw(img)
    rnd = random.Random(seed)
    for i in range(0, 856, 6):  # faint wavy security print
        y = 270 + int(120 * ((i * 7 + rnd.randint(0, 9)) % 100) / 100 - 60)
        draw.line((i, y, i + 6, y + 3), fill=(214, 226, 222), width=1)
    draw.rounded_rectangle((0, 0, 855, 539), radius=30, outline=(190, 200, 196), width=3)
    return img, draw


def id_front(p: Person) -> Image.Image:
    img, draw = _card(1)
    cap, val, num = font(26), font(30), font(34)
    draw.text((60, 60), "姓  名", font=cap, fill=CAPTION)
    draw.text((160, 56), p.name, font=val, fill=INK)
    draw.text((60, 125), "性  别", font=cap, fill=CAPTION)
    draw.text((160, 121), p.sex, font=val, fill=INK)
    draw.text((260, 125), "民  族", font=cap, fill=CAPTION)
    draw.text((360, 121), p.ethnicity, font=val, fill=INK)
    draw.text((60, 190), "出  生", font=cap, fill=CAPTION)
    draw.text((160, 186), p.birth, font=val, fill=INK)
    draw.text((60, 255), "住  址", font=cap, fill=CAPTION)
    for i, line in enumerate(_wrap(p.address, val, 400)):
        draw.text((160, 251 + 44 * i), line, font=val, fill=INK)
    draw.text((60, 445), "公民身份号码", font=cap, fill=CAPTION)
    draw.text((270, 440), p.id_number, font=num, fill=INK)
    draw.rectangle((600, 60, 800, 320), fill=(220, 226, 230))  # the photo
    draw.ellipse((650, 90, 750, 200), fill=(180, 186, 190))
    draw.pieslice((615, 200, 785, 380), 180, 360, fill=(180, 186, 190))
    return img


def id_back(p: Person) -> Image.Image:
    img, draw = _card(2)
    draw.ellipse((60, 50, 200, 190), outline=RED, width=5)  # the national emblem's place
    draw.text((130, 120), "★", font=font(60), fill=RED, anchor="mm")
    draw.text((300, 80), "中华人民共和国", font=font(44, SERIF), fill=INK)
    draw.text((270, 170), "居 民 身 份 证", font=font(60, SERIF), fill=INK)
    cap, val = font(26), font(30)
    draw.text((140, 380), "签发机关", font=cap, fill=CAPTION)
    draw.text((280, 376), p.authority, font=val, fill=INK)
    draw.text((140, 445), "有效期限", font=cap, fill=CAPTION)
    draw.text((280, 441), f"{p.valid_from}-{p.valid_to}", font=val, fill=INK)
    return img


A4 = (992, 1403)  # 120 dpi


def lease(le: Lease) -> Image.Image:
    img = Image.new("RGB", A4, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    body = font(26, SERIF)
    draw.text((A4[0] // 2, 110), "房屋租赁合同", font=font(48, SERIF), fill=INK, anchor="mm")
    y = 200
    paras = [
        f"出租方（甲方）：{le.lessor}",
        f"身份证号码：{le.lessor_id}",
        f"承租方（乙方）：{le.lessee}",
        "甲乙双方经协商一致，就房屋租赁事宜订立本合同：",
        f"一、房屋坐落：{le.location}",
        f"二、建筑面积：{le.area}平方米，用途：办公。",
        f"三、租赁期限：自{le.start}起至{le.end}止。",
        f"四、租金：每月人民币{le.rent}元，按季支付。",
        "五、乙方可将该房屋作为企业住所办理登记注册。",
        "六、本合同一式两份，甲乙双方各执一份。",
    ]
    for para in paras:
        for line in _wrap(para, body, A4[0] - 200):
            draw.text((100, y), line, font=body, fill=INK)
            y += 46
        y += 12
    y += 60
    draw.text((100, y), "甲方（签字）：", font=body, fill=INK)
    draw.text((560, y), "乙方（盖章）：", font=body, fill=INK)
    draw.ellipse((620, y - 60, 800, y + 120), outline=RED, width=4)
    draw.text((100, y + 70), f"签订日期：{le.start}", font=body, fill=INK)
    return img


def property_certificate(pc: Property) -> Image.Image:
    img = Image.new("RGB", A4, (250, 250, 244))
    draw = ImageDraw.Draw(img)
    draw.text((A4[0] // 2, 110), pc.number, font=font(28, SERIF), fill=INK, anchor="mm")
    rows = [
        ("权利人", pc.holder),
        ("共有情况", "单独所有"),
        ("坐落", pc.location),
        ("不动产单元号", pc.unit),
        ("权利类型", "国有建设用地使用权/房屋所有权"),
        ("权利性质", "出让/商品房"),
        ("用途", pc.use),
        ("面积", f"建筑面积{pc.area}㎡"),
        ("使用期限", "2010年01月01日起2050年12月31日止"),
    ]
    cap, val = font(26), font(26)
    left, mid, right, y = 90, 300, A4[0] - 90, 180
    for caption, value in rows:
        lines = _wrap(value, val, right - mid - 40)
        h = max(80, 40 * len(lines) + 40)
        draw.rectangle((left, y, right, y + h), outline=(60, 60, 60), width=2)
        draw.line((mid, y, mid, y + h), fill=(60, 60, 60), width=2)
        draw.text(((left + mid) // 2, y + h // 2), caption, font=cap, fill=INK, anchor="mm")
        for i, line in enumerate(lines):
            draw.text((mid + 20, y + 20 + 40 * i), line, font=val, fill=INK)
        y += h
    return img


def photo_like(img: Image.Image, seed: int = 0) -> Image.Image:
    """A phone photo of the document: on a desk, rotated ≤ ±8°, skewed, blurred, unevenly lit, JPEG 40."""
    rnd = random.Random(seed)
    w, h = img.size
    pad = int(max(w, h) * 0.12)
    desk = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (118 + rnd.randint(-20, 20), 96, 72))
    grain = Image.effect_noise(desk.size, 18).convert("RGB")
    desk = Image.blend(desk, grain, 0.15)
    desk.paste(img, (pad, pad))
    # perspective: each corner moved by up to 3 % of the side
    dx, dy = w * 0.03, h * 0.03
    W, H = desk.size
    quad = [
        rnd.uniform(-dx, dx),
        rnd.uniform(-dy, dy),
        rnd.uniform(-dx, dx),
        H + rnd.uniform(-dy, dy),
        W + rnd.uniform(-dx, dx),
        H + rnd.uniform(-dy, dy),
        W + rnd.uniform(-dx, dx),
        rnd.uniform(-dy, dy),
    ]
    desk = desk.transform(desk.size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=(90, 80, 70))
    desk = desk.rotate(rnd.uniform(-8, 8), Image.Resampling.BICUBIC, expand=False, fillcolor=(90, 80, 70))
    desk = desk.filter(ImageFilter.GaussianBlur(rnd.uniform(0.6, 1.1)))
    light = Image.linear_gradient("L").rotate(rnd.uniform(0, 360)).resize(desk.size)
    shade = Image.new("RGB", desk.size, (0, 0, 0))
    desk = Image.composite(desk, Image.blend(desk, shade, 0.35), light.point(lambda v: 255 - v // 2))
    buf = io.BytesIO()
    desk.save(buf, "JPEG", quality=40)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


# --- the example application's people (examples/open-company.yaml) -------------------------------

EXAMPLE_PEOPLE = {
    "legal_rep": Person("林志远", "350602198503122010", "福建省漳州市芗城区胜利东路15号3幢502室"),
    "shareholders[1]": Person("陈晓燕", "35060219880726152X", "福建省漳州市芗城区大同路66号"),
    "supervisor": Person("王建国", "110105197904150031", "北京市朝阳区建国路88号", authority="北京市公安局朝阳分局"),
    "liaison": Person("黄丽娟", "350602199001084020", "福建省漳州市芗城区新华北路8号"),
    "finance": Person("郑伟", "350681199411303017", "福建省龙海市石码镇解放路12号", authority="龙海市公安局"),
}
EXAMPLE_COMPANY = "漳州市云帆软件科技有限公司"
EXAMPLE_ADDRESS = "福建省漳州市芗城区胜利西路28号1203室"


def example_lease(start: str = "2026年12月1日", end: str = "2029年11月30日", lessee: str = EXAMPLE_COMPANY) -> Lease:
    return Lease("张美华", "350602197006153025", lessee, EXAMPLE_ADDRESS, "126.5", start, end)


def write_examples(folder: Path) -> dict[str, tuple[Path, str | None]]:
    """The example's documents as PNG files: each person's ID card front and back, the lease, the property
    certificate; name → (file, form section it belongs to)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[Path, str | None]] = {}
    for role, person in EXAMPLE_PEOPLE.items():
        stem = role.replace("[", "-").replace("]", "")
        for side, draw in (("front", id_front), ("back", id_back)):
            path = folder / f"{stem}-id-{side}.png"
            draw(person).save(path)
            files[f"{stem}-{side}"] = (path, role)
    lease(example_lease()).save(folder / "lease.png")
    files["lease"] = (folder / "lease.png", None)
    property_certificate(Property("张美华", EXAMPLE_ADDRESS)).save(folder / "property.png")
    files["property"] = (folder / "property.png", None)
    return files


def write_example_application(folder: Path, *, expired: str | None = None) -> Path:
    """The example application in ``folder`` with its scans, its documents drawn here and its record of
    documents, so that ``bot review FOLDER/open-company.yaml`` runs; ``expired``: a section whose ID card
    ran out on 2026-05-20 (a rule fails on it)."""
    import dataclasses
    import shutil

    import yaml

    from bot.paths import examples_dir

    source = examples_dir() / "open-company.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / source.name)
    shutil.copytree(examples_dir() / "scans", folder / "scans", dirs_exist_ok=True)
    if expired:
        person = EXAMPLE_PEOPLE[expired]
        EXAMPLE_PEOPLE[expired] = dataclasses.replace(person, valid_from="2006.05.20", valid_to="2026.05.20")
    try:
        files = write_examples(folder / "documents")
    finally:
        if expired:
            EXAMPLE_PEOPLE[expired] = person
    record = {
        "application": source.name,
        "documents": [
            {"file": str(p.relative_to(folder)), "role": role}
            for name, (p, role) in files.items()
            if name != "property"
        ],
    }
    (folder / "open-company.documents.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return folder / source.name


if __name__ == "__main__":  # python -m bot.documents.synthetic DIR [--expired liaison]
    import sys

    args = sys.argv[1:]
    where = write_example_application(
        Path(args[0]), expired=args[args.index("--expired") + 1] if "--expired" in args else None
    )
    print(f"bot review {where}")
