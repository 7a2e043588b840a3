/**
 * The VS Code side of Test Layers: starts the language server over IPC and adds what only VS Code can do —
 * run-by-layer tasks, the pyramid report, the status bar and the set-layer quick pick.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ClientCommands,
  LAYER_NAMES,
  LAYER_TITLES,
  PyramidReportRequest,
  ReanalyzeWorkspaceRequest,
  RUN_IN_FILE_COMMANDS,
  RUN_IN_WORKSPACE_COMMANDS,
  ScanStatusNotification,
  SetLayerEditRequest,
  StatusNotification,
  TestAtPositionRequest,
  TestsOfLayerRequest,
  type LayerName,
} from '../../server/src/shared/protocol';
import { ANALYSIS_NODE_FLAGS } from '../../server/src/shared/heap';
import { SETTINGS_SECTION, normalizeSettings } from '../../server/src/shared/settings';
import { PyramidPanel } from './pyramid-panel';
import { executeRuns, planRuns } from './run-tests';
import { LayerStatusBar } from './status-bar';

const LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

let client: LanguageClient | undefined;

/**
 * Returned by `activate` only when the extension host runs with TEST_LAYERS_ALLOW_CRASH=1 (the end-to-end tests,
 * which also get the server's test-only crash command that way): what the status bar shows and how often the
 * server stopped and came up.
 */
export interface TestHooks {
  status(): ReturnType<LayerStatusBar['snapshot']> & { serverStops: number; serverStarts: number };
}

