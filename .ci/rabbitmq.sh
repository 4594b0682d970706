#!/usr/bin/env bash
# An isolated RabbitMQ broker for tests: its own data directory, node name and ports, bound to 127.0.0.1.
#   rabbitmq.sh install            install Debian's rabbitmq-server when missing (root, apt)
#   rabbitmq.sh available          exit 0 when a broker can be started here
#   rabbitmq.sh start DIR PORT     start (or restart) the broker whose data lives in DIR, wait until it serves
#   rabbitmq.sh stop DIR           stop it gracefully
#   rabbitmq.sh kill9 DIR          kill -9 it (fault tests)
set -euo pipefail
SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
CTL=/usr/lib/rabbitmq/bin/rabbitmqctl

broker_env() {
    local dir=$1 port=${2:-}
    export HOME="$dir/home"
    export RABBITMQ_MNESIA_BASE="$dir/mnesia"
    export RABBITMQ_LOG_BASE="$dir/log"
    export RABBITMQ_PID_FILE="$dir/rabbit.pid"
    export RABBITMQ_NODENAME="rabbit-$(basename "$dir" | tr -c "A-Za-z0-9_\n-" "_")@localhost"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
    export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
    export ERL_CRASH_DUMP="$dir/erl_crash.dump"
    if [[ -n "$port" ]]; then
        export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
        export RABBITMQ_NODE_PORT="$port"
        export RABBITMQ_DIST_PORT=$((port + 10000))
    fi
    mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
}

case "${1:-}" in
install)
    if [[ ! -x "$SERVER" ]]; then
        echo "installing rabbitmq-server (Debian package) for the broker tests" >&2
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server; } >/dev/null 2>&1; then
            echo "rabbitmq-server could not be installed; broker tests will be skipped" >&2
        fi
    fi
    ;;
available)
    [[ -x "$SERVER" && -x "$CTL" ]]
    ;;
start)
    dir=$2 port=$3
    broker_env "$dir" "$port"
    [[ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ]] || echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    # Quiet disk/memory alarms on small CI disks; tests publish little data.
    [[ -f "$RABBITMQ_CONFIG_FILE.conf" ]] || printf 'disk_free_limit.absolute = 50MB\nloopback_users = none\n' > "$RABBITMQ_CONFIG_FILE.conf"
    echo "$port" > "$dir/port"
    nohup "$SERVER" > "$dir/server.out" 2>&1 &
    for _ in $(seq 1 120); do
        [[ -f "$RABBITMQ_PID_FILE" ]] && break
        sleep 0.25
    done
    if ! timeout 60 "$CTL" wait "$RABBITMQ_PID_FILE" > "$dir/wait.out" 2>&1; then
        echo "broker in $dir did not start; see $dir/server.out and $dir/log" >&2
        exit 1
    fi
    ;;
stop|kill9)
    dir=$2
    broker_env "$dir"
    if [[ -f "$RABBITMQ_PID_FILE" ]]; then
        pid=$(cat "$RABBITMQ_PID_FILE")
        if [[ "$1" == kill9 ]]; then
            kill -9 "$pid" 2>/dev/null || true
        else
            kill -TERM "$pid" 2>/dev/null || true
        fi
        for _ in $(seq 1 120); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        rm -f "$RABBITMQ_PID_FILE"
    fi
    ;;
*)
    echo "usage: $0 install | available | start DIR PORT | stop DIR | kill9 DIR" >&2
    exit 2
    ;;
esac
