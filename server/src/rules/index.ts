import type { RuleModule } from '../core/rule-api';
import brittleSelector from './brittle-selector';
import fixedSleep from './fixed-sleep';
import focusedTest from './focused-test';
import hardcodedPort from './hardcoded-port';
import layerMismatch from './layer-mismatch';
import missingAwait from './missing-await';
import nonRetryingAssertion from './non-retrying-assertion';
import forcedAction from './forced-action';
import unreliableWait from './unreliable-wait';
import unsafeChain from './unsafe-chain';
import doneCallback from './done-callback';
import debugLeftover from './debug-leftover';
import nondeterministicData from './nondeterministic-data';
import orderDependency from './order-dependency';
import realNetwork from './real-network';
import resourceLeak from './resource-leak';
import retryBandAid from './retry-band-aid';
import sharedMutableState from './shared-mutable-state';
import skippedTest from './skipped-test';
import timingAssertion from './timing-assertion';
import unsafeConcurrency from './unsafe-concurrency';

/** Every rule, in catalogue order. Explicit so bundlers keep them all. */
export const allRules: readonly RuleModule[] = [
  fixedSleep,
  focusedTest,
  skippedTest,
  layerMismatch,
  missingAwait,
  realNetwork,
  timingAssertion,
  nonRetryingAssertion,
  forcedAction,
  unreliableWait,
  unsafeChain,
  doneCallback,
  debugLeftover,
  retryBandAid,
  brittleSelector,
  nondeterministicData,
  sharedMutableState,
  orderDependency,
  unsafeConcurrency,
  resourceLeak,
  hardcodedPort,
];

export const rulesById: ReadonlyMap<string, RuleModule> = new Map(allRules.map((r) => [r.id, r]));
