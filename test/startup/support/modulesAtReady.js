/**
 * Preloaded into the bot (`node --require`): when the ready line is written, lists every module file
 * loaded so far into the file named by MODULES_AT_READY. Plain JavaScript: the bot under test runs
 * compiled, without tsx.
 */
'use strict';
const fs = require('node:fs');

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('License Desk ready in')) {
    fs.writeFileSync(process.env.MODULES_AT_READY, JSON.stringify(Object.keys(require.cache)));
  }
  return write(chunk, ...rest);
};
