// SPDX-License-Identifier: GPL-2.0-only
// Fault events of the TS side, shaped like the C reference's: a kernel oops
// (a NULL dereference, caught as the TypeError it raises) and UBSan events.
// Both name the innermost ported kernel function on the stack: frames of the
// shims in ts-port/kernel/ are skipped, as the C side does not instrument its
// include/ shims.
import { FAULT_KINDS, FUNCTIONS, UB_OPS } from "../../harness/layout.js";

export type FaultKind = (typeof FAULT_KINDS)[number];
export type UbOp = (typeof UB_OPS)[number];

export interface FaultEvent {
  kind: FaultKind;
  fn: string;
  op: UbOp;
  bits: number;
  signed: boolean;
  lhs: bigint;
  rhs: bigint;
}

const FN_SET = new Set<string>(FUNCTIONS);
let events: FaultEvent[] = [];

export function ple_faults_reset(): void {
  events = [];
}

export function ple_faults(): FaultEvent[] {
  return events;
}

/** The innermost frame that belongs to a ported kernel function. */
export function kernel_function_of(stack: string | undefined): string {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    if (/[\\/]ts-port[\\/]kernel[\\/]/.test(line) || !/[\\/]ts-port[\\/]/.test(line)) continue;
    const m = /at (?:[\w$]+\.)?([\w$]+) /.exec(line);
    if (m && FN_SET.has(m[1]!)) return m[1]!;
  }
  return "?";
}

/** kernel_function_of on structured call sites: the same frames, without formatting (and source-mapping) a stack. */
function kernel_function_at(sites: readonly NodeJS.CallSite[]): string {
  for (const site of sites) {
    const file = site.getFileName() ?? "";
    if (/[\\/]ts-port[\\/]kernel[\\/]/.test(file) || !/[\\/]ts-port[\\/]/.test(file)) continue;
    const name = site.getFunctionName();
    if (name && FN_SET.has(name)) return name;
  }
  return "?";
}

const asCallSites = (_: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

export function ple_ub(
  kind: FaultKind,
  op: UbOp,
  type: { bits: number; signed: boolean },
  lhs: bigint,
  rhs: bigint,
): void {
  // The frames `new Error().stack` would show here, as call sites: formatting a
  // stack (source-mapped under tsx) was most of the cost of a UB event.
  const prepare = Error.prepareStackTrace;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.prepareStackTrace = asCallSites;
  try {
    Error.captureStackTrace(holder);
    void holder.stack;
  } finally {
    Error.prepareStackTrace = prepare;
  }
  events.push({ kind, fn: kernel_function_at(holder.stack!), op, ...type, lhs, rhs });
}

/** A TypeError from touching a member of null is the port's NULL dereference. */
export function is_null_deref(e: unknown): e is TypeError {
  return e instanceof TypeError && /of (null|undefined)/.test(e.message);
}

export function ple_oops(e: TypeError): void {
  events.push({
    kind: "oops-null",
    fn: kernel_function_of(e.stack),
    op: "none",
    bits: 0,
    signed: false,
    lhs: 0n,
    rhs: 0n,
  });
}
