/* SPDX-License-Identifier: GPL-2.0-only */
/* A target: one entry point the harness can drive, with the calls it makes
 * into the scenario's cfs and kvm variants. Targets are variant-agnostic
 * glue; what they call is the variant's code, through its ops table. */
#ifndef PLE_TARGET_H
#define PLE_TARGET_H

#include "ple/world.h"
#include "cfs_ops.h"
#include "kvm_ops.h"

struct ple_target {
	const char *name;
	void (*run)(struct ple_world *w, const struct ple_cfs_ops *cfs,
		    const struct ple_kvm_ops *kvm);
};

extern const struct ple_target ple_cfs_targets[];
extern const int ple_nr_cfs_targets;
extern const struct ple_target ple_kvm_targets[];
extern const int ple_nr_kvm_targets;
extern const struct ple_target ple_compose_targets[];
extern const int ple_nr_compose_targets;

#endif
