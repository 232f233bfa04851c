// npm run --silent k8s:dev-secrets | kubectl apply -f -
// dev's Secrets and session public key, fresh on every run (skaffold.yaml applies them once, when
// the namespace has none). Applying them again over a running dev environment changes the
// passwords its postgres volume was initialised with: delete the namespace for a fresh start.
import { devSecrets } from "./builders/dev-secrets.js";
import { plain } from "./environments.js";
import { yamlStream } from "./generated-files.js";

process.stdout.write(yamlStream(devSecrets().map(plain)));
