/**
 * Every slash command, shortcut callback id, view callback id, action id and block id the app
 * registers with Bolt or puts into Block Kit. Listeners, renderers and modal builders import them
 * from here so that a renamed id cannot leave a listener that never fires.
 *
 * Slack caps callback ids, action ids and block ids at 255 characters. Shortcut callback ids must
 * also match the app manifest, so changing one of those needs a manifest change too.
 */

/** The slash command, as registered in the app manifest. */
export const SLASH_COMMAND = '/bitbucket';

/** Callback ids of the message and global shortcuts declared in the app manifest. */
export const SHORTCUT_IDS = {
  /** Message shortcut "Create Bitbucket issue". */
  createIssue: 'bitbucket_create_issue',
  /** Message shortcut named "Bitbucket issue comment" in the manifest, because Slack caps shortcut names at 24 characters. */
  commentIssue: 'bitbucket_comment_issue',
  /** Global shortcut that opens the menu of Bitbucket actions. */
  globalMenu: 'bitbucket_global_menu',
} as const;

/**
 * Callback ids of the modals. The issue modal serves both creating and updating an issue; its
 * `private_metadata` stores which issue, if any, it updates.
 */
export const VIEW_IDS = {
  pullRequest: 'bitbucket_pull_request_modal',
  issue: 'bitbucket_issue_modal',
  repository: 'bitbucket_repository_modal',
  branch: 'bitbucket_branch_modal',
  deleteRepository: 'bitbucket_delete_repository_modal',
  issueComment: 'bitbucket_issue_comment_modal',
  /** The global shortcut's menu of forms. */
  globalMenu: 'bitbucket_global_menu_modal',
} as const;

/** Action ids of buttons and select menus, in messages and in modals. */
export const ACTION_IDS = {
  /** Connect button; a URL button when the authorize URL is known, otherwise the listener makes one. */
  connect: 'bitbucket_connect',
  /** Pull request list pagination; the button `value` carries the page state. */
  pullRequestsNextPage: 'bitbucket_pull_requests_next_page',
  pullRequestsPreviousPage: 'bitbucket_pull_requests_previous_page',
  /** External select menus whose options load from Bitbucket as the user types. */
  repositorySelect: 'bitbucket_repository_select',
  branchSelect: 'bitbucket_branch_select',
  sourceBranchSelect: 'bitbucket_source_branch_select',
  destinationBranchSelect: 'bitbucket_destination_branch_select',
  memberSelect: 'bitbucket_member_select',
  reviewersSelect: 'bitbucket_reviewers_select',
  issueSelect: 'bitbucket_issue_select',
  /** Buttons of the "delete this issue?" message; the `value` names the issue. */
  confirmIssueDelete: 'bitbucket_confirm_issue_delete',
  cancelIssueDelete: 'bitbucket_cancel_issue_delete',
  /** Button that opens the modal where the user types the repository name to delete it. */
  confirmRepositoryDelete: 'bitbucket_confirm_repository_delete',
  cancelRepositoryDelete: 'bitbucket_cancel_repository_delete',
  /** Plain text inputs in modals. */
  textInput: 'bitbucket_text_input',
  /** Link buttons (open on bitbucket.org). Slack still sends a block_actions payload to ack. */
  openLink: 'bitbucket_open_link',
  /** External select of the user's workspaces in the repository form. */
  workspaceSelect: 'bitbucket_workspace_select',
  /** Static selects, checkboxes and radio buttons in modals; their block ids distinguish them. */
  choiceInput: 'bitbucket_choice_input',
  /** Channel picker of forms opened from the global shortcut; Slack returns a response_url for it. */
  announceChannelSelect: 'bitbucket_announce_channel_select',
  /** Buttons of the global shortcut's menu; the `value` names the form to open. */
  openForm: 'bitbucket_open_form',
} as const;

/** Block ids of modal input blocks, grouped by modal. Field errors are keyed by these. */
export const BLOCK_IDS = {
  pullRequest: {
    repository: 'pull_request_repository',
    sourceBranch: 'pull_request_source_branch',
    destinationBranch: 'pull_request_destination_branch',
    title: 'pull_request_title',
    description: 'pull_request_description',
    reviewers: 'pull_request_reviewers',
    closeSourceBranch: 'pull_request_close_source_branch',
  },
  issue: {
    repository: 'issue_repository',
    title: 'issue_title',
    content: 'issue_content',
    kind: 'issue_kind',
    priority: 'issue_priority',
    assignee: 'issue_assignee',
    state: 'issue_state',
    /** Optional note filed above a message too long for the description input. */
    note: 'issue_note',
  },
  repository: {
    workspace: 'repository_workspace',
    name: 'repository_name',
    slug: 'repository_slug',
    description: 'repository_description',
    isPrivate: 'repository_is_private',
    projectKey: 'repository_project_key',
    forkPolicy: 'repository_fork_policy',
    language: 'repository_language',
    features: 'repository_features',
  },
  branch: {
    repository: 'branch_repository',
    name: 'branch_name',
    target: 'branch_target',
  },
  /** Input blocks and sections several modals share. */
  modal: {
    /** Channel picker of forms opened from the global shortcut. */
    announceChannel: 'announce_channel',
    /** Section at the top of a form that explains a problem, e.g. a removed issue tracker. */
    notice: 'form_notice',
  },
  deleteRepository: {
    confirmName: 'delete_repository_confirm_name',
  },
  issueComment: {
    repository: 'issue_comment_repository',
    issue: 'issue_comment_issue',
    content: 'issue_comment_content',
    note: 'issue_comment_note',
  },
  /** Block ids of message blocks that listeners look up. */
  message: {
    pullRequestPagination: 'pull_request_pagination',
    connect: 'connect',
    deleteConfirmation: 'delete_confirmation',
  },
} as const;
