/**
 * Raw syntax trees of the two diagram languages, before any system-design meaning is
 * attached. Field names follow what Mermaid's own parser records (its flowchart and
 * architecture databases) so the differential test against Mermaid can compare directly.
 * All ranges are in the coordinates of the text handed to the parser.
 */
import type { Finding, Range } from './types';

export type LabelType = 'text' | 'markdown' | 'string';

/**
 * A `%%` comment (not a `%%{init}%%` directive): a whole line, or in architecture-beta also the
 * rest of a line after a statement. Annotations are read from these.
 */
export interface Comment {
  /** Text after `%%`, untrimmed. */
  text: string;
  /** Range of the whole comment, from `%%` to the end of the line. */
  range: Range;
  /** Where `text` starts (just after `%%`). */
  textStart: { line: number; character: number };
}

export interface FlowVertex {
  id: string;
  /** Label as Mermaid stores it (trimmed, quotes removed); undefined when never given one. */
  text?: string;
  labelType: LabelType;
  /** Mermaid's vertex type (`square`, `round`, `cylinder`, `diamond`, ...) or the `@{ shape }` name. */
  shape?: string;
  classes: string[];
  styles: string[];
  /** First occurrence of the id. */
  range: Range;
  occurrences: Range[];
  /** Range of the label text, when there is one (quotes excluded) and `labelRanges` is not false. */
  labelRange?: Range;
}

export interface FlowEdge {
  id: string;
  isUserDefinedId: boolean;
  start: string;
  end: string;
  text: string;
  labelType: LabelType;
  /** `arrow_point`, `arrow_open`, `arrow_circle`, `arrow_cross`, `double_arrow_point`, ... */
  type: string;
  /** `normal`, `thick`, `dotted`, `invisible`. */
  stroke: string;
  length: number;
  /** From the start of the source vertex reference to the end of the target reference. */
  range: Range;
  /** The link token itself (e.g. `-->|text|`); left out when parsed with `labelRanges: false`. */
  linkRange?: Range;
  /** Range of the link text, when there is one (quotes excluded). */
  labelRange?: Range;
}

export interface FlowSubgraph {
  id: string;
  title: string;
  labelType: LabelType;
  /** Direct members in source order: vertex ids and nested subgraph ids. */
  nodes: string[];
  dir?: string;
  parent?: string;
  /** The `subgraph ...` header line's id token. */
  range: Range;
  /** From `subgraph` to the matching `end`. */
  blockRange: Range;
}

export interface ClassDef {
  id: string;
  styles: string[];
  range: Range;
}

/** A `click` statement: kept so the diagram stays valid, never acted on. */
export interface FlowClick {
  /** The node ids it names (Mermaid splits the id on commas). */
  ids: string[];
  range: Range;
}

export interface FlowchartAst {
  type: 'flowchart';
  /** `flowchart`, `graph` or `flowchart-elk`, as written. */
  keyword: string;
  direction: string;
  vertices: FlowVertex[];
  edges: FlowEdge[];
  subgraphs: FlowSubgraph[];
  classDefs: ClassDef[];
  comments: Comment[];
  /** `syntax` findings: what Mermaid would reject, at the offending token. */
  errors: Finding[];
  /** YAML front matter (`---` ... `---`), skipped by the parser. */
  frontMatter?: Range;
  accTitle?: string;
  accDescr?: string;
  clicks?: FlowClick[];
}

export type ArchSide = 'L' | 'R' | 'T' | 'B';

/** Groups, services and junctions: `range` is the id token where the item is declared. */
export interface ArchGroup {
  id: string;
  icon?: string;
  title?: string;
  in?: string;
  range: Range;
}

export interface ArchService {
  id: string;
  icon?: string;
  iconText?: string;
  title?: string;
  in?: string;
  range: Range;
}

export interface ArchJunction {
  id: string;
  in?: string;
  range: Range;
}

export interface ArchEdge {
  lhsId: string;
  lhsDir: ArchSide;
  /** `{group}` modifier on the left end. */
  lhsGroup: boolean;
  /** Arrow head at the left end (`<`). */
  lhsInto: boolean;
  rhsId: string;
  rhsDir: ArchSide;
  rhsGroup: boolean;
  rhsInto: boolean;
  title?: string;
  /** The whole edge statement. */
  range: Range;
}

/** `align row a b c` / `align column a b`: a layout hint. */
export interface ArchAlignment {
  direction: string;
  members: string[];
  range: Range;
}

export interface ArchitectureAst {
  type: 'architecture';
  groups: ArchGroup[];
  services: ArchService[];
  junctions: ArchJunction[];
  edges: ArchEdge[];
  /** `%%` comments: whole lines and those after a statement. */
  comments: Comment[];
  errors: Finding[];
  alignments?: ArchAlignment[];
  title?: string;
  accTitle?: string;
  accDescr?: string;
  /** YAML front matter (`---` ... `---`), skipped by the parser. */
  frontMatter?: Range;
}

export type DiagramAst = FlowchartAst | ArchitectureAst;
