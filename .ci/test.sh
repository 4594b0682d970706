#!/usr/bin/env bash
# Runs every test project (already built by `make build`) and prints one closing line:
# "tests: N passed, N failed, N skipped". Exits non-zero when any test failed or a run crashed.
set -uo pipefail
configuration="${1:-Release}"
cd "$(dirname "$0")/.."
log_dir="$(mktemp -d)"
# Brokers are started by the test fixtures in fresh data directories under the temp folder and stopped by
# them; this trap stops any that a crashed test run left behind.
cleanup() {
    rm -rf "$log_dir"
    pkill -9 -f "fhirchain-tests/[0-9a-f]*/mnesia" 2>/dev/null || true
}
trap cleanup EXIT

passed=0; failed=0; skipped=0; status=0
for project in $(find tests -name '*.Tests.csproj' | sort); do
    name="$(basename "$project" .csproj)"
    log="$log_dir/$name.log"
    echo "== $name"
    # A hung test fails the run with a dump instead of eating CI's time.
    dotnet test "$project" -c "$configuration" --no-build --nologo --blame-hang-timeout 10m 2>&1 | tee "$log" \
        | grep -E '^\s+(Failed|Skipped) |^(Passed|Failed|Skipped)!|Error Message|error' || true
    rc=${PIPESTATUS[0]}
    summary="$(grep -E '^(Passed|Failed|Skipped)!' "$log" | tail -n 1 || true)"
    if [[ -z "$summary" ]]; then
        echo "   no test summary from $name (exit $rc)"; status=1; continue
    fi
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
    f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$summary")
    s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [[ $rc -ne 0 ]] && status=1
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[[ $failed -gt 0 ]] && status=1
exit $status
