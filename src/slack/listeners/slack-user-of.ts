import type { SlackUserRef } from '../../connections/keys.js';

/** The parts of an interaction payload that identify who acted. */
interface InteractionIdentity {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  enterprise?: { id: string } | null;
}

/** Returns the Slack user of an interaction payload (button, shortcut, view submission, options load). */
export function slackUserOf(body: InteractionIdentity): SlackUserRef {
  const teamId = body.team?.id ?? body.user.team_id;
  if (!teamId) {
    throw new Error(`Slack sent an interaction without a team id for user ${body.user.id}.`);
  }
  return {
    teamId,
    userId: body.user.id,
    ...(body.enterprise?.id ? { enterpriseId: body.enterprise.id } : {}),
  };
}
