// Runs in the extension host. One step of a multi-step input (after
// vscode-extension-samples/quickinput-sample): an input box or a pick with a step counter, a
// Back button from the second step on, and a validation message while typing.
import * as vscode from 'vscode';

/** The user pressed Back. */
export const BACK = Symbol('back');

export interface StepOptions {
  title: string;
  step: number;
  totalSteps: number;
}

/** Resolves to the accepted text, BACK, or undefined when the box was dismissed. */
export function askText(
  options: StepOptions & {
    prompt: string;
    placeholder: string;
    value: string;
    validate: (text: string) => string | undefined;
  },
): Promise<string | typeof BACK | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.step = options.step;
  box.totalSteps = options.totalSteps;
  box.prompt = options.prompt;
  box.placeholder = options.placeholder;
  box.value = options.value;
  box.ignoreFocusOut = true;
  box.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const done = (result: string | typeof BACK | undefined) => {
      disposables.forEach((d) => d.dispose());
      box.dispose();
      resolve(result);
    };
    disposables.push(
      box.onDidChangeValue((text) => {
        box.validationMessage = options.validate(text);
      }),
      box.onDidAccept(() => {
        const message = options.validate(box.value);
        box.validationMessage = message;
        if (message === undefined) done(box.value);
      }),
      box.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) done(BACK);
      }),
      box.onDidHide(() => done(undefined)),
    );
    box.show();
  });
}

/** Resolves to the picked item, BACK, or undefined when the pick was dismissed. */
export function askPick<T extends vscode.QuickPickItem>(
  options: StepOptions & { placeholder: string; items: T[]; active?: T },
): Promise<T | typeof BACK | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.step = options.step;
  pick.totalSteps = options.totalSteps;
  pick.placeholder = options.placeholder;
  pick.items = options.items;
  if (options.active) pick.activeItems = [options.active];
  pick.ignoreFocusOut = true;
  pick.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const done = (result: T | typeof BACK | undefined) => {
      disposables.forEach((d) => d.dispose());
      pick.dispose();
      resolve(result);
    };
    disposables.push(
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems;
        if (chosen) done(chosen);
      }),
      pick.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) done(BACK);
      }),
      pick.onDidHide(() => done(undefined)),
    );
    pick.show();
  });
}
