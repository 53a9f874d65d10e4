// Runs in the panel's page. The typed channel to the extension host: outgoing messages are
// PageToHost, incoming ones are validated HostToPage (anything else is dropped).
import { parseHostMessage, type HostToPage, type PageToHost, type PanelState } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class Host {
  private readonly api: VsCodeApi;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingState: PanelState | undefined;

  constructor() {
    // acquireVsCodeApi may be called once per page load.
    this.api = acquireVsCodeApi();
  }

  post(message: PageToHost): void {
    this.api.postMessage(message);
  }

  onMessage(handler: (message: HostToPage) => void): void {
    window.addEventListener('message', (event: MessageEvent) => {
      const msg = parseHostMessage(event.data);
      if (msg) handler(msg);
    });
  }

  /** VS Code keeps this across hide/show and, through the serializer, across window reloads. */
  savedState(): unknown {
    return this.api.getState();
  }

  /** Saves state a little later, coalescing bursts (panning fires on every pointer move). */
  saveState(state: PanelState): void {
    this.pendingState = state;
    if (this.stateTimer !== undefined) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      if (this.pendingState) this.api.setState(this.pendingState);
    }, 250);
  }
}
