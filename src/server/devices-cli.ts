// `npm run devices -- --config <server.json> add|list|revoke|token …`: the wall devices of a
// deployment (docs/deploy.md, "Wall devices"). Works on the file named by `auth.devices.file` of
// the server config, while the server runs.
import { parseArgs } from 'node:util';
import { deviceName, enrolDevice, readDevices, revokeDevice } from './auth/devices';
import { loadServerConfig, ServerConfigError } from './server-config';

const USAGE = `usage: npm run devices -- --config <server.json> <command>
  add <name> [--area <code>]   a new screen (a 6/9-digit area shows that area only); prints its one-time sign-in URL
  token <name>                 a new one-time sign-in URL for a screen (ends its current session)
  revoke <name>                signs the screen out for good (at its next request)
  list                         every screen, its area and state`;

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        area: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, name] = positionals;
  if (values.help || !values.config || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  let config;
  try {
    // Secrets are not needed here: variables the config names may be absent.
    config = loadServerConfig(values.config, new Proxy({}, { get: () => 'x'.repeat(32) }));
  } catch (error) {
    if (!(error instanceof ServerConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const devices = config.auth?.devices;
  if (!config.auth || !devices) {
    console.error(`${config.file}: no auth.devices.file: wall devices are not configured`);
    return 1;
  }
  const file = devices.file;
  const signInUrl = (token: string) =>
    new URL(`auth/device?token=${token}`, config.auth!.publicUrl).href;
  const hours = Math.round(devices.enrolMs / 3_600_000);

  switch (command) {
    case 'add':
    case 'token': {
      if (!name || !deviceName.test(name)) {
        console.error('a device name: letters, digits, spaces and . _ : # ( ) -, at most 60');
        return 2;
      }
      const existing = readDevices(file).find((d) => d.name === name);
      if (command === 'add' && existing) {
        console.error(`${name} exists: \`token ${name}\` gives it a new sign-in URL`);
        return 1;
      }
      if (command === 'token' && !existing) {
        console.error(`no device ${name}`);
        return 1;
      }
      const area = command === 'add' ? (values.area ?? null) : (existing?.area ?? null);
      if (area !== null && !/^\d{6}(\d{3})?$/.test(area)) {
        console.error('--area: a 6-digit district or 9-digit street code');
        return 2;
      }
      const { record, token } = enrolDevice(file, name, area, devices.enrolMs);
      console.log(`${record.name} (${record.id}) · ${record.area ?? 'whole city'}`);
      console.log(`Open this URL once on the screen within ${hours} h (it works once):`);
      console.log(signInUrl(token));
      return 0;
    }
    case 'revoke': {
      if (!name) return (console.error(USAGE), 2);
      const record = revokeDevice(file, name);
      if (!record) {
        console.error(`no device ${name}`);
        return 1;
      }
      console.log(`${record.name} revoked: signed out at its next request`);
      return 0;
    }
    case 'list': {
      const now = Date.now();
      const day = (t: number | null) => (t ? new Date(t).toISOString().slice(0, 16) : '—');
      for (const d of readDevices(file)) {
        const state = d.revoked
          ? `revoked ${day(d.revokedAt)}`
          : d.session && d.session.expiresAt > now
            ? `signed in (session renewed ${day(d.session.issuedAt)})`
            : d.enrolment && d.enrolment.expiresAt > now
              ? `waiting for its sign-in URL (until ${day(d.enrolment.expiresAt)})`
              : 'signed out: needs `token`';
        console.log(`${d.name}\t${d.id}\t${d.area ?? 'city'}\t${state}`);
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
