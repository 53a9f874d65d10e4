import { describe, expect, it } from 'vitest';
import { detectFormat, parseHistory } from '../../../src/core/check/formats';

const lines = (...ls: string[]) => ls.join('\n') + '\n';

function parsed(text: string, format?: Parameters<typeof parseHistory>[1]) {
  const r = parseHistory(text, format);
  if (!r.ok) throw new Error(r.error);
  return r.history;
}

function error(text: string, format?: Parameters<typeof parseHistory>[1]) {
  const r = parseHistory(text, format);
  if (r.ok) throw new Error('expected a parse error');
  return r;
}

describe('format detection', () => {
  it.each([
    ['{"ops": []}', 'json'],
    ['  [\n]', 'json'],
    ['{:process 0, :type :invoke, :f :get, :key "1", :value nil}', 'edn'],
    ['INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'jepsen'],
    ['3 :invoke :write 2', 'jepsen'],
    ['hello', undefined],
    ['   ', undefined],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe('history JSON', () => {
  const op = (extra: string) =>
    `{"id": 1, "session": "c1", "key": "x", "op": "write", "value": 1, "invokeMs": 0, "completeMs": 5, "outcome": "ok"${extra}}`;

  it('reads operations, optional fields and the initial value', () => {
    const h = parsed(
      lines(
        '{',
        '  "initial": "v0",',
        '  "seed": 42,',
        '  "ops": [',
        `    ${op(', "node": "db1"')},`,
        '    {"id": 2, "session": "c2", "key": "x", "op": "cas", "value": [1, 2], "swapped": false, "invokeMs": 6, "completeMs": 9, "outcome": "ok"},',
        '    {"id": 3, "session": "c1", "key": "x", "op": "read", "value": 1, "invokeMs": 10, "completeMs": 12, "outcome": "ok",',
        '     "truth": {"committedVersion": 2, "returnedVersion": 1}}',
        '  ]',
        '}',
      ),
    );
    expect(h.initial).toBe('v0');
    expect(h.ops).toHaveLength(3);
    expect(h.ops[0]?.node).toBe('db1');
    expect(h.ops[1]).toMatchObject({ op: 'cas', value: [1, 2], swapped: false });
    // stale is filled in from the versions when absent.
    expect(h.ops[2]?.truth).toEqual({ committedVersion: 2, returnedVersion: 1, stale: true });
  });

  it('accepts a bare array and numbers ids by position when absent', () => {
    const h = parsed('[{"session": "a", "key": "k", "op": "read", "value": null, "invokeMs": 1, "completeMs": 2, "outcome": "ok"}]');
    expect(h.ops[0]?.id).toBe(0);
  });

  it('says which line a syntax error is on', () => {
    const r = error(lines('{', '  "ops": [', `    ${op('')}`, `    ${op('')}`, '  ]', '}'));
    expect(r.line).toBe(4);
    expect(r.error).toMatch(/^line 4, column 5: expected ',' or '\]'/);
  });

  it.each([
    [op(', "outcome": "maybe"').replace('"outcome": "ok", ', ''), /ops\[1\]\.outcome: must be one of ok, fail, unknown, got "maybe"/],
    [op('').replace('"write"', '"delete"'), /ops\[1\]\.op: must be one of read, write, cas, append/],
    [op('').replace('"completeMs": 5', '"completeMs": -1'), /completes \(-1\) before it is invoked \(0\)/],
    [op('').replace('"value": 1', '"value": {"a": 1}'), /ops\[1\]\.value: a write needs a string or number value/],
    [op('').replace('"write", "value": 1', '"cas", "value": [1]'), /a cas needs value \[expected, new\]/],
    [op('').replace('"write", "value": 1', '"cas", "value": [1, 2]'), /an ok cas must say whether it swapped/],
    [op('').replace('"session": "c1", ', ''), /ops\[1\]\.session: must be a string/],
    [op(', "truth": {"committedVersion": "2", "returnedVersion": 1}'), /ops\[1\]\.truth\.committedVersion: must be a number/],
  ])('rejects a bad operation with its line: %s', (bad, message) => {
    const r = error(lines('{', '  "ops": [', `    ${op('').replace('"id": 1', '"id": 0')},`, `    ${bad}`, '  ]', '}'));
    expect(r.error).toMatch(message);
    expect(r.line).toBe(4);
    expect(r.error.startsWith('line 4: ')).toBe(true);
  });

  it('rejects duplicate ids and a session with two operations outstanding', () => {
    expect(error(`{"ops": [${op('')}, ${op('')}]}`).error).toMatch(/duplicate id 1/);
    const overlap = `{"ops": [${op('')}, ${op('').replace('"id": 1', '"id": 2').replace('"invokeMs": 0', '"invokeMs": 3').replace('"completeMs": 5', '"completeMs": 8')}]}`;
    expect(error(overlap).error).toMatch(/session "c1" invokes this operation at 3 ms while its operation 1 is outstanding until 5 ms/);
  });

  it('rejects a document without ops', () => {
    expect(error('{"operations": []}').error).toMatch(/needs an 'ops' array/);
    expect(error('"ops"', 'json').error).toMatch(/an object with an 'ops' array/);
  });
});

describe('Jepsen etcd logs', () => {
  const log = lines(
    'INFO  jepsen.util - 0\t:invoke\t:write\t3',
    'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 0\t:ok\t:write\t3',
    'INFO  jepsen.util - 1\t:ok\t:read\t3',
    'INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]',
    'INFO  jepsen.util - 2\t:fail\t:cas\t[3 4]',
    'INFO  jepsen.util - 3\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 3\t:fail\t:read\t:timed-out',
    'INFO  jepsen.util - 4    :invoke    :write    1',
    'INFO  jepsen.util - 4    :info    :write    :timed-out',
    'INFO  jepsen.util - 9\t:invoke\t:cas\t[1 2]',
  );

  it('pairs invocations with completions, with line numbers as times', () => {
    const h = parsed(log);
    expect(h.timeUnit).toBe('line');
    expect(h.initial).toBeNull();
    expect(h.ops.map((o) => [o.session, o.op, o.outcome, o.invokeMs, o.completeMs])).toEqual([
      ['process 0', 'write', 'ok', 1, 3],
      ['process 1', 'read', 'ok', 2, 4],
      ['process 2', 'cas', 'ok', 5, 6],
      ['process 3', 'read', 'fail', 7, 8],
      ['process 4', 'write', 'unknown', 9, 10],
      ['process 9', 'cas', 'unknown', 11, 12],
    ]);
    expect(h.ops[1]?.value).toBe(3);
    // A failed cas compared and did not swap: it completed.
    expect(h.ops[2]).toMatchObject({ value: [3, 4], swapped: false });
    expect(h.ops[4]?.error).toBe('timed-out');
    expect(h.ops[5]?.error).toBe('never completed');
  });

  it('names the line of a malformed entry', () => {
    expect(error(lines('INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'garbage')).error).toMatch(/^line 2: not a Jepsen log line/);
    expect(error('INFO  jepsen.util - 0\t:ok\t:read\t3\n').error).toMatch(/line 1: :ok for process 0, which has no open operation/);
    expect(error(lines('0 :invoke :read nil', '0 :invoke :write 1')).error).toMatch(/line 2: process 0 invokes :write while its :read from line 1 is still open/);
    expect(error(lines('0 :invoke :read nil', '0 :ok :write 1')).error).toMatch(/line 2: :ok :write for process 0, whose open operation \(line 1\) is a :read/);
    expect(error('0 :invoke :delete 1\n').error).toMatch(/line 1: unknown operation :delete/);
  });

  it('calls an empty file what it is', () => {
    expect(error('').error).toMatch(/empty/);
    expect(error('\n\n', 'jepsen').error).toMatch(/no operations/);
  });
});

describe('EDN key-value logs', () => {
  it('reads get, put and append, with "" as every key\'s initial value', () => {
    const h = parsed(
      lines(
        '{:process 0, :type :invoke, :f :append, :key "7", :value "x 0 0 y"}',
        '{:process 1, :type :invoke, :f :get, :key "7", :value nil}',
        '{:process 0, :type :ok, :f :append, :key "7", :value "x 0 0 y"}',
        '{:process 1, :type :ok, :f :get, :key "7", :value "x 0 0 y"}',
        '{:process 1, :type :invoke, :f :put, :key "8", :value "z"}',
        '{:process 1, :type :ok, :f :put, :key "8", :value "z"}',
        '{:process 2, :type :invoke, :f :get, :key "8", :value nil}',
        '{:process 2, :type :ok, :f :get, :key "8", :value nil}',
      ),
    );
    expect(h.initial).toBe('');
    expect(h.ops.map((o) => [o.session, o.key, o.op, o.value])).toEqual([
      ['process 0', '7', 'append', 'x 0 0 y'],
      ['process 1', '7', 'read', 'x 0 0 y'],
      ['process 1', '8', 'write', 'z'],
      ['process 2', '8', 'read', ''],
    ]);
  });

  it('names the line and column of a malformed map', () => {
    const r = error(lines('{:process 0, :type :invoke, :f :get, :key "1", :value nil}', '{:process 0, :type :ok, :f :get, :key "1", :value "unterminated}'));
    expect(r.line).toBe(2);
    expect(r.error).toMatch(/^line 2, column \d+: unterminated string/);
    expect(error('{:process 0, :type :invoke, :f :frob, :key "1"}\n').error).toMatch(/line 1: unknown :f :frob/);
    expect(error('{:process 0, :type :begin, :f :get}\n').error).toMatch(/line 1: :type must be/);
  });
});
