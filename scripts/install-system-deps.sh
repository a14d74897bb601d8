#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages presswork needs to render and test: Pango and
# HarfBuzz's subsetter for WeasyPrint, Latin and CJK Noto fonts, poppler for PNG checks,
# LibreOffice Writer to open every DOCX the tests make, and Chromium for the browser tests of
# `presswork serve` (Playwright drives it; no browser is downloaded). Quiet when all are present.
set -euo pipefail

packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
  fonts-noto-core fonts-noto-cjk
  # every weight of Noto Sans/Serif and their CJK SC faces, so themes' 500, 600, 800 and 900 print as designed
  fonts-noto-extra fonts-noto-cjk-extra
  # hyphenation patterns LibreOffice uses for the DOCX's hyphenated English (en-GB; en-US as a fallback)
  hyphen-en-gb hyphen-en-us
  poppler-utils
  # PDF/X-4's CMYK output intent: Ghostscript's CMYK profile (data only, no Ghostscript)
  libgs-common
  # Apache PDFBox Preflight, which tests/test_print_shop.py runs on the PDF/A files, and what it needs
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  qpdf
  libreoffice-writer-nogui
  chromium
)

# Debian's and Ubuntu's python3 comes without venv and ensurepip; `make` needs both.
if ! "${PYTHON:-python3}" -c "import ensurepip, venv" >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "presswork needs these system packages, and this machine has no apt-get: ${missing[*]}" >&2
  exit 1
fi
line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "presswork needs system packages it cannot install without root. Run:" >&2
  echo "  sudo sh -c '$line'" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fc-cache -f >/dev/null 2>&1 || true
