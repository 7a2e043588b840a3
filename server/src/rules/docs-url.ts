/** Where each rule's documentation lives; the editor links diagnostics here. */
export const DOCS_BASE = 'https://github.com/test-layers/test-layers/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
