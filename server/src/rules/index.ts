import type { RuleModule } from '../core/rule-api';
import brittleSelector from './brittle-selector';
import fixedSleep from './fixed-sleep';
import focusedTest from './focused-test';
import layerMismatch from './layer-mismatch';
import missingAwait from './missing-await';
import nondeterministicData from './nondeterministic-data';
import realNetwork from './real-network';
import retryBandAid from './retry-band-aid';
import skippedTest from './skipped-test';
import timingAssertion from './timing-assertion';

/** Every rule, in catalogue order. Explicit so bundlers keep them all. */
export const allRules: readonly RuleModule[] = [
  fixedSleep,
  focusedTest,
  skippedTest,
  layerMismatch,
  missingAwait,
  realNetwork,
  timingAssertion,
  retryBandAid,
  brittleSelector,
  nondeterministicData,
];

export const rulesById: ReadonlyMap<string, RuleModule> = new Map(allRules.map((r) => [r.id, r]));
