// The builder on syntax trees written by hand, so each convention of DESIGN.md §2 is checked
// on exactly the structure it is about, independent of the parsers. parseDesign.test.ts checks
// the same conventions end to end from text.
import { describe, expect, it } from 'vitest';
import type { ArchitectureAst, Comment, FlowchartAst } from '../../../src/core/design/ast';
import { buildArchitectureDesign, buildFlowchartDesign, instancesFromLabel } from '../../../src/core/design/build';
import type { Design, Range } from '../../../src/core/design/types';

const at = (line: number, from = 0, to = from + 1): Range => ({ start: { line, character: from }, end: { line, character: to } });

function comments(lines: string[]): Comment[] {
  return lines.map((text, i) => ({ text, range: at(i, 0, 2 + text.length), textStart: { line: i, character: 2 } }));
}

type V = [id: string, text?: string, shape?: string, classes?: string[]];
type E = [a: string, b: string, type?: string, text?: string, stroke?: string];
type S = [id: string, title: string, nodes: string[], parent?: string];

function flow(spec: { vertices?: V[]; edges?: E[]; subgraphs?: S[]; comments?: string[] }): Design {
  const ast: FlowchartAst = {
    type: 'flowchart',
    keyword: 'flowchart',
    direction: 'LR',
    vertices: (spec.vertices ?? []).map(([id, text, shape, classes], i) => {
      const v: FlowchartAst['vertices'][number] = { id, labelType: 'text', classes: classes ?? [], styles: [], range: at(100 + i), occurrences: [at(100 + i)] };
      if (text !== undefined) v.text = text;
      if (shape !== undefined) v.shape = shape;
      return v;
    }),
    edges: (spec.edges ?? []).map(([a, b, type, text, stroke], i) => ({
      id: `L_${a}_${b}_0`,
      isUserDefinedId: false,
      start: a,
      end: b,
      text: text ?? '',
      labelType: 'text',
      type: type ?? 'arrow_point',
      stroke: stroke ?? 'normal',
      length: 1,
      range: at(200 + i),
      linkRange: at(200 + i),
    })),
    subgraphs: (spec.subgraphs ?? []).map(([id, title, nodes, parent], i) => {
      const s: FlowchartAst['subgraphs'][number] = { id, title, labelType: 'text', nodes, range: at(300 + i), blockRange: at(300 + i) };
      if (parent !== undefined) s.parent = parent;
      return s;
    }),
    classDefs: [],
    comments: comments(spec.comments ?? []),
    errors: [],
  };
  return buildFlowchartDesign(ast, '');
}

type AS = [id: string, icon?: string, title?: string, inGroup?: string];
type AE = [lhs: string, arrow: '--' | '-->' | '<--' | '<-->', rhs: string, title?: string];

function arch(spec: { groups?: [string, string?, string?][]; services?: AS[]; junctions?: [string, string?][]; edges?: AE[]; comments?: string[] }): Design {
  let line = 100;
  const ast: ArchitectureAst = {
    type: 'architecture',
    groups: (spec.groups ?? []).map(([id, title, inGroup]) => {
      const g: ArchitectureAst['groups'][number] = { id, range: at(line++) };
      if (title !== undefined) g.title = title;
      if (inGroup !== undefined) g.in = inGroup;
      return g;
    }),
    services: (spec.services ?? []).map(([id, icon, title, inGroup]) => {
      const s: ArchitectureAst['services'][number] = { id, range: at(line++) };
      if (icon !== undefined) s.icon = icon;
      if (title !== undefined) s.title = title;
      if (inGroup !== undefined) s.in = inGroup;
      return s;
    }),
    junctions: (spec.junctions ?? []).map(([id, inGroup]) => {
      const j: ArchitectureAst['junctions'][number] = { id, range: at(line++) };
      if (inGroup !== undefined) j.in = inGroup;
      return j;
    }),
    edges: (spec.edges ?? []).map(([lhs, arrow, rhs, title]) => {
      const e: ArchitectureAst['edges'][number] = {
        lhsId: lhs,
        lhsDir: 'R',
        lhsGroup: false,
        lhsInto: arrow.startsWith('<'),
        rhsId: rhs,
        rhsDir: 'L',
        rhsGroup: false,
        rhsInto: arrow.endsWith('>'),
        range: at(line++),
      };
      if (title !== undefined) e.title = title;
      return e;
    }),
    comments: comments(spec.comments ?? []),
    errors: [],
  };
  return buildArchitectureDesign(ast, '');
}

