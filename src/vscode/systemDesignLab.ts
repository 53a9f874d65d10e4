// Runs in the extension host. The extension as one object: each feature registers here.
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { SimulatorPanels } from './panel/simulatorPanels';

export class SystemDesignLab extends Disposable {
  constructor(readonly context: vscode.ExtensionContext) {
    super();
    this.register(new SimulatorPanels(context.extensionUri));
  }
}
