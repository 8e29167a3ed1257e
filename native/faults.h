/* SPDX-License-Identifier: GPL-2.0-only */
/* Fault containment for calls into the C reference (native/faults.c). */
#ifndef PLE_FAULTS_H
#define PLE_FAULTS_H

#include "target.h"

/* Install the SIGSEGV/SIGBUS handler once per process (it chains to the previous one). */
void ple_faults_init(void);
void ple_faults_install(void);
/* Run with `w` current; a fault inside is recorded and unwound. Returns 1 if it faulted. */
int ple_guarded_run(struct ple_world *w, const struct ple_target *t,
		    const struct ple_cfs_ops *cfs, const struct ple_kvm_ops *kvm);

#endif
