// `npm run build` also builds the dashboard (web/, its own package.json and lockfile) into web/dist, which the app
// serves at / (src/common/http/web-app.ts). Its dependencies are installed on first use with `npm ci`.
// SKIP_WEB_BUILD=true skips it (the app then runs without the dashboard).
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const web = join(__dirname, '..', 'web');
if (process.env.SKIP_WEB_BUILD === 'true') {
  process.stdout.write('SKIP_WEB_BUILD=true: the dashboard is not built.\n');
  process.exit(0);
}
const installed = join(web, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(web, 'package-lock.json')).mtimeMs) {
  execSync('npm ci --no-audit --no-fund', { cwd: web, stdio: 'inherit' });
}
execSync('npm run build', { cwd: web, stdio: 'inherit' });