const links = (d: Design) => d.links.map((l) => `${l.from}->${l.to}:${l.kind}${l.mode ? `(${l.mode})` : ''}`);
const comp = (d: Design, id: string) => d.components.find((c) => c.id === id)!;

describe('instances', () => {
  it.each([
    ['App x3', 3],
    ['App X3', 3],
    ['App ×3', 3],
    ['App x 3', 3],
    ['App (3)', 3],
    ['App(4)', 4],
    ['App (x2)', 2],
    ['x5', 5],
    ['App x0', undefined],
    ['Max3', undefined],
    ['App x3 east', undefined],
    ['Appx3', undefined],
  ])('label %j', (label, n) => {
    expect(instancesFromLabel(label)).toBe(n);
  });

  it('replicas=N wins over the label; the label keeps its suffix', () => {
    const d = flow({ vertices: [['api', 'API x3'], ['web', 'Web ×2'], ['one', 'Worker']], comments: [' @api replicas=5'] });
    expect([comp(d, 'api').instances, comp(d, 'web').instances, comp(d, 'one').instances]).toEqual([5, 2, 1]);
    expect(comp(d, 'web').label).toBe('Web ×2');
  });
});

describe('links', () => {
  it('A --> B: A calls B; ~~~ is no link; dotted and thick arrows are calls', () => {
    const d = flow({
      vertices: [['a', 'API'], ['b', 'Worker'], ['c', 'Cache']],
      edges: [['a', 'b'], ['b', 'c', 'arrow_open', '', 'invisible'], ['a', 'c', 'arrow_point', '', 'dotted']],
    });
    expect(links(d)).toEqual(['a->b:call', 'a->c:call']);
  });

  it('undirected and two-headed edges: the kind nearer the user calls; a tie keeps the written order', () => {
    const d = flow({
      vertices: [['db', 'Postgres'], ['api', 'API'], ['lb', 'LB'], ['s1', 'Service one'], ['s2', 'Service two'], ['m', 'Prometheus'], ['x', 'Thing']],
      edges: [
        ['db', 'api', 'arrow_open'],
        ['api', 'lb', 'double_arrow_point'],
        ['s2', 's1', 'arrow_open'],
        ['api', 'm', 'arrow_open'],
        ['x', 'api', 'arrow_open'],
      ],
    });
    expect(links(d)).toEqual(['api->db:call', 'lb->api:call', 's2->s1:call', 'm->api:call', 'x->api:call']);
  });

  it('replication: between two databases, or labelled; the label sets the mode, default async', () => {
    const d = flow({
      vertices: [['p', 'Orders', 'cylinder'], ['r', 'Orders 2', 'cylinder'], ['c1', 'Redis'], ['c2', 'Redis two'], ['c3', 'Redis three'], ['u', 'Thing'], ['v', 'Other']],
      edges: [
        ['p', 'r'],
        ['c1', 'c2', 'arrow_point', 'semi-sync'],
        ['c1', 'c3', 'arrow_point', 'Synchronous'],
        ['u', 'v', 'arrow_point', 'repl'],
        ['p', 'r', 'arrow_point', 'sync replication'],
      ],
    });
    expect(links(d)).toEqual(['p->r:replication(async)', 'c1->c2:replication(semi-sync)', 'c1->c3:replication(sync)', 'u->v:replication(async)', 'p->r:replication(sync)']);
  });

  it('an async call from a service is a call, not replication', () => {
    const d = flow({ vertices: [['api', 'API'], ['q', 'Kafka']], edges: [['api', 'q', 'arrow_point', 'async']] });
    expect(links(d)).toEqual(['api->q:call']);
  });

  it('an edge to a subgraph reaches its entry points; an edge from one leaves from its exits', () => {
    const d = flow({
      vertices: [['users', 'Users'], ['lb', 'LB'], ['app', 'App'], ['db', 'DB'], ['a1', 'App 1'], ['a2', 'App 2'], ['s3', 'S3']],
      subgraphs: [
        ['east', 'Region east', ['lb', 'app', 'db']],
        ['apps', 'apps', ['a1', 'a2']],
      ],
      edges: [['lb', 'app'], ['app', 'db'], ['users', 'east'], ['lb', 'apps'], ['apps', 's3']],
    });
    expect(links(d)).toEqual(['lb->app:call', 'app->db:call', 'users->lb:call', 'lb->a1:call', 'lb->a2:call', 'a1->s3:call', 'a2->s3:call']);
  });

  it('a subgraph id used as an edge end is not a component', () => {
    const d = flow({ vertices: [['users', 'Users'], ['east'], ['lb', 'LB']], subgraphs: [['east', 'east', ['lb']]], edges: [['users', 'east']] });
    expect(d.components.map((c) => c.id)).toEqual(['users', 'lb']);
  });
});

