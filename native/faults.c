// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults as outcomes (DESIGN §6). The C reference is built with
 * -finstrument-functions, so every ported function pushes itself on a
 * thread-local stack; a SIGSEGV inside a guarded call is recorded as an oops
 * in the innermost one and unwound with siglongjmp, and each UBSan check
 * lands in a handler below that records the event with its operands (every
 * event, not once per source line) and lets the code go on as x86-64 does.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "world.h"
#include "registry.h"
#include "faults.h"

#define NOINSTR __attribute__((no_instrument_function))
#define STACK_MAX 256

static __thread void *fn_stack[STACK_MAX];
static __thread int fn_depth;
static __thread sigjmp_buf *guard_jmp;
static struct sigaction prev_segv, prev_bus;

/* Hidden: glibc exports do-nothing hooks of these names, which would win the
 * PLT lookup over a default-visibility definition here. */
#define HOOK NOINSTR __attribute__((visibility("hidden")))

HOOK void __cyg_profile_func_enter(void *fn, void *site)
{
	(void)site;
	if (fn_depth < STACK_MAX)
		fn_stack[fn_depth] = fn;
	fn_depth++;
}

HOOK void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
	fn_depth--;
}

/* ---- naming a code address: the addon's own ELF symbol table ---- */

struct sym {
	unsigned long start, end;
	int fn;			/* index into PLE_FUNCTION_NAMES */
};

static struct sym *syms;
static size_t nr_syms;
static pthread_once_t syms_once = PTHREAD_ONCE_INIT;
static const char *const fn_names[] = PLE_FUNCTION_NAMES;

/* "v5_6_ple__yield_to" -> "yield_to"; "pick_next_entity.isra.0" -> "pick_next_entity" */
static NOINSTR int function_id(const char *sym)
{
	char name[128];
	const char *dot;
	size_t len;

	for (int v = 0; v < ple_nr_variants; v++) {
		size_t n = strlen(ple_variant_cids[v]);

		if (!strncmp(sym, ple_variant_cids[v], n) && !strncmp(sym + n, "__", 2)) {
			sym += n + 2;
			break;
		}
	}
	dot = strchr(sym, '.');
	len = dot ? (size_t)(dot - sym) : strlen(sym);
	if (len >= sizeof(name))
		return 0;
	memcpy(name, sym, len);
	name[len] = 0;
	for (int i = 1; i < PLE_NR_FUNCTIONS; i++)
		if (!strcmp(fn_names[i], name))
			return i;
	return 0;
}

