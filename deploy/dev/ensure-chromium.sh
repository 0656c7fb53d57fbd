#!/usr/bin/env bash
# Makes sure a Chromium exists for the browser tests of the public pages. Under CI, running as
# root, installs Debian's package; elsewhere it only says what to run, because the tests skip
# with a clear message when there is no browser (and fail under CI=true).
set -euo pipefail
have() {
  [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ] && return 0
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
    command -v google-chrome >/dev/null 2>&1
}
if have; then exit 0; fi
if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  have && exit 0
  echo "installing chromium failed" >&2
  exit 1
fi
echo "Chromium is missing, so the browser tests of the public pages will skip. Install it with:" >&2
echo "    sudo apt-get install -y chromium" >&2
exit 0
