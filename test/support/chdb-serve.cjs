// One chDB session in a process of its own, for test/support/chdb.ts's chdbChild(): a JSON request
// a line on stdin ({ "sql": ..., "format": ... }), a JSON answer a line on stdout ({ "out": ... } or
// { "error": ... }), "ready" first. Loaded from the path of chdb's package given as the argument.
"use strict";
const { createInterface } = require("node:readline");
const { Session } = require(process.argv[2]);

const session = new Session();
const answer = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
answer({ ready: true });
createInterface({ input: process.stdin }).on("line", (line) => {
  const { sql, format } = JSON.parse(line);
  try {
    answer({ out: session.query(sql, format) });
  } catch (error) {
    answer({ error: error instanceof Error ? error.message : String(error) });
  }
}).on("close", () => {
  session.close();
});
