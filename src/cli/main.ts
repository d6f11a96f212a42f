import { runCli } from './run-cli.js';

// The CLI's composition root: the only place in the toolkit CLI that reads process.env.
process.exitCode = await runCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
