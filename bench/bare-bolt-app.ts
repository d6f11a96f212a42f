/**
 * The baseline of the benchmark: a Bolt app on the same HTTPReceiver with one `/bitbucket`
 * listener that only acks. It makes no Slack call (authorize returns fixed ids) and serves
 * `GET /healthz` so the benchmark can wait for it. Reads PORT and SLACK_SIGNING_SECRET.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const signingSecret = process.env.SLACK_SIGNING_SECRET;
if (!Number.isInteger(port) || !signingSecret) {
  process.stderr.write('bare-bolt-app needs PORT and SLACK_SIGNING_SECRET\n');
  process.exit(2);
}

const receiver = new HTTPReceiver({
  signingSecret,
  endpoints: '/slack/events',
  processBeforeResponse: false,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200).end('ok');
      },
    },
  ],
});
const app = new App({
  receiver,
  logLevel: LogLevel.WARN,
  authorize: async () => ({ botToken: 'xoxb-bare-bench', botId: 'B0BENCH0001', botUserId: 'U0BENCHBOT1' }),
});

app.command('/bitbucket', async ({ ack }) => {
  await ack();
});

await receiver.start(port);
process.once('SIGTERM', () => {
  void receiver.stop().then(() => process.exit(0));
});
