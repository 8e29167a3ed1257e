// SPDX-License-Identifier: GPL-2.0-only
/* Composed targets: chains across both families (the ple_exit chain). */
#include "target.h"

const struct ple_target ple_compose_targets[] = {};
const int ple_nr_compose_targets = 0;
