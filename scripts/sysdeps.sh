#!/usr/bin/env bash
# Install the Debian packages nohaven's tests and its content-model training need, when they
# are missing: the PostgreSQL server (store tests); WordNet and the fortune files, the ordinary
# English the content model is trained and evaluated against; and the King James Bible with its
# reader, scripture the model is evaluated against (nohaven.classify.corpus).
set -euo pipefail
missing=()
ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -f /usr/share/wordnet/data.noun ] || missing+=(wordnet-base)
[ -f /usr/share/games/fortunes/fortunes ] || missing+=(fortunes-min)
[ -f /usr/share/games/fortunes/people ] || missing+=(fortunes)
[ -x /usr/bin/bible ] || missing+=(bible-kjv)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "nohaven: missing Debian packages: ${missing[*]}; install them (as root: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "nohaven: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
