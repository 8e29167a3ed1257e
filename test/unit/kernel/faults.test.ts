// SPDX-License-Identifier: GPL-2.0-only
// ts-port/kernel/faults.ts and container_of.ts: which frame a fault event
// names (the innermost ported kernel function: shim frames of ts-port/kernel/
// and frames outside ts-port/ never count), which errors are the port's NULL
// dereference, and the error for an entity the world has no task for.
import { beforeEach, describe, expect, it } from "vitest";
import { is_null_deref, kernel_function_of, ple_faults, ple_faults_reset } from "../../../ts-port/kernel/faults.js";
import { shl_int } from "../../../ts-port/kernel/int.js";
import { container_of_task_se } from "../../../ts-port/kernel/container_of.js";
import { ple_set_world, type ple_world } from "../../../ts-port/kernel/world.js";
import type { sched_entity } from "../../../ts-port/kernel/sched.js";

beforeEach(() => ple_faults_reset());

/** A V8 stack: the message line, then one `at` line per frame. */
const stack = (message: string, ...frames: string[]): string =>
  [message, ...frames.map((f) => `    at ${f}`)].join("\n");

describe("kernel_function_of (the oops site, from a formatted stack)", () => {
  it("skips shim frames of ts-port/kernel/ and harness frames, even when named like a kernel function", () => {
    const s = stack(
      "TypeError: Cannot read properties of null (reading 'vcpu')",
      "update_curr (/repo/ts-port/kernel/world.ts:3:1)",
      "pick_next_entity (/repo/harness/targets/cfs.ts:9:2)",
      "Object.mark_ipi_receiver (/repo/ts-port/rfc-v1/lapic.ts:33:5)",
    );
    expect(kernel_function_of(s)).toBe("mark_ipi_receiver");
  });
  it("skips a variant frame whose function is not a ported kernel function", () => {
    const s = stack(
      "TypeError: x",
      "__node_2_se (/repo/ts-port/v5.6/fair.ts:1:1)",
      "update_curr (/repo/ts-port/v5.6/fair.ts:2:2)",
    );
    expect(kernel_function_of(s)).toBe("update_curr");
  });
  it("never reads the message line as a frame", () => {
    const s = stack("TypeError: at pick_next_entity (/repo/ts-port/v5.6/fair.ts:1:1)", "x (/repo/harness/run.ts:1:1)");
    expect(kernel_function_of(s)).toBe("?");
  });
  it("is ? for a stack with no kernel frame, or none at all", () => {
    expect(kernel_function_of(stack("TypeError: x", "<anonymous> (/repo/ts-port/v5.6/fair.ts:1:1)"))).toBe("?");
    expect(kernel_function_of(undefined)).toBe("?");
  });
});

describe("ple_ub (the UB site, from call sites)", () => {
  // named like a kernel function, but outside ts-port/: not the port's frame
  function pick_next_entity(): number {
    return shl_int(1, 40);
  }
  it("names no function when the UB comes from outside the port", () => {
    pick_next_entity();
    expect(ple_faults()).toMatchObject([{ kind: "ub-shift-exponent", fn: "?" }]);
  });
});

describe("is_null_deref", () => {
  it("is a TypeError from a member of null or undefined only", () => {
    expect(is_null_deref(new TypeError("Cannot read properties of null (reading 'se')"))).toBe(true);
    expect(is_null_deref(new TypeError("Cannot set properties of undefined (setting 'next')"))).toBe(true);
    expect(is_null_deref(new TypeError("p.sched_class.yield_to_task is not a function"))).toBe(false);
    expect(is_null_deref(new Error("Cannot read properties of null (reading 'se')"))).toBe(false);
  });
});

describe("container_of_task_se", () => {
  it("finds the task an entity is embedded in, and names an entity no task embeds", () => {
    const se0 = { __ple_idx: 0 } as sched_entity;
    const se1 = { __ple_idx: 1 } as sched_entity;
    const task = { se: se0 };
    ple_set_world({ task: [task] } as unknown as ple_world);
    expect(container_of_task_se(se0)).toBe(task);
    expect(() => container_of_task_se(se1)).toThrow(/se 1 is not embedded in a task/);
  });
});
