#!/usr/bin/env bash
# The README's pictures of the dashboard: renders golden files of the real renderer
# (tests/golden) to HTML with GitHub's markdown engine (cmark-gfm with GitHub's
# extensions; raw HTML kept, as GitHub keeps <details>), puts each in a page styled like
# a GitHub comment with every <details> opened, screenshots it with headless chromium and
# crops the empty space around the comment. Writes docs/images/*.png and
# docs/images/sources.sha256, the SHA-256 of the golden each image was rendered from:
# tests/ship/images_test.cc fails when a golden changes and this script was not run again.
# Installs what is missing with apt-get (root or sudo). Run it after a golden changes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# golden file (tests/golden/) -> image (docs/images/)
goldens=(dashboard_policy_column.md health_mixed.md)
images=(dashboard.png health.png)
# The interpreter python3-pil installs into, not a python3 from elsewhere on PATH.
python=/usr/bin/python3
# CSS pixels; the screenshot is `scale` times as many for sharp text.
width=800
scale=2
max_bytes=$((400 * 1024))

packages=(cmark-gfm chromium python3 python3-pil fonts-noto-color-emoji fonts-noto-core
  fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "render-images: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p docs/images

# A GitHub-like comment, written for this script: a white box with a thin grey border and
# rounded corners, GitHub's text sizes and colours, bordered tables with zebra rows.
cat >"$work/comment.css" <<'CSS'
html { background: #ffffff; }
body {
  margin: 0;
  padding: 16px;
  color: #1f2328;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 14px;
  line-height: 1.5;
  -webkit-font-smoothing: antialiased;
}
.comment {
  box-sizing: border-box;
  width: 760px;
  padding: 16px 20px;
  background: #ffffff;
  border: 1px solid #d0d7de;
  border-radius: 6px;
  overflow-wrap: break-word;
}
.comment > :first-child { margin-top: 0 !important; }
.comment > :last-child { margin-bottom: 0 !important; }
p, pre, table, details, ul, ol, blockquote { margin: 0 0 16px 0; }
h2 {
  margin: 24px 0 16px 0;
  padding-bottom: 0.3em;
  font-size: 1.5em;
  font-weight: 600;
  line-height: 1.25;
  border-bottom: 1px solid #d8dee4;
}
strong { font-weight: 600; }
a { color: #0969da; text-decoration: none; }
sub { font-size: 75%; line-height: 0; vertical-align: -0.25em; }
code, pre {
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono",
    monospace;
}
code {
  padding: 0.2em 0.4em;
  font-size: 85%;
  white-space: break-spaces;
  background: #eff1f3;
  border-radius: 6px;
}
pre {
  padding: 16px;
  overflow: auto;
  font-size: 85%;
  line-height: 1.45;
  background: #f6f8fa;
  border-radius: 6px;
}
pre code {
  padding: 0;
  font-size: 100%;
  white-space: pre;
  background: none;
  border-radius: 0;
}
table { border-collapse: collapse; border-spacing: 0; max-width: 100%; }
th, td { padding: 6px 13px; border: 1px solid #d0d7de; }
th { font-weight: 600; }
tr { background: #ffffff; border-top: 1px solid #d8dee4; }
tbody tr:nth-child(2n) { background: #f6f8fa; }
details > summary { display: list-item; cursor: pointer; }
details[open] > summary { margin-bottom: 8px; }
CSS

# Crops the screenshot to what is not page background, plus a margin, and keeps the PNG
# small. Exit status 3: the content reaches the bottom edge (the window was too short).
cat >"$work/crop.py" <<'PY'
import os
import sys

from PIL import Image, ImageChops

source, target, margin, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
image = Image.open(source).convert("RGB")
background = Image.new("RGB", image.size, image.getpixel((0, 0)))
box = ImageChops.difference(image, background).getbbox()
if box is None:
    sys.exit("render-images: the screenshot " + source + " is empty")
left, top, right, bottom = box
if bottom >= image.height - margin:
    sys.exit(3)
image = image.crop((max(0, left - margin), max(0, top - margin),
                    min(image.width, right + margin), bottom + margin))
image.save(target, optimize=True)
if os.path.getsize(target) > max_bytes:
    # Text and emoji need few colours: a palette keeps them sharp at a fraction of the size.
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        target, optimize=True)
if os.path.getsize(target) > max_bytes:
    sys.exit("render-images: %s is %d bytes, more than %d" % (target, os.path.getsize(target), max_bytes))
PY

: >"$work/sources.sha256"
for i in "${!goldens[@]}"; do
  golden="tests/golden/${goldens[$i]}"
  image="docs/images/${images[$i]}"
  page="$work/${images[$i]%.png}.html"
  {
    printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
    printf '<title>%s</title>\n<style>\n' "${goldens[$i]}"
    cat "$work/comment.css"
    printf '</style></head>\n<body><div class="comment">\n'
    # Every <details> opened, so that the picture shows what is inside.
    cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tagfilter "$golden" |
      sed -E 's/<details>/<details open>/g'
    printf '</div></body></html>\n'
  } >"$page"

  height=1200
  while :; do
    rm -f "$work/shot.png"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage \
      --user-data-dir="$work/profile" --force-device-scale-factor="$scale" \
      --window-size="$width,$height" --screenshot="$work/shot.png" "file://$page" \
      >"$work/chromium.log" 2>&1 || {
      cat "$work/chromium.log" >&2
      exit 1
    }
    [[ -s "$work/shot.png" ]] || {
      cat "$work/chromium.log" >&2
      echo "render-images: chromium wrote no screenshot of $golden" >&2
      exit 1
    }
    status=0
    "$python" "$work/crop.py" "$work/shot.png" "$image" $((16 * scale)) "$max_bytes" || status=$?
    [[ $status -eq 0 ]] && break
    if [[ $status -ne 3 || $height -ge 20000 ]]; then
      echo "render-images: cannot crop the screenshot of $golden" >&2
      exit 1
    fi
    height=$((height * 2))  # the comment is longer than the window: again, taller
  done
  sum=$(sha256sum "$golden")
  printf '%s  %s  %s\n' "${sum%% *}" "$golden" "$image" >>"$work/sources.sha256"
done
cp "$work/sources.sha256" docs/images/sources.sha256

echo "render-images: wrote"
for image in "${images[@]}"; do
  "$python" - "docs/images/$image" <<'PY'
import os
import sys

from PIL import Image

path = sys.argv[1]
with Image.open(path) as image:
    print("  %s  %dx%d px, %d KB" % (path, image.width, image.height, os.path.getsize(path) // 1024))
PY
done
echo "  docs/images/sources.sha256"
sed 's/^/    /' docs/images/sources.sha256