static NOINSTR void load_syms(void)
{
	Dl_info info;
	struct stat st;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	void *map;
	int fd;

	if (!dladdr((void *)load_syms, &info) || !info.dli_fname)
		return;
	fd = open(info.dli_fname, O_RDONLY);
	if (fd < 0)
		return;
	if (fstat(fd, &st) || (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return;
	}
	close(fd);
	eh = map;
	sh = (const Elf64_Shdr *)((const char *)map + eh->e_shoff);
	for (int s = 0; s < eh->e_shnum; s++) {
		const Elf64_Sym *st_sym;
		const char *strtab;
		size_t n;

		if (sh[s].sh_type != SHT_SYMTAB)
			continue;
		st_sym = (const Elf64_Sym *)((const char *)map + sh[s].sh_offset);
		strtab = (const char *)map + sh[sh[s].sh_link].sh_offset;
		n = sh[s].sh_size / sizeof(Elf64_Sym);
		syms = calloc(n, sizeof(*syms));
		for (size_t i = 0; syms && i < n; i++) {
			int id;

			if (ELF64_ST_TYPE(st_sym[i].st_info) != STT_FUNC || !st_sym[i].st_value)
				continue;
			id = function_id(strtab + st_sym[i].st_name);
			if (!id)
				continue;
			syms[nr_syms].start = (unsigned long)info.dli_fbase + st_sym[i].st_value;
			syms[nr_syms].end = syms[nr_syms].start + st_sym[i].st_size;
			syms[nr_syms].fn = id;
			nr_syms++;
		}
	}
	munmap(map, (size_t)st.st_size);
}

static NOINSTR int fn_of(void *addr)
{
	pthread_once(&syms_once, load_syms);
	for (size_t i = 0; i < nr_syms; i++)
		if ((unsigned long)addr >= syms[i].start && (unsigned long)addr < syms[i].end)
			return syms[i].fn;
	return 0;
}

/* The innermost ported function now running. */
static NOINSTR int current_fn(void)
{
	int d = fn_depth < STACK_MAX ? fn_depth : STACK_MAX;

	return d > 0 ? fn_of(fn_stack[d - 1]) : 0;
}

static NOINSTR void record(int kind, int op, int type, u64 lhs, u64 rhs)
{
	struct ple_world *w = ple_w;
	u64 *e;

	if (!w)
		return;
	if (w->nr_fault < PLE_FAULT_MAX) {
		e = w->fault[w->nr_fault];
		e[0] = (u64)kind;
		e[1] = (u64)current_fn();
		e[2] = (u64)op;
		e[3] = (u64)type;
		e[4] = lhs;
		e[5] = rhs;
	}
	w->nr_fault++;
}

/* ---- SIGSEGV / SIGBUS containment ---- */

static NOINSTR void chain(int sig, siginfo_t *si, void *uc)
{
	struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;

	if (prev->sa_flags & SA_SIGINFO && prev->sa_sigaction) {
		prev->sa_sigaction(sig, si, uc);
	} else if (prev->sa_handler != SIG_IGN && prev->sa_handler != SIG_DFL) {
		prev->sa_handler(sig);
	} else {
		/* Not ours and nobody else's: die as the process would have. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static NOINSTR void on_fault(int sig, siginfo_t *si, void *uc)
{
	if (!guard_jmp) {
		chain(sig, si, uc);
		return;
	}
	/* The address itself is not compared: the TS side cannot know offsets. */
	record((unsigned long)si->si_addr < 4096 ? PLE_FAULT_OOPS_NULL : PLE_FAULT_OOPS_WILD,
	       PLE_OP_NONE, 0, 0, 0);
	siglongjmp(*guard_jmp, 1);
}

void ple_faults_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, ple_faults_install);
}

void ple_faults_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	/* NODEFER: we leave the handler by siglongjmp without restoring a mask. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &prev_segv);
	sigaction(SIGBUS, &sa, &prev_bus);
}

int ple_guarded_run(struct ple_world *w, const struct ple_target *t,
		    const struct ple_cfs_ops *cfs, const struct ple_kvm_ops *kvm)
{
	sigjmp_buf jb;
	int faulted = 0;

	ple_w = w;
	fn_depth = 0;
	if (sigsetjmp(jb, 0) == 0) {
		guard_jmp = &jb;
		t->run(w, cfs, kvm);
	} else {
		faulted = 1;
	}
	guard_jmp = NULL;
	return faulted;
}

/* ---- UBSan entry points (the runtime is not linked: these are it) ---- */

struct source_location {
	const char *file;
	u32 line, column;
};

struct type_descriptor {
	u16 kind;
	u16 info;	/* bit 0: signed; the rest: log2 of the bit width */
	char name[];
};

struct overflow_data {
	struct source_location loc;
	const struct type_descriptor *type;
};

struct shift_data {
	struct source_location loc;
	const struct type_descriptor *lhs_type, *rhs_type;
};

struct bounds_data {
	struct source_location loc;
	const struct type_descriptor *array_type, *index_type;
};

static NOINSTR int type_word(const struct type_descriptor *t)
{
	return (1 << (t->info >> 1)) | ((t->info & 1) << 8);
}

/* A value handle as a two's-complement u64 of its type (inline up to 64 bits). */
static NOINSTR u64 value(const struct type_descriptor *t, unsigned long v)
{
	int bits = 1 << (t->info >> 1);

	if (bits > 64)
		return *(const u64 *)v;
	if (bits == 64)
		return v;
	if (t->info & 1)
		return (u64)(((s64)((u64)v << (64 - bits))) >> (64 - bits));
	return v & ((1ULL << bits) - 1);
}

