"""bot serve / bot users: the applicant's web form and the clerk's dashboard, and the clerks' accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.commands.common import JsonOption, err, out, print_json, reported_errors
from bot.errors import BotError
from bot.run.ledger import Ledger

users = typer.Typer(help="管理窗口人员账号（登录工作台用）。", no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="监听地址；对外提供服务请放在 HTTPS 反向代理之后")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    answer_timeout: Annotated[
        float, typer.Option("--answer-timeout", help="等待人工回答（验证码、短信）的秒数，超时则该事项转人工")
    ] = 600,
) -> None:
    """启动网页服务：申请人填写简表（/apply/一件事），窗口人员登录工作台（/clerk）一键办理。"""
    import uvicorn

    from bot.paths import var_dir
    from bot.privacy.log import configure
    from bot.run.engine import EngineOptions
    from bot.web.app import WebSettings, create_app
    from bot.web.runs import RunSettings

    with reported_errors():
        var_dir().mkdir(parents=True, exist_ok=True)
        configure(level="INFO", file=var_dir() / "web.log")  # masked, like every log of the bot
        settings = WebSettings(runs=RunSettings(EngineOptions(), answer_timeout_s=answer_timeout))
        app = create_app(Ledger(), settings)
        out.print(f"申请表：http://{host}:{port}/apply/{settings.default_bundle}", markup=False)
        out.print(f"工作台：http://{host}:{port}/clerk（账号用 bot users add 添加）", markup=False)
    # uvicorn's access log would print paths, which carry draft tokens: keep it off.
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=True)


@users.command("add")
def add_user(name: Annotated[str, typer.Argument(help="账号名称，如 window01")]) -> None:
    """添加窗口人员账号；密码在提示时输入两次（或从标准输入读一行），不写在命令行里。"""
    from bot.web.accounts import Accounts

    with reported_errors():
        if sys.stdin.isatty():
            password = typer.prompt("密码（至少8个字符）", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise BotError("没有读到密码")
        Accounts(Ledger()).add_user(name, password)
    out.print(f"已添加账号“{name}”。", markup=False)


@users.command("list")
def list_users(as_json: JsonOption = False) -> None:
    """列出窗口人员账号和最近登录时间。"""
    from bot.localtime import clock
    from bot.web.accounts import Accounts

    with reported_errors():
        rows = Accounts(Ledger()).users()
    if as_json:
        print_json([{"name": u.name, "last_login": clock(u.last_login_at)} for u in rows])
        return
    if not rows:
        err.print("还没有账号：用 bot users add 账号 添加。", markup=False)
    for user in rows:
        out.print(f"{user.name}  最近登录：{clock(user.last_login_at)}", markup=False)
