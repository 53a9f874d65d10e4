import { describe, expect, it } from 'vitest';
import { detectDiagram } from '../../../src/core/design/detect';
import { marked, r } from '../../support/marked';

describe('detectDiagram', () => {
  it.each([
    ['flowchart LR\nA --> B', 'flowchart-v2', 'flowchart'],
    ['graph TD\nA --> B', 'flowchart', 'flowchart'],
    ['flowchart-elk TB\nA --> B', 'flowchart-elk', 'flowchart'],
    ['architecture-beta\nservice a', 'architecture', 'architecture'],
    ['sequenceDiagram\nA->>B: hi', 'sequence', 'other'],
    ['classDiagram\nclass A', 'class', 'other'],
    ['stateDiagram-v2\n[*] --> A', 'stateDiagram', 'other'],
    ['erDiagram\nA ||--o{ B : has', 'er', 'other'],
    ['gantt\ntitle x', 'gantt', 'other'],
  ])('%j is %s', (text, type, family) => {
    expect(detectDiagram(text)).toMatchObject({ type, family });
  });

  it('skips front matter, directives and comments, and points at the keyword', () => {
    const { text, ranges } = marked('---', 'title: Shop', '---', '%%{init: {"theme": "forest"}}%%', '%% a comment', '  «flowchart» LR', '  A --> B');
    const d = detectDiagram(text)!;
    expect(d.family).toBe('flowchart');
    expect(r(d.range)).toBe(r(ranges[0]));
  });

  it('follows Mermaid where its detectors are loose', () => {
    // Mermaid's C4 pattern matches these words anywhere in the text.
    expect(detectDiagram('flowchart LR\nA[C4Container] --> B')?.type).toBe('c4');
    expect(detectDiagram('graphics\nA')?.family).toBe('flowchart');
  });

  it('finds nothing in text that is no diagram', () => {
    expect(detectDiagram('hello world')).toBeUndefined();
    expect(detectDiagram('')).toBeUndefined();
    expect(detectDiagram('%% only a comment')).toBeUndefined();
  });
});
