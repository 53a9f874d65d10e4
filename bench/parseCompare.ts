// Runs in Node (`npm run parse-compare -- <git ref> [check|time]`, see scripts/parse-compare.mjs).
// Compares the design parsers of an earlier commit (imported as `sdlab-old/...`) with the
// working tree's. `check` parses ~29,000 texts with both — the Mermaid corpus, test fixtures,
// examples, generated designs and 20 rounds of random damage to each — and reports every text
// whose parseDesign / parseDesignDocument JSON differs, or whose syntax trees differ (keys
// sorted: their key order is printed nowhere). `time` prints CPU medians of parseDesign with
// old and new taking turns in one process: on a shared machine the only comparison that holds.
import * as OLD from 'sdlab-old/src/core/design/index';
import * as OLDF from 'sdlab-old/src/core/design/flowchart';
import * as OLDA from 'sdlab-old/src/core/design/architecture';
import * as NEW from '../src/core/design/index';
import * as NEWF from '../src/core/design/flowchart';
import * as NEWA from '../src/core/design/architecture';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateArchitecture, generateFlowchart, prng } from './generate';
import { sharedDataDir } from '../test/support/sharedData';

/** The checkout: scripts/parse-compare.mjs runs this bundle from there. */
const repoRoot = process.cwd();

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(mmd|md|mermaid)$/.test(f)) out.push(p);
  }
  return out;
}

const canon = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

function check(): number {
  const texts: [string, string][] = [];
  const shared = sharedDataDir();
  if (shared) for (const p of files(join(shared, 'mermaid-corpus'))) texts.push([p, readFileSync(p, 'utf8')]);
  else console.warn('shared test data not found (set SDLAB_SHARED_DATA): comparing without the Mermaid corpus');
  for (const p of [...files(join(repoRoot, 'test/fixtures')), ...files(join(repoRoot, 'examples'))]) texts.push([p, readFileSync(p, 'utf8')]);
  for (const n of [10, 20, 50, 100, 300, 1000]) {
    texts.push([`generated flowchart ${n}`, generateFlowchart(n).text], [`generated architecture ${n}`, generateArchitecture(n).text]);
  }
  const rand = prng(7);
  const bits = ['[', ']', '(', ')', '{', '}', '"', '`', '-->', '---', '-.->', '==>', '|', '&', ':::', '@{', ' shape: cyl', '%%', '%% @', '\n', 'subgraph x', 'end', '#quot;', '😀', ';', ':', 'style ', 'class ', 'click ', '-- t -->', '~~~', 'x@-->', 'service a(db)[A]', 'group g', 'junction j', ':R -- L:', '{group}', '<', '>', '\\'];
  const base = texts.length;
  for (let i = 0; i < base; i++) {
    for (let r = 0; r < 20; r++) {
      let s = texts[i]![1];
      for (let j = 1 + Math.floor(rand() * 4); j > 0; j--) {
        const at = Math.floor(rand() * (s.length + 1));
        const op = rand();
        if (op < 0.5) s = s.slice(0, at) + bits[Math.floor(rand() * bits.length)] + s.slice(at);
        else if (op < 0.8) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 8));
        else {
          const b = Math.floor(rand() * s.length);
          s = s.slice(0, at) + s.slice(b, b + 30) + s.slice(at);
        }
      }
      texts.push([`${texts[i]![0]} (damage ${r})`, s]);
    }
  }
  let differ = 0;
  const report = (name: string, what: string, a: string, b: string) => {
    if (differ++ >= 5) return;
    let i = 0;
    while (a[i] === b[i]) i++;
    console.log(`DIFFERS: ${name} (${what})\n  old: …${a.slice(Math.max(0, i - 120), i + 120)}…\n  new: …${b.slice(Math.max(0, i - 120), i + 120)}…`);
  };
  for (const [name, t] of texts) {
    const md = /\.md( \(|$)/.test(name);
    const a = JSON.stringify(md ? OLD.parseDesignDocument(t, { fileName: 'x.md' }) : OLD.parseDesign(t));
    const b = JSON.stringify(md ? NEW.parseDesignDocument(t, { fileName: 'x.md' }) : NEW.parseDesign(t));
    if (a !== b) {
      report(name, md ? 'parseDesignDocument' : 'parseDesign', a, b);
      continue;
    }
    const f = [canon(OLDF.parseFlowchart(t)), canon(NEWF.parseFlowchart(t))] as const;
    if (f[0] !== f[1]) {
      report(name, 'parseFlowchart', ...f);
      continue;
    }
    const g = [canon(OLDA.parseArchitecture(t)), canon(NEWA.parseArchitecture(t))] as const;
    if (g[0] !== g[1]) report(name, 'parseArchitecture', ...g);
  }
  console.log(`${texts.length} texts compared, ${differ} differ`);
  return differ === 0 ? 0 : 1;
}

function time(sizes: number[]): number {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  for (const [kind, generate] of [['flowchart', generateFlowchart], ['architecture', generateArchitecture]] as const) {
    for (const n of sizes) {
      const text = generate(n).text;
      const rounds = n >= 10_000 ? 25 : n >= 1000 ? 200 : 800;
      const cpu = { old: [] as number[], new: [] as number[] };
      const run = (k: 'old' | 'new') => {
        const parse = k === 'old' ? OLD.parseDesign : NEW.parseDesign;
        const c0 = process.cpuUsage();
        parse(text);
        const c = process.cpuUsage(c0);
        cpu[k].push((c.user + c.system) / 1000);
      };
      for (let i = 0; i < 5; i++) (OLD.parseDesign(text), NEW.parseDesign(text));
      for (let i = 0; i < rounds; i++) for (const k of i & 1 ? (['old', 'new'] as const) : (['new', 'old'] as const)) run(k);
      const o = median(cpu.old);
      const w = median(cpu.new);
      console.log(`${kind} ${n}: old ${o.toFixed(2)} ms, new ${w.toFixed(2)} ms, new/old ${(w / o).toFixed(3)} (fastest ${Math.min(...cpu.old).toFixed(2)} / ${Math.min(...cpu.new).toFixed(2)} ms)`);
    }
  }
  return 0;
}

const [mode = 'check', sizes = '100,1000,10000'] = process.argv.slice(2);
process.exitCode = mode === 'time' ? time(sizes.split(',').map(Number)) : check();
