// Runs in Node (browser tests and the panel benchmark). Realistic tiered designs of a given
// size: clients, two DNS providers and a CDN in front of regions, each region a load balancer
// over service cells (service, cache, primary database, replica), with queues and workers.

/** A flowchart design with exactly `nodes` components (at least 8). */
export function tieredDesign(nodes: number): string {
  if (nodes < 8) throw new Error('tieredDesign: at least 8 nodes');
  const lines = ['flowchart TB', '  %% @design availability=99.99 dau=20M requests=20 peak=3 reads=0.9 consistency=eventual'];
  lines.push('  users([Users]) --> dns1[Route 53] & dns2[Cloudflare DNS]', '  dns1 & dns2 --> cdn[CloudFront CDN]');
  let budget = nodes - 4;
  const regions = Math.max(1, Math.min(6, Math.round(nodes / 45)));
  const perRegion = Array.from({ length: regions }, (_, r) => Math.floor(budget / regions) + (r < budget % regions ? 1 : 0));
  budget = 0;
  for (let r = 0; r < regions; r++) {
    let left = perRegion[r]!;
    lines.push(`  subgraph region${r}[Region ${r + 1}]`);
    lines.push(`    lb${r}[Load balancer ${r + 1} x2]`);
    left--;
    let cell = 0;
    const services: string[] = [];
    while (left >= 4) {
      const s = `svc${r}_${cell}`;
      services.push(s);
      lines.push(
        `    ${s}[Service ${r + 1}.${cell + 1} x3] --> cache${r}_${cell}[(Redis cache ${r + 1}.${cell + 1})]`,
        `    ${s} --> db${r}_${cell}[(Orders DB ${r + 1}.${cell + 1} primary)]`,
        `    db${r}_${cell} -. async .-> rep${r}_${cell}[(Orders replica ${r + 1}.${cell + 1})]`,
        `    lb${r} --> ${s}`,
      );
      if (cell > 0) lines.push(`    ${services[cell - 1]} --> ${s}`);
      left -= 4;
      cell++;
    }
    for (let k = 0; left > 0; k++) {
      if (left >= 2) {
        lines.push(`    ${services[k % Math.max(1, services.length)] ?? `lb${r}`} --> q${r}_${k}[[Kafka queue ${r + 1}.${k + 1}]] --> w${r}_${k}[Worker ${r + 1}.${k + 1} x2]`);
        left -= 2;
      } else {
        lines.push(`    ${services[0] ?? `lb${r}`} --> m${r}_${k}[Prometheus monitor ${r + 1}]`);
        left -= 1;
      }
    }
    lines.push('  end', `  cdn --> lb${r}`);
  }
  return lines.join('\n') + '\n';
}

/** How many nodes a design text declares (for checking the generator). */
export function countNodes(text: string): number {
  const ids = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z][\w]*)(\(\[|\[\(|\[\[|\[)/g)) ids.add(m[1]!);
  return ids.size;
}
