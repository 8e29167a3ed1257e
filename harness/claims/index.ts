// SPDX-License-Identifier: GPL-2.0-only
// Every problem and claim of the cover letter, in the order of the table.
import type { ClaimDef } from "./claim.js";
import { P1, C1, C1y, C2 } from "./yield.js";
import { P2, P3, C3, C4 } from "./ipi.js";

export const CLAIMS: readonly ClaimDef[] = [P1, P2, P3, C1, C1y, C2, C3, C4];

export function claimById(id: string): ClaimDef {
  const c = CLAIMS.find((x) => x.id === id);
  if (!c)
    throw new Error(`claim: ${JSON.stringify(id)} is not a claim (claims: ${CLAIMS.map((x) => x.id).join(", ")})`);
  return c;
}