describe('roles', () => {
  it('replication edges point at replicas; primaries are what they leave', () => {
    const d = flow({
      vertices: [['p', 'Orders', 'cylinder'], ['r1', 'Orders', 'cylinder'], ['r2', 'Orders', 'cylinder'], ['solo', 'Users DB', 'cylinder']],
      edges: [['p', 'r1'], ['r1', 'r2']],
    });
    expect(d.components.map((c) => c.role)).toEqual(['primary', 'replica', 'replica', undefined]);
  });

  it('a database labelled replica/follower/standby/secondary is a replica, primary/leader/master a primary', () => {
    const d = flow({
      vertices: [
        ['a', 'Orders replica', 'cylinder'],
        ['b', 'Follower DB'],
        ['c', 'Standby', 'cylinder'],
        ['d', 'Secondary DB'],
        ['e', 'Primary DB'],
        ['f', 'Leader', 'cylinder'],
        ['g', 'Replica service'],
      ],
    });
    expect(d.components.map((c) => c.role)).toEqual(['replica', 'replica', 'replica', 'replica', 'primary', 'primary', undefined]);
  });

  it('an undirected replication edge flows towards the end labelled replica', () => {
    const d = flow({ vertices: [['r', 'DB replica'], ['p', 'DB']], edges: [['r', 'p', 'arrow_open']] });
    expect(links(d)).toEqual(['p->r:replication(async)']);
    expect(comp(d, 'p').role).toBe('primary');
  });

  it('a two-headed replication edge is multi-primary', () => {
    const d = flow({ vertices: [['a', 'DB one'], ['b', 'DB two']], edges: [['a', 'b', 'double_arrow_point']] });
    expect(d.components.map((c) => c.role)).toEqual(['primary', 'primary']);
  });
});

