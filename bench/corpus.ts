/**
 * Seeded generator of a realistic test-file corpus for benchmarks and the fuzzer: Jest/Vitest unit tests,
 * supertest/pg/testcontainers integration tests, Playwright/Cypress/WebdriverIO e2e specs, node:test and Mocha,
 * from 20 to a few thousand lines, with a small share of files that do not parse. Same seed → same bytes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type CorpusKind =
  | 'jest-unit'
  | 'vitest-unit'
  | 'supertest'
  | 'pg'
  | 'testcontainers'
  | 'playwright'
  | 'cypress'
  | 'wdio'
  | 'node-test'
  | 'mocha';

export interface CorpusFile {
  /** Forward-slash path relative to the corpus root. */
  relPath: string;
  text: string;
  kind: CorpusKind;
  lines: number;
  /** True when a syntax error was injected on purpose. */
  broken: boolean;
}

export interface CorpusOptions {
  files: number;
  seed: number;
  /** Share of files with an injected syntax error (default 0.02). */
  brokenShare?: number;
}

/** mulberry32: small, fast, good enough for reproducible test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rand, p: number) => r() < p;

const ENTITIES = ['user', 'order', 'invoice', 'cart', 'payment', 'session', 'product', 'account', 'shipment', 'coupon', 'review', 'tenant', 'report', 'webhook', 'subscription', 'inventory'];
const VERBS = ['creates', 'updates', 'rejects', 'returns', 'lists', 'deletes', 'validates', 'archives', 'restores', 'merges', 'exports', 'imports'];
const QUALIFIERS = ['when the input is empty', 'for an unknown id', 'with pagination', 'after a retry', 'for a guest', 'for an admin', 'with a discount', 'when the token expired', 'in bulk', 'with unicode names', 'on conflict', 'with defaults'];
const PACKAGES = ['core', 'api', 'billing', 'web', 'auth', 'search', 'notifications', 'shared', 'admin', 'worker'];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

interface Ctx {
  r: Rand;
  entity: string;
  Entity: string;
  n: number;
}

function title(c: Ctx): string {
  return `${pick(c.r, VERBS)} a ${c.entity} ${pick(c.r, QUALIFIERS)}`;
}

/** A block of ordinary test-body code: fixtures, arithmetic, loops, object literals. */
function plainBody(c: Ctx, indent: string): string[] {
  const r = c.r;
  const v = `${c.entity}${c.n++}`;
  const out: string[] = [];
  switch (int(r, 0, 5)) {
    case 0:
      out.push(
        `const ${v} = build${c.Entity}({ id: '${c.entity}-${int(r, 1, 9999)}', name: 'Ada ${c.n}', tags: ['a', 'b'], total: ${int(r, 1, 900)}.${int(r, 10, 99)} });`,
        `const result = normalize${c.Entity}(${v});`,
        `expect(result.id).toBe(${v}.id);`,
        `expect(result.tags).toHaveLength(2);`,
      );
      break;
    case 1:
      out.push(
        `const items = [`,
        ...Array.from({ length: int(r, 2, 6) }, (_, i) => `  { sku: 'SKU-${i}${int(r, 10, 99)}', qty: ${int(r, 1, 9)}, price: ${int(r, 1, 300)} },`),
        `];`,
        `const total = items.reduce((sum, item) => sum + item.qty * item.price, 0);`,
        `expect(compute${c.Entity}Total(items)).toEqual(total);`,
      );
      break;
    case 2:
      out.push(
        `for (const input of ['', ' ', 'x'.repeat(${int(r, 10, 300)})]) {`,
        `  const outcome = validate${c.Entity}({ name: input });`,
        `  if (input.trim() === '') {`,
        `    expect(outcome.ok).toBe(false);`,
        `  } else {`,
        `    expect(outcome.errors).toEqual([]);`,
        `  }`,
        `}`,
      );
      break;
    case 3:
      out.push(
        `const service = new ${c.Entity}Service({ repository: fakeRepository(), clock: () => ${int(r, 1600000000, 1700000000)}000 });`,
        `const created = await service.create({ name: '${c.entity} ${c.n}' });`,
        `expect(created).toMatchObject({ name: '${c.entity} ${c.n}', status: 'active' });`,
      );
      break;
    case 4:
      out.push(
        `const error = (() => {`,
        `  try {`,
        `    parse${c.Entity}(${JSON.stringify('{"broken": ' + int(r, 1, 99))});`,
        `    return undefined;`,
        `  } catch (e) {`,
        `    return e as Error;`,
        `  }`,
        `})();`,
        `expect(error?.message).toMatch(/unexpected end/i);`,
      );
      break;
    default:
      out.push(
        `const map = new Map<string, number>();`,
        `for (let i = 0; i < ${int(r, 3, 50)}; i++) map.set(\`k\${i % 7}\`, (map.get(\`k\${i % 7}\`) ?? 0) + i);`,
        `expect([...map.keys()].sort()).toMatchSnapshot();`,
        `expect(Math.max(...map.values())).toBeGreaterThan(0);`,
      );
  }
  return out.map((l) => indent + l);
}

