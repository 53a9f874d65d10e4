// `import cases from 'sdlab:cases/<folder>'`: every .ts file of test/vscode/<folder>, in name
// order, each with its default export (run.mjs generates the module when bundling).
declare module 'sdlab:cases/*' {
  const cases: readonly { readonly file: string; readonly case: unknown }[];
  export default cases;
}
