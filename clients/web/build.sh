#!/usr/bin/env bash
# Builds the web client into $1 (Maven passes target/classes/web), with the system's npm:
# `npm ci` from package-lock.json, `npm test` (the unit tests, Vitest; a failing test fails the
# build; skipped when SKIP_TESTS=true, which Maven sets from -DskipTests), then `npm run build`
# (type check and Vite). Without npm it warns loudly and builds nothing: the rest of the
# platform builds and runs without the web client, and the web service then answers with a
# page that explains why it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out="${1:?usage: build.sh OUTPUT_DIR}"
# Vite resolves --outDir against its root (src/): make it absolute.
mkdir -p "$out" && out="$(cd "$out" && pwd)"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  {
    echo
    echo "=========================================================================="
    echo " WARNING: npm / Node.js not found: the web client is NOT built."
    echo " The platform builds and runs without it, but https://<host>:8443/ then"
    echo " only explains that the web client is missing. Install Node.js 20.19+ and npm"
    echo " (Debian: apt-get install nodejs npm) and build again to include it."
    echo "=========================================================================="
    echo
  } >&2
  exit 0
fi

# Vite 8 needs Node.js 20.19 or newer; an older one is treated like a missing one.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  {
    echo
    echo "=========================================================================="
    echo " WARNING: Node.js $(node --version) is too old to build the web client"
    echo " (20.19 or newer is needed): the web client is NOT built. The platform"
    echo " builds and runs without it."
    echo "=========================================================================="
    echo
  } >&2
  exit 0
fi

# Never let a package download a browser: the end-to-end test uses the system's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# npm ci only when the lockfile changed since the last install (npm keeps its copy in node_modules).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "web client: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The unit tests run at every build that does not skip tests (a few seconds), also when the
# bundle below is up to date: `./opentwin build` skips them, `./opentwin test` runs them.
if [ "${SKIP_TESTS:-false}" = "true" ]; then
  echo "web client: unit tests skipped (-DskipTests)"
else
  echo "web client: npm test"
  npm test --silent
fi

# Build only when a source changed since the last build into $out.
stamp="$out/index.html"
if [ -f "$stamp" ] && [ -z "$(find src public package.json package-lock.json tsconfig.json vite.config.ts \
    -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "web client: up to date in $out"
  exit 0
fi
echo "web client: npm run build -> $out"
npm run build --silent -- --outDir "$out" --emptyOutDir --logLevel warn
echo "web client: built into $out"