interface Template {
  kind: CorpusKind;
  weight: number;
  path(c: Ctx, i: number): string;
  header(c: Ctx): string[];
  /** Test body lines (without indentation). */
  body(c: Ctx): string[];
  hooks(c: Ctx): string[];
  /** Test call head, e.g. `it`, `test`. */
  testFn: string;
  suiteFn: string;
  asyncTests: boolean;
  /** Fixture parameter list for the test callback. */
  params?: string;
}

const jestLike = (vi: boolean): Pick<Template, 'header' | 'body' | 'hooks'> => {
  const mock = vi ? 'vi' : 'jest';
  return {
    header: (c) => [
      ...(vi ? [`import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';`] : []),
      `import { build${c.Entity}, normalize${c.Entity}, validate${c.Entity}, parse${c.Entity}, compute${c.Entity}Total } from '../src/${c.entity}';`,
      `import { ${c.Entity}Service } from '../src/${c.entity}-service';`,
      `import { fakeRepository } from './helpers/fake-repository';`,
      ...(chance(c.r, 0.5) ? [`import { sendMail } from '../src/mailer';`, ``, `${mock}.mock('../src/mailer');`] : []),
      ``,
    ],
    hooks: (c) => [
      `beforeEach(() => {`,
      ...(chance(c.r, 0.3) ? [`  ${mock}.useFakeTimers();`] : [`  ${mock}.clearAllMocks();`]),
      `});`,
      ``,
      `afterEach(() => {`,
      `  ${mock}.restoreAllMocks();`,
      `});`,
    ],
    body: (c) => {
      const r = c.r;
      const out = plainBody(c, '');
      if (chance(r, 0.15)) out.push(`await new Promise((resolve) => setTimeout(resolve, ${int(r, 1, 20) * 50}));`);
      if (chance(r, 0.2)) out.push(`const spy = ${mock}.spyOn(console, 'warn').mockImplementation(() => {});`, `expect(spy).not.toHaveBeenCalled();`);
      if (chance(r, 0.2)) out.push(`${mock}.advanceTimersByTime(${int(r, 1, 60)} * 1000);`);
      return out;
    },
  };
};

