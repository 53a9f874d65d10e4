/**
 * The public rule ids of DESIGN.md §3. Settings, `%% @lint-disable`, suppressions and CLI output
 * all use these strings, so they live in one place: the annotation reader validates
 * `@lint-disable` against this list and the linter's registry is checked against it.
 */
export const RULE_IDS = [
  'redundancy/dns',
  'redundancy/cdn',
  'redundancy/load-balancer',
  'redundancy/app-servers',
  'redundancy/db-replication',
  'redundancy/multi-region',
  'redundancy/health-checks',
  'redundancy/circuit-breaker',
  'spof',
  'availability/target',
  'consistency/requirement',
  'syntax',
  'annotation',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

const ruleIdSet: ReadonlySet<string> = new Set(RULE_IDS);

export function isRuleId(id: string): id is RuleId {
  return ruleIdSet.has(id);
}
