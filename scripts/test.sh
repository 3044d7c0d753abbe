#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: `tests: N passed, M failed, K skipped`.
# On a fresh Debian machine with only the .NET SDK and Node it installs what the tests need first:
# Debian's chromium (browser tests), the pinned npm packages (anvil, solc) and the NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
configuration=${CONFIGURATION:-Debug}

log() { printf '\n== %s\n' "$*"; }

if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  log "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

log "npm ci (anvil, solc)"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit
else
  echo "node_modules is up to date"
fi

log "build ($configuration)"
dotnet build ExposureWeb.sln -c "$configuration" -nologo -v quiet -p:SkipNpmCi=true

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
projects=(tests/*/*.csproj e2e/*/*.csproj)
status=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  log "test $name"
  # One project at a time: the machine has two cores and several suites start their own anvil or app.
  if ! dotnet test "$project" -c "$configuration" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=2400000; then
    status=1
  fi
done

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$found" -ne "${#projects[@]}" ]; then
  echo "only $found of ${#projects[@]} test projects produced results"
  status=1
fi
if [ "$failed" -gt 0 ]; then status=1; fi
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
