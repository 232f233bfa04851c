/**
 * What a guarded state change decides, the one shape every service's rules return: asked to
 * move an order, a ticket or a payment, a rule answers
 * - `move`: the new state, to save and announce;
 * - `keep`: nothing changes and nothing is wrong (a repeat, or a late event already overtaken);
 * - `wait`: it depends on an event still on its way, so try again soon;
 * - `refuse`: an illegal move (a complete order cannot be cancelled); the state stays.
 */
export type Transition<State> =
  | { kind: "move"; to: State }
  | { kind: "keep"; reason: string }
  | { kind: "wait"; reason: string }
  | { kind: "refuse"; reason: string };
