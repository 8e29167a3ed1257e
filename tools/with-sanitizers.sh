#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs a command (npm run test:sanitize: the parity suite) against the
# sanitizer build of the addon (npm run build:sanitize: ASan over the addon
# and the C reference, UBSan over the harness). Node itself is not built with
# ASan, so its runtime is preloaded; any ASan or harness UBSan report stops
# the process with an error. The kernel code's own UB stays a recorded fault.
set -eu
cd "$(dirname "$0")/.."
addon="$PWD/build-sanitize/Release/ple_parity.node"
if [ ! -f "$addon" ]; then
  echo "$addon is not built: run npm run build:sanitize" >&2
  exit 2
fi
export PLE_PARITY_ADDON="$addon"
LD_PRELOAD="$(gcc -print-file-name=libasan.so)"
export LD_PRELOAD
# detect_leaks: node and V8 keep memory to the end by design; allow_user_segv_handler:
# the addon's own SIGSEGV handler turns a kernel NULL dereference into an oops.
export ASAN_OPTIONS="detect_leaks=0:allow_user_segv_handler=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
exec "$@"