const TEMPLATES: Template[] = [
  {
    kind: 'jest-unit', weight: 24, testFn: 'it', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `packages/${pick(c.r, PACKAGES)}/src/${c.entity}/__tests__/${c.entity}-${i}.test.ts`,
    ...jestLike(false),
  },
  {
    kind: 'vitest-unit', weight: 18, testFn: 'it', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `packages/${pick(c.r, PACKAGES)}/src/${c.entity}/${c.entity}-${i}.spec.ts`,
    ...jestLike(true),
  },
  {
    kind: 'supertest', weight: 9, testFn: 'it', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `services/${pick(c.r, PACKAGES)}/test/integration/${c.entity}-routes-${i}.test.ts`,
    header: (c) => [
      `import request from 'supertest';`,
      `import { createApp } from '../../src/app';`,
      `import { seed${c.Entity}s } from '../fixtures/seed';`,
      ``,
      `let app: ReturnType<typeof createApp>;`,
      ``,
    ],
    hooks: () => [
      `beforeAll(async () => {`,
      `  app = createApp({ logger: false });`,
      `  await seedUsers(app);`,
      `});`,
    ],
    body: (c) => {
      const r = c.r;
      const id = int(r, 1, 500);
      const out = [
        `const response = await request(app).${pick(r, ['get', 'post', 'put', 'delete'])}('/api/${c.entity}s/${id}')`,
        `  .set('Authorization', \`Bearer \${token}\`)`,
        `  .send({ name: '${c.entity} ${id}', quantity: ${int(r, 1, 20)} });`,
        `expect(response.status).toBe(${pick(r, [200, 201, 204, 400, 404, 409])});`,
        `expect(response.body).toMatchObject({ id: expect.any(String) });`,
      ];
      if (chance(r, 0.2)) out.push(`const listed = await request(app).get('/api/${c.entity}s?page=2&size=${int(r, 5, 50)}');`, `expect(listed.body.items.length).toBeLessThanOrEqual(${int(r, 5, 50)});`);
      if (chance(r, 0.1)) out.push(`await new Promise((r) => setTimeout(r, 500));`);
      return out;
    },
  },
  {
    kind: 'pg', weight: 6, testFn: 'test', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `packages/${pick(c.r, PACKAGES)}/test/${c.entity}-repository-${i}.int.test.ts`,
    header: (c) => [
      `import { Pool } from 'pg';`,
      `import { ${c.Entity}Repository } from '../src/${c.entity}-repository';`,
      ``,
      `const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/test' });`,
      `const repository = new ${c.Entity}Repository(pool);`,
      ``,
    ],
    hooks: (c) => [
      `beforeEach(async () => {`,
      `  await pool.query('TRUNCATE ${c.entity}s CASCADE');`,
      `});`,
      ``,
      `afterAll(async () => {`,
      `  await pool.end();`,
      `});`,
    ],
    body: (c) => {
      const r = c.r;
      return [
        `const { rows } = await pool.query('INSERT INTO ${c.entity}s(name, amount) VALUES ($1, $2) RETURNING id', ['n${int(r, 1, 999)}', ${int(r, 1, 999)}]);`,
        `const found = await repository.findById(rows[0].id);`,
        `expect(found).not.toBeNull();`,
        `expect(found!.amount).toBe(${int(r, 1, 999)});`,
        ...(chance(r, 0.3) ? [`const count = await pool.query('SELECT count(*) FROM ${c.entity}s');`, `expect(Number(count.rows[0].count)).toBe(1);`] : []),
      ];
    },
  },
  {
    kind: 'testcontainers', weight: 4, testFn: 'it', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `apps/${pick(c.r, PACKAGES)}/tests/${c.entity}.container-${i}.test.ts`,
    header: (c) => [
      `import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';`,
      `import { GenericContainer, type StartedTestContainer } from 'testcontainers';`,
      `import { createClient } from 'redis';`,
      `import { migrate } from '../src/db/migrate';`,
      `import { ${c.Entity}Store } from '../src/${c.entity}-store';`,
      ``,
      `let postgres: StartedPostgreSqlContainer;`,
      `let redis: StartedTestContainer;`,
      ``,
    ],
    hooks: () => [
      `beforeAll(async () => {`,
      `  postgres = await new PostgreSqlContainer('postgres:16-alpine').start();`,
      `  redis = await new GenericContainer('redis:7').withExposedPorts(6379).start();`,
      `  await migrate(postgres.getConnectionUri());`,
      `}, 120_000);`,
      ``,
      `afterAll(async () => {`,
      `  await redis?.stop();`,
      `  await postgres?.stop();`,
      `});`,
    ],
    body: (c) => {
      const r = c.r;
      return [
        `const client = createClient({ url: \`redis://\${redis.getHost()}:\${redis.getMappedPort(6379)}\` });`,
        `await client.connect();`,
        `const store = new ${c.Entity}Store(postgres.getConnectionUri(), client);`,
        `await store.save({ id: '${c.entity}-${int(r, 1, 99)}', value: ${int(r, 1, 99)} });`,
        `expect(await store.load('${c.entity}-${int(r, 1, 99)}')).toEqual(expect.objectContaining({ value: expect.any(Number) }));`,
        `await client.quit();`,
      ];
    },
  },
  {
    kind: 'playwright', weight: 12, testFn: 'test', suiteFn: 'test.describe', asyncTests: true, params: '{ page }',
    path: (c, i) => `apps/web/e2e/${c.entity}/${c.entity}-flow-${i}.spec.ts`,
    header: (c) => [
      `import { test, expect } from '@playwright/test';`,
      `import { login${chance(c.r, 0.5) ? 'AsAdmin' : ''} } from './support/auth';`,
      ``,
    ],
    hooks: () => [
      `test.beforeEach(async ({ page }) => {`,
      `  await page.goto('/');`,
      `});`,
    ],
    body: (c) => {
      const r = c.r;
      const out = [
        `await page.goto('/${c.entity}s/${int(r, 1, 300)}');`,
        `await page.getByRole('button', { name: '${cap(pick(r, VERBS))}' }).click();`,
        `await page.getByLabel('Name').fill('${c.Entity} ${int(r, 1, 99)}');`,
        `await expect(page.getByText('Saved')).toBeVisible();`,
      ];
      if (chance(r, 0.2)) out.push(`await page.waitForTimeout(${int(r, 1, 6) * 500});`);
      if (chance(r, 0.15)) out.push(`expect(await page.locator('.toast').isVisible()).toBe(true);`);
      if (chance(r, 0.15)) out.push(`await page.locator('div > ul > li:nth-child(${int(r, 1, 9)}) a').click({ force: true });`);
      if (chance(r, 0.3)) out.push(`await expect(page).toHaveURL(/\\/${c.entity}s\\/\\d+/);`);
      return out;
    },
  },
  {
    kind: 'cypress', weight: 8, testFn: 'it', suiteFn: 'describe', asyncTests: false,
    path: (c, i) => `cypress/e2e/${c.entity}/${c.entity}-${i}.cy.ts`,
    header: () => [`/// <reference types="cypress" />`, ``],
    hooks: (c) => [
      `beforeEach(() => {`,
      `  cy.intercept('GET', '/api/${c.entity}s*', { fixture: '${c.entity}s.json' }).as('list');`,
      `  cy.visit('/${c.entity}s');`,
      `});`,
    ],
    body: (c) => {
      const r = c.r;
      const out = [
        `cy.wait('@list');`,
        `cy.get('[data-testid="${c.entity}-row"]').should('have.length.greaterThan', ${int(r, 0, 5)});`,
        `cy.contains('button', '${cap(pick(r, VERBS))}').click();`,
        `cy.get('input[name="name"]').clear().type('${c.Entity} ${int(r, 1, 999)}');`,
        `cy.get('form').submit();`,
        `cy.contains('Saved').should('be.visible');`,
      ];
      if (chance(r, 0.2)) out.push(`cy.wait(${int(r, 1, 8) * 250});`);
      return out;
    },
  },
  {
    kind: 'wdio', weight: 4, testFn: 'it', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `test/specs/${c.entity}-${i}.e2e.js`,
    header: () => [`const { browser, $, expect } = require('@wdio/globals');`, ``],
    hooks: () => [`before(async () => {`, `  await browser.url('/login');`, `  await $('#username').setValue('tomsmith');`, `});`],
    body: (c) => {
      const r = c.r;
      const out = [
        `await browser.url('/${c.entity}s/${int(r, 1, 99)}');`,
        `await $('button=${cap(pick(r, VERBS))}').click();`,
        `await expect($('#flash')).toBeExisting();`,
        `await expect($('#flash')).toHaveText(expect.stringContaining('${c.entity}'));`,
      ];
      if (chance(r, 0.2)) out.push(`await browser.pause(${int(r, 1, 5) * 1000});`);
      return out;
    },
  },
  {
    kind: 'node-test', weight: 8, testFn: 'test', suiteFn: 'describe', asyncTests: true, params: 't',
    path: (c, i) => `lib/${c.entity}/test/${c.entity}-${i}.test.mjs`,
    header: (c) => [
      `import { test, describe, beforeEach } from 'node:test';`,
      `import assert from 'node:assert/strict';`,
      `import { parse${c.Entity}, format${c.Entity} } from '../${c.entity}.mjs';`,
      ``,
    ],
    hooks: () => [`beforeEach(() => {`, `  globalThis.__calls = [];`, `});`],
    body: (c) => {
      const r = c.r;
      const out = [
        `const parsed = parse${c.Entity}('${c.entity}:${int(r, 1, 999)}:${pick(r, ['a', 'b', 'c'])}');`,
        `assert.equal(parsed.id, ${int(r, 1, 999)});`,
        `assert.deepEqual(format${c.Entity}(parsed).split(':'), ['${c.entity}', String(parsed.id), parsed.flag]);`,
      ];
      if (chance(r, 0.3)) out.push(`await t.test('round-trips', () => {`, `  assert.equal(format${c.Entity}(parse${c.Entity}('x:1:a')), 'x:1:a');`, `});`);
      if (chance(r, 0.15)) out.push(`t.mock.timers.enable({ apis: ['setTimeout'] });`);
      return out;
    },
  },
  {
    kind: 'mocha', weight: 7, testFn: 'it', suiteFn: 'describe', asyncTests: true,
    path: (c, i) => `test/${c.entity}/${c.entity}-${i}.spec.js`,
    header: (c) => [
      `'use strict';`,
      `const { expect } = require('chai');`,
      `const sinon = require('sinon');`,
      `const ${c.entity}s = require('../../lib/${c.entity}s');`,
      ``,
    ],
    hooks: () => [`let sandbox;`, `beforeEach(function () {`, `  sandbox = sinon.createSandbox();`, `});`, `afterEach(function () {`, `  sandbox.restore();`, `});`],
    body: (c) => {
      const r = c.r;
      const out = [
        `const stub = sandbox.stub(${c.entity}s, 'load').resolves({ id: ${int(r, 1, 99)} });`,
        `const value = await ${c.entity}s.describe(${int(r, 1, 99)});`,
        `expect(value).to.deep.equal({ id: ${int(r, 1, 99)}, label: '${c.entity}' });`,
        `expect(stub.calledOnce).to.equal(true);`,
      ];
      if (chance(r, 0.1)) out.push(`this.retries(${int(r, 1, 3)});`);
      return out;
    },
  },
];

