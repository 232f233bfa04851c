import { Namespace } from "kubernetes-models/v1/Namespace";
import { NAMESPACE, PART_OF } from "./metadata.js";

/** The namespace, refusing any pod the restricted Pod Security Standard would not admit. */
export function namespace() {
  return new Namespace({
    metadata: {
      name: NAMESPACE,
      labels: {
        ...PART_OF,
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    },
  });
}
