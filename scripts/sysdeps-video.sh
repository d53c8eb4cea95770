#!/usr/bin/env bash
# Install the Debian packages that video hashing needs, when they are missing:
# FFmpeg's development libraries and pkg-config, which `pip install nohaven[video]` (the vpdq
# package) builds against, and the ffmpeg program, which the tests use to make clips.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
for lib in libavcodec libavformat libavdevice libavfilter libswresample libswscale libavutil; do
  if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$lib" 2>/dev/null; then
    missing+=("$lib-dev")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "nohaven: missing packages for video hashing: ${missing[*]}; install them" \
    "(Debian/Ubuntu, as root: apt-get install --no-install-recommends ${missing[*]})" >&2
  exit 1
fi
echo "nohaven: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
