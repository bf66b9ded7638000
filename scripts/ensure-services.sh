#!/usr/bin/env bash
# Find redis-server and PostgreSQL's server programs (initdb, pg_ctl, postgres), or install them
# from Debian's packages when we are root. The scale-out tests (tests/scale) start their own
# throwaway instances of both on free ports; they fail, not skip, when these are missing.
set -euo pipefail

pg_bin() {
  [ -n "${BOT_PG_BIN:-}" ] && [ -x "${BOT_PG_BIN}/initdb" ] && { echo "${BOT_PG_BIN}"; return 0; }
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}
have_services() {
  command -v redis-server >/dev/null 2>&1 && pg_bin >/dev/null
}

if have_services; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  # Two `make` at once on a fresh machine would race for dpkg's lock: wait for the other, then look again.
  exec 9>/var/lock/yijianban-apt.lock && flock 9
  have_services && exit 0
  echo "安装 Redis 与 PostgreSQL（Debian 软件包 redis-server、postgresql）…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # policy-rc.d: install the programs without starting the system-wide services (the tests start their own).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends redis-server postgresql >/dev/null
  have_services && exit 0
fi
cat >&2 <<'MSG'
未找到 redis-server 或 PostgreSQL 服务器程序（initdb、pg_ctl、postgres）。请任选其一：
  - 以 root 运行：apt-get install -y redis-server postgresql
  - 或设置 BOT_PG_BIN=PostgreSQL 的 bin 目录，并把 redis-server 放进 PATH
MSG
exit 1
