#!/usr/bin/env bash
# Installs schemathesis (the API fuzzer of `npm run fuzz:api` and test/api-fuzz.int-spec.ts) in
# its own virtualenv, once: a second run only checks the version and takes a second. Kept out of
# install.sh's system packages on purpose: a Python tool pinned per repository, not per machine.
#
#   deploy/local/schemathesis.sh          installs when missing, prints the path of `st`
#
# THADS_SCHEMATHESIS_VENV moves the virtualenv (default .local/venv-schemathesis).
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=${THADS_SCHEMATHESIS_VENV:-$ROOT/.local/venv-schemathesis}
ST="$VENV/bin/st"

log() { printf '[schemathesis] %s\n' "$*" >&2; }

installed() { [ -x "$ST" ] && [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" = "$SCHEMATHESIS_VERSION" ]; }

if ! installed; then
  python=$(command -v python3 || true)
  if [ -z "$python" ]; then
    log "python3 (>= 3.9, with the venv module) is needed and was not found on PATH"; exit 1
  fi
  if [ ! -x "$VENV/bin/pip" ]; then
    log "creating a virtualenv in ${VENV#"$ROOT"/}"
    rm -rf "$VENV"
    if ! "$python" -m venv "$VENV"; then
      log "python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv)"; exit 1
    fi
  fi
  log "pip install schemathesis==$SCHEMATHESIS_VERSION"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
  installed || { log "schemathesis $SCHEMATHESIS_VERSION is still not importable from $VENV"; exit 1; }
fi
echo "$ST"
