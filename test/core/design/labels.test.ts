import { describe, expect, it } from 'vitest';
import { sanitizeLabel } from '../../../src/core/design/labels';

describe('sanitizeLabel (what Mermaid stores after DOMPurify)', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a & b > c', 'a & b > c'],
    ['one<br/>two<br />three<BR>', 'one<br>two<br>three<br>'],
    ['x < y & z', 'x &lt; y &amp; z'],
    ['<b>bold', '<b>bold</b>'],
    ['<i>a</b>b</i>', '<i>ab</i>'],
    ['ok<script>alert(1)</script>!', 'ok!'],
    ['<img src=x onerror=alert(1)>', '<img src="x">'],
    [`<a href='https://x.y' target="_blank">link</a>`, '<a href="https://x.y" target="_blank">link</a>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<span title="a<b">t</span>', '<span title="a&lt;b">t</span>'],
    ['&lt;tag&gt; <br>', '&lt;tag&gt; <br>'],
    ['<unknown>kept text</unknown>', 'kept text'],
    ['a <!-- note --> b', 'a  b'],
    ['cut <b', 'cut '],
    ['x <img src="javascript:alert(1)" alt=a ALT=b>y', 'x <img alt="a">y'],
    [`<div onclick="x" title='a"b'>t</div>`, '<div title="a&quot;b">t</div>'],
    ['<b>a</b> < b > c\u00A0d', '<b>a</b> &lt; b &gt; c&nbsp;d'],
    ['\uFB02\u00B0quot\u00B6\u00DF and \uFB02\u00B0\u00B09829\u00B6\u00DF', '&quot; and &#9829;'],
  ])('%j -> %j', (input, output) => {
    expect(sanitizeLabel(input)).toBe(output);
  });
});
