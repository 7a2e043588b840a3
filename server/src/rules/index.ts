import type { RuleModule } from '../core/rule-api';
import brittleSelector from './brittle-selector';
import fixedSleep from './fixed-sleep';
import focusedTest from './focused-test';
import hardcodedPort from './hardcoded-port';
import layerMismatch from './layer-mismatch';
import missingAwait from './missing-await';
import nondeterministicData from './nondeterministic-data';
import nonRetryingAssertion from './non-retrying-assertion';
import forcedAction from './forced-action';
import unreliableWait from './unreliable-wait';
import unsafeChain from './unsafe-chain';
import doneCallback from './done-callback';
import debugLeftover from './debug-leftover';
import realNetwork from './real-network';
import retryBandAid from './retry-band-aid';
import orderDependency from './order-dependency';
import resourceLeak from './resource-leak';
import sharedMutableState from './shared-mutable-state';
import unsafeConcurrency from './unsafe-concurrency';
import skippedTest from './skipped-test';
import timingAssertion from './timing-assertion';

/** Every rule, in catalogue order. Explicit so bundlers keep them all. */
export const allRules: readonly RuleModule[] = [
  fixedSleep,
  missingAwait,
  realNetwork,
  nondeterministicData,
  timingAssertion,
  nonRetryingAssertion,
  forcedAction,
  unreliableWait,
  unsafeChain,
  doneCallback,
  debugLeftover,
  sharedMutableState,
  orderDependency,
  unsafeConcurrency,
  resourceLeak,
  hardcodedPort,
  focusedTest,
  skippedTest,
  retryBandAid,
  brittleSelector,
  layerMismatch,
];

export const rulesById: ReadonlyMap<string, RuleModule> = new Map(allRules.map((r) => [r.id, r]));
