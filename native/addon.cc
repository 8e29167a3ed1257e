// SPDX-License-Identifier: GPL-2.0-only
// The node-addon-api binding: wire words in, outcome words out. A batch is
// many wires back to back (each says its length in word 1), so the N-API
// boundary is crossed once per batch, not once per field.
#include <napi.h>
#include <algorithm>
#include <chrono>
#include <time.h>
#include <string>
#include <vector>
#include "engine.h"

namespace {

Napi::Value Info(const Napi::CallbackInfo &info)
{
	Napi::Env env = info.Env();
	Napi::Object o = Napi::Object::New(env);
	Napi::Array variants = Napi::Array::New(env);
	Napi::Array targets = Napi::Array::New(env);

	for (int i = 0; i < ple_engine_nr_variants(); i++)
		variants.Set(i, ple_engine_variant_name(i));
	for (int i = 0; i < ple_engine_nr_targets(); i++)
		targets.Set(i, ple_engine_target_name(i));
	o.Set("layoutHash", ple_engine_layout_hash());
	o.Set("variants", variants);
	o.Set("targets", targets);
	return o;
}

Napi::BigUint64Array WordsArg(const Napi::CallbackInfo &info)
{
	if (info.Length() < 1 || !info[0].IsTypedArray() ||
	    info[0].As<Napi::TypedArray>().TypedArrayType() != napi_biguint64_array)
		throw Napi::TypeError::New(info.Env(), "expected a BigUint64Array of wire words");
	return info[0].As<Napi::BigUint64Array>();
}

// run(words) -> outcome words of one scenario
Napi::Value Run(const Napi::CallbackInfo &info)
{
	Napi::BigUint64Array in = WordsArg(info);
	Napi::BigUint64Array out = Napi::BigUint64Array::New(info.Env(), ple_engine_out_len(in.ElementLength()));
	char err[256];

	if (ple_engine_run(in.Data(), in.ElementLength(), out.Data(), err, sizeof(err)))
		throw Napi::Error::New(info.Env(), err);
	return out;
}

// The (offset, length) of each wire in a batch; each says its length in word 1.
std::vector<std::pair<size_t, size_t>> BatchSpans(Napi::Env env, const uint64_t *p, size_t len)
{
	std::vector<std::pair<size_t, size_t>> spans;

	for (size_t off = 0; off < len;) {
		uint64_t n = off + 1 < len ? p[off + 1] : 0;

		if (n < 2 || n > len - off)
			throw Napi::Error::New(env, "scenario " + std::to_string(spans.size()) +
				": wire: length word " + std::to_string(n) + " does not fit the batch");
		spans.emplace_back(off, n);
		off += n;
	}
	return spans;
}

// runBatch(words) -> outcome words of every scenario, back to back
Napi::Value RunBatch(const Napi::CallbackInfo &info)
{
	Napi::BigUint64Array in = WordsArg(info);
	const uint64_t *p = in.Data();
	size_t total = 0;
	auto spans = BatchSpans(info.Env(), p, in.ElementLength());
	char err[256];

	for (const auto &s : spans)
		total += ple_engine_out_len(s.second);
	Napi::BigUint64Array out = Napi::BigUint64Array::New(info.Env(), total);
	size_t o = 0;
	for (size_t k = 0; k < spans.size(); k++) {
		if (ple_engine_run(p + spans[k].first, spans[k].second, out.Data() + o, err, sizeof(err)))
			throw Napi::Error::New(info.Env(), "scenario " + std::to_string(k) + ": " + err);
		o += ple_engine_out_len(spans[k].second);
	}
	return out;
}

static double thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

// benchBatch(words, reps) -> {wallNs, cpuNs}: the C-only loop for npm run
// bench. Runs every scenario of the batch `reps` times (decode, guarded call,
// encode into a scratch buffer) and times it here, so no N-API crossing or
// JS allocation is counted: wall-clock time and this thread's CPU time. The
// batch is validated once, outside the clock.
Napi::Value BenchBatch(const Napi::CallbackInfo &info)
{
	Napi::BigUint64Array in = WordsArg(info);
	const uint64_t *p = in.Data();
	size_t most = 0;
	char err[256];

	if (info.Length() < 2 || !info[1].IsNumber() || info[1].As<Napi::Number>().Int64Value() < 1)
		throw Napi::TypeError::New(info.Env(), "expected a repetition count >= 1");
	int64_t reps = info[1].As<Napi::Number>().Int64Value();
	auto spans = BatchSpans(info.Env(), p, in.ElementLength());
	for (const auto &s : spans)
		most = std::max(most, ple_engine_out_len(s.second));
	std::vector<uint64_t> out(most);
	for (size_t k = 0; k < spans.size(); k++)
		if (ple_engine_run(p + spans[k].first, spans[k].second, out.data(), err, sizeof(err)))
			throw Napi::Error::New(info.Env(), "scenario " + std::to_string(k) + ": " + err);
	double c0 = thread_cpu_ns();
	auto t0 = std::chrono::steady_clock::now();
	for (int64_t r = 0; r < reps; r++)
		for (const auto &s : spans)
			ple_engine_run(p + s.first, s.second, out.data(), err, sizeof(err));
	auto t1 = std::chrono::steady_clock::now();
	double c1 = thread_cpu_ns();
	Napi::Object o = Napi::Object::New(info.Env());
	o.Set("wallNs", (double)std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
	o.Set("cpuNs", c1 - c0);
	return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports)
{
	exports.Set("info", Napi::Function::New(env, Info));
	exports.Set("run", Napi::Function::New(env, Run));
	exports.Set("runBatch", Napi::Function::New(env, RunBatch));
	exports.Set("benchBatch", Napi::Function::New(env, BenchBatch));
	return exports;
}

}  // namespace

NODE_API_MODULE(ple_parity, Init)
