import { ensureLocalBaseImage } from "./base-image.js";
import { type Engine, qualifiedImageName } from "./engine.js";

export interface BaseChoice {
  image: string;
  /** Where it comes from, for the first line of the output. */
  origin: string;
}

/**
 * NODE_IMAGE, when set, is the base every stage builds on (the Dockerfiles' default,
 * node:20.20.2-bookworm-slim, wherever a registry answers). Unset: no registry is assumed, and
 * the base is made from this machine's Node.js.
 */
export async function chooseBaseImage(engine: Engine, env: NodeJS.ProcessEnv): Promise<BaseChoice> {
  const requested = env.NODE_IMAGE?.trim();
  if (requested) {
    const image = engine.name === "podman" ? qualifiedImageName(requested) : requested;
    return { image, origin: "NODE_IMAGE" };
  }
  return {
    image: await ensureLocalBaseImage(engine),
    origin: `this machine's Node.js ${process.version}`,
  };
}
