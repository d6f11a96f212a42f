import { runCli } from './run-cli.js';

// A reader that stops early, as in `bitbucket-slack tools list --json | head`, closes the pipe.
// Like other command-line tools, the CLI then stops quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});

// The CLI's composition root: the only place in the toolkit CLI that reads process.env.
process.exitCode = await runCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
