export {
  isExclusiveTask,
  phaseGateCommands,
  resolveGateConfig,
  type GateCommand,
  type GateConfig,
  type GateSettings,
  type QualityCheck,
  type QualityCheckName,
  type TddConfig,
} from './config';
export { isFinishingPhase, isTestGroupTitle, writesTest } from './test-groups';
export { findTddUnits, tddTargetNames, TDD_GREEN_PREFIX, TDD_RED_PREFIX, type TddUnit, type TddUnitOptions } from './tdd-units';
export { applyGateTargets, hasCycle, type GateTargetsInput } from './targets';
