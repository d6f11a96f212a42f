import { getCurrentUser } from '../bitbucket/users.js';
import { defineAction } from './action.js';
import { parametersObject } from './input-fields.js';

export const getCurrentUserAction = defineAction({
  slug: 'BITBUCKET_GET_CURRENT_USER',
  description: 'Returns the Bitbucket account the token belongs to. Bitbucket leaves out the email address.',
  input: parametersObject({}),
  async run(_input, { client, tokens }) {
    return getCurrentUser(client, tokens);
  },
});
