// The slice of jsdom's API the tests use (jsdom ships no types, and @types/jsdom is not a dependency).
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: { url?: string; contentType?: string });
    readonly window: Window & typeof globalThis;
  }
}
