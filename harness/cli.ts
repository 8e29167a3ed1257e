// SPDX-License-Identifier: GPL-2.0-only
// `ple-parity`: fuzz (the differential campaign), replay (one counterexample
// again, or as a vitest regression test) and list (targets and variants).
// Exit codes: 0 clean, 1 findings (fuzz) or still failing (replay), 2 usage
// or input error.
import { availableParallelism } from "node:os";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { TARGETS } from "./targets/index.js";
import { VARIANTS, VARIANT_NAMES } from "../ts-port/index.js";
import { parseShard, planCells } from "./fuzz/plan.js";
import { runCampaign, summaryJson, summaryTable, type FailOn } from "./fuzz/campaign.js";
import { replay, emitTest } from "./replay.js";
import { CounterexampleError } from "./fuzz/counterexample.js";
import { ScenarioError } from "./scenario.js";
import { CAMPAIGN_TARGETS } from "./fuzz/batch.js";
import { CLAIMS } from "./claims/index.js";
import { evaluateClaims } from "./claims/evaluate.js";
import { claimsJson, claimsTable } from "./claims/table.js";
import { runDiff } from "./diff/campaign.js";
import { diffText } from "./diff/table.js";
import { parseSide, SideError } from "./diff/sides.js";

class UsageError extends Error {}

function duration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) throw new InvalidArgumentError(`${JSON.stringify(s)} is not a duration such as 30s, 2m or 500ms`);
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "s"]!;
  return Math.round(Number(m[1]) * mult);
}

function positiveInt(s: string): number {
  if (!/^\d+$/.test(s) || Number(s) < 1)
    throw new InvalidArgumentError(`${JSON.stringify(s)} is not a positive integer`);
  return Number(s);
}

function seedArg(s: string): number {
  if (!/^\d+$/.test(s) || Number(s) > 0xffffffff)
    throw new InvalidArgumentError(`${JSON.stringify(s)} is not a seed (0..4294967295)`);
  return Number(s);
}

function variantChoice(family: string) {
  return (s: string): string[] => {
    if (s === "all") return VARIANT_NAMES;
    const list = s.split(",");
    for (const v of list)
      if (!VARIANT_NAMES.includes(v))
        throw new InvalidArgumentError(
          `${JSON.stringify(v)} is not a ${family} variant (variants: ${VARIANT_NAMES.join(", ")}, all)`,
        );
    return list;
  };
}

function claimChoice(s: string): string[] {
  const ids = CLAIMS.map((c) => c.id);
  if (s === "all") return ids;
  const list = s.split(",");
  for (const id of list)
    if (!ids.includes(id))
      throw new InvalidArgumentError(`${JSON.stringify(id)} is not a claim (claims: ${ids.join(", ")}, all)`);
  return list;
}

