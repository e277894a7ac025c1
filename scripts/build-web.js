// `npm run build` also builds the dashboard (web/, its own package.json and lockfile) into web/dist, which the app
// serves at / (src/common/http/web-app.ts). Its dependencies are installed on first use with `npm ci`.
// --if-stale (used by `npm start`): only when web/dist is missing or older than the sources, and a failure (say, no
// registry to install from) is a warning: the app then starts without the dashboard.
// SKIP_WEB_BUILD=true skips it.
const { existsSync, statSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { gzipSync } = require('node:zlib');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..');
const web = join(root, 'web');
const ifStale = process.argv.includes('--if-stale');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (process.env.SKIP_WEB_BUILD === 'true') {
  process.stdout.write('SKIP_WEB_BUILD=true: the dashboard is not built.\n');
  process.exit(0);
}
if (ifStale) {
  const built = join(web, 'dist', 'index.html');
  const sources = Math.max(newest(join(web, 'src')), newest(join(root, 'packages', 'sdk', 'src')), statSync(join(web, 'package-lock.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0);
  process.stdout.write('Building the dashboard (web/)…\n');
}
try {
  const installed = join(web, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(web, 'package-lock.json')).mtimeMs) {
    execSync('npm ci --no-audit --no-fund', { cwd: web, stdio: 'inherit' });
  }
  execSync('npm run build', { cwd: web, stdio: 'inherit' });
  // Pre-compressed copies, sent to browsers that accept gzip (src/common/http/web-app.ts): no compression per request.
  const assets = join(web, 'dist', 'assets');
  for (const name of readdirSync(assets)) {
    if (/\.(js|css|svg)$/.test(name)) writeFileSync(join(assets, `${name}.gz`), gzipSync(readFileSync(join(assets, name)), { level: 9 }));
  }
} catch (err) {
  if (!ifStale) throw err;
  process.stderr.write(`The dashboard could not be built (${err.message.split('\n')[0]}); starting without it.\n`);
}