const TOTAL_WEIGHT = TEMPLATES.reduce((s, t) => s + t.weight, 0);

/** Target size in lines: mostly small, a tail of large files up to a few thousand lines. */
function targetLines(r: Rand): number {
  const x = r();
  if (x < 0.5) return int(r, 20, 150);
  if (x < 0.78) return int(r, 150, 400);
  if (x < 0.9) return int(r, 400, 800);
  if (x < 0.97) return int(r, 800, 1600);
  return int(r, 1600, 3500);
}

/** Generates one file of the given kind with about `lines` lines. */
export function generateFile(seed: number, index: number, options: { lines?: number; kind?: CorpusKind; broken?: boolean } = {}): CorpusFile {
  const r = rng((seed * 2654435761 + index * 40503) >>> 0);
  let template: Template;
  if (options.kind) {
    template = TEMPLATES.find((t) => t.kind === options.kind)!;
  } else {
    let w = r() * TOTAL_WEIGHT;
    template = TEMPLATES[TEMPLATES.length - 1];
    for (const t of TEMPLATES) {
      if ((w -= t.weight) < 0) {
        template = t;
        break;
      }
    }
  }
  const entity = pick(r, ENTITIES);
  const c: Ctx = { r, entity, Entity: cap(entity), n: 0 };
  const target = options.lines ?? targetLines(r);
  const out: string[] = [...template.header(c)];
  out.push(`${template.suiteFn}('${c.Entity} ${pick(r, ['service', 'routes', 'page', 'flow', 'model', 'store'])}', () => {`);
  out.push(...template.hooks(c).map((l) => (l ? '  ' + l : l)));
  let depth = 1;
  let testsInSuite = 0;
  const asyncKw = template.asyncTests ? 'async ' : '';
  // Leave room for the closing braces.
  while (out.length < target - depth - 1) {
    const ind = '  '.repeat(depth);
    if (depth < 3 && testsInSuite >= int(r, 4, 9) && chance(r, 0.5)) {
      out.push('', `${ind}${template.suiteFn}('${pick(r, QUALIFIERS)}', () => {`);
      depth++;
      testsInSuite = 0;
      continue;
    }
    if (depth > 1 && testsInSuite >= int(r, 3, 8) && chance(r, 0.4)) {
      out.push(`${'  '.repeat(depth - 1)}});`);
      depth--;
      testsInSuite = 0;
      continue;
    }
    let head = template.testFn;
    const m = r();
    if (m < 0.01) head += '.only';
    else if (m < 0.04) head += template.kind === 'playwright' ? '.fixme' : '.skip';
    else if (m < 0.07 && template.kind !== 'cypress' && template.kind !== 'node-test' && template.kind !== 'mocha' && template.kind !== 'wdio') {
      out.push('', `${ind}${template.testFn}.each([`, `${ind}  [${int(r, 1, 9)}, ${int(r, 1, 9)}],`, `${ind}  [${int(r, 1, 9)}, ${int(r, 1, 9)}],`, `${ind}])('adds %i and %i', ${asyncKw}(a, b) => {`, `${ind}  expect(a + b).toBeGreaterThan(0);`, `${ind}});`);
      testsInSuite++;
      continue;
    }
    const params = template.params ?? '';
    const fn = template.kind === 'mocha' ? `${asyncKw}function (${params})` : `${asyncKw}(${params}) =>`;
    out.push('', `${ind}${head}('${title(c)}', ${fn} {`);
    const body = template.body(c);
    // Larger files have longer tests as well as more of them.
    const extra = target > 600 ? int(r, 0, 2) : 0;
    for (let k = 0; k < extra; k++) body.push(...plainBody(c, ''));
    out.push(...body.map((l) => `${ind}  ${l}`));
    out.push(`${ind}});`);
    testsInSuite++;
  }
  while (depth > 0) {
    out.push(`${'  '.repeat(depth - 1)}});`);
    depth--;
  }
  let text = out.join('\n') + '\n';
  const broken = options.broken ?? false;
  if (broken) text = injectSyntaxError(r, text);
  return { relPath: template.path(c, index), text, kind: template.kind, lines: out.length, broken };
}

