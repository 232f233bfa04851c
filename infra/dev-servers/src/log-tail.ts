import { open } from "node:fs/promises";

/** The last `count` lines of a log file, read from its end so a large log costs nothing. */
export async function lastLines(file: string, count = 20): Promise<string[]> {
  const maxBytes = 16 * 1024;
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString("utf8").split("\n");
      if (size > length) lines.shift(); // cut mid-line
      while (lines.length > 0 && lines.at(-1)?.trim() === "") lines.pop();
      return lines.slice(-count);
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
}
