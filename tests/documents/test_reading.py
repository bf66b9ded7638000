"""Each document type read from generated images, clean and photo-like, and from the demo's licence PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.documents import synthetic as syn
from bot.documents.reading import read, split_address
from bot.documents.types import DocumentType
from demo.samr.licence import LicenceData, render_pdf

LR = syn.EXAMPLE_PEOPLE["legal_rep"]


@pytest.mark.parametrize("name", ["front.png", "front-photo.jpg"])
def test_id_card_front(reading, name: str) -> None:  # type: ignore[no-untyped-def]
    got = reading(name, "legal_rep")
    assert got.type.name == "id-card-front"
    assert {k: got.get(k) for k in ("name", "sex", "ethnicity", "birth", "id_number", "address")} == {
        "name": "林志远",
        "sex": "male",
        "ethnicity": "汉",
        "birth": "1985-03-12",
        "id_number": LR.id_number,
        "address": LR.address,
    }
    assert all(v.problem is None for v in got.values.values())


def test_id_card_back(reading) -> None:  # type: ignore[no-untyped-def]
    got = reading("back.png", "legal_rep")
    assert got.type.name == "id-card-back"
    assert got.get("authority") == "漳州市公安局芗城分局"
    assert got.get("valid") == {"start": "2016-05-20", "end": "2036-05-20"}


@pytest.mark.parametrize("name", ["lease.png", "lease-photo.jpg"])
def test_lease(reading, name: str) -> None:  # type: ignore[no-untyped-def]
    got = reading(name)
    assert got.type.name == "lease"
    assert got.get("lessor") == "张美华"
    assert got.get("lessee") == syn.EXAMPLE_COMPANY
    assert got.get("location") == syn.EXAMPLE_ADDRESS  # a misread 芗 (梦) is put right from the division names
    assert got.values["location"].parts["region"] == "350602"
    assert got.get("area") == "126.5"
    assert got.get("term") == {"start": "2026-12-01", "end": "2029-11-30"}


def test_property_certificate(reading) -> None:  # type: ignore[no-untyped-def]
    got = reading("property.png")
    assert got.type.name == "property-certificate"
    assert (got.get("holder"), got.get("location"), got.get("use")) == ("张美华", syn.EXAMPLE_ADDRESS, "商业服务")


def test_business_licence_pdf_without_text_layer_is_ocrd(tmp_path: Path, types: dict[str, DocumentType]) -> None:
    data = LicenceData(
        "91350602MA2Y0K1X3B", syn.EXAMPLE_COMPANY, "有限责任公司（自然人投资或控股）", "林志远", "100",
        "2026年12月04日", "长期", syn.EXAMPLE_ADDRESS, "软件开发；信息技术咨询服务；信息系统集成服务。",
    )  # fmt: skip
    (tmp_path / "licence.pdf").write_bytes(render_pdf(data))
    got = read(tmp_path / "licence.pdf", types)
    assert got.type is not None and got.type.name == "business-licence"
    assert got.pages[0].source == "ocr"
    assert {k: got.get(k) for k in ("uscc", "name", "legal_rep", "capital", "founded", "address")} == {
        "uscc": "91350602MA2Y0K1X3B",
        "name": syn.EXAMPLE_COMPANY,
        "legal_rep": "林志远",
        "capital": "100",
        "founded": "2026-12-04",
        "address": syn.EXAMPLE_ADDRESS,
    }


def test_misread_check_digit_is_rejected_with_the_reason(reading) -> None:  # type: ignore[no-untyped-def]
    got = reading("front-misread.png", "legal_rep")
    number = got.values["id_number"]
    assert number.value is None and got.get("id_number") is None
    assert number.problem == "校验位不正确，请核对号码是否抄错"


def test_split_address_takes_the_longest_division() -> None:
    assert split_address("福建省漳州市芗城区胜利西路28号")["detail"] == "胜利西路28号"
    assert split_address("火星基地1号")["region"] is None
