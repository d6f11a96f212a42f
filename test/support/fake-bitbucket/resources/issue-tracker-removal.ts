import { buildErrorBody, type FakeResponse } from '../http-types.js';

/** Message of the 410 that every issue-tracker endpoint sends while issues are removed. */
export const issuesRemovedMessage =
  'Bitbucket Issues has been removed: the issue tracker and its API endpoints were shut down on 20 August 2026.';

/**
 * Returns the 410 of a removed issue-tracker endpoint. Bitbucket responds to retired endpoints with 410
 * and `data.announcement_url`; the exact body after the issue removal is not documented.
 */
export function issuesRemovedResponse(): FakeResponse {
  return {
    status: 410,
    body: buildErrorBody(issuesRemovedMessage, {
      data: {
        announcement_url:
          'https://community.atlassian.com/forums/Bitbucket-articles/Announcing-sunset-of-Bitbucket-Issues-and-Wikis/ba-p/3193882',
      },
    }),
  };
}
