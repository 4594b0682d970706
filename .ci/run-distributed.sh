#!/usr/bin/env bash
# `make run-distributed`: a RabbitMQ broker, the ledger writer and the gateway as three processes on this
# machine, the shape of a production deployment. Data under ./data/distributed; Ctrl-C stops all three.
set -euo pipefail
configuration="${1:-Release}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${FHIRCHAIN_DATA:-$root/data}/distributed"
port="${FHIRCHAIN_RABBITMQ_PORT:-5673}"
mkdir -p "$data/broker" "$data/gateway" "$data/ledger"

bash "$root/.ci/rabbitmq.sh" install
if ! bash "$root/.ci/rabbitmq.sh" available; then
    echo "run-distributed needs rabbitmq-server (Debian package)" >&2
    exit 1
fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    bash "$root/.ci/rabbitmq.sh" stop "$data/broker"
}
trap cleanup EXIT INT TERM

echo "starting RabbitMQ on 127.0.0.1:$port (data in $data/broker)"
bash "$root/.ci/rabbitmq.sh" start "$data/broker" "$port"
export FHIRCHAIN_RABBITMQ="amqp://guest:guest@127.0.0.1:$port/"

echo "starting the ledger writer on http://127.0.0.1:8081"
dotnet run --no-build -c "$configuration" --project "$root/src/FhirChainGateway.LedgerWriter" -- \
    --LedgerWriter:DataDirectory "$data/ledger" &
pids+=($!)

echo "starting the gateway on http://127.0.0.1:8080 (ledger API at http://127.0.0.1:8081/ledger/...)"
dotnet run --no-build -c "$configuration" --project "$root/src/FhirChainGateway.Server" -- \
    --Gateway:DataDirectory "$data/gateway" --Gateway:LedgerWriter External &
pids+=($!)

wait -n "${pids[@]}"
