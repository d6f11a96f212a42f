/**
 * A small Bitbucket world that the command tests share: workspace `acme` with Ada as its member,
 * repository `acme/api` with text, binary and long files, a feature branch, a tag and a snippet.
 */
import type { FakeBitbucket, FakeRepository, FakeUser, FakeWorkspace } from './fake-bitbucket/index.js';

/** Lines of `docs/long.txt`, each `line N: ` and 40 characters; more than a Slack reply shows. */
export const LONG_FILE_LINES = 600;

export interface AcmeWorld {
  ada: FakeUser;
  acme: FakeWorkspace;
  api: FakeRepository;
  /** Hash of the first commit, on `main`. */
  mainHash: string;
  /** Hash of the commit on `feature/login`. */
  featureHash: string;
  /** Encoded id of Ada's snippet in `acme`. */
  snippetId: string;
}

export function seedAcme(bitbucket: FakeBitbucket): AcmeWorld {
  const ada = bitbucket.addUser({ display_name: 'Ada Lovelace', nickname: 'ada' });
  const acme = bitbucket.addWorkspace({ slug: 'acme', name: 'Acme Corp' });
  bitbucket.addMember(acme, ada, { administrator: true });

  const longText = Array.from({ length: LONG_FILE_LINES }, (_, index) => `line ${index + 1}: ${'x'.repeat(40)}`).join('\n');
  const api = bitbucket.addRepository(acme, {
    slug: 'api',
    description: 'The public API',
    files: {
      'README.md': '# API\nHello from main.\n',
      'src/index.ts': 'export const answer = 42;\n',
      'docs/long.txt': longText,
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x03]),
    },
  });
  bitbucket.addRepository(acme, { slug: 'web', files: { 'index.html': '<p>hi</p>' } });
  bitbucket.addRepository(acme, { slug: 'infra-tools', files: { 'main.tf': '' } });

  const mainHash = api.branches.get('main')!;
  const featureHash = bitbucket.addCommit(acme, api, { branch: 'feature/login', files: { 'README.md': '# API\nHello from the login branch.\n' } });
  bitbucket.addTag(acme, api, 'v1.0', mainHash);

  const snippetId = bitbucket.addSnippet(acme, {
    encoded_id: 'kypj',
    title: 'Deploy script',
    owner: ada,
    files: { 'deploy.sh': 'echo deploying\n' },
  });
  return { ada, acme, api, mainHash, featureHash, snippetId };
}