describe('groups and regions', () => {
  it('region by id or label words, by annotation, nested; innermost region wins', () => {
    const d = flow({
      vertices: [['lb', 'LB'], ['app', 'App'], ['db', 'DB'], ['x', 'Worker']],
      subgraphs: [
        ['az1', 'first', ['app'], 'useast'],
        ['useast', 'us-east-1', ['lb', 'az1', 'tier']],
        ['tier', 'Data tier', ['db'], 'useast'],
        ['dc', 'Some place', ['x']],
      ],
      comments: [' @dc kind=region', ' @tier kind=group'],
    });
    expect(d.groups.map((g) => [g.id, g.kind, g.parent])).toEqual([
      ['az1', 'region', 'useast'],
      ['useast', 'region', undefined],
      ['tier', 'group', 'useast'],
      ['dc', 'region', undefined],
    ]);
    expect(d.components.map((c) => [c.id, c.group, c.region])).toEqual([
      ['lb', 'useast', 'useast'],
      ['app', 'az1', 'az1'],
      ['db', 'tier', 'useast'],
      ['x', 'dc', 'dc'],
    ]);
    expect(d.groups.find((g) => g.id === 'useast')!.members).toEqual(['lb', 'az1', 'tier']);
  });

  it.each([
    ['Region A', 'region'],
    ['zone b', 'region'],
    ['AZ-1', 'region'],
    ['DC2', 'region'],
    ['Datacenter', 'region'],
    ['data center west', 'region'],
    ['eu-west-2a', 'region'],
    ['europe-west4', 'region'],
    ['Backend', 'group'],
    ['Ozone', 'group'],
    ['rw-db-1', 'group'],
  ])('subgraph titled %j is a %s', (title, kind) => {
    const d = flow({ vertices: [['a', 'App']], subgraphs: [['g', title, ['a']]] });
    expect(d.groups[0]!.kind).toBe(kind);
  });

  it('a node listed in nested subgraphs belongs to the deepest', () => {
    const d = flow({ vertices: [['a', 'App']], subgraphs: [['outer', 'outer', ['a', 'inner']], ['inner', 'inner', ['a'], 'outer']] });
    expect(comp(d, 'a').group).toBe('inner');
    expect(d.groups.map((g) => g.members)).toEqual([['inner'], ['a']]);
  });

  it('parent cycles are broken, not followed forever', () => {
    const d = flow({ vertices: [['a', 'App']], subgraphs: [['g1', 'Region 1', ['a'], 'g2'], ['g2', 'g2', ['g1'], 'g1']] });
    expect(comp(d, 'a').region).toBe('g1');
  });
});

describe('annotations and findings in the design', () => {
  it('attributes, annotation ranges, requirements, disabled rules; disabled findings dropped', () => {
    const d = flow({
      vertices: [['lb', 'LB'], ['db', 'Store']],
      comments: [' @design availability=99.99 dau=10M', ' @lb health=/hz mode=active-active', ' @db kind=database failover=auto', ' @lint-disable spof', ' @nope x=1'],
    });
    expect(comp(d, 'lb').attributes).toEqual({ health: '/hz', mode: 'active-active' });
    expect(comp(d, 'lb').annotationRanges.map((r) => r.start.line)).toEqual([1]);
    expect(comp(d, 'db')).toMatchObject({ kind: 'database', kindSource: 'annotation' });
    expect(d.requirements).toEqual({ availability: 0.9999, dau: 1e7 });
    expect(d.disabledRules).toEqual(['spof']);
    expect(d.findings.map((f) => f.range.start.line)).toEqual([4]);
    const off = flow({ vertices: [['a']], comments: [' @nope x=1', ' @lint-disable annotation'] });
    expect(off.findings).toEqual([]);
  });
});

