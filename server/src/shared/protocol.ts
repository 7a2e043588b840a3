/**
 * The custom part of the protocol between the Test Layers server and its clients. Every `testLayers/<name>`
 * method and every command id lives here; no other file spells a method name.
 */
import { NotificationType, RequestType, RequestType0, type Position, type TextDocumentIdentifier, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { PyramidData } from '../report/pyramid';

export type LayerName = 'unit' | 'integration' | 'e2e';
export const LAYER_NAMES: readonly LayerName[] = ['unit', 'integration', 'e2e'];
export const LAYER_TITLES: Record<LayerName, string> = { unit: 'Unit', integration: 'Integration', e2e: 'E2E' };

export type LayerCountsData = Record<LayerName, number>;

/** Where the analysis of a file or the workspace stands; drives the status bar. */
export type AnalysisState = 'analyzing' | 'ok' | 'syntax-error' | 'skipped' | 'error' | 'disabled';

export namespace StatusNotification {
  export const method = 'testLayers/status';
  export interface Params {
    uri: string;
    state: AnalysisState;
    layers: LayerCountsData;
    findings: number;
    durationMs?: number;
    /** Why the file was skipped or failed. */
    message?: string;
  }
  export const type = new NotificationType<Params>(method);
}

export namespace ScanStatusNotification {
  export const method = 'testLayers/scanStatus';
  export interface Params {
    scanning: boolean;
    files: number;
    tests: number;
  }
  export const type = new NotificationType<Params>(method);
}

export namespace PyramidReportRequest {
  export const method = 'testLayers/pyramidReport';
  export interface Params {
    /** Wait for a running workspace scan to finish before answering. */
    waitForScan?: boolean;
  }
  export interface Result extends PyramidData {
    /** Workspace folder URI each reported path is relative to, keyed by the path's first segment when there are several. */
    roots: { name: string; uri: string }[];
    scanning: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

export namespace TestsOfLayerRequest {
  export const method = 'testLayers/testsOfLayer';
  export interface Params {
    layer: LayerName;
    /** Only this file (an open document or a scanned file); the whole workspace when absent. */
    uri?: string;
    waitForScan?: boolean;
  }
  export interface FileTests {
    uri: string;
    /** Absolute file system path. */
    path: string;
    framework: string;
    fullNames: string[];
    /** The tests' own titles, same order as `fullNames`. */
    names: string[];
    /** Same order: true where the title is formatted at run time (`.each`, template literals). */
    dynamic: boolean[];
  }
  export interface Result {
    files: FileTests[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

export namespace TestAtPositionRequest {
  export const method = 'testLayers/testAtPosition';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    position: Position;
  }
  export type Result = { name: string; fullName: string; layer: LayerName; declaredLayer: LayerName | null } | null;
  export const type = new RequestType<Params, Result, void>(method);
}

export namespace SetLayerEditRequest {
  export const method = 'testLayers/setLayerEdit';
  export interface Params {
    textDocument: TextDocumentIdentifier;
    position: Position;
    layer: LayerName;
  }
  export type Result = { edit: WorkspaceEdit } | { error: string };
  export const type = new RequestType<Params, Result, void>(method);
}

export namespace ReanalyzeWorkspaceRequest {
  export const method = 'testLayers/reanalyzeWorkspace';
  export type Result = { files: number };
  export const type = new RequestType0<Result, void>(method);
}

/** Commands the server executes (`workspace/executeCommand`); usable from any LSP client. */
export const ServerCommands = {
  /** Arguments: uri, position, layer. Applies the `// @layer` edit through `workspace/applyEdit`. */
  setLayer: 'testLayers.server.setLayer',
  reanalyzeWorkspace: 'testLayers.server.reanalyzeWorkspace',
  /** Only registered when TEST_LAYERS_ALLOW_CRASH=1; argument: 'exit' | 'throw' | 'analysis'. */
  testCrash: 'testLayers.test.crash',
} as const;

/** Commands the VS Code client contributes; code lenses refer to them. */
export const ClientCommands = {
  runUnitTestsInFile: 'testLayers.runUnitTestsInFile',
  runIntegrationTestsInFile: 'testLayers.runIntegrationTestsInFile',
  runE2ETestsInFile: 'testLayers.runE2ETestsInFile',
  runUnitTestsInWorkspace: 'testLayers.runUnitTestsInWorkspace',
  runIntegrationTestsInWorkspace: 'testLayers.runIntegrationTestsInWorkspace',
  runE2ETestsInWorkspace: 'testLayers.runE2ETestsInWorkspace',
  showPyramid: 'testLayers.showPyramid',
  reanalyzeWorkspace: 'testLayers.reanalyzeWorkspace',
  setLayerAtCursor: 'testLayers.setLayerAtCursor',
  showOutput: 'testLayers.showOutput',
  restartServer: 'testLayers.restartServer',
  /** Internal: the per-test lens; arguments uri, line, character. Shows the hover with the evidence. */
  showTestDetails: 'testLayers.showTestDetails',
} as const;

export const RUN_IN_FILE_COMMANDS: Record<LayerName, string> = {
  unit: ClientCommands.runUnitTestsInFile,
  integration: ClientCommands.runIntegrationTestsInFile,
  e2e: ClientCommands.runE2ETestsInFile,
};

export const RUN_IN_WORKSPACE_COMMANDS: Record<LayerName, string> = {
  unit: ClientCommands.runUnitTestsInWorkspace,
  integration: ClientCommands.runIntegrationTestsInWorkspace,
  e2e: ClientCommands.runE2ETestsInWorkspace,
};
