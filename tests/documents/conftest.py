"""Documents drawn here (bot.documents.synthetic), read once per session: OCR is the slow part."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.documents import synthetic as syn
from bot.documents.reading import Reading, read
from bot.documents.types import DocumentType, document_types
from bot.paths import mappings_dir

TODAY = dt.date(2026, 12, 4)


@pytest.fixture(scope="session")
def types() -> dict[str, DocumentType]:
    return document_types(mappings_dir() / "documents")


@pytest.fixture(scope="session")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    lr = syn.EXAMPLE_PEOPLE["legal_rep"]
    syn.id_front(lr).save(folder / "front.png")
    syn.id_back(lr).save(folder / "back.png")
    syn.lease(syn.example_lease()).save(folder / "lease.png")
    syn.property_certificate(syn.Property("张美华", syn.EXAMPLE_ADDRESS)).save(folder / "property.png")
    syn.photo_like(syn.id_front(lr), seed=7).save(folder / "front-photo.jpg")
    syn.photo_like(syn.lease(syn.example_lease()), seed=8).save(folder / "lease-photo.jpg")
    expired = syn.Person(lr.name, lr.id_number, lr.address, valid_from="2006.05.20", valid_to="2026.05.20")
    syn.id_back(expired).save(folder / "back-expired.png")
    # one digit misread: the check digit no longer agrees
    syn.id_front(syn.Person(lr.name, lr.id_number[:-1] + "1", lr.address)).save(folder / "front-misread.png")
    return folder


_cache: dict[tuple[str, str | None], Reading] = {}


@pytest.fixture(scope="session")
def reading(docs: Path, types: dict[str, DocumentType]):  # type: ignore[no-untyped-def]
    def get(name: str, role: str | None = None) -> Reading:
        key = (name, role)
        if key not in _cache:
            _cache[key] = read(docs / name, types, role=role, today=TODAY)
        return _cache[key]

    return get
