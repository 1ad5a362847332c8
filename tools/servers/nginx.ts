/**
 * Runs Debian's nginx (`/usr/sbin/nginx`) on 127.0.0.1 with the server block of docs/deploy.md, serving a published
 * PRISM API folder: the config the documentation gives is the config the end-to-end test exercises
 * (tests/e2e/nginx.e2e.ts). Everything nginx writes (pid, logs, temp files) goes to a temp prefix folder; nginx runs
 * in the foreground (`daemon off`) as a child process and is stopped with SIGQUIT, then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const NGINX = '/usr/sbin/nginx';
const DEPLOY_DOC = new URL('../../docs/deploy.md', import.meta.url);

export interface RunningNginx {
  port: number;
  url: string;
  /** Requests answered so far, as `<status> <path>` (from nginx's access log), oldest first. */
  requests(): string[];
  close(): Promise<void>;
}

/** The `server { }` block between the nginx-config markers of docs/deploy.md. */
function deployedServerBlock(): string {
  const doc = readFileSync(DEPLOY_DOC, 'utf8');
  const m = /<!-- nginx-config: begin -->\s*```nginx\n([\s\S]*?)```\s*<!-- nginx-config: end -->/.exec(doc);
  if (!m) throw new Error('docs/deploy.md has no nginx-config block');
  return m[1]!;
}

/** The documented block, listening on `port` and serving `root` (the only two lines that change). */
function serverBlock(root: string, port: number): string {
  const block = deployedServerBlock();
  const replaced = block
    .replace(/^(\s*)listen 127\.0\.0\.1:\d+;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)root \S+;/m, `$1root ${root};`);
  if (!replaced.includes(`listen 127.0.0.1:${port};`) || !replaced.includes(`root ${root};`)) {
    throw new Error('the nginx-config block of docs/deploy.md has no `listen 127.0.0.1:…;` or `root …;` line');
  }
  return replaced;
}

/** What Debian's nginx.conf gives around a site: here, only what a prefix folder needs. */
function mainConfig(prefix: string, server: string): string {
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};` : '';
  return `${user}
daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
    log_format prism '$status $uri';
    access_log ${prefix}/access.log prism;
    client_body_temp_path ${prefix}/tmp/body;
    proxy_temp_path ${prefix}/tmp/proxy;
    fastcgi_temp_path ${prefix}/tmp/fastcgi;
    uwsgi_temp_path ${prefix}/tmp/uwsgi;
    scgi_temp_path ${prefix}/tmp/scgi;
${server}
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${log()}`);
    try {
      await fetch(`${url}/v2/meta.json`, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nginx did not answer on ${url}: ${log()}`);
}

/** Starts nginx serving `root` (a prism:publish output folder) on a free port of 127.0.0.1. */
export async function startNginx(root: string): Promise<RunningNginx> {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} is missing: apt-get install -y nginx (scripts/lib/ensure-deps.sh installs it)`);
  }
  const prefix = await mkdtemp(join(tmpdir(), 'prism-nginx-'));
  await mkdir(join(prefix, 'tmp'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const conf = join(prefix, 'nginx.conf');
    await writeFile(conf, mainConfig(prefix, serverBlock(root, port)));
    const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const errors = () => {
      const log = existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '';
      return `${stderr}${log}`.trim().slice(-2000);
    };
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilServing(url, child, errors);
    } catch (err) {
      child.kill('SIGKILL');
      // Another process took the port between our check and nginx's bind: try another.
      if (attempt < 3 && /Address already in use/.test(errors())) continue;
      await rm(prefix, { recursive: true, force: true });
      throw err;
    }
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    return {
      port,
      url,
      requests: () => {
        const path = join(prefix, 'access.log');
        return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
      },
      async close() {
        if (child.exitCode === null) {
          child.kill('SIGQUIT'); // graceful: finish the answers in flight
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        await rm(prefix, { recursive: true, force: true });
      },
    };
  }
}
