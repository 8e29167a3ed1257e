// SPDX-License-Identifier: GPL-2.0-only
// The variant registry: one line per variant (a kernel tree state, DESIGN §3).
// Each variant directory provides the cfs family (cfs_ops.ts) and the kvm
// family (kvm_ops.ts); the C twin is c-reference/<variant>/, found by CMake.
import type { CfsOps } from "./kernel/cfs_ops.js";
import type { KvmOps } from "./kernel/kvm_ops.js";

export interface Variant {
  cfs: CfsOps;
  kvm: KvmOps;
  about: string;
}

const load = async (dir: string, about: string): Promise<Variant> => ({
  ...(await import(/* @vite-ignore */ `./${dir}/cfs_ops.js`)),
  ...(await import(/* @vite-ignore */ `./${dir}/kvm_ops.js`)),
  about,
});

export const VARIANTS: Readonly<Record<string, Variant>> = {
  "v5.6": await load("v5.6", "vanilla Linux 5.6"),
  "v5.6-ple": await load("v5.6-ple", "Linux 5.6 + the sslab-keio/ple-kvm patch of that family"),
  "rfc-base": await load("rfc-base", "the KVM tree the RFC was posted against (April 2021, ~v5.12-rc)"),
  "rfc-v1": await load("rfc-v1", "rfc-base + the RFC v1 patch of that family (kvm list, 2021-04-21)"),
};

export const VARIANT_NAMES = Object.keys(VARIANTS);
