#!/usr/bin/env bash
# Installs what the local stack needs, once. Every step checks first and is skipped when its
# result is already there, so a second run takes a second.
#
# Heavy artefacts (Kafka jars, the FerretDB binary) are cached per user in $THADS_CACHE
# (default ~/.cache/thads-integrity) so that every clone of the repository shares them.
set -euo pipefail

KAFKA_VERSION=4.1.1
FERRETDB_VERSION=v1.24.2
CACHE=${THADS_CACHE:-$HOME/.cache/thads-integrity}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$CACHE"

log() { printf '[install] %s\n' "$*"; }

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    log "missing $* and no apt-get here: install it by hand"; exit 1
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# --- system packages -------------------------------------------------------------------------
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then apt_install openjdk-17-jre-headless; fi
command -v mvn >/dev/null || apt_install maven
command -v redis-server >/dev/null || apt_install redis-server
# The browser tests (playwright-core) drive Debian's chromium; playwright's own download is not used.
[ -x /usr/bin/chromium ] || apt_install chromium
# The report tests read the PDFs back (pdftotext) and render them to images (pdftoppm).
command -v pdftoppm >/dev/null || apt_install poppler-utils
if ! command -v go >/dev/null; then
  log "Go (>= 1.22) is needed to build FerretDB and was not found on PATH"; exit 1
fi

# --- Apache Kafka (KRaft) from Maven Central -------------------------------------------------
KAFKA_LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
if [ ! -f "$KAFKA_LIBS/.complete" ]; then
  log "resolving Apache Kafka $KAFKA_VERSION jars from Maven Central"
  rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
  mvn -q -B -Dstyle.color=never -f "$HERE/kafka-pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS"
  touch "$KAFKA_LIBS/.complete"
fi

# --- FerretDB v1 (SQLite backend) ------------------------------------------------------------
# `go install ...@v1.24.2` builds, but the binary panics at start: the module zip lacks the
# generated build/version/version.txt. So we build from the module source with that file added.
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"
if [ ! -x "$FERRETDB_BIN" ]; then
  log "building FerretDB $FERRETDB_VERSION (go build, one-off)"
  src_dir=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  build_dir="$CACHE/ferretdb-$FERRETDB_VERSION/src"
  rm -rf "$build_dir"; mkdir -p "$(dirname "$build_dir")"
  cp -r "$src_dir" "$build_dir"; chmod -R u+w "$build_dir"
  echo "$FERRETDB_VERSION" > "$build_dir/build/version/version.txt"
  # Go >= 1.23 rejects FerretDB's go:linkname use unless told otherwise.
  (cd "$build_dir" && go build -ldflags=-checklinkname=0 -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build_dir"
fi

log "ok: kafka $KAFKA_VERSION, ferretdb $FERRETDB_VERSION, $(redis-server --version | cut -d' ' -f3)"