/** Realistic breakage: a half-typed line, a missing brace, an unclosed string or a stray token. */
function injectSyntaxError(r: Rand, text: string): string {
  const lines = text.split('\n');
  const at = int(r, Math.floor(lines.length / 3), Math.max(Math.floor(lines.length / 3), lines.length - 3));
  switch (int(r, 0, 3)) {
    case 0:
      lines[at] = lines[at].slice(0, Math.floor(lines[at].length / 2));
      break;
    case 1: {
      const close = lines.findIndex((l, i) => i >= at && l.trim() === '});');
      if (close >= 0) lines.splice(close, 1);
      else lines.splice(at, 0, '  if (x) {');
      break;
    }
    case 2:
      lines.splice(at, 0, `  const label = 'unterminated;`);
      break;
    default:
      lines.splice(at, 0, '  expect(value).toBe(1) ) }} =>;');
  }
  return lines.join('\n');
}

/** Generates the corpus file by file; nothing is kept in memory. */
export function* generateCorpus(options: CorpusOptions): Generator<CorpusFile> {
  const brokenShare = options.brokenShare ?? 0.02;
  const pickBroken = rng(options.seed ^ 0x5bd1e995);
  for (let i = 0; i < options.files; i++) {
    yield generateFile(options.seed, i, { broken: pickBroken() < brokenShare });
  }
}

