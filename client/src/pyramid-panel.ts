/**
 * "Test Layers: Show Test Pyramid": a webview with the workspace's layer counts drawn as a pyramid, counts per
 * folder, findings by flaky cause and the files with most findings. Locked down: no remote content, scripts only
 * with a nonce, colours from the theme's CSS variables.
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LAYER_NAMES, LAYER_TITLES, type PyramidReportRequest } from '../../server/src/shared/protocol';

type Report = PyramidReportRequest.Result;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function share(n: number, total: number): string {
  return total === 0 ? '0%' : `${Math.round((n / total) * 100)}%`;
}

const LAYER_COLOURS: Record<string, string> = {
  unit: 'var(--vscode-charts-green)',
  integration: 'var(--vscode-charts-blue)',
  e2e: 'var(--vscode-charts-orange)',
};

/** Bands from the top (e2e) to the base (unit); each band's width follows its share, so a healthy suite looks like a pyramid. */
function pyramidSvg(report: Report): string {
  const total = report.tests;
  const order = ['e2e', 'integration', 'unit'] as const;
  const max = Math.max(1, ...order.map((l) => report.layers[l]));
  const width = 520;
  const bandHeight = 56;
  const rows = order
    .map((layer, i) => {
      const count = report.layers[layer];
      const w = Math.max(6, Math.round((count / max) * (width - 40)));
      const x = (width - w) / 2;
      const y = i * (bandHeight + 8) + 4;
      const label = `${LAYER_TITLES[layer]} ${count} · ${share(count, total)}`;
      // A band too narrow for its label gets the label beside it.
      const fits = w >= label.length * 8 + 16;
      const text = fits
        ? `<text x="${width / 2}" y="${y + bandHeight / 2 + 5}" text-anchor="middle" class="band-label">${escapeHtml(label)}</text>`
        : `<text x="${x + w + 8}" y="${y + bandHeight / 2 + 5}" text-anchor="start" class="side-label">${escapeHtml(label)}</text>`;
      return `<rect x="${x}" y="${y}" width="${w}" height="${bandHeight}" rx="3" fill="${LAYER_COLOURS[layer]}" opacity="0.85"></rect>${text}`;
    })
    .join('');
  const outline = `<polygon points="${width / 2},0 ${width},${3 * (bandHeight + 8)} 0,${3 * (bandHeight + 8)}" class="outline"></polygon>`;
  return `<svg viewBox="0 0 ${width} ${3 * (bandHeight + 8) + 4}" role="img" aria-label="Test pyramid">${outline}${rows}</svg>`;
}

function folderTable(report: Report): string {
  if (report.byFolder.length === 0) return '<p class="muted">No test files found.</p>';
  const rows = report.byFolder
    .map((f) => {
      const total = f.unit + f.integration + f.e2e;
      const bar = LAYER_NAMES.map((l) => (f[l] > 0 ? `<span class="seg seg-${l}" style-width="${Math.round((f[l] / Math.max(1, total)) * 100)}"></span>` : '')).join('');
      const cell = (n: number) => `<td>${n}${n > 0 ? ` <span class="muted">${share(n, total)}</span>` : ''}</td>`;
      return `<tr><td class="path">${escapeHtml(f.folder)}</td>${cell(f.unit)}${cell(f.integration)}${cell(f.e2e)}<td>${total}</td><td><div class="bar">${bar}</div></td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>Folder</th><th>Unit</th><th>Integration</th><th>E2E</th><th>Total</th><th>Mix</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function causesTable(report: Report): string {
  if (report.findingsByCause.length === 0) return '<p class="muted">No findings.</p>';
  const rows = report.findingsByCause
    .map((c) => {
      const rules = Object.entries(c.rules)
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `<code>${escapeHtml(id)}</code> ${n}`)
        .join(', ');
      return `<tr><td>${escapeHtml(c.cause)}</td><td>${c.count}</td><td>${rules}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>Cause</th><th>Findings</th><th>Rules</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function topFilesList(report: Report): string {
  if (report.topFiles.length === 0) return '<p class="muted">No file has findings.</p>';
  const items = report.topFiles
    .map((f) => `<li><a href="#" data-path="${escapeHtml(f.path)}">${escapeHtml(f.path)}</a> <span class="muted">${f.findings} finding${f.findings === 1 ? '' : 's'} · ${f.tests} test${f.tests === 1 ? '' : 's'}</span></li>`)
    .join('');
  return `<ol>${items}</ol>`;
}

export function renderPyramidHtml(report: Report, webview: vscode.Webview): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}`;
  const summary = `${report.tests} test${report.tests === 1 ? '' : 's'} in ${report.files} file${report.files === 1 ? '' : 's'}${report.scanning ? ' · scanning…' : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Test Pyramid</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 20px; }
  h1 { font-size: 1.4em; font-weight: 600; } h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; }
  .muted { color: var(--vscode-descriptionForeground); }
  svg { max-width: 560px; width: 100%; display: block; margin: 8px 0 4px; }
  .outline { fill: none; stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border)); stroke-dasharray: 4 4; }
  .band-label { fill: var(--vscode-editor-background); font-weight: 600; font-size: 14px; }
  .side-label { fill: var(--vscode-foreground); font-weight: 600; font-size: 14px; }
  table { border-collapse: collapse; margin-top: 6px; }
  th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: middle; }
  th { color: var(--vscode-descriptionForeground); font-weight: 600; }
  td.path { font-family: var(--vscode-editor-font-family); }
  .bar { display: flex; width: 160px; height: 10px; background: var(--vscode-editorWidget-background); }
  .seg { display: block; height: 10px; }
  .seg-unit { background: ${LAYER_COLOURS.unit}; } .seg-integration { background: ${LAYER_COLOURS.integration}; } .seg-e2e { background: ${LAYER_COLOURS.e2e}; }
  a { color: var(--vscode-textLink-foreground); } a:hover { color: var(--vscode-textLink-activeForeground); }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  code { font-family: var(--vscode-editor-font-family); }
