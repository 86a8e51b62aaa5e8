#!/usr/bin/env bash
# Remakes the gallery's images from the figures `npm run demo` wrote to out/: the first page of each PDF,
# as a PNG at 110 dpi (small enough for the site, sharp enough to read the labels). Needs poppler-utils.
# Usage: npm run demo && bash docs/gallery/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
shopt -s nullglob
made=0
for pdf in out/*.pdf; do
  name=$(basename "$pdf" .pdf)
  [ "$name" = paper-figures ] && continue   # the same four figures as pages of one PDF
  pdftoppm -png -r 110 -singlefile "$pdf" "docs/gallery/$name"
  made=$((made + 1))
done
echo "gallery: $made images in docs/gallery/"
