#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries exist, because `make run` and `make test` start their
# own throwaway cluster. Installs Debian's package when running as root, else says what to run.
set -euo pipefail
have() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
if have; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL server binaries not found: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  have && exit 0
fi
echo "PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with:" >&2
echo "    sudo apt-get install -y postgresql" >&2
exit 1
