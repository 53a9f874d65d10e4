/**
 * Every rule, in the order findings are reported and documented. Adding a rule is one file
 * and one line here; the ids are DESIGN.md §3's (src/core/design/ruleIds.ts).
 */
import type { Rule } from '../types';
import { appServersRule } from './appServers';
import { availabilityTargetRule } from './availabilityTarget';
import { cdnRule } from './cdn';
import { circuitBreakerRule } from './circuitBreaker';
import { consistencyRule } from './consistency';
import { dbReplicationRule } from './dbReplication';
import { dnsRule } from './dns';
import { healthChecksRule } from './healthChecks';
import { loadBalancerRule } from './loadBalancer';
import { multiRegionRule } from './multiRegion';
import { annotationRule, syntaxRule } from './passThrough';
import { spofRule } from './spof';

export const RULES: readonly Rule[] = [
  dnsRule,
  cdnRule,
  loadBalancerRule,
  appServersRule,
  dbReplicationRule,
  multiRegionRule,
  healthChecksRule,
  circuitBreakerRule,
  spofRule,
  availabilityTargetRule,
  consistencyRule,
  syntaxRule,
  annotationRule,
];

const byId = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
