// Programs the smoke checks run inside an image with its own node (`node -e <probe> -- <args>`),
// so they need nothing the image lacks, not even a shell. Plain CommonJS in strings, on purpose.

/**
 * `-- <root> <package>…`: prints, as one JSON array, every `node_modules/<package>` under
 * <root> (a directory or a link: a workspace's link counts), walking real directories only.
 */
export const FIND_PACKAGES_PROBE = `
const fs = require("node:fs");
const path = require("node:path");
const [root, ...names] = process.argv.slice(1);
const found = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    if (entry.name === "node_modules") {
      for (const name of names) {
        try {
          fs.lstatSync(path.join(sub, name));
          found.push(path.join(sub, name));
        } catch {}
      }
    }
    walk(sub);
  }
};
walk(root);
console.log(JSON.stringify(found));
`;

/**
 * `-- <program> <args>…`: starts the program with PORT set to a free port, asks
 * http://127.0.0.1:<port>/healthz until it answers, then sends SIGTERM; prints one JSON line:
 * what /healthz answered (status, body), how the program exited after the SIGTERM (exit), or
 * what went wrong (error). Polling, rather than reading a log line, works for any server.
 */
export const HEALTHZ_PROBE = `
const { spawn } = require("node:child_process");
const net = require("node:net");
const [program, ...args] = process.argv.slice(1);
const result = {};
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
freePort().then((port) => {
  const child = spawn(program, args, {
    env: { ...process.env, PORT: String(port) },
    // The program's output goes to stderr: stdout is for the one report line.
    stdio: ["ignore", 2, 2],
  });
  let exited = false;
  const deadline = setTimeout(() => {
    result.error = "no answer from /healthz within 30 s";
    child.kill("SIGKILL");
  }, 30000);
  const ask = async () => {
    if (exited) return;
    try {
      const response = await fetch("http://127.0.0.1:" + port + "/healthz");
      result.status = response.status;
      result.body = await response.text();
      child.kill("SIGTERM");
    } catch {
      setTimeout(ask, 100);
    }
  };
  child.on("error", (error) => {
    result.error = error.message;
  });
  child.on("exit", (code, signal) => {
    exited = true;
    clearTimeout(deadline);
    result.exit = code ?? signal;
    if (result.status === undefined && !result.error) result.error = "exited before /healthz answered";
    console.log(JSON.stringify(result));
  });
  ask();
});
`;
