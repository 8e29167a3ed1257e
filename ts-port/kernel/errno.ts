// SPDX-License-Identifier: GPL-2.0-only
// Shim for include/uapi/asm-generic/errno-base.h, as linux/types.h of the C shims.
export const ESRCH = 3;
