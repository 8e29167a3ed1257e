/* SPDX-License-Identifier: GPL-2.0-only */
/* Shim for include/linux/compiler.h and friends: single-threaded, so the
 * ONCE accessors are plain volatile accesses and the annotations vanish. */
#ifndef PLE_LINUX_COMPILER_H
#define PLE_LINUX_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))
#define __sched
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define EXPORT_SYMBOL_GPL(sym)
#define smp_rmb() __asm__ __volatile__("" ::: "memory")
/* The harness has no speculation to fence; the clamp itself is kept. */
#define array_index_nospec(index, size) \
	((index) < (size) ? (index) : 0)

#endif
