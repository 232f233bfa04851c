/** What `podman image inspect` / `docker image inspect` say of an image that the checks use. */
export interface ImageFacts {
  /** Uncompressed, in bytes: what the image takes on a node's disk. */
  size: number;
  user: string;
  workingDir: string;
  /** Entrypoint then Cmd: what a container of it runs when given no command. */
  command: string[];
  env: Record<string, string>;
  exposedPorts: string[];
  labels: Record<string, string>;
}

interface InspectedConfig {
  User?: string;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Env?: string[] | null;
  ExposedPorts?: Record<string, unknown> | null;
  Labels?: Record<string, string> | null;
}

/** Both engines print a JSON array with one object per image asked about. */
export function parseImageInspect(json: string): ImageFacts {
  const parsed: unknown = JSON.parse(json);
  const image = Array.isArray(parsed) ? parsed[0] : undefined;
  if (!image || typeof image !== "object") throw new Error("image inspect printed no image");
  const { Size, Config } = image as { Size?: number; Config?: InspectedConfig };
  const config = Config ?? {};
  return {
    size: Size ?? 0,
    user: config.User ?? "",
    workingDir: config.WorkingDir ?? "",
    command: [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])],
    env: Object.fromEntries(
      (config.Env ?? []).map((pair) => {
        const equals = pair.indexOf("=");
        return equals < 0 ? [pair, ""] : [pair.slice(0, equals), pair.slice(equals + 1)];
      }),
    ),
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    labels: config.Labels ?? {},
  };
}
