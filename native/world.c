// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wire words <-> the C arena, driven by the X-macros generated from
 * harness/layout.ts. decode validates every word it reads and names the
 * field it rejects; encode writes every field of every record back, then
 * ret, the trace of stubbed calls and the fault events.
 */
#include <stdio.h>
#include <string.h>
#include <stdarg.h>
#include "world.h"
#include "registry.h"

/* The kernel-global accessors of ple/world.h name struct members here. */
#undef sysctl_sched_wakeup_granularity
#undef KVM_MAX_VCPUS

#define NILW (~0ULL)

__thread struct ple_world *ple_w;

enum { PLE_K_U64, PLE_K_S64, PLE_K_U32, PLE_K_INT, PLE_K_BOOL, PLE_K_PTR, PLE_K_IDX, PLE_K_CLASS, PLE_K_EMBED };

#define COUNT_FIELD(rec, member, KIND, trec, flags) +1
#define NF(rec) (0 PLE_FIELDS_##rec(COUNT_FIELD))

/* Record storage: cfs_rq and se may be embedded, the rest are arrays. */
#define OBJ_sys(w, i) (&(w)->sys)
#define OBJ_call(w, i) (&(w)->call)
#define OBJ_kvm(w, i) (&(w)->kvm[i])
#define OBJ_rq(w, i) (&(w)->rq[i])
#define OBJ_cfs_rq(w, i) ((w)->cfs_rq_ptr[i])
#define OBJ_se(w, i) ((w)->se_ptr[i])
#define OBJ_task(w, i) (&(w)->task[i])
#define OBJ_vcpu(w, i) (&(w)->vcpu[i])
#define CTYPE_kvm struct kvm
#define CTYPE_rq struct rq
#define CTYPE_cfs_rq struct cfs_rq
#define CTYPE_se struct sched_entity
#define CTYPE_task struct task_struct
#define CTYPE_vcpu struct kvm_vcpu
#define NR_none 0

static void fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static void where(char *buf, size_t len, const char *rec, int singleton, int i, const char *member)
{
	if (singleton)
		snprintf(buf, len, "%s.%s", rec, member);
	else
		snprintf(buf, len, "%s[%d].%s", rec, i, member);
}

/* Whether one word is valid for its kind (the conditions of check_word). */
static inline int word_ok(u64 v, int kind, int flags, int nr_trec)
{
	s64 s = (s64)v;

	switch (kind) {
	case PLE_K_U32:
		return v <= 0xffffffffULL;
	case PLE_K_INT:
		return s >= -2147483648LL && s <= 2147483647LL;
	case PLE_K_BOOL:
		return v <= 1;
	case PLE_K_CLASS:
		return v < SCHED_CLASS_NR;
	case PLE_K_PTR:
	case PLE_K_IDX:
	case PLE_K_EMBED:
		return (v == NILW && kind == PLE_K_PTR && !(flags & PLE_F_REQUIRED)) || v < (u64)nr_trec;
	}
	return 1;
}

/* One word against its kind; 0 or -1 with the message in err. */
static int check_word(u64 v, int kind, int flags, const char *trec, int nr_trec,
		      const char *at, char *err, size_t len)
{
	s64 s = (s64)v;

	if (word_ok(v, kind, flags, nr_trec))
		return 0;
	switch (kind) {
	case PLE_K_U32:
		if (v > 0xffffffffULL)
			return fail(err, len, "%s: %llu is not a u32", at, (unsigned long long)v), -1;
		break;
	case PLE_K_INT:
		if (s < -2147483648LL || s > 2147483647LL)
			return fail(err, len, "%s: %lld is not an int", at, (long long)s), -1;
		break;
	case PLE_K_BOOL:
		if (v > 1)
			return fail(err, len, "%s: %llu is not a bool (0 or 1)", at, (unsigned long long)v), -1;
		break;
	case PLE_K_CLASS:
		if (v >= SCHED_CLASS_NR)
			return fail(err, len, "%s: %llu is not a scheduling class (0..4)", at, (unsigned long long)v), -1;
		break;
	case PLE_K_PTR:
	case PLE_K_IDX:
	case PLE_K_EMBED:
		if (v == NILW && kind == PLE_K_PTR && !(flags & PLE_F_REQUIRED))
			break;
		if (v >= (u64)nr_trec)
			return fail(err, len, "%s: %lld is not an index of %s (there are %d %s records)",
				    at, (long long)s, trec, nr_trec, trec), -1;
		break;
	}
	return 0;
}

