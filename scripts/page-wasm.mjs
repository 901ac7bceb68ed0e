// Trunk post_build hook: builds the page's WebAssembly in chunks and puts it into the staged
// page, then gives the page its Content-Security-Policy (csp.mjs). Trunk builds the rest of the
// page (HTML, CSS, the models); its own Rust pipeline is skipped (`data-trunk-skip` in
// www/index.html) because it cannot split a module.
//
// 1. cargo builds kumo-app for wasm32 with the `split` feature and with relocations kept
//    (--emit-relocs), in target/page so that its flags do not rebuild the other wasm builds;
// 2. wasm-split-cli (crate wasm_split_cli_support) moves what only the split points reach
//    (src/cli_chunk.rs: the terminal's CLI) into chunks, with a JS loader for them;
// 3. wasm-bindgen makes the main module's JS glue (--keep-lld-exports: the chunks link
//    against the main module's exports), wasm-opt -Oz shrinks every module;
// 4. every file is named with one hash of the whole build (the files name each other, so no
//    file's own hash could be in another's name), and index.html gets the loader.
// The first load is index.html, the CSS, the glue, the chunk loader and the main module; the
// chunks are fetched from the page's origin when the page first calls into them.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('page-wasm.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'target', 'page');
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });

// 1. The module, with the relocations wasm-split-cli reads.
run('cargo', ['build', '--release', '--locked', '--offline', '--target', 'wasm32-unknown-unknown', '--bin', 'kumo-app',
  '--features', 'split', '--target-dir', out], { CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: '-Clink-arg=--emit-relocs' });
const built = path.join(out, 'wasm32-unknown-unknown', 'release', 'kumo-app.wasm');

// 2. The split.
const split = path.join(out, 'split');
fs.rmSync(split, { recursive: true, force: true });
fs.mkdirSync(split, { recursive: true });
run('wasm-split-cli', [built, split]);

// 3. The glue and the optimised modules.
const glue = path.join(out, 'bindgen');
fs.rmSync(glue, { recursive: true, force: true });
run('wasm-bindgen', [path.join(split, 'main.wasm'), '--out-dir', glue, '--out-name', 'kumo-app', '--target', 'web',
  '--keep-lld-exports', '--no-typescript']);
const chunks = fs.readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== 'main.wasm').sort();
const optimise = (from, to) => run('wasm-opt', ['-Oz', '--strip-debug', '--strip-producers', from, '-o', to]);
optimise(path.join(glue, 'kumo-app_bg.wasm'), path.join(glue, 'kumo-app_bg.wasm'));
for (const c of chunks) optimise(path.join(split, c), path.join(glue, c));

// 4. Names, references and the loader.
const files = {
  glue: fs.readFileSync(path.join(glue, 'kumo-app.js'), 'utf8'),
  loader: fs.readFileSync(path.join(split, '__wasm_split.js'), 'utf8'),
  main: fs.readFileSync(path.join(glue, 'kumo-app_bg.wasm')),
  chunks: chunks.map((c) => [c, fs.readFileSync(path.join(glue, c))]),
};
const digest = crypto.createHash('sha256');
for (const part of [files.glue, files.loader, files.main, ...files.chunks.flat()]) digest.update(part);
const hash = digest.digest('hex').slice(0, 16);
const named = (base, ext) => `${base}-${hash}${ext}`;
const replaceOnce = (text, from, to, where) => {
  if (!text.includes(from)) {
    console.error(`page-wasm.mjs: ${where} does not mention ${from}; the split's output changed shape`);
    process.exit(1);
  }
  return text.split(from).join(to);
};
const glueName = named('kumo-app', '.js');
const loaderName = named('wasm-split', '.js');
const mainName = named('kumo-app', '_bg.wasm');
// Only the import statement: the wasm module still names its import module ./__wasm_split.js.
const glueText = replaceOnce(files.glue, 'from "./__wasm_split.js"', `from "./${loaderName}"`, 'the glue');
let loaderText = replaceOnce(files.loader, '"./main.js"', `"./${glueName}"`, 'the chunk loader');
for (const [c] of files.chunks) {
  loaderText = replaceOnce(loaderText, `"./${c}"`, `"./${named(c.replace(/\.wasm$/, ''), '.wasm')}"`, 'the chunk loader');
}
fs.writeFileSync(path.join(staging, glueName), glueText);
fs.writeFileSync(path.join(staging, loaderName), loaderText);
fs.writeFileSync(path.join(staging, mainName), files.main);
for (const [c, bytes] of files.chunks) fs.writeFileSync(path.join(staging, named(c.replace(/\.wasm$/, ''), '.wasm')), bytes);

const indexFile = path.join(staging, 'index.html');
let html = fs.readFileSync(indexFile, 'utf8');
const tags = [
  `<link rel="modulepreload" href="./${glueName}" />`,
  `<link rel="modulepreload" href="./${loaderName}" />`,
  `<link rel="preload" href="./${mainName}" as="fetch" type="application/wasm" crossorigin="anonymous" />`,
  `<script type="module">import init from './${glueName}'; init({ module_or_path: './${mainName}' });</script>`,
].join('\n    ');
// Trunk leaves the skipped pipeline's link (and the comment before it) in the page.
html = html.replace(/\s*<!-- The WebAssembly[^>]*-->/, '').replace(/\s*<link data-trunk rel="rust"[^>]*>/, '');
html = replaceOnce(html, '</head>', `  ${tags}\n  </head>`, 'index.html');
fs.writeFileSync(indexFile, html);
console.log(`page-wasm.mjs: main module ${files.main.length} B, chunks ${files.chunks.map(([c, b]) => `${c} ${b.length} B`).join(', ')}`);

await import('./csp.mjs');
