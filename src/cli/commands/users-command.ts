import { randomBytes } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { isRole, type Role, roles } from '../../server/access/permissions.js';
import { actorOf, storeOptionDescription, withStore } from '../store-option.js';
import { formatTable } from '../text-table.js';

/** Account code loads only for these commands (argon2 is a native module). */
const accounts = () => import('../../server/auth/accounts.js');

function parseRole(text: string): Role {
  if (!isRole(text)) throw new InvalidArgumentError(`expected one of ${roles.join(', ')}, got "${text}"`);
  return text;
}

/** A password of 20 characters from a 57-letter alphabet (116 bits), for `--generate-password`. */
function generatedPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

async function readPassword(options: {
  passwordStdin?: boolean;
  generatePassword?: boolean;
}): Promise<string> {
  if (options.generatePassword) return generatedPassword();
  if (options.passwordStdin) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  }
  if (process.env.VIGIL_PASSWORD) return process.env.VIGIL_PASSWORD;
  throw new Error(
    'give the password on standard input (--password-stdin), in VIGIL_PASSWORD, or --generate-password',
  );
}

/**
 * `vigil users` and `vigil tokens`: accounts from the command line. Whoever can run this can open
 * the store anyway; it is how the first administrator comes to exist (no default password).
 */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('console and API accounts');
  users
    .command('add')
    .description(
      'create an account (the first administrator starts here); an administrator gets TOTP at once: the otpauth URI, a QR code to scan and ten recovery codes are printed once',
    )
    .argument('<username>', 'lower-case letters, digits, dots, underscores, @ or dashes')
    .requiredOption('--role <role>', roles.join(', '), parseRole)
    .option('--password-stdin', 'read the password from standard input')
    .option('--generate-password', 'generate a password and print it once')
    .option('--json', 'print JSON (with the TOTP secret and recovery codes)')
    .option('--db <location>', storeOptionDescription)
    .action(
      async (
        username: string,
        options: {
          role: Role;
          passwordStdin?: boolean;
          generatePassword?: boolean;
          json?: boolean;
          db?: string;
        },
      ) => {
        const { createAccount, publicAccount } = await accounts();
        const { totpQrTerminal } = await import('../../server/auth/totp.js');
        const password = await readPassword(options);
        const created = await withStore(options.db, (store) =>
          createAccount(
            store,
            {
              username,
              password,
              role: options.role,
              createdBy: `cli:${actorOf(undefined)}`,
              enrolSecondFactor: options.role === 'administrator',
            },
            Date.now(),
          ),
        );
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify(
              {
                ...publicAccount(created.user, Date.now()),
                ...(options.generatePassword ? { password } : {}),
                totp: created.totp,
              },
              null,
              2,
            )}\n`,
          );
          return;
        }
        const lines = [`created ${created.user.username} (${created.user.role})`];
        if (options.generatePassword) lines.push(`password: ${password}`);
        if (created.totp) {
          lines.push(
            'two-factor sign-in (TOTP): scan this with an authenticator app, or enter the secret by hand',
            await totpQrTerminal(created.totp.uri),
            `secret: ${created.totp.secret}`,
            `recovery codes (each works once; keep them apart from the password):`,
            ...created.totp.recoveryCodes.map((code) => `  ${code}`),
          );
        } else if (options.role === 'administrator') {
          lines.push('TOTP will be set up at the first sign-in');
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
  users
    .command('list')
    .description('the accounts with role, second factor and lock state')
    .option('--json', 'print JSON')
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { json?: boolean; db?: string }) => {
      const { publicAccount } = await accounts();
      const list = await withStore(options.db, async (store) =>
        (await store.users.list()).map((user) => publicAccount(user, Date.now())),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${formatTable(
          ['user', 'role', 'TOTP', 'locked', 'disabled', 'created'],
          list.map((account) => [
            account.username,
            account.roleLabel,
            account.secondFactor ? 'yes' : 'no',
            account.locked ? 'yes' : '',
            account.disabled ? 'yes' : '',
            `${account.createdAt.slice(0, 10)} by ${account.createdBy}`,
          ]),
        )}\n`,
      );
    });
  users
    .command('set-role')
    .description("change an account's role (its sessions end)")
    .argument('<username>')
    .argument('<role>', roles.join(', '), parseRole)
    .option('--db <location>', storeOptionDescription)
    .action(async (username: string, role: Role, options: { db?: string }) => {
      const { changeRole } = await accounts();
      await withStore(options.db, async (store) => {
        const user = await store.users.findByUsername(username);
        if (user === undefined) throw new Error(`no user "${username}"`);
        await changeRole(store, user, role, `cli:${actorOf(undefined)}`, Date.now());
      });
      process.stdout.write(`${username}: ${role}\n`);
    });
  users
    .command('reset-second-factor')
    .description(
      'forget a user’s TOTP and recovery codes (a lost authenticator); an administrator sets it up again at the next sign-in',
    )
    .argument('<username>')
    .option('--db <location>', storeOptionDescription)
    .action(async (username: string, options: { db?: string }) => {
      const { resetSecondFactor } = await accounts();
      await withStore(options.db, async (store) => {
        const user = await store.users.findByUsername(username);
        if (user === undefined) throw new Error(`no user "${username}"`);
        await resetSecondFactor(store, user, `cli:${actorOf(undefined)}`, Date.now());
      });
      process.stdout.write(`${username}: second factor reset; sessions ended\n`);
    });
  users
    .command('unlock')
    .description('lift a lockout after failed sign-ins')
    .argument('<username>')
    .option('--db <location>', storeOptionDescription)
    .action(async (username: string, options: { db?: string }) => {
      const { unlockAccount } = await accounts();
      await withStore(options.db, async (store) => {
        const user = await store.users.findByUsername(username);
        if (user === undefined) throw new Error(`no user "${username}"`);
        await unlockAccount(store, user, `cli:${actorOf(undefined)}`, Date.now());
      });
      process.stdout.write(`${username}: unlocked\n`);
    });

  const tokens = program
    .command('tokens')
    .description('API tokens for automation, each acting with one role');
  tokens
    .command('create')
    .description('create a token; it is printed once and stored only as its SHA-256')
    .requiredOption('--name <name>', 'what uses it (e.g. siem)')
    .requiredOption('--role <role>', roles.join(', '), parseRole)
    .option(
      '--expires <date>',
      'ISO date or time it stops working (administrator tokens: 30 days unless given, 90 at most)',
    )
    .option('--db <location>', storeOptionDescription)
    .action(async (options: { name: string; role: Role; expires?: string; db?: string }) => {
      const { createApiToken } = await import('../../server/auth/api-tokens.js');
      if (options.expires !== undefined && Number.isNaN(Date.parse(options.expires)))
        throw new Error(`--expires: expected an ISO date or time, got "${options.expires}"`);
      const expiresAt = options.expires === undefined ? null : new Date(options.expires).toISOString();
      const { token, record } = await withStore(options.db, (store) =>
        createApiToken(
          store,
          { name: options.name, role: options.role, createdBy: `cli:${actorOf(undefined)}`, expiresAt },
          Date.now(),
        ),
      );
      process.stdout.write(`${token}\n`);
      if (record.expiresAt !== null)
        process.stderr.write(`vigil: the token stops working at ${record.expiresAt}\n`);
    });
}