static const struct sched_class *ple_class(const struct ple_world *w, u64 id)
{
	if (id == SCHED_CLASS_FAIR)
		return ple_cfs_variants[w->cfs_variant]->fair_sched_class;
	return &ple_other_classes[id];
}

#define DEC_U64(m, v, t) ((m) = (v))
#define DEC_S64(m, v, t) ((m) = (s64)(v))
#define DEC_U32(m, v, t) ((m) = (u32)(v))
#define DEC_INT(m, v, t) ((m) = (int)(s64)(v))
#define DEC_IDX(m, v, t) ((m) = (int)(s64)(v))
#define DEC_BOOL(m, v, t) ((m) = (v) != 0)
#define DEC_CLASS(m, v, t) ((m) = ple_class(w, (v)))
#define DEC_PTR(m, v, t) ((m) = (v) == NILW ? NULL : (void *)OBJ_##t(w, (v)))
#define DEC_EMBED(m, v, t) ((void)(v))

#define ENC_U64(m, t) ((u64)(m))
#define ENC_S64(m, t) ((u64)(s64)(m))
#define ENC_U32(m, t) ((u64)(u32)(m))
#define ENC_INT(m, t) ((u64)(s64)(int)(m))
#define ENC_IDX(m, t) ((u64)(s64)(int)(m))
#define ENC_BOOL(m, t) ((u64)!!(m))
#define ENC_CLASS(m, t) ((u64)(m)->__ple_id)
#define ENC_EMBED(m, t) ((u64)(s64)(m).__ple_idx)
#define ENC_PTR(m, t) ((m) ? (u64)(s64)((const CTYPE_##t *)(const void *)(m))->__ple_idx : NILW)

/* Record counts by record name token, for the hot path (nr_of is by string). */
#define NRW_none(w) 0
#define NRW_sys(w) 1
#define NRW_call(w) 1
#define NRW_kvm(w) ((w)->nr_kvm)
#define NRW_rq(w) ((w)->nr_rq)
#define NRW_cfs_rq(w) ((w)->nr_cfs_rq)
#define NRW_se(w) ((w)->nr_se)
#define NRW_task(w) ((w)->nr_task)
#define NRW_vcpu(w) ((w)->nr_vcpu)

static int nr_of(const struct ple_world *w, const char *rec)
{
#define NR_CASE(r, singleton, max) if (!strcmp(rec, #r)) return singleton ? 1 : w->nr_##r;
	PLE_RECORDS(NR_CASE)
#undef NR_CASE
	return 0;
}

