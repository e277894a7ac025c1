import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const read = (p: string) => JSON.parse(readFileSync(join(__dirname, p), 'utf8')) as { version?: string; info?: { version: string } };

it("the package's version is the API's info.version", () => {
  expect(read('../package.json').version).toBe(read('../../../docs/openapi.json').info!.version);
});

it('the changelog has an entry for that version', () => {
  const version = read('../package.json').version!;
  expect(readFileSync(join(__dirname, '../CHANGELOG.md'), 'utf8')).toContain(`## ${version}`);
});
