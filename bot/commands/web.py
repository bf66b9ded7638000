"""bot serve / bot users: the applicant's web form and the clerk's dashboard, and the clerks' accounts."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands.common import JsonOption, err, out, print_json, reported_errors
from bot.errors import CommandLineError
from bot.run.ledger import Ledger

if TYPE_CHECKING:
    import uvicorn

users = typer.Typer(help="管理窗口人员账号（登录工作台用）。", no_args_is_help=True)
# On SIGTERM (or Ctrl-C) requests still open get this long to finish, then are cancelled: a phone stalled in the
# middle of an upload must not keep the server from stopping.
SHUTDOWN_GRACE_S = 5


def serve(
    host: Annotated[str, typer.Option(help="监听地址；对外提供服务请放在 HTTPS 反向代理之后")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    answer_timeout: Annotated[
        float, typer.Option("--answer-timeout", help="等待人工回答（验证码、短信）的秒数，超时则该事项转人工")
    ] = 600,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="演示：同时启动六个演示门户，新建并打印一个窗口人员账号，提供演示门户的账号和密钥，并开通演示手机（/demo/phone）",
        ),
    ] = False,
    trusted_proxies: Annotated[
        str | None,
        typer.Option(
            "--trusted-proxies",
            help="反向代理的地址或网段（逗号分隔），只信任它们转发的 X-Forwarded-For；"
            "默认取 BOT_TRUSTED_PROXIES，未设置则不信任任何转发头",
        ),
    ] = None,
) -> None:
    """启动网页服务：申请人填写简表（/apply/一件事），窗口人员登录工作台（/clerk）一键办理。"""

    from bot.paths import var_dir
    from bot.privacy.log import configure
    from bot.run.engine import EngineOptions
    from bot.web.app import WebSettings, create_app
    from bot.web.proxies import server_config
    from bot.web.proxies import trusted_proxies as parse_proxies
    from bot.web.runs import RunSettings

    if demo:
        with reported_errors():
            proxies = parse_proxies(trusted_proxies)
        serve_demo(host, port, answer_timeout, proxies)
        return
    with reported_errors():
        var_dir().mkdir(parents=True, exist_ok=True)
        configure(level="INFO", file=var_dir() / "web.log")  # masked, like every log of the bot
        settings = WebSettings(runs=RunSettings(EngineOptions(), answer_timeout_s=answer_timeout))
        proxies = parse_proxies(trusted_proxies)
        app = create_app(Ledger(), settings)
        out.print(f"申请表：http://{host}:{port}/apply/{settings.default_bundle}", markup=False)
        out.print(f"工作台：http://{host}:{port}/clerk（账号用 bot users add 添加）", markup=False)
        if proxies:
            out.print(f"信任这些反向代理转发的客户端地址：{'、'.join(proxies)}", markup=False)
    _serve_until_stopped(server_config(app, host, port, proxies, timeout_graceful_shutdown=SHUTDOWN_GRACE_S))


def _serve_until_stopped(config: uvicorn.Config) -> None:
    """uvicorn until SIGTERM or Ctrl-C: it shuts down (open requests get ``SHUTDOWN_GRACE_S``), then raises the
    signal again, which ends the command with status 0 through every ``finally`` on the way."""
    import signal

    import uvicorn

    signal.signal(signal.SIGTERM, _exit_quietly)
    uvicorn.Server(config).run()


DEMO_CLERK = "demo"


def serve_demo(host: str, port: int, answer_timeout: float, proxies: list[str]) -> None:
    """bot serve --demo: the demo portals (fresh, in var/web-demo/), a fresh ledger with one clerk account,
    and runs given the demo portals' accounts and secrets (bot.web.demo.WebDemo), as bot demo gives its run."""
    import os
    import secrets
    import shutil
    import signal

    from bot.mapping.bundle import load_bundle
    from bot.paths import mappings_dir, var_dir
    from bot.privacy.log import configure
    from bot.run.engine import EngineOptions
    from bot.web.accounts import Accounts
    from bot.web.app import WebSettings, create_app
    from bot.web.demo import WebDemo
    from bot.web.proxies import server_config
    from bot.web.runs import RunSettings
    from demo.launcher import PortalsProcess  # the CLI's demo commands are the one bridge to demo/

    with reported_errors():
        home = var_dir() / "web-demo"
        shutil.rmtree(home, ignore_errors=True)  # fresh portals, so a fresh ledger: nothing filed yet
        home.mkdir(parents=True)
        configure(level="INFO", file=home / "web.log")
        token = os.environ.get("DEMO_ADMIN_TOKEN") or secrets.token_urlsafe(16)
        portals = PortalsProcess(home / "portals", admin_token=token, base_port=None)
    # A SIGTERM ends the command through its finally, which stops the portals (uvicorn, once it has shut
    # down, raises again the SIGTERM it handled).
    signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        with reported_errors():
            portals.start()
            ledger = Ledger(f"sqlite:///{home / 'ledger.db'}")
            password = secrets.token_urlsafe(9)
            Accounts(ledger).add_user(DEMO_CLERK, password)
            web_demo = WebDemo(ledger, portals.urls, token)
            runs = RunSettings(
                EngineOptions(base_urls=portals.urls, environ=web_demo.environ),
                answer_timeout_s=answer_timeout,
                evidence_root=home / "evidence",
                before_run=web_demo.before_run,
                on_done=web_demo.on_done,
            )
            settings = WebSettings(runs=runs, upload_root=home / "uploads", demo=web_demo)
            app = create_app(ledger, settings)
            bundle = load_bundle(mappings_dir(), settings.default_bundle)
            out.print("演示门户已启动：", markup=False)
            for item, url in portals.urls.items():
                out.print(f"  {bundle.mappings[item].portal}  {url}", markup=False)
            base = f"http://{host}:{port}"
            out.print(f"申请表：{base}/apply/{settings.default_bundle}", markup=False)
            out.print(f"工作台：{base}/clerk", markup=False)
            out.print(f"窗口人员账号：{DEMO_CLERK}  密码：{password}", markup=False)
            out.print(f"演示手机（门户发出的短信验证码）：{base}/demo/phone", markup=False)
            out.print("按 Ctrl-C 结束（演示门户随之关闭）。", markup=False)
        _serve_until_stopped(server_config(app, host, port, proxies, timeout_graceful_shutdown=SHUTDOWN_GRACE_S))
    finally:
        portals.stop()


def _exit_quietly(_signum: int, _frame: object) -> None:
    out.print("网页服务已停止。", markup=False)
    raise SystemExit(0)


@users.command("add")
def add_user(name: Annotated[str, typer.Argument(help="账号名称，如 window01")]) -> None:
    """添加窗口人员账号；密码在提示时输入两次（或从标准输入读一行），不写在命令行里。"""
    from bot.web.accounts import Accounts

    with reported_errors():
        if sys.stdin.isatty():
            password = typer.prompt("密码（至少8个字符）", hide_input=True)
            if typer.prompt("再输入一次密码", hide_input=True) != password:  # Click's own check says it in English
                raise CommandLineError("两次输入的密码不一致：请重新运行 bot users add")
        else:
            password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandLineError("没有读到密码：在提示时输入，或从标准输入给一行")
        from bot.privacy.audit import record, terminal_actor

        ledger = Ledger()
        Accounts(ledger).add_user(name, password)
        record(ledger, terminal_actor(), "user_add", detail=f"账号“{name.strip()}”")
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