</style>
</head>
<body>
<h1>Test Pyramid</h1>
<p class="muted">${escapeHtml(summary)} <button id="refresh">Refresh</button></p>
${pyramidSvg(report)}
<h2>Per folder</h2>
${folderTable(report)}
<h2>Findings by flaky cause</h2>
${causesTable(report)}
<h2>Files with most findings</h2>
${topFilesList(report)}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  for (const seg of document.querySelectorAll('.seg')) seg.style.width = seg.getAttribute('style-width') + '%';
  document.getElementById('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  for (const link of document.querySelectorAll('a[data-path]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'open', path: link.getAttribute('data-path') });
    });
  }
</script>
</body>
</html>`;
}

/** Maps a report path back to a file: relative to the only root, or `<folder name>/<path>` with several. */
export function resolveReportPath(report: Report, reportPath: string): vscode.Uri | undefined {
  if (path.isAbsolute(reportPath)) return vscode.Uri.file(reportPath);
  if (report.roots.length === 1) return vscode.Uri.joinPath(vscode.Uri.parse(report.roots[0].uri), ...reportPath.split('/'));
  const [first, ...rest] = reportPath.split('/');
  const root = report.roots.find((r) => r.name === first);
  return root ? vscode.Uri.joinPath(vscode.Uri.parse(root.uri), ...rest) : undefined;
}

export class PyramidPanel {
  private static current: PyramidPanel | undefined;
  private report: Report | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly load: () => Promise<Report>) {
    panel.onDidDispose(() => {
      if (PyramidPanel.current === this) PyramidPanel.current = undefined;
    });
    panel.webview.onDidReceiveMessage(async (message: { type?: string; path?: unknown }) => {
      if (message.type === 'refresh') await this.refresh();
      else if (message.type === 'open' && typeof message.path === 'string' && this.report) {
        const uri = resolveReportPath(this.report, message.path);
        if (uri) await vscode.window.showTextDocument(uri, { preview: false });
      }
    });
  }

  static async show(load: () => Promise<Report>): Promise<void> {
    if (PyramidPanel.current) {
      PyramidPanel.current.panel.reveal();
      await PyramidPanel.current.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel('testLayers.pyramid', 'Test Pyramid', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    PyramidPanel.current = new PyramidPanel(panel, load);
    await PyramidPanel.current.refresh();
  }

  /** Called when a workspace scan finishes, so an open report never shows half-scanned numbers for long. */
  static async refreshIfOpen(): Promise<void> {
    await PyramidPanel.current?.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.report = await this.load();
      this.panel.webview.html = renderPyramidHtml(this.report, this.panel.webview);
    } catch (e) {
      this.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>Could not load the report: ${escapeHtml((e as Error).message)}</p></body></html>`;
    }
  }
}