function sideArg(s: string) {
  try {
    return parseSide(s);
  } catch (e) {
    if (e instanceof SideError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

function diffTargetChoice(s: string): string[] {
  const names = TARGETS.map((t) => t.name);
  const list = s.split(",");
  for (const t of list)
    if (!names.includes(t))
      throw new InvalidArgumentError(`${JSON.stringify(t)} is not a target (targets: ${names.join(", ")})`);
  return list;
}

function targetChoice(s: string): string[] {
  const names = CAMPAIGN_TARGETS.map((t) => t.name);
  if (s === "all") return names;
  const list = s.split(",");
  for (const t of list)
    if (!names.includes(t))
      throw new InvalidArgumentError(`${JSON.stringify(t)} is not a target (targets: ${names.join(", ")}, all)`);
  return list;
}

export function program(): Command {
  const p = new Command("ple-parity")
    .description("Differential fuzzing of C and TypeScript ports of the PLE RFC's CFS and KVM logic")
    .exitOverride()
    .showHelpAfterError();

  p.command("fuzz")
    .description(
      "run a differential campaign over targets and variants (defaults: everything, 60 s, one worker per core)",
    )
    .option(
      "--target <names>",
      "targets, comma-separated, or all",
      targetChoice,
      CAMPAIGN_TARGETS.map((t) => t.name),
    )
    .option("--cfs <variants>", "cfs variants, comma-separated, or all", variantChoice("cfs"), VARIANT_NAMES)
    .option("--kvm <variants>", "kvm variants, comma-separated, or all", variantChoice("kvm"), VARIANT_NAMES)
    .option("--budget <time>", "wall-clock budget for the whole campaign, e.g. 30s, 2m", duration)
    .option("--runs <n>", "cases per target x variant cell instead of a time budget", positiveInt)
    .option("--seed <n>", "campaign seed (default: taken from the clock, printed first)", seedArg)
    .option("--workers <n>", "worker threads (default: one per core)", positiveInt)
    .option("--shard <k/n>", "run shard k of n: disjoint seed spaces for a CI matrix", parseShardArg, { k: 1, n: 1 })
    .option("--out <dir>", "where counterexample files go", "./findings")
    .option("--json", "print a machine summary on stdout (progress and table go to stderr)")
    .addOption(
      new Option("--fail-on <kind>", "which findings make the exit code 1")
        .choices(["divergence", "fault", "any"])
        .default("divergence"),
    )
    .option("--stop-on-first", "stop at the first finding that --fail-on names")
    .action(async (opts) => {
      if (opts.budget !== undefined && opts.runs !== undefined)
        throw new UsageError("--budget and --runs exclude each other");
      const seed: number = opts.seed ?? Date.now() >>> 0;
      const log = opts.json ? process.stderr : process.stdout;
      log.write(`seed ${seed}${opts.shard.n > 1 ? `, shard ${opts.shard.k}/${opts.shard.n}` : ""}\n`);
      const targets = CAMPAIGN_TARGETS.filter((t) => opts.target.includes(t.name));
      const cells = planCells(targets, opts.cfs, opts.kvm);
      const result = await runCampaign({
        cells,
        budgetMs: opts.runs === undefined ? (opts.budget ?? 60_000) : undefined,
        runs: opts.runs,
        seed,
        workers: opts.workers ?? availableParallelism(),
        shard: opts.shard,
        outDir: opts.out,
        failOn: opts.failOn as FailOn,
        stopOnFirst: Boolean(opts.stopOnFirst),
        log,
        tty: Boolean((log as NodeJS.WriteStream).isTTY),
      });
      log.write(summaryTable(result, Boolean((log as NodeJS.WriteStream).isTTY)) + "\n");
      for (const f of result.findings) log.write(`${f.kind}: ${f.signature}\n  ${f.file}\n`);
      log.write(
        `${result.findings.length} distinct findings${result.interrupted ? " (interrupted)" : ""}; replay one with: ple-parity replay FILE\n`,
      );
      if (opts.json) process.stdout.write(JSON.stringify(summaryJson(result), null, 2) + "\n");
      process.exitCode = result.exitCode;
    });

  p.command("replay")
    .description("re-run a counterexample on both sides; exit 1 while it still fails, 0 once it passes")
    .argument("<file>", "a counterexample file written by fuzz")
    .option("--emit-test [path]", "write it as a vitest regression test (default: test/regressions/<name>.test.ts)")
    .action((file: string, opts) => {
      if (opts.emitTest !== undefined) {
        const path = emitTest(file, typeof opts.emitTest === "string" ? opts.emitTest : undefined);
        process.stdout.write(`wrote ${path}\n`);
        return;
      }
      const r = replay(file);
      process.stdout.write(r.text);
      process.exitCode = r.stillFails ? 1 : 0;
    });

  p.command("claims")
    .description(
      "the cover letter's problems (witness search) and claims (properties) on every variant; C confirms each witness and counterexample",
    )
    .option("--runs <n>", "scenarios per claim x variant", positiveInt, 2000)
    .option("--seed <n>", "seed (default: taken from the clock, printed first)", seedArg)
    .option(
      "--claim <ids>",
      `claims, comma-separated (${CLAIMS.map((c) => c.id).join(", ")}), or all`,
      claimChoice,
      CLAIMS.map((c) => c.id),
    )
    .option("--variant <names>", "variants, comma-separated, or all", variantChoice("claims"), VARIANT_NAMES)
    .option("--out <dir>", "where witness and counterexample files go", "./findings")
    .option("--json", "print the table as JSON on stdout (the table goes to stderr)")
    .action((opts) => {
      const seed: number = opts.seed ?? Date.now() >>> 0;
      const log = opts.json ? process.stderr : process.stdout;
      log.write(`seed ${seed}\n`);
      const claims = CLAIMS.filter((c) => opts.claim.includes(c.id));
      const report = evaluateClaims({ runs: opts.runs, seed, outDir: opts.out, claims, variants: opts.variant });
      log.write(claimsTable(report, Boolean((log as NodeJS.WriteStream).isTTY)) + "\n");
      if (opts.json) process.stdout.write(JSON.stringify(claimsJson(report), null, 2) + "\n");
      // A claim that fails is a result (exit 0); C and TS disagreeing is a port bug (exit 1).
      process.exitCode = report.cells.some((c) => c.verdict === "divergence") ? 1 : 0;
    });

  p.command("diff")
    .description(
      "the same generated scenarios through two variants (or composed pairs cfs=...,kvm=...): how often and where the decision differs",
    )
    .argument("<A>", "a variant (both families) or cfs=VARIANT,kvm=VARIANT", sideArg)
    .argument("<B>", "the same for the other side", sideArg)
    .addOption(new Option("--family <family>", "only the targets of one family").choices(["cfs", "kvm", "compose"]))
    .option(
      "--target <names>",
      "targets, comma-separated (default: every target whose family differs)",
      diffTargetChoice,
    )
    .option("--runs <n>", "scenarios per target", positiveInt, 200)
    .option("--seed <n>", "seed (default: taken from the clock, printed first)", seedArg)
    .option("--json", "print the diff as JSON on stdout (the text goes to stderr)")
    .action(async (a, b, opts) => {
      const seed: number = opts.seed ?? Date.now() >>> 0;
      const log = opts.json ? process.stderr : process.stdout;
      log.write(`seed ${seed}\n`);
      const report = await runDiff({ a, b, family: opts.family, targets: opts.target, runs: opts.runs, seed });
      log.write(diffText(report, Boolean((log as NodeJS.WriteStream).isTTY)) + "\n");
      if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      // differences are the answer (exit 0); a C/TS divergence in an example is a port bug (exit 1)
      process.exitCode = report.targets.some((t) => t.groups.some((g) => g.example.divergence)) ? 1 : 0;
    });

  p.command("report")
    .description(
      "a static HTML report: C and TS side by side with a campaign's line coverage, the claims, the findings, the variant diffs",
    )
    .option("--out <dir>", "the report folder (index.html in it)", "./reports")
    .option(
      "--runs <n>",
      "cases per target x variant (and scenarios per claim x variant, per diff target)",
      positiveInt,
      100,
    )
    .option("--seed <n>", "seed (default: taken from the clock, printed first)", seedArg)
    .action(async (opts) => {
      const seed: number = opts.seed ?? Date.now() >>> 0;
      process.stdout.write(`seed ${seed}\n`);
      const { generateReport } = await import("./report/index.js");
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const r = await generateReport({ out: opts.out, runs: opts.runs, seed, log });
      process.stdout.write(`wrote ${r.index} in ${(r.timings.totalMs! / 1000).toFixed(1)} s\n`);
    });

  p.command("list")
    .description("targets, families and variants, with their provenance line")
    .action(() => {
      process.stdout.write("targets:\n");
      for (const t of CAMPAIGN_TARGETS) process.stdout.write(`  ${t.name.padEnd(40)} ${t.family}\n`);
      process.stdout.write("variants (each family: cfs, kvm):\n");
      for (const [name, v] of Object.entries(VARIANTS)) process.stdout.write(`  ${name.padEnd(10)} ${v.about}\n`);
    });
  return p;
}

function parseShardArg(s: string) {
  try {
    return parseShard(s);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message.replace(/^--shard: /, ""));
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof UsageError || e instanceof CounterexampleError || e instanceof ScenarioError) {
      process.stderr.write(`ple-parity: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main(process.argv.slice(2));
