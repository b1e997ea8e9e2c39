// `npm run serve -- --config <server-config.json> [--port 8080] [--host 127.0.0.1] [--quiet]`:
// the production build, its config.json and its feeds on one origin (docs/deploy.md).
import { parseArgs } from 'node:util';
import { startServer } from './server';
import { ServerConfigError } from './server-config';

const USAGE = `usage: npm run serve -- --config <server-config.json> [--port 8080] [--host 127.0.0.1] [--quiet]
  --config  the server config file (docs/deploy.md); secrets come from environment variables
  --port    port to listen on (default 8080; 0 picks a free one)
  --host    address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --quiet   no access log`;

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (values.config === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      values.config === undefined ? USAGE : `--port ${values.port} is not a port\n${USAGE}`,
    );
    process.exit(2);
  }

  let server;
  try {
    server = await startServer({
      configPath: values.config,
      port,
      host: values.host,
      quiet: values.quiet,
    });
  } catch (error) {
    if (!(error instanceof ServerConfigError || (error as { code?: string }).code === 'EADDRINUSE'))
      throw error;
    console.error(`not started: ${(error as Error).message}`);
    process.exit(1);
  }
  const stop = (signal: string) => {
    console.log(`${signal}: finishing requests in flight, then stopping`);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
