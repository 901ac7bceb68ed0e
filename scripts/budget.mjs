// The page-weight check: the gzip size of what the first load fetches (index.html and the
// files it names in dist/, and what those scripts import). Kumo's budget is 350,000 bytes; the page is over it today, so this
// holds the line where it stands (CEILING) until issue "Cost per change" brings it down, and
// the ceiling moves down, not up (it moved up once, said below).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { root } from './serve.mjs';

const BUDGET = 350_000;
// Raised from 700,000: the shared-network EBS model, m3.xlarge and m5.8xlarge, the network
// panel and the Rust URL decoder took the page from 694,750 to 700,617 B (2026-12-02). Raised
// again for --query (the jmespath crate), the YAML emitter and the awscli table formatter:
// 700,689 → 740,654 B (+39,965 B; issue "One way to add a service" allows +60,000 for the
// models and JMESPath together, 2026-12-02). Then the model-driven help, Tab completion and
// the fetch of the models (which are not in the first load: dist/models/, 20 KB gzip, fetched
// after start) took it to 754,227 B: +53,538 B since 700,689 for the whole issue so far.
// The change feed (its code and its save format, 7.5 KB of it serde) took it to 775,507 B:
// +74,818 B in all, over the issue's +60,000; the model-driven parser and serializer that
// replace the hand-written ones are to pay it back (2026-12-02). STS: 775,918 B; the ceiling
// keeps 1 KB over it for builds from another checkout path. IAM, the first service on its own
// request and response types (its handlers and error texts about 38 KB of code, their serde
// 14 KB, the model-driven parser, validator and paginator 14 KB, its embedded model 1.8 KB
// gzip; measured by function from the wasm's name section) took it to 826,746 B: +50,828 B.
// The hand-written EC2/CloudWatch/SNS parsers and renderers it is to replace are still in the
// page; moving them onto the same types is what pays this back (2026-12-02).
// SNS on its own types, first try: 836,836 B (+9,122 over 827,714), of it serde's derived
// Deserialize, a visitor per request struct (0.9 KB of code for a one-member struct). Request
// structs now read through kumo_sim::input (one Member implementation per member type, shared
// by every struct; IAM's and STS's too), and the page embeds the models' parsing copies without
// documentation (build.rs; help reads the documented models fetched after start): 829,490 B,
// +1,776 B for SNS's move in all, its model's parsing copy 1,009 B of it. The moves of
// CloudWatch and EC2 take out far larger hand-written parsers and renderers (2026-12-03).
// CloudWatch on its own types: 839,098 B (+9,608), its parsing copy of the model 2,300 B of it;
// the first build was 841,710 B, and reading members with one exit per struct (not one per
// member), loops instead of `collect` into `Result`, and one insertion helper took 2.6 KB
// back. Measured, a service's move does not pay for itself in weight: the request structs'
// reading and writing, the conversions and the model's parsing copy cost about what the
// hand-written parser, unparser and renderer did, and more for a service with few and small
// hand-written arms. The page's weight is issue "Cost per change"'s to bring down
// (2026-12-03). Shorthand in echoed CLI lines and JSON lists: 839,801 B (+706); the ceiling
// keeps 1 KB over it for builds from another checkout path. EC2 on its own types (38
// operations; parse.rs's build arms, unparse.rs's EC2 arms and spec.rs's table deleted):
// 847,635 B at first (+8,400 over 839,235), its model's parsing copy 5,382 B of it; the parsing
// copies then lost their enum values and the shapes only untaken members reach (build.rs asks
// kumo-sim what each request type takes): EC2's copy 3,732 B, all of them 2.9 KB less, 844,688 B.
// By function (wasm name section, before wasm-opt): the 38 request structs' reading is 26.5 KB
// of code and their writing 8.4 KB, against 28.6 KB of hand-written parse and unparse code
// gone; EC2's serving replaced its dispatch arms at +5 KB (2026-12-03). The resource views
// AWS Config will record (kumo_sim::resource: ARNs, relationships, IAM's RoleDetail; 10.9 KB of
// code before wasm-opt, 7 KB of it Sim::resource_view) took it to 848,867 B (+4,179); the
// learner's files with file:// and fileb:// (1.8 KB of parameter code, the saved tree's check
// 1.4 KB) and CloudWatch's pages to 853,201 B (+4,334; a sort of the metrics, 1 KB, taken out
// again). Each is a capability the coming services need; the weight is issue "Cost per
// change"'s to bring down, by what the first load does not need (2026-12-03). A clean clone
// in /tmp/ci measured 853,402 B: the ceiling keeps 1.6 KB over that for longer checkout paths.
// Up once more, by what cost per change costs (issue "Cost per change", 2026-12-03): the dirty
// sets and the derived indexes that replace the sweeps and searches of the Region after every
// request (kumo_sim::dirty, kumo_sim::index: a request's cost from 11 ms to 0.1-38 µs at
// 10,000 resources) took the first load to 869,249 B (+15,847), most of it, by its size, the
// B-tree code for the new key types. Item 5 of that issue (the first load at 350 KB) is to pay
// it back; the ceiling keeps 1.7 KB over that figure for longer checkout paths. Then ids kept
// inline (kumo_sim::ids::IdText, so that a look-up in a Region of 100,000 resources costs
// about what it does in one of 1,000: describing one instance 3.5x -> 1.5x) and the RSA key
// made ahead: 880,290 B (+11,041; the index's maps on one key type took 5.3 KB of it back).
// Down at last: the terminal's CLI (the lexer, the model-driven parser and validator, JMESPath's
// parser, the text, table and YAML formatters, help, completion, the sandbox's commands) is a
// chunk fetched on first use (src/cli_chunk.rs, scripts/page-wasm.mjs): 880,109 B ->
// 795,120 B, with 97,080 B gzip fetched on first use. The ceiling keeps 1.9 KB for longer
// checkout paths (2026-12-03). The console's view surviving a reload, the terminal's columns,
// full-width mode and Ctrl-R, and the accessibility fixes cost 6.3 KB (a hand-written view
// format instead of serde's derived one took 2.6 KB of a first 8.9 KB back); stable sorts
// through one shared sort of positions (kumo_sim::sort, where every element type had carried
// its own copy of the standard library's sort) took 8.7 KB off: 792,797 B (2026-12-03). The
// detail's tabs, the live region, the catalogs' duration units and the sandbox's replies cost
// 3.5 KB; collecting B-trees by insertion (kumo_sim::sort::map_of, set_of: the standard
// library's collect sorts first, a copy of its sort per key type) took 10 KB off: 786,234 B.
// The dialog's focus and Escape (caught by the page root's Yew handler: a window listener of
// its own cost 4.3 KB of closure glue) and the plural: 788,061 B. The CloudWatch chart's axes
// (components/chart_axes.rs): 791,349 B. The volume and widget charts' axes, CreateTags and
// DeleteTags with the detail's Security, Networking and Tags tabs, column preferences and the
// sandbox's words in Japanese (in the terminal's chunk) took it to 804,038 B; then the pages
// besides Instances (AMIs, Volumes and their charts, Snapshots, Key pairs, Events, CloudWatch,
// SNS) became a chunk fetched when one opens (src/pages.rs, src/pages_chunk.rs): 748,176 B,
// with 62,937 B gzip fetched on first use (2026-12-03). A form's response prints through
// JSON alone (kumo_cli::session::print_json), so the text, table and YAML formatters and
// JMESPath moved to the terminal's chunk: 712,758 B (the chunk 135,378 B). The instance
// detail (its tabs: status checks and the fault box, CPU and network, storage, tags, settings)
// joined the pages' chunk: 673,787 B (the chunk 99,523 B). The gp2 widget (`?widget=gp2`)
// too, which fetches it as it opens: 664,167 B (the chunk 110,657 B). A form's echo (`aws …`)
// without the models (kumo_cli::by_model::words reads the request types' own order), and the
// models fetched and parsed through the terminal's chunk: 656,061 B (that chunk 143,810 B).
// ed25519-dalek without its precomputed basepoint tables (30 KB of incompressible data, for one
// scalar multiplication per key pair: 20 runs of the native `kumo` creating one, 105 ms in
// all), and ASCII upper-casing where the text is ASCII (the Unicode table went to the
// terminal's chunk, whose text formatter upper-cases as Python does): 620,825 B.
const CEILING = 622_500;

