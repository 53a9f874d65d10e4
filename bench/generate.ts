// Runs in Node (benchmarks). Generates designs of a given size that look like real tiered
// architectures: clients, DNS, a CDN, and per region and availability zone load balancer
// pairs, stateless services, caches, primary/replica databases, queues and workers, with
// about two links per node, varied shapes, labels, classes and `%% @` annotations. The
// output is deterministic for a seed, so lint and simulator benchmarks can reuse it.

/** A small deterministic PRNG (mulberry32): benchmarks must not depend on Math.random. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedDesign {
  text: string;
  /** Number of nodes (flowchart vertices, or architecture services + junctions). */
  nodes: number;
  /** Number of links (flowchart edges after `&` expansion, or architecture edges). */
  links: number;
  /** Number of subgraphs or groups. */
  groups: number;
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'];
const SERVICES = ['Orders API', 'Checkout service', 'Catalog API', 'Search API', 'Payments service', 'Accounts API', 'Cart service', 'Pricing service', 'Inventory API', 'Web app'];
const CACHES = ['Redis cache', 'Memcached', 'Session cache (Redis)'];
const DATABASES = ['Postgres', 'MySQL', 'Orders DB', 'Cassandra', 'DynamoDB'];
const QUEUES = ['Kafka topic', 'SQS queue', 'RabbitMQ'];

/** Nodes in one cell: two load balancers, three services, a cache, a primary and a replica database, a queue and a worker. */
const CELL = 10;

/** A flowchart of exactly `nodes` vertices (at least 16) in region and AZ subgraphs. */
export function generateFlowchart(nodes: number, seed = 1): GeneratedDesign {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: string[] = [];
  let links = 0;
  let groups = 0;
  let count = 0;
  out.push('---', 'title: Generated shop', '---', 'flowchart LR');
  out.push('  %% @design availability=99.99 dau=10M requests=20 peak=3 reads=0.9 consistency=read-your-writes');
  out.push('  classDef svc fill:#e8f4ff,stroke:#36c', '  classDef data fill:#fff4e0,stroke:#c80');
  out.push('  users([Users]) & mobile(["`**Mobile** app`"]) --> dns1{{Route 53}} & dns2{{Cloudflare DNS}}');
  out.push('  dns1 & dns2 --> cdn[CloudFront CDN]');
  count += 5;
  links += 6;
  const cells = Math.max(1, Math.floor((nodes - count) / CELL));
  let spare = nodes - count - cells * CELL;
  const regions = Math.max(1, Math.min(REGIONS.length, Math.round(cells / 8)));
  const primaries: string[] = [];
  for (let r = 0; r < regions; r++) {
    const region = `r${r + 1}`;
    out.push(`  subgraph ${region} [Region ${REGIONS[r]}]`, '    direction TB');
    groups++;
    for (const az of ['a', 'b']) {
      const azId = `${region}${az}`;
      out.push(`    subgraph ${azId} ["AZ ${REGIONS[r]}${az}"]`);
      groups++;
      const azIndex = r * 2 + (az === 'a' ? 0 : 1);
      for (let c = azIndex; c < cells; c += regions * 2) {
        const p = `${azId}_c${c}`;
        const svc = [1, 2, 3].map((k) => `${p}_s${k}`);
        const shapes = [
          (id: string, label: string) => `${id}[${label}]`,
          (id: string, label: string) => `${id}(${label})`,
          (id: string, label: string) => `${id}@{ shape: rounded, label: "${label}" }`,
        ];
        out.push(`      %% @${p}_lba mode=active-active health=/healthz`);
        out.push(`      cdn --> ${p}_lba[/ALB ${c}a\\] & ${p}_lbb[/ALB ${c}b\\]`);
        out.push(`      ${p}_lba & ${p}_lbb --> ${svc.map((s) => shapes[Math.floor(rand() * 3)]!(s, pick(SERVICES))).join(' & ')}`);
        out.push(`      ${svc.join(' & ')} --> ${p}_cache[("${pick(CACHES)}")]:::data`);
        out.push(`      ${svc.join(' & ')} -->|reads and writes| ${p}_db[(${pick(DATABASES)} primary)]`);
        out.push(`      ${p}_db -. async .-> ${p}_dbr[("${pick(DATABASES)} replica")]`);
        out.push(`      ${svc[1]} --> ${p}_q>${pick(QUEUES)}] --> ${p}_w[[Worker ${c}]] --> ${p}_db`);
        out.push(`      class ${svc.join(',')} svc`);
        count += CELL;
        links += 2 + 6 + 3 + 3 + 1 + 3;
        primaries.push(`${p}_db`);
        // Nodes left over after whole cells: extra services behind this cell's balancer.
        if (spare > 0) {
          out.push(`      ${p}_lba --> ${p}_x@{ shape: rect, label: "${pick(SERVICES)} (canary)" } --> ${p}_cache`);
          spare--;
          count++;
          links += 2;
        }
      }
      out.push('    end');
    }
    out.push('  end');
  }
  // Cross-region replication between primaries, a ring.
  for (let i = 0; i + 1 < primaries.length && i < 50; i++) {
    out.push(`  ${primaries[i]} == replication ==> ${primaries[i + 1]}`);
    links++;
  }
  out.push('  linkStyle 0 stroke:#999');
  return { text: `${out.join('\n')}\n`, nodes: count, links, groups };
}

