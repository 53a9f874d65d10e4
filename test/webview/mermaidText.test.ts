import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mermaidRenderText } from '../../src/webview/mermaidText';

const base = ['flowchart LR', '  users([Users]) --> lb[Load balancer]', '  lb --> api[API x3]', '  api --> db[(Postgres)]'].join('\n');

describe('mermaidRenderText: what Mermaid draws', () => {
  it('ignores annotations, comments, blank lines and indentation', () => {
    const edited = ['', 'flowchart LR', '%% @design availability=99.99', '    users([Users]) --> lb[Load balancer]   ', '', '  %% a note', '\tlb --> api[API x3]', '  %% @api replicas=3 breaker', 'api --> db[(Postgres)]', ''].join('\r\n');
    expect(mermaidRenderText(edited)).toBe(mermaidRenderText(base));
  });

  it('sees every change to a label, an edge or a node', () => {
    for (const changed of [base.replace('API x3', 'API x4'), base.replace('-->', '-.->'), `${base}\n  api --> cache[(Redis)]`, base.replace('LR', 'TB')]) {
      expect(mermaidRenderText(changed)).not.toBe(mermaidRenderText(base));
    }
  });

  it('keeps directives, and front matter exactly (YAML indentation matters)', () => {
    const text = ['---', 'title: Shop', 'config:', '  look: handDrawn', '---', '%%{init: {"flowchart": {"curve": "basis"}}}%%', 'flowchart LR', '  a --> b'].join('\n');
    expect(mermaidRenderText(text)).toBe(['---', 'title: Shop', 'config:', '  look: handDrawn', '---', '%%{init: {"flowchart": {"curve": "basis"}}}%%', 'flowchart LR', 'a --> b'].join('\n'));
  });

  it('keeps indentation inside a quoted label that spans lines', () => {
    const text = ['flowchart LR', '  a["`first', '     indented second`"] --> b'].join('\n');
    expect(mermaidRenderText(text)).toBe(['flowchart LR', 'a["`first', '     indented second`"] --> b'].join('\n'));
  });

  it('keeps indentation in diagrams where it is syntax (mindmap)', () => {
    const text = ['mindmap', '  root', '    child', '  %% note', '    other'].join('\n');
    expect(mermaidRenderText(text)).toBe(['mindmap', '  root', '    child', '    other'].join('\n'));
  });

  it('keeps comments before a --- that is not front matter, so reading the result again does not make it front matter', () => {
    const text = ['%% @a kind=cache', '---', '---', 'flowchart LR', '  y"]'].join('\n');
    const once = mermaidRenderText(text);
    expect(once).toBe(['%% @a kind=cache', '---', '---', 'flowchart LR', '  y"]'].join('\n'));
    expect(mermaidRenderText(once)).toBe(once);
    // With the front matter first, the comment goes as usual.
    expect(mermaidRenderText(['---', 'title: t', '---', '%% c', 'flowchart LR'].join('\n'))).toBe(['---', 'title: t', '---', 'flowchart LR'].join('\n'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('flowchart LR', '  a --> b', '%% @a kind=cache', '', '   ', 'b["x', '  y"]', '---', 'title: t', 'mindmap', '  %% c'), { maxLength: 12 }), (lines) => {
        const once = mermaidRenderText(lines.join('\n'));
        expect(mermaidRenderText(once)).toBe(once);
      }),
    );
  });
});
