/* SPDX-License-Identifier: GPL-2.0-only */
/* Marshalling between wire words and the arena (native/world.c). */
#ifndef PLE_NATIVE_WORLD_H
#define PLE_NATIVE_WORLD_H

#include <stddef.h>

#define PLE_F_EMBEDDED 1
#define PLE_F_ACYCLIC 2
#define PLE_F_REQUIRED 4

#include "ple/world.h"

/* Validate and decode; 0, or -1 with a message naming the field in err. */
int ple_world_decode(struct ple_world *w, const u64 *in, size_t len, char *err, size_t elen);
/* Encode post-state, ret, trace and faults; returns words written (len + PLE_OUT_WORDS). */
size_t ple_world_encode(struct ple_world *w, const u64 *in, u64 *out);

#endif
