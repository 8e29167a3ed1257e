// SPDX-License-Identifier: GPL-2.0-only
// Shim for include/linux/rbtree.h, as in c-reference/include/linux/rbtree.h:
// an ordered list with the tree's walking API. `__owner` stands for
// container_of (rb_entry).
import type { sched_entity } from "./sched.js";

export interface rb_node {
  __next: rb_node | null;
  __prev: rb_node | null;
  rank: number;
  __owner: sched_entity;
}

export interface rb_root_cached {
  rb_leftmost: rb_node | null;
}

export const rb_first_cached = (root: rb_root_cached): rb_node | null => root.rb_leftmost;
export const rb_next = (node: rb_node): rb_node | null => node.__next;
export const rb_entry = (node: rb_node): sched_entity => node.__owner;
