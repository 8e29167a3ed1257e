// SPDX-License-Identifier: GPL-2.0-only
// Syntax highlighting at generation time with highlight.js (no script in the
// page): a whole function is highlighted at once, so a comment or string that
// spans lines is coloured right, then cut into lines, each line closing the
// spans it opened and reopening the ones still open from the line before.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import hljs from "highlight.js/lib/core";
import c from "highlight.js/lib/languages/c";
import typescript from "highlight.js/lib/languages/typescript";

hljs.registerLanguage("c", c);
hljs.registerLanguage("typescript", typescript);

export type Lang = "c" | "typescript";

/** Each line of `lines` as HTML, highlighted as one block of `lang`. */
export function highlightLines(lines: readonly string[], lang: Lang): string[] {
  const html = hljs.highlight(lines.join("\n"), { language: lang, ignoreIllegals: true }).value;
  const out: string[] = [];
  const open: string[] = []; // the opening tags in force
  for (const line of html.split("\n")) {
    let text = open.join("");
    for (const m of line.matchAll(/<span[^>]*>|<\/span>|[^<]+|</g)) {
      const tok = m[0];
      if (tok.startsWith("<span")) open.push(tok);
      else if (tok === "</span>") open.pop();
      text += tok;
    }
    out.push(text + "</span>".repeat(open.length));
  }
  return out;
}

/** highlight.js's own light theme, for the page's stylesheet. */
export function themeCss(): string {
  const req = createRequire(import.meta.url);
  return readFileSync(req.resolve("highlight.js/styles/github.css"), "utf8");
}
