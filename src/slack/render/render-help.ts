import type { types } from '@slack/bolt';

import { COMMAND_CATALOG, findCommandHelp, type CommandHelp } from '../commands/command-catalog.js';
import { SLASH_COMMAND } from '../ids.js';
import { buildContext, buildFallbackText, buildHeader, buildSection, type SlackMessage } from './blocks.js';
import { packLines } from './list-layout.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * Renders help: every command with its one-line summary, or, for a topic such as `issue` or
 * `issue comment`, each matching command with its details and examples. An unknown topic gets
 * the full list.
 */
export function renderHelp(topic?: string): SlackMessage {
  const commands = topic === undefined ? [] : findCommandHelp(topic);
  if (commands.length === 0) return renderCommandList();
  return renderCommandDetails(topic ?? '', commands);
}

function renderCommandList(): SlackMessage {
  const lines = COMMAND_CATALOG.map(
    (command) => `\`${escapeMrkdwn(`${SLASH_COMMAND} ${command.usage}`)}\`\n      ${escapeMrkdwn(command.summary)}`,
  );
  const { blocks } = packLines(lines);

  return {
    text: buildFallbackText(`${SLASH_COMMAND} commands: ${COMMAND_CATALOG.map((command) => command.name).join(', ')}`),
    blocks: [
      buildHeader('Bitbucket commands'),
      ...blocks,
      buildContext(
        escapeMrkdwn(`Run \`${SLASH_COMMAND} help <verb>\` for details and examples, e.g. \`${SLASH_COMMAND} help prs\`. `) +
          escapeMrkdwn('<repo> is workspace/repo_slug or a bitbucket.org URL.'),
      ),
    ],
  };
}

function renderCommandDetails(topic: string, commands: CommandHelp[]): SlackMessage {
  const blocks: types.KnownBlock[] = [buildHeader(`${SLASH_COMMAND} ${topic}`)];
  for (const command of commands) {
    blocks.push(buildSection(formatCommandDetails(command)));
  }

  const usageLines = commands.map((command) => `${SLASH_COMMAND} ${command.usage}`);
  return { text: buildFallbackText(usageLines.join('\n')), blocks };
}

function formatCommandDetails(command: CommandHelp): string {
  const parts = [`*\`${escapeMrkdwn(`${SLASH_COMMAND} ${command.usage}`)}\`*`, escapeMrkdwn(command.summary)];
  if (command.details !== undefined) parts.push(escapeMrkdwn(command.details));

  const examples = command.examples.map((example) => `• \`${escapeMrkdwn(`${SLASH_COMMAND} ${example}`)}\``);
  parts.push(`Examples:\n${examples.join('\n')}`);
  return parts.join('\n');
}
