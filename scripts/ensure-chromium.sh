#!/usr/bin/env bash
# Find Chromium and a CJK font, or install them from Debian's packages when we are root.
# Playwright cannot download its own browsers on these machines (see DESIGN.md).
set -euo pipefail

have_browser() {
  [ -n "${BOT_CHROMIUM:-}" ] && [ -x "${BOT_CHROMIUM}" ] && return 0
  ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-*/chrome-linux*/chrome >/dev/null 2>&1 && return 0
  command -v chromium >/dev/null 2>&1
}
have_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]
}

if have_browser && have_cjk_font; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  # Two `make` at once on a fresh machine would race for dpkg's lock: wait for the other, then look again.
  exec 9>/var/lock/yijianban-apt.lock && flock 9
  have_browser && have_cjk_font && exit 0
  echo "安装 Chromium 与中文字体（Debian 软件包 chromium、fonts-noto-cjk）…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-noto-cjk fontconfig >/dev/null
  have_browser && have_cjk_font && exit 0
fi
cat >&2 <<'MSG'
未找到 Chromium 或中文字体。请任选其一：
  - 以 root 运行：apt-get install -y chromium fonts-noto-cjk
  - 或设置 BOT_CHROMIUM=/path/to/chrome，并安装任一中文字体（fonts-noto-cjk / fonts-wqy-microhei）
MSG
exit 1