#ifdef PLE_SANITIZE
/*
 * The sanitizer build (npm run build:sanitize) compiles the harness itself
 * with -fsanitize=undefined, and its checks call these same hidden entry
 * points. An event whose source is not under c-reference/ is the harness's
 * own: it goes on to the UBSan runtime linked into that build, which reports
 * it, instead of becoming a fault of the scenario.
 */
typedef void (*ubsan_handler1)(void *, unsigned long);
typedef void (*ubsan_handler2)(void *, unsigned long, unsigned long);

static NOINSTR int harness_site(const struct source_location *loc)
{
	return !loc->file || strncmp(loc->file, PLE_KERNEL_DIR, sizeof(PLE_KERNEL_DIR) - 1) != 0;
}

static NOINSTR void *ubsan_runtime(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f)
		abort();
	return f;
}

#define FORWARD1(name, d, a)							\
	do {									\
		if (harness_site(&(d)->loc)) {					\
			((ubsan_handler1)ubsan_runtime(name))((d), (a));	\
			return;							\
		}								\
	} while (0)
#define FORWARD2(name, d, a, b)							\
	do {									\
		if (harness_site(&(d)->loc)) {					\
			((ubsan_handler2)ubsan_runtime(name))((d), (a), (b));	\
			return;							\
		}								\
	} while (0)
#else
#define FORWARD1(name, d, a) do { } while (0)
#define FORWARD2(name, d, a, b) do { } while (0)
#endif

#define OVERFLOW_HANDLER(name, op)						\
	HOOK void __ubsan_handle_##name(struct overflow_data *d, unsigned long l, unsigned long r) \
	{									\
		FORWARD2("__ubsan_handle_" #name, d, l, r);			\
		record(PLE_FAULT_UB_SIGNED_OVERFLOW, op, type_word(d->type),	\
		       value(d->type, l), value(d->type, r));			\
	}									\
	HOOK void __ubsan_handle_##name##_abort(struct overflow_data *d, unsigned long l, unsigned long r) \
	{									\
		FORWARD2("__ubsan_handle_" #name "_abort", d, l, r);		\
		__ubsan_handle_##name(d, l, r);					\
	}

OVERFLOW_HANDLER(add_overflow, PLE_OP_ADD)
OVERFLOW_HANDLER(sub_overflow, PLE_OP_SUB)
OVERFLOW_HANDLER(mul_overflow, PLE_OP_MUL)

HOOK void __ubsan_handle_negate_overflow(struct overflow_data *d, unsigned long old)
{
	FORWARD1("__ubsan_handle_negate_overflow", d, old);
	record(PLE_FAULT_UB_SIGNED_OVERFLOW, PLE_OP_NEG, type_word(d->type), value(d->type, old), 0);
}

HOOK void __ubsan_handle_negate_overflow_abort(struct overflow_data *d, unsigned long old)
{
	FORWARD1("__ubsan_handle_negate_overflow_abort", d, old);
	__ubsan_handle_negate_overflow(d, old);
}

HOOK void __ubsan_handle_shift_out_of_bounds(struct shift_data *d, unsigned long l, unsigned long r)
{
	FORWARD2("__ubsan_handle_shift_out_of_bounds", d, l, r);
	record(PLE_FAULT_UB_SHIFT_EXPONENT, PLE_OP_SHIFT, type_word(d->lhs_type),
	       value(d->lhs_type, l), value(d->rhs_type, r));
}

HOOK void __ubsan_handle_shift_out_of_bounds_abort(struct shift_data *d, unsigned long l, unsigned long r)
{
	FORWARD2("__ubsan_handle_shift_out_of_bounds_abort", d, l, r);
	__ubsan_handle_shift_out_of_bounds(d, l, r);
}

HOOK void __ubsan_handle_out_of_bounds(struct bounds_data *d, unsigned long index)
{
	FORWARD1("__ubsan_handle_out_of_bounds", d, index);
	record(PLE_FAULT_UB_OUT_OF_BOUNDS, PLE_OP_INDEX, type_word(d->index_type),
	       value(d->index_type, index), 0);
}

HOOK void __ubsan_handle_out_of_bounds_abort(struct bounds_data *d, unsigned long index)
{
	FORWARD1("__ubsan_handle_out_of_bounds_abort", d, index);
	__ubsan_handle_out_of_bounds(d, index);
}
