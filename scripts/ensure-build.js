// `npm start` builds first when dist/ is missing or older than the sources, so a fresh clone just works.
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'main.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sourceTime = Math.max(newest(join(root, 'src')), newest(join(root, 'migrations')));
if (!existsSync(entry) || statSync(entry).mtimeMs < sourceTime) {
  process.stdout.write('Building Octopus (first start or sources changed)…\n');
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
}
