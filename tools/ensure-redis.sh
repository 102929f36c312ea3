#!/usr/bin/env bash
# The cluster tests (packages/cluster, packages/cli) start a real redis-server
# on a loopback port. This installs Debian's redis-server where it is missing,
# so that `npm test` needs nothing else on a fresh machine. Run by `npm test`
# (as its pretest step).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "redis-server is missing: installing Debian's redis-server for the cluster tests" >&2
if [ "$(id -u)" = "0" ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "cannot install redis-server (not root, no sudo): install it (apt-get install redis-server) and run the tests again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The tests start their own servers; the packaged service is not needed.
($SUDO service redis-server stop >/dev/null 2>&1 || true)
command -v redis-server >/dev/null
echo "redis-server installed: $(redis-server --version)" >&2