static int header(struct ple_world *w, const u64 *in, size_t len, size_t *body, char *err, size_t elen)
{
	size_t need = PLE_HEADER_WORDS;
	int k = 0;

	if (len < PLE_HEADER_WORDS || in[0] != PLE_WIRE_MAGIC)
		return fail(err, elen, "wire: not a ple-parity scenario (bad magic or too short)"), -1;
	if (in[1] != len)
		return fail(err, elen, "wire: length word says %llu, buffer has %zu words",
			    (unsigned long long)in[1], len), -1;
	w->nr_sys = w->nr_call = 1;
	w->target = in[2];
	if (in[3] >= (u64)ple_nr_variants || in[4] >= (u64)ple_nr_variants)
		return fail(err, elen, "variants: %llu/%llu is not a compiled variant (there are %d)",
			    (unsigned long long)in[3], (unsigned long long)in[4], ple_nr_variants), -1;
	w->cfs_variant = (int)in[3];
	w->kvm_variant = (int)in[4];
#define HDR(r, singleton, max)							\
	if (singleton) {							\
		need += NF(r);							\
	} else {								\
		u64 n = in[5 + k++];						\
		if (n > (max))							\
			return fail(err, elen, "%s: %llu records exceed the arena's %d", \
				    #r, (unsigned long long)n, (max)), -1;	\
		w->nr_##r = (int)n;						\
		need += (size_t)n * NF(r);					\
	}
	PLE_RECORDS(HDR)
#undef HDR
	if (need != len)
		return fail(err, elen, "wire: counts need %zu words, buffer has %zu", need, len), -1;
	*body = PLE_HEADER_WORDS;
	return 0;
}

/* Record `v` of `trec` lives inside record i of `rec`, at `where_`. */
static int embed(struct ple_world *w, const char *rec, int i, const char *member, const char *trec,
		 u64 v, void *where_, int *owner, char *err, size_t elen)
{
	char at[96];

	/* the field's name is only formatted for an error (snprintf is the slow part of decoding) */
	if (!word_ok(v, PLE_K_EMBED, PLE_F_REQUIRED, nr_of(w, trec)) || owner[v] >= 0)
		where(at, sizeof(at), rec, 0, i, member);
	if (check_word(v, PLE_K_EMBED, PLE_F_REQUIRED, trec, nr_of(w, trec), at, err, elen))
		return -1;
	if (owner[v] >= 0)
		return fail(err, elen, "%s: %s %llu is already embedded in %s[%d]", at, trec,
			    (unsigned long long)v, rec, owner[v]), -1;
	owner[v] = i;
	if (!strcmp(trec, "se"))
		w->se_ptr[v] = where_;
	else
		w->cfs_rq_ptr[v] = where_;
	return 0;
}

/* Clear the records in use and point cfs_rq/se indexes at their storage. */
static int storage(struct ple_world *w, const u64 *in, size_t body, char *err, size_t elen)
{
	size_t off = body;
	static __thread int owned_se[512], owned_cfs_rq[256];

	memset(&w->sys, 0, sizeof(w->sys));
	memset(&w->call, 0, sizeof(w->call));
	memset(w->kvm, 0, sizeof(w->kvm[0]) * w->nr_kvm);
	memset(w->rq, 0, sizeof(w->rq[0]) * w->nr_rq);
	memset(w->task, 0, sizeof(w->task[0]) * w->nr_task);
	memset(w->vcpu, 0, sizeof(w->vcpu[0]) * w->nr_vcpu);
	memset(w->cfs_rq_store, 0, sizeof(w->cfs_rq_store[0]) * w->nr_cfs_rq);
	memset(w->se_store, 0, sizeof(w->se_store[0]) * w->nr_se);
	for (int i = 0; i < 512; i++)
		owned_se[i] = -1;
	for (int i = 0; i < 256; i++)
		owned_cfs_rq[i] = -1;
	for (int i = 0; i < w->nr_cfs_rq; i++)
		w->cfs_rq_ptr[i] = &w->cfs_rq_store[i];
	for (int i = 0; i < w->nr_se; i++)
		w->se_ptr[i] = &w->se_store[i];
#define EMB(rec, member, KIND, trec, flags)					\
	if (PLE_K_##KIND == PLE_K_EMBED &&					\
	    embed(w, #rec, i, #member, #trec, in[off], (void *)&OBJ_##rec(w, i)->member, \
		  !strcmp(#trec, "se") ? owned_se : owned_cfs_rq, err, elen))	\
		return -1;							\
	off++;
#define EMB_REC(r, singleton, max)						\
	for (int i = 0; i < (singleton ? 1 : w->nr_##r); i++) {		\
		PLE_FIELDS_##r(EMB)						\
	}
	PLE_RECORDS(EMB_REC)
#undef EMB_REC
#undef EMB
	return 0;
}

static int decode_fields(struct ple_world *w, const u64 *in, size_t body, char *err, size_t elen)
{
	size_t off = body;
	char at[96];

#define DEC(rec, member, KIND, trec, flags)					\
	{									\
		u64 v = in[off++];						\
		if (!word_ok(v, PLE_K_##KIND, (flags), NRW_##trec(w))) {	\
			where(at, sizeof(at), #rec, singleton_, i, #member);	\
			check_word(v, PLE_K_##KIND, (flags), #trec, nr_of(w, #trec), at, err, elen); \
			return -1;						\
		}								\
		DEC_##KIND(obj->member, v, trec);				\
	}
#define DEC_REC(r, singleton, max)						\
	for (int i = 0; i < (singleton ? 1 : w->nr_##r); i++) {		\
		const int singleton_ = singleton;				\
		__typeof__(OBJ_##r(w, 0)) obj = OBJ_##r(w, i);			\
		obj->__ple_idx = singleton ? -1 : i;				\
		PLE_FIELDS_##r(DEC)						\
	}
	PLE_RECORDS(DEC_REC)
#undef DEC_REC
#undef DEC
	return 0;
}

/* An entity without my_q is a task's: task_of() finds its task by container_of. */
static int check_task_entities(struct ple_world *w, char *err, size_t elen)
{
	for (int i = 0; i < w->nr_se; i++) {
		const char *p = (const char *)w->se_ptr[i];
		bool in_task = p >= (const char *)w->task && p < (const char *)(w->task + w->nr_task);

		if (!w->se_ptr[i]->my_q && !in_task)
			return fail(err, elen, "se[%d].my_q: null, but se[%d] is no task's se (a task's entity is embedded in its task; a group's entity owns a my_q)",
				    i, i), -1;
	}
	return 0;
}

static int check_parents(struct ple_world *w, char *err, size_t elen)
{
	for (int i = 0; i < w->nr_se; i++) {
		const struct sched_entity *p = w->se_ptr[i];

		for (int steps = 0; p; p = p->parent, steps++) {
			if (steps > w->nr_se)
				return fail(err, elen, "se[%d].parent: following parent from se[%d] never ends (a cycle)",
					    i, i), -1;
		}
	}
	return 0;
}

/* Link each cfs_rq's queued entities into its timeline in rank order. */
static int link_timelines(struct ple_world *w, char *err, size_t elen)
{
	for (int q = 0; q < w->nr_cfs_rq; q++) {
		struct cfs_rq *cfs_rq = w->cfs_rq_ptr[q];
		struct rb_node *prev = NULL;
		int n = 0;

		for (int i = 0; i < w->nr_se; i++)
			n += w->se_ptr[i]->cfs_rq == cfs_rq && w->se_ptr[i]->run_node.rank >= 0;
		for (int r = 0; r < n; r++) {
			struct sched_entity *found = NULL;

			for (int i = 0; i < w->nr_se; i++) {
				struct sched_entity *se = w->se_ptr[i];

				if (se->cfs_rq != cfs_rq || se->run_node.rank != r)
					continue;
				if (found)
					return fail(err, elen, "se[%d].run_node.rank: rank %d in cfs_rq %d is taken by se[%d]",
						    i, r, q, found->__ple_idx), -1;
				found = se;
			}
			if (!found)
				return fail(err, elen, "cfs_rq[%d].tasks_timeline: ranks must be 0..%d without gaps or repeats; rank %d is missing",
					    q, n - 1, r), -1;
			found->run_node.__prev = prev;
			if (prev)
				prev->__next = &found->run_node;
			else
				cfs_rq->tasks_timeline.rb_leftmost = &found->run_node;
			prev = &found->run_node;
		}
	}
	for (int i = 0; i < w->nr_se; i++) {
		const struct sched_entity *se = w->se_ptr[i];

		if (se->run_node.rank < -1)
			return fail(err, elen, "se[%d].run_node.rank: %d is not a timeline position (>= 0) or -1",
				    i, se->run_node.rank), -1;
		if (se->run_node.rank >= 0 && !se->cfs_rq)
			return fail(err, elen, "se[%d].run_node.rank: %d: an entity in a timeline needs a cfs_rq",
				    i, se->run_node.rank), -1;
	}
	return 0;
}

static void link_kvm(struct ple_world *w)
{
	for (int i = 0; i < w->nr_vcpu; i++) {
		struct kvm_vcpu *v = &w->vcpu[i];

		v->kvm->vcpus[v->kvm->online_vcpus++] = v;
		w->lapic[i].vcpu = v;
		v->arch.apic = &w->lapic[i];
	}
}

int ple_world_decode(struct ple_world *w, const u64 *in, size_t len, char *err, size_t elen)
{
	size_t body;

	w->ret = 0;
	w->nr_trace = 0;
	w->nr_fault = 0;
	w->stub_yield_to = false;
	if (header(w, in, len, &body, err, elen) || storage(w, in, body, err, elen) ||
	    decode_fields(w, in, body, err, elen) || check_parents(w, err, elen) ||
	    check_task_entities(w, err, elen) ||
	    link_timelines(w, err, elen))
		return -1;
	link_kvm(w);
	return 0;
}

static void renumber_timelines(struct ple_world *w)
{
	for (int i = 0; i < w->nr_se; i++)
		w->se_ptr[i]->run_node.rank = -1;
	for (int q = 0; q < w->nr_cfs_rq; q++) {
		int rank = 0;

		for (struct rb_node *n = w->cfs_rq_ptr[q]->tasks_timeline.rb_leftmost; n; n = n->__next)
			n->rank = rank++;
	}
}

size_t ple_world_encode(struct ple_world *w, const u64 *in, u64 *out)
{
	size_t off = PLE_HEADER_WORDS;

	renumber_timelines(w);
	memcpy(out, in, PLE_HEADER_WORDS * sizeof(u64));
#define ENC(rec, member, KIND, trec, flags) out[off++] = ENC_##KIND(obj->member, trec);
#define ENC_REC(r, singleton, max)						\
	for (int i = 0; i < (singleton ? 1 : w->nr_##r); i++) {		\
		__typeof__(OBJ_##r(w, 0)) obj = OBJ_##r(w, i);			\
		PLE_FIELDS_##r(ENC)						\
	}
	PLE_RECORDS(ENC_REC)
#undef ENC_REC
#undef ENC
	out[off++] = (u64)w->ret;
	out[off++] = w->nr_trace;
	memset(&out[off], 0, sizeof(w->trace));
	memcpy(&out[off], w->trace, w->nr_trace * sizeof(w->trace[0]));
	off += PLE_TRACE_MAX * (1 + PLE_TRACE_ARGS);
	out[off++] = w->nr_fault;
	memset(&out[off], 0, sizeof(w->fault));
	memcpy(&out[off], w->fault,
	       (w->nr_fault < PLE_FAULT_MAX ? w->nr_fault : PLE_FAULT_MAX) * sizeof(w->fault[0]));
	off += PLE_FAULT_MAX * PLE_FAULT_WORDS;
	return off;
}

void ple_trace(enum ple_trace_kind kind, int nargs, const u64 *args)
{
	u64 *e;

	if (ple_w->nr_trace >= PLE_TRACE_MAX)
		return;
	e = ple_w->trace[ple_w->nr_trace++];
	memset(e, 0, sizeof(ple_w->trace[0]));
	e[0] = kind;
	memcpy(&e[1], args, (size_t)nargs * sizeof(u64));
}

int ple_yield_to(struct task_struct *p, bool preempt)
{
	int ret = 0;

	if (ple_w->stub_yield_to) {
		for (int i = 0; i < ple_w->nr_vcpu; i++)
			if ((void *)ple_w->vcpu[i].pid == (void *)p) {
				ret = ple_w->vcpu[i].yield_to_result;
				break;
			}
	} else {
		ret = ple_cfs_variants[ple_w->cfs_variant]->yield_to(p, preempt);
	}
	PLE_TRACE(yield_to, PLE_IDX(p), (u64)preempt, (u64)(s64)ret);
	return ret;
}