export interface WrittenCorpus {
  dir: string;
  files: string[];
  bytes: number;
  lines: number;
  broken: number;
  byKind: Record<string, number>;
}

/** Where the benches keep the corpus of a seed and size: the temp folder, never the repository. */
export function defaultCorpusDir(seed: number, files: number): string {
  return path.join(os.tmpdir(), `test-layers-corpus-s${seed}-n${files}`);
}

/** Writes (or reuses, when a complete copy with the same seed and size exists) a corpus under `dir`. */
export function writeCorpus(dir: string, options: CorpusOptions): WrittenCorpus {
  const stamp = path.join(dir, '.corpus.json');
  try {
    const previous = JSON.parse(fs.readFileSync(stamp, 'utf8')) as WrittenCorpus & { seed: number; count: number; version: number };
    if (previous.seed === options.seed && previous.count === options.files && previous.version === CORPUS_VERSION) {
      return { ...previous, dir, files: previous.files.map((f) => path.join(dir, f)) };
    }
  } catch {
    // No usable stamp: generate.
  }
  // Written under a private name and renamed at the end, so two benches starting together cannot collide.
  const final = dir;
  dir = `${final}.partial-${process.pid}`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const rel: string[] = [];
  let bytes = 0;
  let lines = 0;
  let broken = 0;
  const byKind: Record<string, number> = {};
  const made = new Set<string>();
  for (const f of generateCorpus(options)) {
    const full = path.join(dir, f.relPath);
    const parent = path.dirname(full);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(full, f.text);
    rel.push(f.relPath);
    bytes += Buffer.byteLength(f.text);
    lines += f.lines;
    if (f.broken) broken++;
    byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  }
  const result = { dir: final, files: rel, bytes, lines, broken, byKind };
  fs.writeFileSync(path.join(dir, '.corpus.json'), JSON.stringify({ ...result, seed: options.seed, count: options.files, version: CORPUS_VERSION }));
  fs.rmSync(final, { recursive: true, force: true });
  try {
    fs.renameSync(dir, final);
  } catch {
    // Another process renamed its identical copy first.
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ...result, files: rel.map((f) => path.join(final, f)) };
}

/** Bump when templates change so cached corpora are regenerated. */
export const CORPUS_VERSION = 1;

export const CORPUS_KINDS: readonly CorpusKind[] = TEMPLATES.map((t) => t.kind);
