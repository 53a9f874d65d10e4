// Runs in the extension host. The extension as one object: each feature registers here.
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { LintFeatures } from './lintProviders';
import { registerEstimateCommands } from './estimate/commands';
import { SimulatorPanels } from './panel/simulatorPanels';

export class SystemDesignLab extends Disposable {
  constructor(readonly context: vscode.ExtensionContext) {
    super();
    this.register(new LintFeatures());
    const estimates = registerEstimateCommands(context);
    for (const d of estimates.disposables) this.register(d);
    this.register(new SimulatorPanels(context.extensionUri));
  }
}
