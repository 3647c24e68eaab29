import type { RoutingDecision } from './types';

/**
 * The channel variables the `route` AGI script sets for the dialplan: ROUTE_STATUS always,
 * ROUTE_COUNT, ROUTE_TARGET_n, ROUTE_LINK_n and ROUTE_TIMEOUT when there is somewhere to dial,
 * ROUTE_FALLBACK (busy, message, number) and its value when there is no room.
 */
export function routeVariables(decision: RoutingDecision): [string, string][] {
  const variables: [string, string][] = [['ROUTE_STATUS', decision.status]];
  if (decision.status === 'OK') {
    variables.push(['ROUTE_COUNT', String(decision.targets.length)]);
    decision.targets.forEach((target, index) => {
      variables.push([`ROUTE_TARGET_${index + 1}`, target.dialString], [`ROUTE_LINK_${index + 1}`, String(target.linkId)]);
    });
    variables.push(['ROUTE_TIMEOUT', String(decision.ringTimeoutSeconds)]);
  } else if (decision.status === 'NO_ROOM') {
    const { fallback } = decision;
    variables.push(['ROUTE_COUNT', '0'], ['ROUTE_FALLBACK', fallback.kind]);
    if (fallback.kind === 'message') variables.push(['ROUTE_FALLBACK_SOUND', fallback.sound]);
    if (fallback.kind === 'number') variables.push(['ROUTE_FALLBACK_NUMBER', fallback.number]);
  } else {
    variables.push(['ROUTE_COUNT', '0']);
  }
  return variables;
}