/** An architecture-beta diagram of exactly `nodes` services and junctions (at least 12). */
export function generateArchitecture(nodes: number, seed = 1): GeneratedDesign {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: string[] = ['architecture-beta', '  %% @design availability=99.99'];
  let links = 0;
  let groups = 0;
  let count = 0;
  out.push('  service users(internet)[Users]', '  service dns(server)[Route 53 DNS]', '  service cdn(cloud)[CDN]');
  out.push('  users:R --> L:dns', '  dns:R --> L:cdn');
  count += 3;
  links += 2;
  const cells = Math.max(1, Math.floor((nodes - count) / 9));
  let spare = nodes - count - cells * 9;
  const regions = Math.max(1, Math.min(REGIONS.length, Math.round(cells / 8)));
  for (let r = 0; r < regions; r++) {
    const region = `region${r + 1}`;
    out.push(`  group ${region}(cloud)[Region ${REGIONS[r]}]`);
    groups++;
    for (const az of ['a', 'b']) {
      out.push(`  group ${region}${az}(cloud)["AZ ${az}"] in ${region}`);
      groups++;
    }
  }
  const statements: string[] = [];
  for (let c = 0; c < cells; c++) {
    const r = c % regions;
    const g = `region${r + 1}${c % (regions * 2) < regions ? 'a' : 'b'}`;
    const p = `c${c}`;
    const ids = { j: `${p}_junction`, lb: `${p}_lb`, s1: `${p}_api1`, s2: `${p}_api2`, s3: `${p}_api3`, cache: `${p}_cache`, db: `${p}_db`, dbr: `${p}_replica`, q: `${p}_queue` };
    out.push(
      `  junction ${ids.j} in ${g}`,
      `  service ${ids.lb}(server)[Load balancer ${c}] in ${g}`,
      `  service ${ids.s1}(server)[${pick(SERVICES)}] in ${g}`,
      `  service ${ids.s2}(server)[${pick(SERVICES)}] in ${g}`,
      `  service ${ids.s3}(server)["${pick(SERVICES)}"] in ${g}`,
      `  service ${ids.cache}(database)[${pick(CACHES)}] in ${g}`,
      `  service ${ids.db}(database)[${pick(DATABASES)} primary] in ${g}`,
      `  service ${ids.dbr}(database)[${pick(DATABASES)} replica] in ${g}`,
      `  service ${ids.q}(logos:aws-sqs)[${pick(QUEUES)}] in ${g}`,
    );
    statements.push(
      `  cdn:B --> T:${ids.lb}`,
      `  ${ids.lb}:R --> L:${ids.j}`,
      `  ${ids.j}:T --> B:${ids.s1}`,
      `  ${ids.j}:R --> L:${ids.s2}`,
      `  ${ids.j}:B --> T:${ids.s3}`,
      `  ${ids.s1}:R --> L:${ids.cache}`,
      `  ${ids.s2}:R --> L:${ids.db}`,
      `  ${ids.s3}:R --> L:${ids.db}`,
      `  ${ids.s3}:B -[enqueue]-> T:${ids.q}`,
      `  ${ids.q}:R --> L:${ids.db}`,
      `  ${ids.s2}:T --> B:${ids.cache}`,
      `  ${ids.db}:R -[async]-> L:${ids.dbr}`,
      `  ${ids.s1}:B --> T:${ids.db}`,
      `  ${ids.cache}:B --> T:${ids.dbr}`,
      `  ${ids.lb}:B --> T:${ids.s3}`,
      `  ${ids.lb}:T --> B:${ids.s1}`,
      `  ${ids.q}:B --> T:${ids.dbr}`,
      `  ${ids.s1}:L --> R:${ids.s2}`,
    );
    count += 9;
    links += 18;
    if (spare > 0) {
      out.push(`  service ${p}_extra(server)[${pick(SERVICES)} canary] in ${g}`);
      statements.push(`  ${ids.lb}:L --> R:${p}_extra`, `  ${p}_extra:B --> T:${ids.cache}`);
      spare--;
      count++;
      links += 2;
    }
  }
  return { text: `${[...out, ...statements].join('\n')}\n`, nodes: count, links, groups };
}
