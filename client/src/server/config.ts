import "server-only";
import { readConfig, type StorefrontConfig } from "../lib/config";

let config: StorefrontConfig | undefined;

/** The environment, read at run time (never inlined at build: the image is built once). */
export function storefrontConfig(): StorefrontConfig {
  config ??= readConfig(process.env);
  return config;
}
