import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context';
import { keyValues } from '../output';

/**
 * `datafleet secrets rotate-key`: run where the control plane runs, with its environment
 * (DATAFLEET_DATA_DIR, DATABASE_URL, DATAFLEET_SECRET_KEY…). Unlike the other commands it does
 * not go through the API: the key is the machine's, and the API never holds it in a response.
 */
export function secretsCommand(ctx: CliContext): Command {
  const cmd = new Command('secrets').description('the key that seals cluster passwords at rest (run on the control-plane host)');
  cmd
    .command('rotate-key')
    .description(
      'new secret key for the data directory, the old one kept to open what it sealed; re-seals every cluster secret when DATABASE_URL is set',
    )
    .action(async () => {
      const [{ loadConfig }, { rotateSecretKey }] = await Promise.all([
        import('../../core/config'),
        import('../../fleet/secrets/rotate-secret-key'),
      ]);
      const env = { ...ctx.env, DATAFLEET_DATA_DIR: resolve(ctx.cwd, ctx.env.DATAFLEET_DATA_DIR ?? '.datafleet') };
      const rotation = await rotateSecretKey(loadConfig(env));
      ctx.io.stdout(
        keyValues([
          ['previous key', rotation.previousKeyId ?? '(DATAFLEET_SECRET_KEY is set: not rotated here)'],
          ['current key', rotation.currentKeyId],
          ['re-sealed', rotation.resealed ? rotation.resealed.resealed + rotation.resealed.sealed : 'at the next start (no DATABASE_URL)'],
        ]),
      );
    });
  return cmd;
}
