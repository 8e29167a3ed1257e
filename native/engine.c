// SPDX-License-Identifier: GPL-2.0-only
/* One scenario through the C reference: decode, run the target under the
 * fault guard, encode. Each thread (each worker's addon instance) has its own
 * arena. */
#include <stdio.h>
#include <stdlib.h>
#include "engine.h"
#include "world.h"
#include "registry.h"
#include "faults.h"

static __thread struct ple_world *arena;

static const struct ple_target *target_at(int i)
{
	if (i < ple_nr_cfs_targets)
		return &ple_cfs_targets[i];
	i -= ple_nr_cfs_targets;
	if (i < ple_nr_kvm_targets)
		return &ple_kvm_targets[i];
	i -= ple_nr_kvm_targets;
	return i < ple_nr_compose_targets ? &ple_compose_targets[i] : NULL;
}

const char *ple_engine_layout_hash(void)
{
	return PLE_LAYOUT_HASH;
}

int ple_engine_nr_variants(void)
{
	return ple_nr_variants;
}

const char *ple_engine_variant_name(int i)
{
	return i >= 0 && i < ple_nr_variants ? ple_variant_names[i] : NULL;
}

int ple_engine_nr_targets(void)
{
	return ple_nr_cfs_targets + ple_nr_kvm_targets + ple_nr_compose_targets;
}

const char *ple_engine_target_name(int i)
{
	const struct ple_target *t = target_at(i);

	return t ? t->name : NULL;
}

size_t ple_engine_out_len(size_t len)
{
	return len + PLE_OUT_WORDS;
}

int ple_engine_run(const uint64_t *in, size_t len, uint64_t *out, char *err, size_t elen)
{
	const struct ple_target *t;

	if (!arena) {
		arena = calloc(1, sizeof(*arena));
		if (!arena) {
			snprintf(err, elen, "out of memory for the scenario arena");
			return -1;
		}
	}
	ple_faults_init();
	if (ple_world_decode(arena, in, len, err, elen))
		return -1;
	t = target_at((int)arena->target);
	if (!t || arena->target >= (u64)ple_engine_nr_targets()) {
		snprintf(err, elen, "target: %llu is not a compiled target (there are %d)",
			 (unsigned long long)arena->target, ple_engine_nr_targets());
		return -1;
	}
	ple_guarded_run(arena, t, ple_cfs_variants[arena->cfs_variant], ple_kvm_variants[arena->kvm_variant]);
	ple_world_encode(arena, in, out);
	return 0;
}
