import { ts } from 'ts-morph';
import { compiler, mentionsName } from '../core/compiler';
import { defineRule } from '../core/rule-api';
import { calleeChain } from '../core/frameworks';
import { blockOfNode } from '../core/model';
import type { Framework } from '../core/types';
import { docsUrl } from './docs-url';
import { enclosingTest, whereText } from './_test-code';

/** Methods whose first argument is a selector, on any receiver. */
const SELECTOR_METHODS = new Set(['locator', '$', '$$', '$eval', '$$eval', 'waitForSelector', 'frameLocator', '$x']);
/** Page-level actions that take a selector first (`page.click(sel)`); on a locator the first argument is something else. */
const PAGE_SELECTOR_ACTIONS = new Set([
  'click', 'dblclick', 'fill', 'type', 'check', 'uncheck', 'hover', 'focus', 'tap', 'textContent', 'innerText', 'innerHTML',
  'inputValue', 'isVisible', 'isHidden', 'isChecked', 'isEnabled', 'isDisabled', 'isEditable', 'getAttribute', 'selectOption',
  'setInputFiles', 'dispatchEvent', 'press',
]);
const PAGE_ROOTS = new Set(['page', 'frame']);
const SELECTOR_CALL_NAMES = ['By', 'cy', '$', '$$', 'Selector', ...SELECTOR_METHODS, ...PAGE_ROOTS];
const CYPRESS_SELECTOR_METHODS = new Set(['get', 'find', 'children', 'parents', 'closest', 'siblings', 'next', 'prev', 'xpath']);
const BROWSER_MODULES = new Set(['@playwright/test', 'playwright', 'playwright-core', 'puppeteer', 'puppeteer-core', 'selenium-webdriver', 'webdriverio', '@wdio/globals', 'testcafe', 'cypress', 'nightwatch']);
const STABLE_ATTRIBUTE = /\[\s*(?:data-(?:testid|test-id|test|cy|qa|e2e|automation-id|pw)|aria-[\w-]+|role|name|id|for|placeholder|title|alt|type|href)\s*[~|^$*]?=/i;
const STABLE_XPATH = /@(?:data-(?:testid|test-id|test|cy|qa|e2e)|id|aria-[\w-]+|role|name|for|placeholder|title|alt)\b|text\(\)|normalize-space\(/i;
const GENERIC_IDS = new Set(['root', 'app', '__next', '__nuxt', 'main', 'container', 'wrapper', 'content', 'page']);
const POSITIONAL = /:(?:nth-child|nth-last-child|nth-of-type|nth-last-of-type|nth-match|nth|eq)\(\s*[^)]*\)|:(?:first|last)-(?:child|of-type)\b|:(?:first|last)(?![-\w])/;
const GENERATED_CLASS = /\.(?:css-[a-z0-9]{5,}|sc-[a-zA-Z]{5,}|jss\d+|makeStyles-[\w-]+-\d+|[A-Za-z]+_[A-Za-z]+__[A-Za-z0-9_-]{5})\b/;

export interface Brittleness {
  /** Short reason for the message, e.g. "by position (`:nth-child(2)`)". */
  reason: string;
}

/** Why a CSS or XPath selector (Playwright/Cypress/WebdriverIO syntax) depends on layout, or undefined if it does not. */
export function brittleness(selector: string, forceXpath = false): Brittleness | undefined {
  let s = selector.trim();
  if (!s) return undefined;
  // Playwright chains: judge each part; `nth=2` is positional.
  if (!forceXpath && s.includes('>>')) {
    const parts = s.split('>>').map((p) => p.trim());
    const nth = parts.find((p) => /^nth=/.test(p));
    if (nth && !parts.some((p) => isStableCss(p) || /^(?:text|role|data-testid|id|internal:[\w-]+)=/.test(p))) return { reason: `by position (\`${nth}\`)` };
    for (const p of parts) if (!/^nth=/.test(p)) {
      const r = brittleness(p);
      if (r) return r;
    }
    return undefined;
  }
  if (/^(?:text|role|data-testid|id|internal:[\w-]+|alt|title|label|placeholder)=/.test(s)) return undefined;
  // WebdriverIO text and accessibility selectors: `=Link text`, `*=partial`, `p=Text`, `button*=Save`, `aria/Label`, `~id`, `-android …`.
  if (!/^(?:xpath|css)=/.test(s) && /^[a-z][\w-]*\*?=|^\*?=|^aria\/|^~|^-(?:android|ios)\b/i.test(s)) return undefined;
  if (s.startsWith('css=')) s = s.slice(4);
  const isXpath = forceXpath || s.startsWith('xpath=') || s.startsWith('/') || s.startsWith('(/') || s.startsWith('./') || s.startsWith('..');
  if (isXpath) return xpathBrittleness(s.replace(/^xpath=/, ''));
  return cssBrittleness(s);
}

function xpathBrittleness(x: string): Brittleness | undefined {
  if (/^\/(?!\/)/.test(x) || /^\/\/?html\b/.test(x)) return { reason: 'by an absolute XPath from the document root' };
  if (/\[\s*\d+\s*\]|position\(\)|last\(\)/.test(x)) return { reason: `by position in an XPath (\`${x.match(/\[\s*\d+\s*\]|position\(\)[^\]]*|last\(\)/)![0]}\`)` };
  const steps = x.replace(/\[[^\]]*\]/g, '').split('/').filter((p) => p && p !== '.').length;
  if (steps >= 3 && !STABLE_XPATH.test(x)) return { reason: `by a ${steps}-step XPath through the page structure` };
  return undefined;
}

