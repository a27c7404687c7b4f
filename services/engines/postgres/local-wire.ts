import { firstReply } from '../wire-reply';

/** A PostgreSQL startup message (protocol 3.0) for user datafleet, database postgres. */
function startupMessage(): Buffer {
  const params = Buffer.from('user\0datafleet\0database\0postgres\0\0');
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + params.length, 0);
  header.writeInt32BE(196608, 4);
  return Buffer.concat([header, params]);
}

/** A backend message is a type byte and a length that counts itself but not the type byte. */
const wholeMessage = (reply: Buffer): boolean => reply.length >= 5 && reply.length >= 1 + reply.readInt32BE(1);

/**
 * PostgreSQL accepts connections once it asks for authentication ('R'). An error ('E') means the
 * same unless it is SQLSTATE 57P03 (starting up, shutting down, not yet consistent). We hang up at
 * the password request, which the server treats as a silent client exit. Needs no password.
 */
export async function postgresAcceptsConnections(port: number, timeoutMs = 1000): Promise<boolean> {
  const reply = await firstReply(port, startupMessage(), wholeMessage, timeoutMs);
  if (!reply) return false;
  if (reply[0] === 0x52) return true; // 'R'
  if (reply[0] !== 0x45) return false; // 'E'
  return !reply.toString('latin1').includes('C57P03');
}
