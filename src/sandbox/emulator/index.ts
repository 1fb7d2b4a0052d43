export type { FailNextSpec, FaultRule } from './faults.js';
export {
  DEFAULT_BOT,
  DEFAULT_TEAM,
  FAKE_TIME_ZONES,
  type MakeWorkspaceOptions,
  makeWorkspace,
  type SandboxWorkspace,
} from './makeWorkspace.js';
export type { ViewResponseOutcome } from './methods/views.js';
export { bucketsFor, type LimitOverride, minimumDurationMs, type RateLimitOptions } from './rateLimiter.js';
export type { ResponseUrlContext } from './responseUrls.js';
export { RETRY_AFTER_MS_HEADER } from './router.js';
export { checkScopes, METHOD_SCOPES, requiredScopes } from './scopes.js';
export { type Emulator, type EmulatorOptions, startEmulator } from './server.js';
export { buildStateValues } from './stateValues.js';
export { METHOD_TIERS, TIERS } from './tiers.js';
export type * from './types.js';
export {
  type BlockIssue,
  formatIssue,
  LIMITS,
  type Surface,
  validateBlocks,
  validateView,
} from './validateBlocks.js';
export type { Workspace } from './workspace.js';
