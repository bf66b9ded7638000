"""The ledger: applications, runs, filings, their events, and hand-off questions, in one database.

SQLite in WAL mode under ``var/`` by default; any SQLAlchemy URL through
``BOT_DATABASE_URL`` (PostgreSQL for many workers: ``postgresql+psycopg://…``). The tables
are made and upgraded by Alembic migrations (``bot.scale.migrate``), never by ``create_all``.
The ledger is the truth a crash cannot take away: every move of a filing is one
conditional UPDATE (``WHERE state = …``) plus its event, in one transaction, so two
processes can never both move the same filing, and the submit intent is on disk before
the click that cannot be undone.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    false,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from bot.localtime import local, utcnow
from bot.paths import var_dir
from bot.privacy.atrest import SealedJSON, SealedText
from bot.run.states import State, check_move
from bot.scale.migrate import upgrade


class Base(DeclarativeBase):
    pass


class ApplicationRow(Base):
    """An application as the applicant gave it; validated again (same ``today``) whenever it is run."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle: Mapped[str] = mapped_column(String(64))
    identity: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the bundle's identity template
    title: Mapped[str] = mapped_column(String(200))  # the company's name: what a clerk reads in lists
    raw: Mapped[dict[str, Any]] = mapped_column(SealedJSON)  # personal: encrypted at rest (bot/privacy/atrest.py)
    base_dir: Mapped[str] = mapped_column(Text)  # relative scan paths are resolved against it
    today: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    bundle: Mapped[str] = mapped_column(String(64))
    dry_run: Mapped[bool] = mapped_column(default=False)
    queued: Mapped[bool] = mapped_column(default=False, server_default=false())  # driven by queue workers
    evidence_dir: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class FilingRow(Base):
    """One item of one application on one portal. ``key`` (the idempotency key) is unique:
    a second run of the same application takes over the same filing instead of filing again."""

    __tablename__ = "filings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    item: Mapped[str] = mapped_column(String(64))
    key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)  # None for dry runs
    state: Mapped[str] = mapped_column(String(24), default=State.PENDING, index=True)  # queue sweeps look by state
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)  # retry or poll not before
    intent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    receipt: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # read at submit (or by reconcile)
    outputs: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # receipt + what approval brought
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # masked, in Chinese
    screenshot: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_dir: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the claim's holder (bot.run.claims)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RunFilingRow(Base):
    __tablename__ = "run_filings"
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id"), primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), primary_key=True)


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(24))
    target: Mapped[str] = mapped_column(String(24))
    message: Mapped[str] = mapped_column(Text, default="")


class QuestionRow(Base):
    """A hand-off: asked by a filing, answered by the clerk (terminal, ``bot answer``, dashboard)
    or the applicant (SMS codes)."""

    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    who: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    image: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open, answered, expired
    answer: Mapped[str | None] = mapped_column(SealedText, nullable=True)  # an SMS code: encrypted at rest
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


