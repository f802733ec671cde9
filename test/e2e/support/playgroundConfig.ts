import fs from 'node:fs';
import path from 'node:path';

interface DirectoryUser {
  id: string;
  displayName: string;
}
interface SampleDirectory {
  users: DirectoryUser[];
}

// The one implementation is the one `npm run playground -- --as <user>` uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const playgroundConfig = require('../../../scripts/playgroundConfig.js') as {
  findUser(directory: SampleDirectory, who: string): DirectoryUser | undefined;
  withCurrentUser(yml: string, user: DirectoryUser): string;
};

const directory = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', 'data', 'sample', 'directory.json'), 'utf8'),
) as SampleDirectory;

/** The repo's .m365agentsplayground.yml with the sample user `userId` as the current user. */
export function withCurrentUser(yml: string, userId: string): string {
  const user = playgroundConfig.findUser(directory, userId);
  if (!user) throw new Error(`user ${userId} is not in the sample directory`);
  return playgroundConfig.withCurrentUser(yml, user);
}
