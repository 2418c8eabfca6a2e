import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function markdownTable(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/**
 * Writes a benchmark's results into `file` between `<!-- name:start -->` and `<!-- name:end -->`,
 * replacing what a previous run wrote there; the text around the markers is left as it is.
 */
export function writeBetweenMarkers(file: string, name: string, generated: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const previous = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${start}\n${end}\n`;
  const updated = previous.includes(start)
    ? previous.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${generated}\n${end}`)
    : `${previous.trimEnd()}\n\n${start}\n${generated}\n${end}\n`;
  writeFileSync(file, updated);
  console.log(`\nwrote ${file}`);
}
