#!/usr/bin/env bash
# Installs the Debian packages numbat's tests, benches and demo use beyond Node itself:
#   - Mesa 25's lavapipe from bookworm-backports, so Dawn (npm `webgpu`) finds a Vulkan adapter without a GPU;
#   - poppler-utils (pdffonts, pdftoppm) to check the PDFs @myplot writes;
#   - python3-numba and python3-matplotlib for the side-by-side baselines (optional: skipped with
#     NUMBAT_SKIP_PYTHON=1, and failures there never fail the script).
# Idempotent and quiet; needs root (CI and the dev machines run as root). Without root it prints what it
# would need and exits 0 so that `npm test` still runs, with the GPU tests reporting "skipped: no adapter".
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "install-system: not root, skipping apt packages (GPU tests will skip, PDF font checks will skip)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-system: no apt-get, skipping" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
need=()
dpkg -s poppler-utils >/dev/null 2>&1 || need+=(poppler-utils)
dpkg -s libvulkan1 >/dev/null 2>&1 || need+=(libvulkan1)

mesa_ok() {
  # Mesa >= 23 is needed: Dawn rejects Mesa 22's lavapipe.
  local v
  v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [ -n "$v" ] && dpkg --compare-versions "$v" ge 23
}

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if ! mesa_ok && [ "$codename" = bookworm ] && [ ! -f /etc/apt/sources.list.d/bookworm-backports.sources ]; then
  cat > /etc/apt/sources.list.d/bookworm-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

if [ ${#need[@]} -gt 0 ] || ! mesa_ok; then
  apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! mesa_ok; then
  if [ "$codename" = bookworm ]; then
    apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null
  else
    apt-get install -y -qq mesa-vulkan-drivers >/dev/null
  fi
fi

if [ "${NUMBAT_SKIP_PYTHON:-0}" != 1 ]; then
  py=()
  dpkg -s python3-numba >/dev/null 2>&1 || py+=(python3-numba)
  dpkg -s python3-matplotlib >/dev/null 2>&1 || py+=(python3-matplotlib)
  if [ ${#py[@]} -gt 0 ]; then
    apt-get install -y -qq "${py[@]}" >/dev/null || echo "install-system: python baselines not installed" >&2
  fi
fi
echo "install-system: mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || echo none), poppler $(dpkg-query -W -f='${Version}' poppler-utils 2>/dev/null || echo none)" >&2
