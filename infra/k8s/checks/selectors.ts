type Labels = Readonly<Record<string, string>>;

/** A Kubernetes label selector (Deployment, PodDisruptionBudget, NetworkPolicy, spread). */
export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Whether `selector` picks an object with `labels`, as the API server decides: every
 * matchLabels pair and every expression must hold; an empty selector picks everything.
 */
export function selects(selector: LabelSelector | undefined, labels: Labels = {}): boolean {
  if (selector === undefined) return false;
  const pairsHold = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  return pairsHold && (selector.matchExpressions ?? []).every((e) => expressionHolds(e, labels));
}

/** A Service's selector: a plain map, where an empty or missing one selects no pods at all. */
export function serviceSelects(selector: Labels | undefined, labels: Labels = {}): boolean {
  const pairs = Object.entries(selector ?? {});
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

function expressionHolds(
  { key, operator, values = [] }: { key: string; operator: string; values?: string[] },
  labels: Labels,
): boolean {
  const value = labels[key];
  switch (operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}
