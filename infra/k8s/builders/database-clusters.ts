import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { databaseOwners } from "../deployables.js";
import { THIRD_PARTY_IMAGES } from "../images.js";
import { SIZING } from "../sizing.js";
import { objectMeta, PART_OF } from "./metadata.js";
import { NODE, resourcesOf, spreadOver, ZONE } from "./pod.js";
import { databaseCluster } from "./references.js";

/**
 * prod's databases: a CloudNativePG cluster per service (`<svc>-db`: a primary and standbys,
 * failover, its own PodDisruptionBudgets). initdb makes the database and its owner, both named
 * after the service, and the secret `<svc>-db-app` whose `uri` points at `<svc>-db-rw`, the
 * primary's Service: what the service's DATABASE_URL reads.
 */
export function databaseClusters(options: { instances: number; storage: string }) {
  return databaseOwners().map(({ name }) => {
    const cluster = databaseCluster(name);
    return new Cluster({
      metadata: objectMeta(cluster, { name: cluster, component: "database" }),
      spec: {
        instances: options.instances,
        imageName: THIRD_PARTY_IMAGES.cloudnativePg,
        bootstrap: { initdb: { database: name, owner: name } },
        storage: { size: options.storage },
        resources: resourcesOf(SIZING.postgres),
        // A commit is acknowledged once one standby has it too: the order, payment or event a
        // client was told about survives the primary's loss (asynchronous standbys could lose
        // the last ones at a failover). Either standby may answer, so one can be down.
        postgresql: { synchronous: { method: "any", number: 1 } },
        // The operator's PDBs: one for the primary, one letting a standby at a time go.
        enablePDB: true,
        // Upgrade the standbys, switch over to one of them by itself, then upgrade the old primary.
        primaryUpdateStrategy: "unsupervised",
        primaryUpdateMethod: "switchover",
        affinity: {
          enablePodAntiAffinity: true,
          topologyKey: NODE,
          podAntiAffinityType: "preferred",
        },
        topologySpreadConstraints: spreadOver([ZONE], { "cnpg.io/cluster": cluster }),
        // On the instances' pods too, beside CloudNativePG's own cnpg.io/* labels.
        inheritedMetadata: {
          labels: { ...PART_OF, "app.kubernetes.io/component": "database" },
        },
      },
    });
  });
}