const ID_SELECTOR = /#([\w-]+)/g;

function isStableCss(s: string): boolean {
  if (STABLE_ATTRIBUTE.test(s)) return true;
  if (!s.includes('#')) return false;
  ID_SELECTOR.lastIndex = 0;
  for (let m = ID_SELECTOR.exec(s); m; m = ID_SELECTOR.exec(s)) if (!GENERIC_IDS.has(m[1])) return true;
  return false;
}

/** Compounds of a CSS selector with the combinator before each; brackets and parentheses hide combinators. */
function compounds(sel: string): { text: string; combinator: string }[] {
  const out: { text: string; combinator: string }[] = [];
  let depth = 0;
  let start = 0;
  let combinator = '';
  let i = 0;
  while (i < sel.length) {
    const ch = sel[i];
    if (ch === '[' || ch === '(') depth++;
    else if ((ch === ']' || ch === ')') && depth > 0) depth--;
    const separator = depth === 0 && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '>' || ch === '+' || ch === '~');
    if (!separator) {
      i++;
      continue;
    }
    if (i > start) out.push({ text: sel.slice(start, i), combinator });
    // A run of blanks with at most one of `>`, `+`, `~` in it is one combinator.
    let next = ' ';
    while (i < sel.length && (sel[i] === ' ' || sel[i] === '\t' || sel[i] === '\n' || sel[i] === '>' || sel[i] === '+' || sel[i] === '~')) {
      if (sel[i] !== ' ' && sel[i] !== '\t' && sel[i] !== '\n') next = sel[i];
      i++;
    }
    combinator = next;
    start = i;
  }
  if (start < sel.length) out.push({ text: sel.slice(start), combinator });
  return out;
}

function cssBrittleness(sel: string): Brittleness | undefined {
  for (const one of splitTopLevel(sel)) {
    const parts = compounds(one.trim());
    if (parts.length === 0) continue;
    // Only the part after the last stable anchor counts: `[data-testid=list] li` is held by the test id.
    let anchor = -1;
    parts.forEach((p, i) => {
      if (isStableCss(p.text)) anchor = i;
    });
    const tail = parts.slice(anchor + 1);
    const generated = one.match(GENERATED_CLASS);
    if (generated) return { reason: `by a generated class name (\`${generated[0]}\`) that changes with every build` };
    if (anchor >= 0 && tail.length < 3) continue;
    const positional = tail.map((p) => p.text.match(POSITIONAL)?.[0]).find(Boolean) ?? (anchor < 0 ? undefined : undefined);
    if (positional) return { reason: `by position (\`${positional}\`)` };
    const childLinks = tail.filter((p, i) => i > 0 && p.combinator === '>').length;
    if (childLinks >= 2) return { reason: `by a ${childLinks + 1}-level \`>\` chain through the page structure` };
    // Table sections and cells (`table tbody tr td`) are semantic structure, not layout wrappers.
    const structural = tail.filter((p) => !/^(?:table|thead|tbody|tfoot|tr|td|th)$/i.test(p.text)).length;
    if (structural >= 4) return { reason: `by a ${tail.length}-level chain through the page structure` };
  }
  return undefined;
}

function splitTopLevel(sel: string): string[] {
  if (!sel.includes(',')) return [sel];
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sel.length; i++) {
    const ch = sel[i];
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(sel.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sel.slice(start));
  return out;
}

/** Selector text with `${…}` placeholders as `x`, for template literals. */
function selectorText(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  if (compiler.isStringLiteralLike(node)) return node.text;
  if (compiler.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `1${s.literal.text}`).join('');
  return undefined;
}