def database_url() -> str:
    """``BOT_DATABASE_URL``, else SQLite at var/ledger.db."""
    return os.environ.get("BOT_DATABASE_URL") or f"sqlite:///{var_dir() / 'ledger.db'}"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (bot status) never block the run
    cursor.execute("PRAGMA synchronous=FULL")  # a committed intent survives power loss too
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Ledger:
    """All reads and writes of the ledger; short transactions, safe across processes."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine)  # Alembic: create, upgrade, or (usually) find the tables at the newest revision
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # --- applications and runs ------------------------------------------------------------------
    def add_application(
        self,
        *,
        bundle: str,
        identity: str,
        title: str,
        raw: Mapping[str, Any],
        base_dir: Path,
        today: dt.date,
        source: str = "",
    ) -> int:
        row = ApplicationRow(
            bundle=bundle,
            identity=identity,
            title=title,
            raw=dict(raw),
            base_dir=str(base_dir),
            today=today,
            source=source,
        )
        with self.session() as session:
            session.add(row)
            session.flush()
            return row.id

    def application(self, application_id: int) -> ApplicationRow:
        with self.session() as session:
            row = session.get(ApplicationRow, application_id)
            if row is None:
                raise KeyError(application_id)
            return row

    def create_run(
        self, *, application_id: int, bundle: str, keys: Mapping[str, str | None], dry_run: bool, evidence_root: Path
    ) -> str:
        """A run over the bundle's items. An item whose key already has a filing (an earlier run
        of the same application) takes that filing over: it is never filed a second time."""
        run_id = _new_run_id()
        with self.session() as session:
            session.add(
                RunRow(
                    id=run_id,
                    application_id=application_id,
                    bundle=bundle,
                    dry_run=dry_run,
                    evidence_dir=str(evidence_root / run_id),
                )
            )
            session.flush()
            for item, key in keys.items():
                filing = session.scalar(select(FilingRow).where(FilingRow.key == key)) if key else None
                if filing is None:
                    filing = FilingRow(
                        application_id=application_id,
                        item=item,
                        key=key,
                        evidence_dir=str(evidence_root / run_id / item),
                    )
                    session.add(filing)
                    session.flush()
                    session.add(EventRow(filing_id=filing.id, source="", target=State.PENDING, message="新建"))
                else:
                    session.add(
                        EventRow(
                            filing_id=filing.id,
                            source=filing.state,
                            target=filing.state,
                            message=f"由运行 {run_id} 接续",
                        )
                    )
                session.add(RunFilingRow(run_id=run_id, filing_id=filing.id))
        return run_id

    def run(self, run_id: str) -> RunRow:
        with self.session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise KeyError(run_id)
            return row

    def runs(self, limit: int = 50) -> list[RunRow]:
        with self.session() as session:
            return list(session.scalars(select(RunRow).order_by(RunRow.created_at.desc()).limit(limit)))

    def set_queued(self, run_id: str) -> None:
        """The run is driven by queue workers (``bot run --queue``): their sweeps look after it."""
        with self.session() as session:
            session.execute(update(RunRow).where(RunRow.id == run_id).values(queued=True, finished_at=None))

    def queued_runs(self) -> list[str]:
        """Runs driven by queue workers that are not finished yet, oldest first."""
        with self.session() as session:
            query = select(RunRow.id).where(RunRow.queued, RunRow.finished_at.is_(None)).order_by(RunRow.created_at)
            return list(session.scalars(query))

    def runs_of(self, filing_id: int) -> list[str]:
        """The runs that hold a filing (a second run of an application takes its filings over), newest first."""
        with self.session() as session:
            query = (
                select(RunRow.id)
                .join(RunFilingRow, RunFilingRow.run_id == RunRow.id)
                .where(RunFilingRow.filing_id == filing_id)
                .order_by(RunRow.created_at.desc(), RunRow.id.desc())
            )
            return list(session.scalars(query))

    def finish_run(self, run_id: str) -> None:
        with self.session() as session:
            session.execute(update(RunRow).where(RunRow.id == run_id).values(finished_at=utcnow()))

    def filings(self, run_id: str) -> list[FilingRow]:
        with self.session() as session:
            query = (
                select(FilingRow)
                .join(RunFilingRow, RunFilingRow.filing_id == FilingRow.id)
                .where(RunFilingRow.run_id == run_id)
                .order_by(FilingRow.id)
            )
            return list(session.scalars(query))

    def filing(self, filing_id: int) -> FilingRow:
        with self.session() as session:
            row = session.get(FilingRow, filing_id)
            if row is None:
                raise KeyError(filing_id)
            return row

    # --- moves ------------------------------------------------------------------------------------
    def move(
        self,
        filing_id: int,
        source: State,
        target: State,
        message: str = "",
        *,
        holder: str | None = None,
        **fields: Any,
    ) -> bool:
        """Move a filing from ``source`` to ``target`` and record the event, atomically.

        False when the filing is no longer in ``source`` (or, with ``holder``, no longer
        claimed by it): someone else moved it first, and the caller must not act.
        """
        check_move(source, target)
        now = utcnow()
        condition = [FilingRow.id == filing_id, FilingRow.state == source.value]
        if holder is not None:
            condition.append(FilingRow.claimed_by == holder)
        with self.session() as session:
            done = session.execute(
                update(FilingRow).where(*condition).values(state=target.value, updated_at=now, **fields)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                return False
            session.add(EventRow(filing_id=filing_id, at=now, source=source, target=target, message=message))
        return True

    def note(self, filing_id: int, message: str, **fields: Any) -> None:
        """An event that changes no state (a retry scheduled, a poll that saw no approval yet)."""
        with self.session() as session:
            filing = session.get(FilingRow, filing_id)
            assert filing is not None
            for name, value in fields.items():
                setattr(filing, name, value)
            filing.updated_at = utcnow()
            session.add(EventRow(filing_id=filing_id, source=filing.state, target=filing.state, message=message))

    def events(self, filing_ids: Iterable[int]) -> list[EventRow]:
        with self.session() as session:
            query = select(EventRow).where(EventRow.filing_id.in_(list(filing_ids))).order_by(EventRow.id)
            return list(session.scalars(query))

    # --- claims: a driver's hold on a filing (bot.run.claims); ``holder`` is its claim name -----------
    def claim(self, filing_id: int, holder: str, lease_s: float) -> bool:
        """Take the filing for ``lease_s`` seconds under the name ``holder`` unless another holder's lease runs."""
        now = utcnow()
        free = (FilingRow.claimed_by.is_(None)) | (FilingRow.lease_until < now) | (FilingRow.claimed_by == holder)
        with self.session() as session:
            done = session.execute(
                update(FilingRow)
                .where(FilingRow.id == filing_id, free)
                .values(claimed_by=holder, lease_until=now + dt.timedelta(seconds=lease_s))
            )
            return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    def take_over(self, filing_id: int, dead: str, holder: str, lease_s: float) -> bool:
        """Take a claim whose holder is known to be dead (same host, no such process), lease or not."""
        with self.session() as session:
            done = session.execute(
                update(FilingRow)
                .where(FilingRow.id == filing_id, FilingRow.claimed_by == dead)
                .values(claimed_by=holder, lease_until=utcnow() + dt.timedelta(seconds=lease_s))
            )
            return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    def schedule(self, filing_id: int, next_at: dt.datetime) -> None:
        """When to look at the filing next (an approval poll): no event, polls would flood the history."""
        with self.session() as session:
            session.execute(update(FilingRow).where(FilingRow.id == filing_id).values(next_at=next_at))

    def heartbeat(self, filing_id: int, holder: str, lease_s: float) -> bool:
        with self.session() as session:
            done = session.execute(
                update(FilingRow)
                .where(FilingRow.id == filing_id, FilingRow.claimed_by == holder)
                .values(lease_until=utcnow() + dt.timedelta(seconds=lease_s))
            )
            return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    def release(self, filing_id: int, holder: str) -> None:
        with self.session() as session:
            session.execute(
                update(FilingRow)
                .where(FilingRow.id == filing_id, FilingRow.claimed_by == holder)
                .values(claimed_by=None, lease_until=None)
            )

    # --- hand-offs --------------------------------------------------------------------------------
    def ask(self, filing_id: int, *, kind: str, who: str, question: str, image: bytes | None) -> int:
        with self.session() as session:
            row = QuestionRow(filing_id=filing_id, kind=kind, who=who, question=question, image=image)
            session.add(row)
            session.flush()
            return row.id

    def answer(self, question_id: int, answer: str) -> bool:
        """Answer an open question; False if it was answered already or has expired."""
        with self.session() as session:
            done = session.execute(
                update(QuestionRow)
                .where(QuestionRow.id == question_id, QuestionRow.state == "open")
                .values(state="answered", answer=answer, answered_at=utcnow())
            )
            return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    def question(self, question_id: int) -> QuestionRow:
        with self.session() as session:
            row = session.get(QuestionRow, question_id)
            if row is None:
                raise KeyError(question_id)
            return row

    def expire(self, question_id: int) -> None:
        with self.session() as session:
            session.execute(
                update(QuestionRow)
                .where(QuestionRow.id == question_id, QuestionRow.state == "open")
                .values(state="expired")
            )

    def questions(self, run_id: str | None = None, state: str | None = "open") -> list[QuestionRow]:
        """Hand-off questions, oldest first: the open ones by default (``state=None``: all)."""
        with self.session() as session:
            query = select(QuestionRow).order_by(QuestionRow.id)
            if state is not None:
                query = query.where(QuestionRow.state == state)
            if run_id is not None:
                query = query.join(RunFilingRow, RunFilingRow.filing_id == QuestionRow.filing_id).where(
                    RunFilingRow.run_id == run_id
                )
            return list(session.scalars(query))


def _new_run_id() -> str:
    """``20261205-4dc966``: dated as the clerk's pages date things (Beijing time), not by the machine's zone."""
    return f"{local(utcnow()):%Y%m%d}-{secrets.token_hex(3)}"
