"""Clerk accounts (窗口人员账号): users, login sessions and login throttling, stored in the ledger.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile);
session tokens and throttle keys are stored only as SHA-256 hashes, so a copy of the
database opens no session. A login fails the same way for an unknown name and a wrong
password. Failures are counted three ways, and any count over its limit makes every login it covers
wait (``LOCK_S``, doubling with every further failure) even with the right password:

* one name from one address, ``MAX_FAILURES``: a clerk who forgot the password;
* one name from any address, ``ACCOUNT_MAX_FAILURES``: guesses at one account spread over many
  addresses (a botnet, or a forged address that got past the proxy settings);
* one address for any name, ``ADDRESS_MAX_FAILURES``: one machine trying many names.

The address is the TCP peer's unless the server was told to trust a reverse proxy (``bot.web.proxies``).
A successful login clears its name's and its address's counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.errors import BotError, LoginRefused
from bot.localtime import utcnow
from bot.run.ledger import Base, Ledger

MAX_FAILURES = 5  # one name from one address
ACCOUNT_MAX_FAILURES = 20  # one name, whatever the address
ADDRESS_MAX_FAILURES = 20  # one address, whatever the name
LOCK_S = 300.0
SESSION_HOURS = 12
_HASHER = PasswordHasher()
# Verified when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class UserRow(Base):
    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SessionRow(Base):
    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LoginThrottleRow(Base):
    """Failed logins of one (name, address) pair, one name or one address; the key is a hash of which and whose,
    the name is not stored here."""

    __tablename__ = "web_login_throttle"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


@dataclass(frozen=True)
class Clerk:
    id: int
    name: str


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Accounts:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # --- users --------------------------------------------------------------------------------
    def add_user(self, name: str, password: str) -> None:
        name = name.strip()
        if not name or len(name) > 64:
            raise BotError("账号名称应为1至64个字符")
        if len(password) < 8:
            raise BotError("密码至少8个字符")
        with self.ledger.session() as session:
            if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
                raise BotError(f"账号“{name}”已存在")
            session.add(UserRow(name=name, password_hash=_HASHER.hash(password)))

    def known(self, name: str) -> bool:
        """Whether an account of this name exists (the audit records a refused login under a known name only)."""
        with self.ledger.session() as session:
            return session.scalar(select(UserRow.id).where(UserRow.name == name.strip())) is not None

    def users(self) -> list[UserRow]:
        with self.ledger.session() as session:
            return list(session.scalars(select(UserRow).order_by(UserRow.name)))

    # --- logging in ---------------------------------------------------------------------------
    def login(self, name: str, password: str, address: str) -> str:
        """A new session token for the clerk, or LoginRefused. The token is shown once, stored hashed."""
        name = name.strip()
        limits = _throttle_keys(name, address)
        now = utcnow()
        refusal: str | None = None
        token = secrets.token_urlsafe(32)
        with self.ledger.session() as session:  # committed before any refusal is raised: failures count
            throttles = {key: session.get(LoginThrottleRow, key) for key in limits}
            user = session.scalar(select(UserRow).where(UserRow.name == name))
            locked = [t.locked_until for t in throttles.values() if t and t.locked_until and t.locked_until > now]
            if locked:
                minutes = max(1, round((max(locked) - now).total_seconds() / 60))
                refusal = f"登录失败次数过多，请 {minutes} 分钟后再试"
            elif not _verify(user.password_hash if user else _DUMMY_HASH, password) or user is None:
                for key, limit in limits.items():
                    self._failed(session, throttles[key], key, limit, now)
                refusal = "账号或密码错误"
            else:
                for throttle in throttles.values():
                    if throttle is not None:
                        session.delete(throttle)
                if _HASHER.check_needs_rehash(user.password_hash):
                    user.password_hash = _HASHER.hash(password)
                user.last_login_at = now
                expires = now + dt.timedelta(hours=SESSION_HOURS)
                session.add(SessionRow(token_hash=_digest(token), user_id=user.id, expires_at=expires))
        if refusal is not None:
            raise LoginRefused(refusal)
        return token

    @staticmethod
    def _failed(session: Session, throttle: LoginThrottleRow | None, key: str, limit: int, now: dt.datetime) -> None:
        if throttle is None:
            throttle = LoginThrottleRow(key=key, failures=0)
            session.add(throttle)
        throttle.failures += 1
        if throttle.failures >= limit:
            doubling = min(throttle.failures - limit, 6)
            throttle.locked_until = now + dt.timedelta(seconds=LOCK_S * 2**doubling)

    def clerk(self, token: str | None) -> Clerk | None:
        """The clerk a session token belongs to, if it is still valid."""
        if not token:
            return None
        with self.ledger.session() as session:
            row = session.get(SessionRow, _digest(token))
            if row is None or row.expires_at < utcnow():
                return None
            user = session.get(UserRow, row.user_id)
            return Clerk(user.id, user.name) if user else None

    def logout(self, token: str | None) -> None:
        if token:
            with self.ledger.session() as session:
                session.execute(delete(SessionRow).where(SessionRow.token_hash == _digest(token)))


def _throttle_keys(name: str, address: str) -> dict[str, int]:
    """The throttle rows a login attempt counts against, each with its limit: the (name, address) pair keeps
    the key it always had, so counts stored before the per-name and per-address limits still hold."""
    return {
        _digest(f"{name}|{address}"): MAX_FAILURES,
        _digest(f"account\x00{name}"): ACCOUNT_MAX_FAILURES,
        _digest(f"address\x00{address}"): ADDRESS_MAX_FAILURES,
    }


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
