// Writes each fuzz target's seed inputs into target/fuzz/seeds/<target>/ from what learners
// really type: the transcripts' command lines, their parameter values and expressions, the
// sessions they leave behind (saved by the kumo runner), and widget URLs. Seeds are made
// afresh on every run, so they follow the transcripts as these change.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";

const [kumo] = process.argv.slice(2);
const root = "target/fuzz/seeds";
const transcripts = "crates/cli/tests/transcripts";
rmSync(root, { recursive: true, force: true });

const seeds = {};
const add = (target, text) => {
  (seeds[target] ??= new Set()).add(text);
};

for (const name of readdirSync(transcripts).filter((n) => n.endsWith(".txt")).sort()) {
  const path = join(transcripts, name);
  const text = readFileSync(path, "utf8");
  add("script", text.slice(0, 4096));
  const lines = text.split("\n").filter((l) => l.startsWith("$ ")).map((l) => l.slice(2));
  for (let i = 0; i < lines.length; i += 12) add("cli_lines", lines.slice(i, i + 12).join("\n"));
  for (const line of lines) {
    add("lexer", line);
    // Quoted arguments and key=value words are the values the shorthand/JSON parser sees.
    for (const m of line.matchAll(/'([^']*)'/g)) add("values", m[1]);
    for (const w of line.split(" ").filter((w) => w.includes("=") && !w.startsWith("'"))) add("values", w);
    // --query expressions, over the fuzz target's own document.
    for (const m of line.matchAll(/--query '([^']*)'/g)) add("query", m[1]);
    for (const m of line.matchAll(/Expression=([^,}']*)/g)) add("metric_math", m[1]);
    for (const m of line.matchAll(/"Expression":\s*"([^"]*)"/g)) add("metric_math", m[1]);
  }
  // The session the transcript leaves behind.
  const saved = `${root}/saved_session/${name.replace(/\.txt$/, ".json")}`;
  mkdirSync(`${root}/saved_session`, { recursive: true });
  execFileSync(kumo, ["--quiet", "--transcript", "--save", saved, path], { stdio: ["ignore", "ignore", "inherit"] });
}
mkdirSync(`${root}/saved_session`, { recursive: true });
copyFileSync("crates/cli/tests/fixtures/session-v1.json", `${root}/saved_session/fixture-v1.json`);

for (const e of ["m1+m2", "SUM([m1,m2])/2", "-m1^2*3", "AVG(m1)", "MAX([m1, m2 * 0.5])", "m1/(m2-2)", "RATE(m1)"]) {
  add("metric_math", e);
}
for (const q of [
  "?widget=gp2",
  "?widget=gp2&size=100&iops=3000&io=16&lang=ja",
  "?widget=gp2&profile=classic&size=1%30%30",
  "?widget=gp2&size=0&iops=99999&bogus=1",
  "?lang=en&widget=gp2&io=16384&note=a+b%E9%9B%B2",
]) {
  add("widget_query", q);
}

for (const v of [
  "kumo-view 1\nspeed 600\npage volumes\nwide 1\nhistory aws ec2 describe-instances\nin $ aws ec2 describe-instances\nout {\nerr a \\\\ b\\n\n",
  "kumo-view 1\ndetail i-0123456789abcdef0\npage sns\nout \\\n",
  "kumo-view 2\n",
]) {
  add("saved_view", v);
}

for (const [target, texts] of Object.entries(seeds)) {
  mkdirSync(`${root}/${target}`, { recursive: true });
  [...texts].forEach((t, i) => writeFileSync(`${root}/${target}/seed-${String(i).padStart(4, "0")}`, t));
}
for (const target of readdirSync(root).sort()) {
  console.log(`${target}: ${readdirSync(join(root, target)).length} seeds`);
}
