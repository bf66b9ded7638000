"""Secrets come from the environment, never appear in logs; personal numbers are masked in every log line."""

from __future__ import annotations

from pathlib import Path

import pytest
from loguru import logger

from bot.errors import SecretMissing
from bot.privacy import log
from bot.privacy.secrets import Secrets


def test_a_declared_secret_comes_from_the_environment() -> None:
    secrets = Secrets(["SAMR_PASSWORD"], environ={"BOT_SECRET_SAMR_PASSWORD": "Pw-from-env-123"})
    assert secrets.SAMR_PASSWORD == "Pw-from-env-123"
    assert "Pw-from-env-123" not in repr(secrets)


def test_a_missing_secret_says_how_to_provide_it() -> None:
    with pytest.raises(SecretMissing, match="请设置环境变量 BOT_SECRET_TAX_PASSWORD"):
        Secrets(["TAX_PASSWORD"], environ={})["TAX_PASSWORD"]


def test_an_undeclared_secret_is_refused() -> None:
    with pytest.raises(SecretMissing, match="配方未声明密钥 OTHER"):
        Secrets(["A"], environ={"BOT_SECRET_OTHER": "x"})["OTHER"]


def test_log_lines_mask_numbers_and_redact_secrets(tmp_path: Path) -> None:
    logfile = tmp_path / "run.log"
    log.configure(level="DEBUG", file=logfile)
    try:
        secret = Secrets(["HRSS_PASSWORD"], environ={"BOT_SECRET_HRSS_PASSWORD": "S3cret-hrss"}).HRSS_PASSWORD
        logger.info("登录 账号 {} 密码 {}", "350602198503122010", secret)
        logger.bind(phone="13859612345").warning("短信已发送至 13859612345")
    finally:
        logger.complete()
    text = logfile.read_text(encoding="utf-8")
    assert "3506**********2010" in text and "138****2345" in text
    assert "350602198503122010" not in text and "13859612345" not in text
    assert "S3cret-hrss" not in text and log.REDACTED in text
