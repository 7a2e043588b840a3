/**
 * Runs the tests of one layer with the project's own runner, as VS Code tasks with a process execution:
 * the command line is an argument array built by the pure runner module, never a shell string.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  RUNNER_PACKAGES,
  detectRunnerInPackages,
  findPackageDir,
  planRunCommands,
  type PackageFacts,
  type RunCommand,
  type RunnerKind,
  type TestSelection,
} from '../../server/src/core/runners';
import type { Framework } from '../../server/src/core/types';
import { LAYER_TITLES, type LayerName, type TestsOfLayerRequest } from '../../server/src/shared/protocol';
import type { Settings } from '../../server/src/shared/settings';

export interface PlannedRun extends RunCommand {
  label: string;
  folder?: vscode.WorkspaceFolder;
}

function readPackageFacts(dir: string): PackageFacts {
  let packageJson: unknown;
  try {
    packageJson = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    packageJson = undefined;
  }
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir);
  } catch {
    files = [];
  }
  return { dir, packageJson, files };
}

/** The file's package and the packages above it, nearest first, up to the workspace folder (or the disk root). */
function packageChain(file: string, stopAt: string | undefined): PackageFacts[] {
  const chain: PackageFacts[] = [];
  let from = file;
  for (let i = 0; i < 20; i++) {
    const dir = findPackageDir(from, (p) => fs.existsSync(p));
    if (!dir) break;
    chain.push(readPackageFacts(dir));
    if (stopAt && path.resolve(dir) === path.resolve(stopAt)) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    from = path.join(parent, 'x');
  }
  return chain;
}

/** The runner's entry script installed in node_modules at or above the package, run with node (no shell, no npx). */
function installedRunnerScript(kind: RunnerKind, packageDir: string): string | undefined {
  if (kind === 'node:test') return undefined;
  const bin = RUNNER_PACKAGES[kind].bin;
  let dir = packageDir;
  for (let i = 0; i < 20; i++) {
    const candidate = path.join(dir, 'node_modules', '.bin', bin);
    try {
      const real = fs.realpathSync(candidate);
      if (/\.[cm]?js$/.test(real) || /[\\/]node_modules[\\/]/.test(real)) return real;
    } catch {
      // Not installed here; look further up (monorepo roots hoist their runners).
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Turns the server's answer into runnable commands, one runner and package at a time. */
export function planRuns(files: TestsOfLayerRequest.FileTests[], layer: LayerName, settings: Settings['run']): { runs: PlannedRun[]; problems: string[] } {
  const problems: string[] = [];
  const groups = new Map<string, { runner: NonNullable<ReturnType<typeof detectRunnerInPackages>>; selections: TestSelection[]; folder?: vscode.WorkspaceFolder }>();
  const override = settings.runner === 'auto' ? undefined : (settings.runner as RunnerKind);
  for (const f of files) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(f.path));
    const runner = detectRunnerInPackages(packageChain(f.path, folder?.uri.fsPath), f.framework as Framework, override);
    if (!runner) {
      problems.push(`no runner found for ${vscode.workspace.asRelativePath(f.path)} (${f.framework}); set "testLayers.run.runner"`);
      continue;
    }
    runner.bin = settings.command || installedRunnerScript(runner.kind, runner.packageDir);
    const key = `${runner.kind}\u0000${runner.packageDir}`;
    const group = groups.get(key) ?? { runner, selections: [], folder };
    group.selections.push({
      file: path.relative(runner.packageDir, f.path).split(path.sep).join('/'),
      fullNames: f.fullNames,
      names: f.names,
      dynamic: f.dynamic,
    });
    groups.set(key, group);
  }
  const runs: PlannedRun[] = [];
  for (const { runner, selections, folder } of groups.values()) {
    const tests = selections.reduce((n, s) => n + s.fullNames.length, 0);
    for (const command of planRunCommands(runner, selections)) {
      if (command.command === 'node' && settings.nodePath) command.command = settings.nodePath;
      const where = vscode.workspace.asRelativePath(runner.packageDir);
      runs.push({
        ...command,
        folder,
        label: `${LAYER_TITLES[layer]} tests (${tests}) · ${runner.kind} · ${where === runner.packageDir ? path.basename(where) : where}`,
      });
    }
  }
  return { runs, problems };
}

/** Runs the commands one after the other in the terminal panel; resolves when the last one ends. */
export async function executeRuns(runs: PlannedRun[], layer: LayerName, log: vscode.LogOutputChannel): Promise<void> {
  for (const run of runs) {
    log.info(`run: ${JSON.stringify([run.command, ...run.args])} in ${run.cwd}`);
    const task = new vscode.Task(
      { type: 'testLayers', layer },
      run.folder ?? vscode.TaskScope.Workspace,
      run.label,
      'Test Layers',
      new vscode.ProcessExecution(run.command, run.args, { cwd: run.cwd, env: run.env }),
    );
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    const execution = await vscode.tasks.executeTask(task);
    // A task whose process never starts (command not found) only ends, without a process end event.
    const code = await new Promise<number | undefined>((resolve) => {
      const finish = (exitCode: number | undefined) => {
        processEnd.dispose();
        taskEnd.dispose();
        resolve(exitCode);
      };
      const processEnd = vscode.tasks.onDidEndTaskProcess((e) => e.execution === execution && finish(e.exitCode));
      const taskEnd = vscode.tasks.onDidEndTask((e) => e.execution === execution && finish(undefined));
    });
    log.info(`run ended with exit code ${code ?? 'unknown'}: ${run.label}`);
  }
}
