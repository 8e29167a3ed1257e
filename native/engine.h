/* SPDX-License-Identifier: GPL-2.0-only */
/* The addon's C entry points (native/engine.c): plain C types only, so the
 * C++ binding never sees a kernel header. */
#ifndef PLE_ENGINE_H
#define PLE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* harness/layout.ts's LAYOUT_HASH as this addon was built from it */
const char *ple_engine_layout_hash(void);
int ple_engine_nr_variants(void);
const char *ple_engine_variant_name(int i);
int ple_engine_nr_targets(void);
const char *ple_engine_target_name(int i);
/* Words a run writes for an input of `len` words. */
size_t ple_engine_out_len(size_t len);
/* One scenario: validate `in`, run its target guarded, encode the outcome to
 * `out`. 0, or -1 with a message naming the bad field in err. */
int ple_engine_run(const uint64_t *in, size_t len, uint64_t *out, char *err, size_t elen);

#ifdef __cplusplus
}
#endif

#endif