function alternative(fw: Framework): string {
  switch (fw) {
    case 'playwright':
      return '`getByRole`, `getByLabel`, `getByText` or `getByTestId`';
    case 'cypress':
      return '`cy.contains`, `[data-cy=…]` or `[data-testid=…]`';
    case 'webdriverio':
      return '`$(\'aria/…\')`, `$(\'button=Save\')` or `[data-testid=…]`';
    default:
      return 'a role, label, text or `data-testid` locator';
  }
}

export default defineRule({
  id: 'brittle-selector',
  meta: {
    type: 'flaky',
    cause: 'e2e',
    defaultSeverity: 'info',
    docs: {
      description: 'Positional, deep CSS-chain, generated-class and XPath selectors in end-to-end tests, where a role, label, text or `data-testid` locator would survive a layout change.',
      url: docsUrl('brittle-selector'),
    },
    messages: {
      brittle: '`{what}` selects {reason}{where}: a wrapper, a reordering or a restyle breaks it. Prefer {alternative}.',
    },
  },
  create(context) {
    // Every selector call below needs one of these names (`page.click(sel)` needs `page`): other files get no listener.
    if (!mentionsName(context.sourceFile, SELECTOR_CALL_NAMES, /\b(?:By|cy|Selector|locator|waitForSelector|frameLocator|page|frame)\b|\$/)) return {};
    const candidates: { call: ts.CallExpression; arg: ts.Expression; selector: string; xpath: boolean; kind: 'any' | 'page' | 'cypress' | 'wdio' | 'selenium' }[] = [];
    return {
      CallExpression(node: ts.CallExpression) {
        const arg = node.arguments[0];
        const selector = selectorText(arg);
        if (selector === undefined) return;
        const chain = calleeChain(node.expression);
        if (!chain) return;
        const last = chain[chain.length - 1];
        const head = chain[0];
        if (chain.length === 2 && head === 'By' && ['css', 'cssSelector', 'xpath'].includes(last)) {
          candidates.push({ call: node, arg, selector, xpath: last === 'xpath', kind: 'selenium' });
        } else if (head === 'cy' && CYPRESS_SELECTOR_METHODS.has(last)) {
          candidates.push({ call: node, arg, selector, xpath: last === 'xpath', kind: 'cypress' });
        } else if (head === 'cy' && last === 'contains' && node.arguments.length >= 2) {
          candidates.push({ call: node, arg, selector, xpath: false, kind: 'cypress' });
        } else if (chain.length === 1 && (head === '$' || head === '$$')) {
          candidates.push({ call: node, arg, selector, xpath: false, kind: 'wdio' });
        } else if (chain.length === 1 && head === 'Selector') {
          candidates.push({ call: node, arg, selector, xpath: false, kind: 'any' });
        } else if (chain.length >= 2 && SELECTOR_METHODS.has(last)) {
          candidates.push({ call: node, arg, selector, xpath: last === '$x', kind: 'any' });
        } else if (PAGE_SELECTOR_ACTIONS.has(last) && (chain.length === 2 ? PAGE_ROOTS.has(head) : chain.length === 3 && head === 'this' && chain[1] === 'page') && (last !== 'press' || node.arguments.length >= 2)) {
          candidates.push({ call: node, arg, selector, xpath: false, kind: 'page' });
        }
      },
      end() {
        if (candidates.length === 0) return;
        const fw = context.model.framework;
        const browserFile = fw === 'playwright' || fw === 'cypress' || fw === 'webdriverio'
          || context.model.imports.modules.some((m) => BROWSER_MODULES.has(m.module));
        if (!browserFile) return;
        const sf = context.sourceFile;
        for (const c of candidates) {
          if (c.kind === 'wdio' && fw !== 'webdriverio' && !context.model.imports.modules.some((m) => m.module === '@wdio/globals' || m.module === 'webdriverio')) continue;
          if (c.kind === 'page' && fw === 'cypress') continue;
          const b = brittleness(c.selector, c.xpath);
          if (!b) continue;
          const block = blockOfNode(context.model, c.call);
          const calleeText = c.call.expression.getText(sf).replace(/\s+/g, '');
          const what = `${calleeText.length > 40 ? '…' + calleeText.slice(-30) : calleeText}(${c.arg.getText(sf)}${c.call.arguments.length > 1 ? ', …' : ''})`;
          context.report({
            messageId: 'brittle',
            node: c.arg,
            data: { what, reason: b.reason, where: whereText(block), alternative: alternative(fw) },
            test: enclosingTest(block),
          });
        }
      },
    };
  },
});
