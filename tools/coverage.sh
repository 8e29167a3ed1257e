#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# npm run coverage [-- --check] [--min-branches N]: line and branch coverage of
# the C reference (gcov, a build of its own in build-gcov/) and of the TS port
# (V8, @vitest/coverage-v8), both from one run of the parity suite
# (test/parity). Needs gcovr (Debian: apt-get install gcovr). Reports go to
# coverage/; the figures and the functions below the bar are printed.
set -eu
cd "$(dirname "$0")/.."
command -v gcovr >/dev/null 2>&1 || { echo "gcovr is not installed (apt-get install gcovr)" >&2; exit 2; }
# configure every time: `cmake-js compile` keeps an existing build directory's options
{ npx cmake-js configure --out build-gcov --CDPLE_COVERAGE=ON --CDPLE_KERNEL_EXTRA_FLAGS=-O0 &&
  npx cmake-js build --out build-gcov; } >build-gcov.log 2>&1 || { cat build-gcov.log >&2; exit 2; }
find build-gcov -name '*.gcda' -delete
rm -rf coverage/c coverage/ts
mkdir -p coverage/c
# One process (worker threads): the counters of the addon are written when it exits.
PLE_PARITY_ADDON="$PWD/build-gcov/Release/ple_parity.node" npx vitest run test/parity --pool=threads \
  --coverage.enabled --coverage.provider=v8 --coverage.include='ts-port/**' \
  --coverage.reporter=json --coverage.reporter=html --coverage.reportsDirectory=coverage/ts
gcovr --root . --filter 'c-reference/' --object-directory build-gcov build-gcov \
  --json coverage/c/gcovr.json --html-details coverage/c/index.html
npx tsx tools/coverage-report.ts "$@"
