import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './server';

const ROOT = join(__dirname, '..', '..', '..');

/** The one nginx configuration of the deployment: docker-compose.yml mounts it, the loopback test renders it. */
export const NGINX_TEMPLATE = join(ROOT, 'deploy', 'nginx', 'octopus.conf.template');

/** What the template's placeholders are filled with (docker-compose.yml sets the same names for the nginx image). */
export interface NginxTemplateValues {
  OCTOPUS_UPSTREAM_SERVERS: string;
  NGINX_LISTEN: string;
  NGINX_ACCESS_LOG: string;
}

/** `${NAME}` replaced by its value, as the nginx image's envsubst does; a placeholder left without a value throws. */
export function renderNginxTemplate(values: NginxTemplateValues, template = readFileSync(NGINX_TEMPLATE, 'utf8')): string {
  const out = template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (whole, name: string) => {
    const v = (values as unknown as Record<string, string | undefined>)[name];
    if (v === undefined) throw new Error(`${NGINX_TEMPLATE}: no value for \${${name}}`);
    return v;
  });
  return out;
}

const INSTALL_HINT =
  '`apt-get install -y nginx` (Debian/Ubuntu; only the binary is used, no nginx service needs to run), or set NGINX_BIN to an nginx binary';

/** The nginx binary (NGINX_BIN, else /usr/sbin/nginx or PATH); a missing one fails the test with how to install it. */
export function nginxBinary(): string {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const configured = process.env.NGINX_BIN;
  if (configured) {
    if (executable(configured)) return configured;
    throw new Error(`NGINX_BIN=${configured} is not an executable file. The loopback fault test needs nginx (it is never skipped): ${INSTALL_HINT}.`);
  }
  const found = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'nginx'))].find(executable);
  if (found) return found;
  throw new Error(`nginx is not installed, and the loopback fault test needs it (it is never skipped): ${INSTALL_HINT}.`);
}

/** `server host:port …;` lines for the template, with the same passive health check as docker-compose.yml. */
export const upstreamServers = (addresses: string[]): string => addresses.map((a) => `server ${a} max_fails=1 fail_timeout=10s;`).join(' ');

/**
 * A main nginx.conf around the rendered template, everything under `dir` (pid, logs, temp paths): the
 * unprivileged-style foreground run of the loopback test. One worker, so round robin is exact and logs are in order.
 */
function mainConf(dir: string, include: string): string {
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`),
    `  include ${include};`,
    '}',
    '',
  ].join('\n');
}

/** `nginx -t` on the template rendered with `values` (throws with nginx's own message when it is refused). */
export function checkNginxConfig(values: NginxTemplateValues): void {
  const dir = mkdtempSync(join(tmpdir(), 'octopus-nginx-check-'));
  try {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'octopus.conf'), renderNginxTemplate(values));
    writeFileSync(join(dir, 'nginx.conf'), mainConf(dir, join(dir, 'octopus.conf')));
    execFileSync(nginxBinary(), ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`nginx -t refused the rendered template: ${e.stderr ?? e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface NginxProcess {
  url: string;
  wsUrl: string;
  port: number;
  dir: string;
  proc: ChildProcess;
  /** Access log lines so far (the template's `octopus` format: `<client> [...] "<request>" <status> … upstream=<addr> …`). */
  accessLog(): string[];
  errorLog(): string;
  /** Stops nginx (SIGQUIT, then SIGKILL after 5 s) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** nginx in the foreground on a free 127.0.0.1 port, in front of `upstreams` (host:port), from the deployment template. */
export async function startNginx(upstreams: string[]): Promise<NginxProcess> {
  const bin = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), 'octopus-nginx-'));
  // nginx's workers (nobody when started as root) write the temp paths the master creates here.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const accessLog = join(dir, 'access.log');
  writeFileSync(join(dir, 'octopus.conf'), renderNginxTemplate({ OCTOPUS_UPSTREAM_SERVERS: upstreamServers(upstreams), NGINX_LISTEN: `127.0.0.1:${port}`, NGINX_ACCESS_LOG: accessLog }));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, mainConf(dir, join(dir, 'octopus.conf')));
  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')];
  try {
    execFileSync(bin, ['-t', ...args], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx -t refused the rendered template: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(proc, 'exit');
  const errorLog = () => (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '') + out;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGQUIT');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      const log = errorLog();
      await stop();
      throw new Error(`nginx did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dir,
    proc,
    accessLog: () => (existsSync(accessLog) ? readFileSync(accessLog, 'utf8').split('\n').filter(Boolean) : []),
    errorLog,
    stop,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
