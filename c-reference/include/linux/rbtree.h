/* SPDX-License-Identifier: GPL-2.0-only */
/* Shim for include/linux/rbtree.h: the scheduler only walks the timeline in
 * order (leftmost, next), so an ordered list with the same API stands in for
 * the red-black tree. `rank` is the node's position, recomputed on encode. */
#ifndef PLE_LINUX_RBTREE_H
#define PLE_LINUX_RBTREE_H

#include "linux/compiler.h"

struct rb_node {
	struct rb_node *__next;
	struct rb_node *__prev;
	int rank;
};

struct rb_root_cached {
	struct rb_node *rb_leftmost;
};

#define rb_entry(ptr, type, member) container_of(ptr, type, member)

static inline struct rb_node *rb_first_cached(struct rb_root_cached *root)
{
	return root->rb_leftmost;
}

static inline struct rb_node *rb_next(const struct rb_node *node)
{
	return node->__next;
}

#endif