const dist = path.join(root, 'dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const named = (text) => [...text.matchAll(/(?:href|src|module_or_path:|from)\s*=?\s*['"]\.?\/?([^'"]+\.(?:js|wasm|css))['"]/g)].map((m) => m[1]);
// What index.html names, and what those scripts import statically (the chunk loader): the
// first load. The chunks the loader fetches on first use are counted apart.
const first = new Set(named(html));
for (const f of [...first]) {
  if (f.endsWith('.js')) for (const g of named(fs.readFileSync(path.join(dist, f), 'utf8'))) first.add(g);
}
const names = [...first];
const files = ['index.html', ...names];
const gzip = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
let total = 0;
for (const f of files) {
  const gz = gzip(f);
  total += gz;
  console.log(`  ${f}: ${gz} B gzip`);
}
console.log(`first load: ${total} B gzip (budget ${BUDGET}, ceiling today ${CEILING})`);
for (const f of fs.readdirSync(dist).filter((f) => f.endsWith('.wasm') && !first.has(f))) {
  console.log(`  on first use: ${f}: ${gzip(f)} B gzip`);
}
if (!names.some((n) => n.endsWith('.wasm')) || !names.some((n) => n.endsWith('.js'))) {
  console.error('budget.mjs: index.html names no wasm or no js file; the check cannot measure the page');
  process.exit(1);
}
if (total > CEILING) {
  console.error(`the first load grew past its ceiling: ${total} > ${CEILING} B gzip`);
  process.exit(1);
}
