// The built-in rule set, in the order the scorecard lists them.
import type { ScoringRule } from '../scoring.ts';
import { bpmnlintRule } from './bpmnlint.ts';
import { costPerCaseRule, cycleTimeRule, firstResponseTimeRule, processCycleEfficiencyRule, resolutionTimeRule, resourceUtilisationRule } from './dynamic.ts';
import { approvalChainsRule, handOffsRule, knockOutOrderRule, manualStepsRule, nonValueAddingShareRule, reworkLoopsRule } from './lean.ts';
import {
  controlFlowComplexityRule,
  deadlockRule,
  implicitSplitsRule,
  missingLabelsRule,
  modelSizeRule,
  unmatchedSplitsRule,
  unreachableElementsRule,
} from './model-quality.ts';

/** Every built-in rule. */
export const BUILT_IN_RULES: readonly ScoringRule[] = [
  firstResponseTimeRule,
  resolutionTimeRule,
  cycleTimeRule,
  processCycleEfficiencyRule,
  manualStepsRule,
  nonValueAddingShareRule,
  handOffsRule,
  approvalChainsRule,
  reworkLoopsRule,
  knockOutOrderRule,
  resourceUtilisationRule,
  costPerCaseRule,
  modelSizeRule,
  controlFlowComplexityRule,
  unmatchedSplitsRule,
  deadlockRule,
  unreachableElementsRule,
  missingLabelsRule,
  implicitSplitsRule,
  bpmnlintRule,
] as readonly ScoringRule[];
