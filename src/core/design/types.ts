/**
 * The design model: what a Mermaid diagram says about an architecture.
 *
 * Everything here is plain data (no classes, no Maps) so a Design can cross a
 * worker or webview boundary by structured clone and be printed as JSON by the CLI.
 */

/** 0-based, like VS Code and LSP. `character` counts UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A fix is data: text edits in the file's own coordinates; adapters turn it into editor edits. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** At most one fix per finding is preferred (the light bulb's default). */
  preferred?: boolean;
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

/** DESIGN.md §3. Extra fields are optional and never required by consumers. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The node id the finding is about, when it is about one. */
  component?: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export const COMPONENT_KINDS = [
  'client',
  'dns',
  'cdn',
  'load-balancer',
  'gateway',
  'service',
  'worker',
  'cache',
  'database',
  'queue',
  'object-store',
  'search',
  'monitor',
] as const;

export type KnownKind = (typeof COMPONENT_KINDS)[number];
export type ComponentKind = KnownKind | 'unknown';

/** Which inference rule of DESIGN.md §2 decided the kind; the hover explains it. */
export type KindSource =
  | 'annotation'
  | 'class'
  | 'icon'
  | 'specific-keyword'
  | 'shape'
  | 'keyword'
  | 'none';

export type ReplicationMode = 'async' | 'semi-sync' | 'sync';
export type LbMode = 'active-active' | 'active-passive';
export type Consistency = 'strong' | 'read-your-writes' | 'eventual';

/** `%% @<id> key=value` settings that apply to a node. */
export interface NodeAttributes {
  kind?: ComponentKind;
  replicas?: number;
  /** Health endpoint (on a service) or the path a load balancer checks (on a load balancer). */
  health?: string;
  breaker?: boolean;
  mode?: LbMode;
  failover?: 'auto' | 'manual';
  stateful?: boolean;
  /** Per-instance availability as a fraction (99.9 in the file -> 0.999 here). */
  availability?: number;
}

export interface Component {
  id: string;
  /** The label as Mermaid shows it (quotes and markdown backticks removed); the id when none. */
  label: string;
  kind: ComponentKind;
  /** Why the kind was chosen, for hovers: e.g. `keyword "Redis" in the label`. */
  kindReason: string;
  kindSource: KindSource;
  /**
   * Mermaid's shape: the vertex type Mermaid's own parser records (`square`, `round`,
   * `cylinder`, ... or an `@{ shape: x }` name as written); architecture services get
   * `service`, junctions `junction`. Undefined for a bare id never given a shape.
   */
  shape?: string;
  /** architecture-beta icon, e.g. `database`, `server`, `logos:aws-s3`. */
  icon?: string;
  /** Identical instances: `replicas=N`, a label suffix `x3` / `×3` / `(3)`; 1 otherwise. */
  instances: number;
  role?: 'primary' | 'replica';
  /** Innermost enclosing subgraph / architecture group. */
  group?: string;
  /** Innermost enclosing group whose kind is `region`. */
  region?: string;
  classes: string[];
  attributes: NodeAttributes;
  /** Where the node is first defined (its id token). */
  range: Range;
  /** Every place the node id appears as a vertex (definition and uses), first one = `range`. */
  occurrences: Range[];
  /** Where its `%% @<id>` annotation lines are. */
  annotationRanges: Range[];
}

export type LinkKind = 'call' | 'replication';

export interface Link {
  /** Mermaid's edge id: the user's `e1@-->` id, or `L_<from>_<to>_<n>`. */
  id: string;
  from: string;
  to: string;
  kind: LinkKind;
  /** For replication links: from the label, default async. */
  mode?: ReplicationMode;
  label: string;
  /** Mermaid edge type as its parser records it, e.g. `arrow_point`, `double_arrow_point`, `arrow_open`. */
  arrow: string;
  /** `normal` | `thick` | `dotted` | `invisible` for flowcharts. */
  stroke: string;
  range: Range;
}

export type GroupKind = 'region' | 'group';

export interface Group {
  id: string;
  label: string;
  kind: GroupKind;
  parent?: string;
  /** Direct members: component ids and child group ids, in source order. */
  members: string[];
  range: Range;
}

export interface Requirements {
  /** Target availability as a fraction: `availability=99.99` -> 0.9999. */
  availability?: number;
  dau?: number;
  /** Requests per user per day. */
  requests?: number;
  /** Peak factor over the average. */
  peak?: number;
  /** Read share of requests, a fraction 0..1. */
  reads?: number;
  consistency?: Consistency;
}

/** One `key`, `key=value` or `key="quoted value"` of an annotation line. */
export interface AnnotationEntry {
  key: string;
  /** The value without quotes; undefined for a bare flag. */
  value?: string;
  /** From the key to the end of the value. */
  range: Range;
  keyRange: Range;
  /** The value as written (quotes included); undefined for a bare flag. */
  valueRange?: Range;
}

/** One parsed `%% @...` line. */
export interface Annotation {
  /** `design`, `lint-disable`, or a node/group id. */
  target: string;
  entries: AnnotationEntry[];
  range: Range;
}

export type DiagramType = 'flowchart' | 'architecture';

export interface Design {
  diagram: DiagramType;
  /** Flowchart direction (TB, LR, ...); undefined for architecture-beta. */
  direction?: string;
  components: Component[];
  links: Link[];
  groups: Group[];
  requirements: Requirements;
  annotations: Annotation[];
  /** Rule ids switched off by `%% @lint-disable <rule>` in this diagram. */
  disabledRules: string[];
  /** syntax and annotation findings from parsing. */
  findings: Finding[];
  /**
   * The diagram's text and where it sits in the file. For a .mmd file the whole file;
   * for a Markdown fence, the fence's body (first body line to last body line).
   */
  source: string;
  range: Range;
}

/** A file may hold several designs (Markdown) or one (.mmd). */
export interface DesignDocument {
  designs: Design[];
  /** Findings not tied to one design (e.g. a .mmd file that is not a flowchart). */
  findings: Finding[];
}
