import type { IncomingMessage, ServerResponse } from 'node:http';

/** A plain HTTP route in the shape Bolt's receivers take as `customRoutes`. */
export interface HttpRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}
