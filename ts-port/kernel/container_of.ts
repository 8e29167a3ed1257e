// SPDX-License-Identifier: GPL-2.0-only
// Shim for container_of(se, struct task_struct, se): the task a sched_entity
// is embedded in. In C this is pointer arithmetic; here the world is asked.
// A scenario must embed every entity that the code treats as a task (my_q
// NULL) in a task: in C, container_of of a free-standing entity reads
// whatever lies before it, which no port can mirror.
import type { sched_entity, task_struct } from "./sched.js";
import { ple_w } from "./world.js";

export function container_of_task_se(se: sched_entity): task_struct {
  for (const p of ple_w.task) if (p.se === se) return p;
  throw new Error(`container_of: se ${se.__ple_idx} is not embedded in a task (scenario: give it a my_q or a task)`);
}
