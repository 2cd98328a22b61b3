#!/usr/bin/env bash
# Sets up docgen on a fresh Debian 12 machine: system packages (LibreOffice, CJK fonts,
# poppler-utils), then a virtual environment in .venv with docgen installed.
#   scripts/setup.sh          run-time dependencies
#   scripts/setup.sh --test   also the test and lint tools
#   scripts/setup.sh -v       show every command's output (default: one line per step;
#                             a failing step's output is always shown in full)
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
verbose=0
for arg in "$@"; do
  case "$arg" in
    --test) extras="[test]" ;;
    -v | --verbose) verbose=1 ;;
    -h | --help) sed -n '2,7p' "$0" | cut -c3-; exit 0 ;;
    *) echo "scripts/setup.sh：未知选项 $arg（可用 --test、-v）" >&2; exit 2 ;;
  esac
done

log=$(mktemp "${TMPDIR:-/tmp}/docgen-setup.XXXXXX")
trap 'rm -f "$log"' EXIT

# step DESCRIPTION COMMAND...: runs the command; prints one line with a tick, or, when the
# command fails, a cross and everything the command printed, and stops with its exit code.
step() {
  local what=$1
  shift
  if [ "$verbose" = 1 ]; then
    echo "── $what"
    "$@"
    echo "✓ $what"
    return
  fi
  if "$@" >"$log" 2>&1; then
    echo "✓ $what"
  else
    local code=$?
    echo "✗ $what：失败（退出码 $code），输出如下：" >&2
    cat "$log" >&2
    exit "$code"
  fi
}

apt_packages=(
  python3 python3-venv python3-uno          # Debian's python3 runs the UNO worker (python3-uno)
  libreoffice-writer-nogui                  # the reference renderer (LibreOffice 7.4 on Debian 12)
  libreoffice-calc-nogui                    # opens the .xlsx docgen writes (a test converts one)
  fonts-noto-cjk fonts-arphic-ukai          # open faces standing in for the standard's fonts
  fonts-hanazono fonts-symbola              # fallbacks: CJK Extension A/B, symbols and emoji
  poppler-utils fontconfig                  # pdftoppm / pdffonts; fc-match
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

install_apt() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # (set -e does not act inside a function run as an if condition: each step is chained with &&)
  $sudo_cmd apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
}

if [ "${#missing[@]}" -gt 0 ]; then
  step "安装系统软件包：${missing[*]}" install_apt
else
  echo "✓ 系统软件包已齐备（LibreOffice、中文字体、poppler-utils）"
fi

if [ ! -x .venv/bin/python ]; then
  step "创建虚拟环境 .venv" /usr/bin/python3 -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
step "更新 pip" .venv/bin/python -m pip install -q --upgrade pip
step "在 .venv 中安装 docgen${extras:+ 及测试工具}" .venv/bin/python -m pip install -q -e ".${extras}"
step "检查 docgen 可以运行" .venv/bin/docgen --version
# once per machine (again after a font package update): Typst embeds TrueType outlines at a quarter
# less cost per PDF than the Noto faces' CFF ones; never done on the way to a PDF (issue 17)
step "把思源宋体、黑体的字形转换为 TrueType 轮廓，Typst 引擎排版更快（只做一次，约 4 分钟）" \
  .venv/bin/python -m docgen.emit.typst.font_outlines

echo "完成：已在 .venv 中安装 $(.venv/bin/docgen --version)（命令 .venv/bin/docgen）。"
if [ -n "$extras" ]; then
  echo "下一步：.venv/bin/ruff check . && .venv/bin/mypy && .venv/bin/python -m pytest"
else
  echo "下一步：scripts/demo.sh 生成全部样例（结果在 out/），或 .venv/bin/docgen --help 查看命令"
fi
