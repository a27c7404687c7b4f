/**
 * Runs `use` logged in with the first password that works: a rotation repeated after a crash finds
 * the servers already on the next password. Throws the last refusal when none works.
 */
export async function withFirstWorkingPassword<T>(passwords: string[], use: (password: string) => Promise<T>): Promise<T> {
  let last: unknown;
  for (const password of passwords) {
    try {
      return await use(password);
    } catch (error) {
      last = error;
      if (
        !/WRONGPASS|password authentication failed|invalid username-password|Provided username .* incorrect|AuthenticationError|security_exception/i.test(
          String(error),
        )
      )
        throw error;
    }
  }
  throw last;
}
