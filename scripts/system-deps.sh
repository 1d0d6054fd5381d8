#!/usr/bin/env bash
# Make sure the Debian packages soplan needs are present.
#   scripts/system-deps.sh run    what `make run` needs (WeasyPrint's libraries, npm, gettext)
#   scripts/system-deps.sh test   plus Chromium for the browser tests, poppler for PDF checks and a
#                                 Java runtime for the Nu HTML Checker (vnu.jar) the journeys run
#   scripts/system-deps.sh load   what `make run` needs plus PostgreSQL and Redis servers and curl
#                                 (`make load`, scripts/load.sh)
#   scripts/system-deps.sh ci     plus PostgreSQL and Redis servers, curl, and docker-compose (only
#                                 to check that docker-compose.yml parses; no Docker engine)
# As root it installs what is missing; otherwise it prints the exact apt-get line and fails.
set -euo pipefail
level="${1:-run}"

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext fonts-dejavu-core)
commands=()
command -v npm >/dev/null 2>&1 || packages+=(npm)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)
if [[ "$level" == test || "$level" == ci ]]; then
  packages+=(chromium poppler-utils)
  # Any Java 11 or later runs vnu.jar; Debian's default is enough when none is there yet.
  command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
fi
if [[ "$level" == ci ]]; then
  packages+=(postgresql redis-server curl docker-compose)
elif [[ "$level" == load ]]; then
  packages+=(postgresql redis-server curl)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ "$(id -u)" -eq 0 ]]; then
  echo "soplan: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  $line >/dev/null
else
  echo "soplan needs these Debian packages. Please run, as root:" >&2
  echo "  sudo $line" >&2
  exit 1
fi