describe('architecture-beta', () => {
  it('services, groups, icons, arrow directions', () => {
    const d = arch({
      groups: [['east', 'us-east-1'], ['api', 'API']],
      services: [['web', 'internet', 'Users'], ['srv', 'server', 'Server', 'east'], ['db', 'database', 'DB', 'east'], ['files', 'disk', 'Files']],
      edges: [['web', '-->', 'srv'], ['db', '<--', 'srv'], ['srv', '--', 'files'], ['db', '--', 'srv']],
    });
    expect(d.components.map((c) => [c.id, c.kind, c.kindReason, c.group, c.region])).toEqual([
      ['web', 'client', "icon 'internet'", undefined, undefined],
      ['srv', 'service', "icon 'server'", 'east', 'east'],
      ['db', 'database', "icon 'database'", 'east', 'east'],
      ['files', 'object-store', "icon 'disk'", undefined, undefined],
    ]);
    expect(links(d)).toEqual(['web->srv:call', 'srv->db:call', 'srv->files:call', 'srv->db:call']);
    expect(d.groups.map((g) => [g.id, g.kind])).toEqual([
      ['east', 'region'],
      ['api', 'group'],
    ]);
    expect(d.links[0]!.id).toBe('L_web_srv_0');
  });

  it('edge ids number repeated pairs, also from a node with many edges', () => {
    const targets = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const d = arch({
      services: [['h', 'server'], ...targets.map((t): AS => [t, 'database'])],
      edges: [
        ['h', '-->', 's1'],
        ['h', '-->', 's1'],
        ...targets.map((t): AE => ['h', '-->', t]),
        ['h', '-->', 's3'],
        ['h', '-->', 's19'],
        ['h', '-->', 's1'],
        ['s2', '-->', 'nowhere'],
      ],
    });
    const ids = d.links.map((l) => l.id);
    expect(ids.slice(0, 3)).toEqual(['L_h_s1_0', 'L_h_s1_1', 'L_h_s0_0']);
    expect(ids).toContain('L_h_s1_2');
    expect(ids.slice(-3)).toEqual(['L_h_s3_1', 'L_h_s19_1', 'L_h_s1_3']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('junctions pass calls through; they are components of unknown kind that no link touches', () => {
    const d = arch({
      services: [['users', 'internet', 'Users'], ['a', 'server', 'App A'], ['b', 'server', 'App B'], ['db', 'database', 'DB'], ['m', 'cloud', 'Grafana']],
      junctions: [['j1'], ['j2']],
      edges: [
        ['users', '-->', 'j1'],
        ['j1', '-->', 'a'],
        ['j1', '--', 'j2'],
        ['j2', '-->', 'b'],
        ['a', '--', 'db'],
        ['m', '--', 'j2'],
      ],
    });
    expect(comp(d, 'j1')).toMatchObject({ kind: 'unknown', shape: 'junction' });
    expect(d.links.every((l) => l.from !== 'j1' && l.to !== 'j1' && l.from !== 'j2' && l.to !== 'j2')).toBe(true);
    // users point into the hub: they call what it points at (a, b) and what hangs on it undirected (m).
    expect(links(d).sort()).toEqual(['a->db:call', 'm->a:call', 'm->b:call', 'users->a:call', 'users->b:call', 'users->m:call'].sort());
  });

  it('undirected edges around a junction pair up by kind', () => {
    const d = arch({
      services: [['d1', 'disk', 'Disk 1'], ['d2', 'disk', 'Disk 2'], ['gw', 'internet', 'Gateway']],
      junctions: [['j']],
      edges: [['d1', '--', 'j'], ['d2', '--', 'j'], ['gw', '--', 'j']],
    });
    expect(links(d)).toEqual(['d1->d2:call', 'gw->d1:call', 'gw->d2:call']);
  });

  it('services and junctions become components in source order, whatever order the lists come in', () => {
    const order = (services: [string, number][], junctions: [string, number][]) =>
      buildArchitectureDesign(
        {
          type: 'architecture',
          groups: [],
          services: services.map(([id, line]) => ({ id, range: at(line) })),
          junctions: junctions.map(([id, line]) => ({ id, range: at(line) })),
          edges: [],
          comments: [],
          errors: [],
        },
        '',
      ).components.map((c) => c.id);
    // Interleaved, each list in order; a service and a junction on the same line keep service first.
    expect(order([['a', 1], ['b', 3], ['c', 5]], [['j1', 2], ['j2', 5], ['j3', 9]])).toEqual(['a', 'j1', 'b', 'c', 'j2', 'j3']);
    // Lists out of order (not what the parser makes, but the builder takes any syntax tree).
    expect(order([['c', 5], ['a', 1], ['b', 3]], [['j2', 4], ['j1', 2]])).toEqual(['a', 'j1', 'b', 'j2', 'c']);
    // A repeated id: the first in source order is the component.
    expect(order([['x', 7]], [['x', 2], ['y', 8]])).toEqual(['x', 'y']);
  });

  it('a junction given a kind is a component again', () => {
    const d = arch({ services: [['a', 'server'], ['b', 'database']], junctions: [['j']], edges: [['a', '-->', 'j'], ['j', '-->', 'b']], comments: [' @j kind=load-balancer'] });
    expect(comp(d, 'j').kind).toBe('load-balancer');
    expect(links(d)).toEqual(['a->j:call', 'j->b:call']);
  });
});
