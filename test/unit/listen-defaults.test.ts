import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/core/config';

const root = resolve(import.meta.dirname, '../..');

/** The service blocks of docker-compose.yml: two-space-indented names under `services:`, each with its lines. */
function composeServices(): Map<string, string> {
  const text = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
  const body = text.slice(text.indexOf('\nservices:\n'), text.indexOf('\nvolumes:\n'));
  const blocks = new Map<string, string>();
  for (const block of body.split(/\n(?= {2}[a-z][\w-]*:\n)/).slice(1)) blocks.set(block.trim().split(':')[0]!, block);
  return blocks;
}

describe('where Datafleet listens', () => {
  it('binds 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('the container listens on all its interfaces, and every compose service restarts unless stopped (one-shot jobs never)', () => {
    const services = composeServices();
    expect([...services.keys()]).toEqual(expect.arrayContaining(['postgres', 'redis', 'datafleet']));
    expect(services.get('datafleet')).toMatch(/\n {6}HOST: "?0\.0\.0\.0"?\n/);
    for (const [name, block] of services) {
      // A one-shot job (its own entrypoint, run to completion before another service starts) says so.
      const oneShot = /\n {4}entrypoint: /.test(block);
      expect(block, name).toMatch(oneShot ? /\n {4}restart: 'no'\n/ : /\n {4}restart: unless-stopped\n/);
    }
    expect(readFileSync(resolve(root, 'Dockerfile'), 'utf8')).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
  });
});
