// Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc / --socket=N, read from argv).
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection();
// A bug in one request must not take the editor's diagnostics down with it: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
