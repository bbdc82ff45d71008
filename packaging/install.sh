#!/bin/sh
# 庭审助手 HearingDesk：从本文件夹离线安装（不需要联网）。
#   sh install.sh [安装位置]        默认安装到 ~/.local/share/HearingDesk-app
# 需要 Python @PY_VERSION@（python3.11 或版本为 @PY_VERSION@ 的 python3）。
# 再次运行即为升级：程序被替换，数据目录不动，数据库在下次启动时自动备份并升级。
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TARGET=${1:-"$HOME/.local/share/HearingDesk-app"}

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python@PY_VERSION@ python3; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "@PY_VERSION@" ]; then
      PY=$candidate; break
    fi
  done
fi
if [ -z "$PY" ]; then
  echo "错误：需要 Python @PY_VERSION@（本安装包只含 Python @PY_VERSION@ 的组件）。没有 Python 时请直接使用 U 盘上的程序文件夹。" >&2
  exit 2
fi

if [ ! -x "$TARGET/bin/python" ]; then
  "$PY" -m venv "$TARGET" || { echo "错误：无法创建虚拟环境（Debian/UOS 上需要 python3-venv）。" >&2; exit 2; }
fi
"$TARGET/bin/python" -m pip install --no-index --find-links "$HERE" --upgrade hearingdesk
# 旧版本的数据库：先备份到数据目录的 backups/，再升级结构
"$TARGET/bin/hearingdesk" db upgrade

# U 盘上与本文件夹并列的 models/ 中的语音模型
MODELS="$HERE/../models"
if [ -d "$MODELS" ] && [ -n "$(ls -A "$MODELS" 2>/dev/null)" ]; then
  "$TARGET/bin/hearingdesk" models install "$MODELS" || echo "提示：语音模型未能安装，可稍后在程序的“语音模型”中安装。" >&2
fi
echo
echo "安装完成。启动：$TARGET/bin/hearingdesk"
