// tsconfig "paths" sends `import 'vscode'` here from every folder that must not use it
// (src/core, src/shared, src/cli, src/webview), so such an import fails `npm run typecheck`
// with this message.
const importingVscodeIsOnlyAllowedInSrcVscode: 'only src/vscode and src/extension.ts may import vscode' = 'forbidden';
export default importingVscodeIsOnlyAllowedInSrcVscode;
