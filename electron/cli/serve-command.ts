// `layerscope serve [FILE] [--port N]`: browser mode. Starts the service on 127.0.0.1, prints the
// URL (with its access token) to open, and runs until interrupted.

import { startBrowserServer } from '../server/browser-server.js';
import { currentLanguage, say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';


export async function runServeCommand(args: string[]): Promise<number> {
  let file: string | undefined;
  let port = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--port' || arg === '-p') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        process.stderr.write(`layerscope serve: ${say(CLI_TEXT.serve_port)}\n${say(CLI_TEXT.serve_usage)}\n`);
        return 2;
      }
      port = value;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${say(CLI_TEXT.serve_usage)}\n${say(CLI_TEXT.serve_help)}\n`);
      return 0;
    } else if (arg.startsWith('-')) {
      process.stderr.write(`layerscope serve: ${say(CLI_TEXT.unknown_option, { option: arg })}\n${say(CLI_TEXT.serve_usage)}\n`);
      return 2;
    } else if (file === undefined) {
      file = arg;
    } else {
      process.stderr.write(`layerscope serve: ${say(CLI_TEXT.serve_one_file)}\n${say(CLI_TEXT.serve_usage)}\n`);
      return 2;
    }
  }

  let server;
  try {
    server = await startBrowserServer({ file, port });
  } catch (err) {
    process.stderr.write(`layerscope serve: ${(err as Error).message}\n`);
    return 1;
  }
  // A small file is indexed in moments; a large one goes on loading in the background.
  const loaded = await Promise.race([server.service.whenLoaded().then(() => true), new Promise<false>((r) => setTimeout(r, 1000, false).unref())]);
  const status = server.service.status();
  const what = server.opened
    ? say(CLI_TEXT.serving_file, { name: status.name, count: status.packetCount, shown: status.packetCount.toLocaleString(currentLanguage()), more: loaded ? '' : '+' })
    : say(CLI_TEXT.serving_nothing);
  process.stdout.write(`${say(CLI_TEXT.serving, { what, url: server.url })}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
