#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# npm run coverage [-- --check] [--min-branches N]: line and branch coverage of
# the C reference (gcov, a build of its own in build-gcov/) and of the TS port
# (V8, @vitest/coverage-v8), both from one run of the parity suite
# (test/parity). Needs gcovr (Debian: apt-get install gcovr). Reports go to
# coverage/; the figures and the functions below the bar are printed. --check
# exits 1 when a side is below its bar (tools/coverage-report.ts, BARS).
#
# The seed is fixed (PLE_PARITY_SEED, default 1) so that the figures are a
# measurement CI can hold to a bar: with the clock's seed the rarely drawn
# branches come and go from run to run.
#
# What the figures leave out, and why (everything else is counted, including
# the kernel branches no kernel-reachable state takes):
# - C: the branches of PLE_TRACE(...) lines. Each is the harness recording a
#   call into a stubbed external (the stubs named after update_rq_clock,
#   resched_curr, account_cfs_rq_runtime, kvm_arch_*, kvm_irq_delivery_to_apic);
#   its only branch is PLE_IDX()'s NULL arm (c-reference/include/ple/world.h),
#   glue that encodes a pointer as a record index, not a kernel decision. The
#   lines themselves stay counted.
# - C: the branch on mul_u64_u32_shr's `>> shift` (include/linux/math64.h). The
#   source makes no decision there; gcov counts the range check that
#   -fsanitize=shift inserts (shift >= 128), which no caller can fail (shift
#   <= 32).
# - TS: ts-port/kernel/world.ts and faults.ts, the harness's recorder of
#   stubbed calls and of fault events (the TS side of native/world.c and
#   native/faults.c, which the C figure does not count either: gcovr reads
#   c-reference/ only).
set -eu
cd "$(dirname "$0")/.."
command -v gcovr >/dev/null 2>&1 || { echo "gcovr is not installed (apt-get install gcovr)" >&2; exit 2; }
now() { date +%s; }
t0=$(now)
# configure every time: `cmake-js compile` keeps an existing build directory's options
{ npx cmake-js configure --out build-gcov --CDPLE_COVERAGE=ON --CDPLE_KERNEL_EXTRA_FLAGS=-O0 &&
  npx cmake-js build --out build-gcov; } >build-gcov.log 2>&1 || { cat build-gcov.log >&2; exit 2; }
find build-gcov -name '*.gcda' -delete
rm -rf coverage/c coverage/ts
mkdir -p coverage/c
t1=$(now)
# One process (worker threads): the counters of the addon are written when it exits.
PLE_PARITY_SEED="${PLE_PARITY_SEED:-1}" PLE_PARITY_ADDON="$PWD/build-gcov/Release/ple_parity.node" \
  npx vitest run test/parity --pool=threads --reporter=dot \
  --coverage.enabled --coverage.provider=v8 --coverage.include='ts-port/**' \
  --coverage.exclude='ts-port/kernel/world.ts' --coverage.exclude='ts-port/kernel/faults.ts' \
  --coverage.reporter=json --coverage.reporter=html --coverage.reportsDirectory=coverage/ts
t2=$(now)
gcovr --root . --filter 'c-reference/' --object-directory build-gcov build-gcov \
  --exclude-branches-by-pattern '\s*(PLE_TRACE\(|return \(u64\)\(\(\(unsigned __int128\)a \* mul\) >> shift\);)' \
  --json coverage/c/gcovr.json --html-details coverage/c/index.html
t3=$(now)
echo "time: gcov build $((t1 - t0)) s, parity suite $((t2 - t1)) s, gcovr $((t3 - t2)) s"
npx tsx tools/coverage-report.ts "$@"
