/** The status bar item: the active file's layer mix and where its analysis stands; a click opens the report. */
import * as vscode from 'vscode';
import { ClientCommands, LAYER_NAMES, LAYER_TITLES, type ScanStatusNotification, type StatusNotification } from '../../server/src/shared/protocol';

const LANGUAGES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

export class LayerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('testLayers.status', vscode.StatusBarAlignment.Right, 100);
  private readonly statuses = new Map<string, StatusNotification.Params>();
  private scan: ScanStatusNotification.Params | undefined;
  private serverState: 'starting' | 'running' | 'stopped' = 'starting';
  private visible = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'Test Layers';
    this.item.command = ClientCommands.showPyramid;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const known = this.statuses.get(e.document.uri.toString());
        if (known && e.contentChanges.length > 0) {
          this.statuses.set(e.document.uri.toString(), { ...known, state: 'analyzing' });
          if (e.document === vscode.window.activeTextEditor?.document) this.render();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.statuses.delete(d.uri.toString())),
    );
    this.render();
  }

  setServerState(state: 'starting' | 'running' | 'stopped'): void {
    // What a stopped server said no longer holds: a restarted one sends every open file's status and the scan anew.
    if (state !== 'running') {
      this.statuses.clear();
      this.scan = undefined;
    }
    this.serverState = state;
    this.render();
  }

  /** What the item shows now (for the end-to-end tests, through the extension's test hooks). */
  snapshot(): { text: string; tooltip: string; visible: boolean; serverState: string } {
    const tooltip = this.item.tooltip;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '',
      visible: this.visible,
      serverState: this.serverState,
    };
  }

  onStatus(status: StatusNotification.Params): void {
    // The server spells URIs its own way; compare as VS Code parses them.
    this.statuses.set(vscode.Uri.parse(status.uri).toString(), status);
    this.render();
  }

  onScan(scan: ScanStatusNotification.Params): void {
    this.scan = scan;
    this.render();
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !LANGUAGES.has(editor.document.languageId) || editor.document.uri.scheme !== 'file') {
      this.item.hide();
      this.visible = false;
      return;
    }
    const status = this.statuses.get(editor.document.uri.toString());
    const scanning = this.scan?.scanning ? ' · scanning' : '';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    if (this.serverState !== 'running') {
      this.item.text = this.serverState === 'starting' ? '$(sync~spin) Test Layers' : '$(error) Test Layers';
      tooltip.appendMarkdown(this.serverState === 'starting' ? 'The Test Layers server is starting.' : 'The Test Layers server is not running. Run **Test Layers: Restart Server**.');
    } else if (!status || status.state === 'analyzing') {
      this.item.text = `$(sync~spin) Test Layers${scanning}`;
      tooltip.appendMarkdown('Analyzing this file…');
    } else if (status.state === 'disabled') {
      this.item.text = '$(circle-slash) Test Layers';
      tooltip.appendMarkdown('Disabled for this file (`testLayers.enable`).');
    } else if (status.state === 'skipped' || status.state === 'error') {
      this.item.text = `$(warning) Test Layers`;
      tooltip.appendText(status.state === 'skipped' ? `Not analyzed: ${status.message ?? ''}` : `Analysis failed; see the output. ${status.message ?? ''}`);
    } else {
      const parts = LAYER_NAMES.filter((l) => status.layers[l] > 0).map((l) => `${LAYER_TITLES[l]} ${status.layers[l]}`);
      const mix = parts.length > 0 ? parts.join(' · ') : 'no tests';
      const icon = status.state === 'syntax-error' ? '$(warning)' : '$(beaker)';
      this.item.text = `${icon} ${mix}${scanning}`;
      tooltip.appendMarkdown(`**Test Layers** — ${mix}\n\n`);
      tooltip.appendMarkdown(`${status.findings} finding${status.findings === 1 ? '' : 's'}`);
      if (status.durationMs !== undefined) tooltip.appendMarkdown(` · analyzed in ${Math.round(status.durationMs)} ms`);
      if (status.state === 'syntax-error') tooltip.appendMarkdown('\n\nThe file does not parse; showing the last good analysis.');
    }
    if (this.scan) tooltip.appendMarkdown(`\n\nWorkspace: ${this.scan.tests} tests in ${this.scan.files} files${this.scan.scanning ? ' (scanning…)' : ''}. Click for the pyramid report.`);
    this.item.tooltip = tooltip;
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