export async function activate(context: vscode.ExtensionContext): Promise<TestHooks | undefined> {
  const output = vscode.window.createOutputChannel('Test Layers', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...ANALYSIS_NODE_FLAGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...ANALYSIS_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    outputChannel: output,
    diagnosticCollectionName: 'test-layers',
  };
  const languageClient = new LanguageClient(SETTINGS_SECTION, 'Test Layers', serverOptions, clientOptions);
  client = languageClient;
  const statusBar = new LayerStatusBar();
  context.subscriptions.push(output, statusBar);

  let serverStops = 0;
  let serverStarts = 0;
  languageClient.onDidChangeState((e) => {
    if (e.newState === State.Running) serverStarts++;
    else if (e.oldState === State.Running) {
      serverStops++;
      output.info('the server stopped');
    }
    statusBar.setServerState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped');
  });
  context.subscriptions.push(
    languageClient.onNotification(StatusNotification.type, (status) => statusBar.onStatus(status)),
    languageClient.onNotification(ScanStatusNotification.type, (scan) => {
      statusBar.onScan(scan);
      if (!scan.scanning) void PyramidPanel.refreshIfOpen();
    }),
  );

  const runSettings = () => normalizeSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, vscode.window.activeTextEditor?.document.uri)).run;

  /** Running tests executes project code; never in an untrusted workspace. */
  const refuseUntrusted = (): boolean => {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage('Test Layers does not run tests in an untrusted workspace. Trust the workspace to run tests; analysis keeps working.', 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return true;
  };

  const runFiles = async (layer: LayerName, files: TestsOfLayerRequest.FileTests[], scope: string) => {
    if (files.length === 0) {
      void vscode.window.showInformationMessage(`Test Layers: no ${LAYER_TITLES[layer]} tests ${scope}.`);
      return;
    }
    const { runs, problems } = planRuns(files, layer, runSettings());
    for (const p of problems) output.warn(p);
    if (runs.length === 0) {
      void vscode.window.showWarningMessage(`Test Layers: cannot run the ${LAYER_TITLES[layer]} tests ${scope}: ${problems[0] ?? 'no runner found'}.`);
      return;
    }
    if (problems.length > 0) void vscode.window.showWarningMessage(`Test Layers: ${problems.length} file(s) skipped: ${problems[0]}.`);
    await executeRuns(runs, layer, output);
  };

  const runInFile = (layer: LayerName) => async (uriArg?: string | vscode.Uri, _layer?: LayerName, fullNames?: string[]) => {
    if (refuseUntrusted()) return;
    const uri = uriArg ? (typeof uriArg === 'string' ? uriArg : uriArg.toString()) : vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri) {
      void vscode.window.showInformationMessage('Test Layers: open a test file first.');
      return;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (document?.isDirty) await document.save();
    const result = await languageClient.sendRequest(TestsOfLayerRequest.type, { layer, uri });
    // The lens names what the user saw; keep to those when they are still in the file.
    const files = fullNames && fullNames.length > 0
      ? result.files.map((f) => {
          const keep = f.fullNames.map((n, i) => ({ n, i })).filter(({ n }) => fullNames.includes(n));
          return { ...f, fullNames: keep.map((k) => k.n), names: keep.map((k) => f.names[k.i]), dynamic: keep.map((k) => f.dynamic[k.i]) };
        }).filter((f) => f.fullNames.length > 0)
      : result.files;
    await runFiles(layer, files, 'in this file');
  };

  const runInWorkspace = (layer: LayerName) => async () => {
    if (refuseUntrusted()) return;
    await vscode.workspace.saveAll(false);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Test Layers: finding ${LAYER_TITLES[layer]} tests` },
      () => languageClient.sendRequest(TestsOfLayerRequest.type, { layer, waitForScan: true }),
    );
    await runFiles(layer, result.files, 'in the workspace');
  };

  const setLayerAtCursor = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const textDocument = { uri: languageClient.code2ProtocolConverter.asUri(editor.document.uri) };
    const position = { line: editor.selection.active.line, character: editor.selection.active.character };
    const test = await languageClient.sendRequest(TestAtPositionRequest.type, { textDocument, position });
    if (!test) {
      void vscode.window.showInformationMessage('Test Layers: put the cursor inside a test to set its layer.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      LAYER_NAMES.map((layer) => ({
        label: LAYER_TITLES[layer],
        layer,
        description: [layer === test.layer ? 'inferred' : '', layer === test.declaredLayer ? 'declared' : ''].filter(Boolean).join(', '),
      })),
      { title: `Set layer of "${test.name}"`, placeHolder: 'Writes a // @layer comment above the test' },
    );
    if (!picked) return;
    const result = await languageClient.sendRequest(SetLayerEditRequest.type, { textDocument, position, layer: picked.layer });
    if ('error' in result) {
      void vscode.window.showWarningMessage(`Test Layers: ${result.error}.`);
      return;
    }
    await vscode.workspace.applyEdit(await languageClient.protocol2CodeConverter.asWorkspaceEdit(result.edit));
  };

  const showTestDetails = async (uri: string, line: number, character: number) => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preserveFocus: false });
    const position = new vscode.Position(line, character);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
  };

  const register = (id: string, handler: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  for (const layer of LAYER_NAMES) {
    register(RUN_IN_FILE_COMMANDS[layer], runInFile(layer));
    register(RUN_IN_WORKSPACE_COMMANDS[layer], runInWorkspace(layer));
  }
  register(ClientCommands.showPyramid, () => PyramidPanel.show(() => languageClient.sendRequest(PyramidReportRequest.type, { waitForScan: false })));
  register(ClientCommands.reanalyzeWorkspace, () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Test Layers: re-analyzing the workspace' }, async () => {
      const { files } = await languageClient.sendRequest(ReanalyzeWorkspaceRequest.type);
      void vscode.window.showInformationMessage(`Test Layers: analyzed ${files} test file${files === 1 ? '' : 's'}.`);
    }),
  );
  register(ClientCommands.setLayerAtCursor, setLayerAtCursor);
  register(ClientCommands.showOutput, () => output.show(true));
  register(ClientCommands.restartServer, async () => {
    output.info('restarting the server');
    await languageClient.restart();
  });
  register(ClientCommands.showTestDetails, showTestDetails);

  try {
    await languageClient.start();
  } catch (e) {
    output.error(`the server did not start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage('Test Layers: the language server did not start. See the output for details.', 'Show Output').then((c) => c && output.show());
  }
  if (process.env.TEST_LAYERS_ALLOW_CRASH !== '1') return undefined;
  return { status: () => ({ ...statusBar.snapshot(), serverStops, serverStarts }) };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop().catch(() => undefined);
  client = undefined;
}
